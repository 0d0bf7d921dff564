//! Posting many forms to one server function over HTTP, a fixed number in
//! flight, as the load benchmarks do.
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub type Http = Client<hyper_util::client::legacy::connect::HttpConnector, Full<bytes::Bytes>>;

pub fn client(clients: usize) -> Http {
    Client::builder(TokioExecutor::new()).pool_max_idle_per_host(clients).build_http()
}

/// One request's answer: how long it took and, when it succeeded, its body.
pub struct Sent {
    pub latency: Duration,
    pub body: Option<bytes::Bytes>,
}

/// Posts every `(cookie, form)` to `<base>/api/<endpoint>` (`base` such as
/// `http://127.0.0.1:3000`), `clients` at a time. Returns the answers in
/// the forms' order and the seconds it all took.
pub async fn post_all(client: &Http, base: &str, endpoint: &'static str, forms: Arc<Vec<(String, String)>>, clients: usize) -> (Vec<Sent>, f64) {
    let url: Arc<str> = format!("{base}/api/{endpoint}").into();
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (client, forms, next, url) = (client.clone(), forms.clone(), next.clone(), url.clone());
        tasks.push(tokio::spawn(async move {
            let mut done = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some((cookie, form)) = forms.get(i) else { break };
                let req = hyper::Request::post(&*url)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header("accept", "application/json")
                    .header("cookie", cookie.as_str())
                    .body(Full::new(bytes::Bytes::from(form.clone())))
                    .expect("request");
                let t = Instant::now();
                let body = match client.request(req).await {
                    // A copy: the body otherwise keeps the connection's whole read buffer alive.
                    Ok(res) if res.status().is_success() => res.into_body().collect().await.ok().map(|b| bytes::Bytes::copy_from_slice(&b.to_bytes())),
                    _ => None,
                };
                done.push((i, Sent { latency: t.elapsed(), body }));
            }
            done
        }));
    }
    let mut answers: Vec<Option<Sent>> = (0..forms.len()).map(|_| None).collect();
    for t in tasks {
        for (i, sent) in t.await.expect("client task") {
            answers[i] = Some(sent);
        }
    }
    (answers.into_iter().map(|a| a.expect("every form sent")).collect(), started.elapsed().as_secs_f64())
}

/// The latencies, sorted.
pub fn sorted_latencies(answers: &[Sent]) -> Vec<Duration> {
    let mut l: Vec<Duration> = answers.iter().map(|a| a.latency).collect();
    l.sort();
    l
}

pub fn percentile(sorted: &[Duration], p: f64) -> f64 {
    sorted.get(((sorted.len() as f64 * p) as usize).min(sorted.len().saturating_sub(1))).map_or(0.0, |d| d.as_secs_f64() * 1e3)
}

/// Peak resident memory of this process (server and load generator), MB.
pub fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok()))
        .map_or(0.0, |kb| kb / 1024.0)
}

/// The real server on a loopback port over a fresh database: a SQLite file
/// in a temporary folder, or `database_url` (an empty database).
pub struct Served {
    pub dir: std::path::PathBuf,
    pub url: String,
    pub app: server::startup::Application,
    pub addr: std::net::SocketAddr,
    pub db: domain::Db,
}

pub async fn serve(name: &str, database_url: Option<String>) -> anyhow::Result<Served> {
    use anyhow::Context;
    let dir = std::env::temp_dir().join(format!("beilei-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let url = database_url.unwrap_or_else(|| format!("sqlite://{}/bench.db", dir.display()));
    let config = server::config::Config { database_url: url.clone(), demo_when_empty: false, bid_key_file: dir.join("bid.key").display().to_string(), ..Default::default() };
    let mut leptos = server::startup::leptos_options()?;
    leptos.site_addr = "127.0.0.1:0".parse()?;
    let app = server::startup::Application::build(config, leptos).await?;
    let addr = app.local_addr();
    let db = domain::Db::connect(&url).await.context("bench database")?;
    Ok(Served { dir, url, app, addr, db })
}
