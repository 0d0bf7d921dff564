//! Registration day over HTTP: every family applies at once, then sends the
//! same request again, as a phone on a bad network retries.
use anyhow::Context;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use sea_orm::{EntityTrait, PaginatorTrait};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

type Http = Client<hyper_util::client::legacy::connect::HttpConnector, Full<bytes::Bytes>>;

/// One pass: every family's request once, `clients` at a time. Returns the
/// latencies, the application ids answered (by family) and the failures.
async fn pass(
    client: &Http,
    addr: std::net::SocketAddr,
    requests: Arc<Vec<(String, String)>>,
    clients: usize,
) -> (Vec<Duration>, Vec<Option<i64>>, usize, f64) {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (client, requests, next) = (client.clone(), requests.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut done = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some((cookie, form)) = requests.get(i) else { break };
                let req = hyper::Request::post(format!("http://{addr}/api/apply"))
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header("accept", "application/json")
                    .header("cookie", cookie.as_str())
                    .body(Full::new(bytes::Bytes::from(form.clone())))
                    .expect("request");
                let t = Instant::now();
                let id = match client.request(req).await {
                    Ok(res) if res.status().is_success() => {
                        let body = res.into_body().collect().await.map(|b| b.to_bytes()).unwrap_or_default();
                        std::str::from_utf8(&body).ok().and_then(|b| b.trim().parse::<i64>().ok())
                    }
                    _ => None,
                };
                done.push((i, t.elapsed(), id));
            }
            done
        }));
    }
    let mut latencies = Vec::with_capacity(requests.len());
    let mut ids = vec![None; requests.len()];
    for t in tasks {
        for (i, latency, id) in t.await.expect("client task") {
            latencies.push(latency);
            ids[i] = id;
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    let failures = ids.iter().filter(|id| id.is_none()).count();
    latencies.sort();
    (latencies, ids, failures, elapsed)
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

pub async fn run(families: usize, clients: usize, database_url: Option<String>) -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("beilei-registration-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let url = database_url.unwrap_or_else(|| format!("sqlite://{}/bench.db", dir.display()));
    let config = server::config::Config { database_url: url.clone(), demo_when_empty: false, ..Default::default() };
    let mut leptos = server::startup::leptos_options()?;
    leptos.site_addr = "127.0.0.1:0".parse()?;
    let app = server::startup::Application::build(config, leptos).await?;
    let addr = app.local_addr();
    let db = domain::Db::connect(&url).await.context("bench database")?;
    eprintln!("seeding {families} families on {}…", domain::store::db::redact_url(&url));
    let (plan, families_seeded) = domain::testing::registration_day(&db, families).await;
    let requests: Arc<Vec<(String, String)>> = Arc::new(
        families_seeded
            .iter()
            .enumerate()
            .map(|(i, (token, student))| {
                (format!("beilei_session={token}"), format!("plan={plan}&student={student}&declaration%5Bnote%5D=&idempotency_key=registration-{i}"))
            })
            .collect(),
    );
    let baseline = peak_rss_mb();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(app.run_until(async move {
        let _ = stop_rx.await;
    }));
    let client: Http = Client::builder(TokioExecutor::new()).pool_max_idle_per_host(clients).build_http();

    let (first, first_ids, first_failed, first_s) = pass(&client, addr, requests.clone(), clients).await;
    let (retry, retry_ids, retry_failed, retry_s) = pass(&client, addr, requests.clone(), clients).await;
    let rows = domain::entities::application::Entity::find().count(&db.read).await?;
    let differing = first_ids.iter().zip(&retry_ids).filter(|(a, b)| a.is_some() && b.is_some() && a != b).count();
    let duplicates = rows.saturating_sub(families as u64) + differing as u64;

    let database = if url.starts_with("sqlite") { "SQLite" } else { "PostgreSQL" };
    println!("registration day over HTTP: {families} families, {clients} requests in flight, {database}");
    for (label, latencies, failed, secs) in [("first pass", &first, first_failed, first_s), ("retry pass", &retry, retry_failed, retry_s)] {
        println!(
            "  {label}: {:>7.0} applications/s   p50 {:>6.1} ms   p99 {:>6.1} ms   ({} ok, {failed} failed, {secs:.2} s)",
            (latencies.len() - failed) as f64 / secs,
            percentile(latencies, 0.50),
            percentile(latencies, 0.99),
            latencies.len() - failed,
        );
    }
    println!("  applications stored: {rows}; duplicates: {duplicates}");
    println!("  peak memory (server and load generator in one process): {:.0} MB; {baseline:.0} MB before the load", peak_rss_mb());
    let _ = stop_tx.send(());
    let _ = serving.await;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
