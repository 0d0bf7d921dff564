//! Benchmarks. Each prints figures; none passes or fails.
//!
//!   cargo run --release -p bench -- wasm-size [--site target/site/pkg] [--csr target/csr-dist]
//!   cargo run --release -p bench -- sign-in [--clients 16] [--seconds 10] [--database-url …]
//!   cargo run --release -p bench -- registration-day [--families 20000] [--clients 64] [--database-url …] [--target http://127.0.0.1:3100]
//!   cargo run --release -p bench -- attendance [--schools 1000] [--groups 13] [--children 40] [--clients 64] [--database-url …]
//!   cargo run --release -p bench -- money [--month 2026-11] [--database-url …]
//!   cargo run --release -p bench -- bureau [--rounds 40] [--database-url …]
//!   cargo run --release -p bench -- parsers [--runs 20]
use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

mod attendance;
mod bureau;
mod http;
mod money;
mod parsers;
mod registration_day;

#[derive(Parser)]
#[command(about = "Beilei benchmarks: they report numbers, they are not tests")]
struct Args {
    #[command(subcommand)]
    bench: Bench,
}

#[derive(Subcommand)]
enum Bench {
    /// Size of the release browser bundle: raw, gzip and brotli.
    WasmSize {
        /// Where cargo-leptos put the hydrate bundle (`cargo leptos build --release`).
        #[arg(long, default_value = "target/site/pkg")]
        site: PathBuf,
        /// Where trunk put the client-side-rendered build (`trunk build --release`).
        #[arg(long, default_value = "target/csr-dist")]
        csr: PathBuf,
    },
    /// Sign-ins per second over HTTP against an in-process server with the
    /// demo data (argon2id verification dominates, by design).
    SignIn {
        #[arg(long, default_value_t = 16)]
        clients: usize,
        #[arg(long, default_value_t = 10)]
        seconds: u64,
        /// Defaults to a fresh SQLite file; a fresh PostgreSQL database needs
        /// a URL to an empty database.
        #[arg(long)]
        database_url: Option<String>,
    },
    /// Registration day: signed-in guardians all apply at once over HTTP,
    /// then every request is sent again (a bad network's retry). Reports
    /// applications per second, latency, duplicates and peak memory.
    RegistrationDay {
        #[arg(long, default_value_t = 20_000)]
        families: usize,
        /// Requests in flight at once.
        #[arg(long, default_value_t = 64)]
        clients: usize,
        /// Defaults to a fresh SQLite file; for PostgreSQL, a URL to an
        /// empty database; with `--target`, the running servers' database.
        #[arg(long)]
        database_url: Option<String>,
        /// Running servers to apply through (a server, or nginx in front of
        /// `scripts/cluster.sh start`) instead of one started in process.
        #[arg(long)]
        target: Option<String>,
    },
    /// A city's afternoon of attendance: every group's register submitted
    /// over HTTP, then retried. Reports registers per second, latency,
    /// memory and database size per million child-days.
    Attendance {
        #[arg(long, default_value_t = 1000)]
        schools: usize,
        /// Groups per school (1,000 × 13 × 40 = 520,000 children).
        #[arg(long, default_value_t = 13)]
        groups: usize,
        #[arg(long, default_value_t = 40)]
        children: usize,
        #[arg(long, default_value_t = 64)]
        clients: usize,
        #[arg(long)]
        database_url: Option<String>,
    },
    /// Month-end money for the city-scale demo: every child charged, then
    /// every school's disclosure computed. Reports times and peak memory.
    Money {
        /// A month of the demo's autumn term.
        #[arg(long, default_value = "2026-11")]
        month: String,
        /// A database holding the city-scale demo (or empty: it is loaded);
        /// defaults to a fresh SQLite file.
        #[arg(long)]
        database_url: Option<String>,
    },
    /// The bureau's district overview and map at city scale over HTTP:
    /// the demo's build time and the server time p50/p95.
    Bureau {
        /// Reads of each district's page (and of its server function).
        #[arg(long, default_value_t = 40)]
        rounds: usize,
        /// A database holding the city-scale demo (or empty: it is built);
        /// defaults to a fresh SQLite file.
        #[arg(long)]
        database_url: Option<String>,
    },
    /// Each reader of uploaded input on the worst input its bounds let
    /// through, and on the hostile input they stop: milliseconds.
    Parsers {
        #[arg(long, default_value_t = 20)]
        runs: usize,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match Args::parse().bench {
        Bench::WasmSize { site, csr } => {
            wasm_size("hydrate bundle (cargo leptos build --release)", &site)?;
            if csr.is_dir() {
                wasm_size("csr bundle (trunk build --release)", &csr)?;
            }
            Ok(())
        }
        Bench::SignIn { clients, seconds, database_url } => sign_in(clients, seconds, database_url).await,
        Bench::RegistrationDay { families, clients, database_url, target } => registration_day::run(families, clients, database_url, target).await,
        Bench::Attendance { schools, groups, children, clients, database_url } => attendance::run(schools, groups, children, clients, database_url).await,
        Bench::Money { month, database_url } => money::run(month, database_url).await,
        Bench::Bureau { rounds, database_url } => bureau::run(rounds, database_url).await,
        Bench::Parsers { runs } => parsers::run(runs.max(1)),
    }
}

fn compressed_sizes(bytes: &[u8]) -> anyhow::Result<(usize, usize)> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes)?;
    let gz = gz.finish()?.len();
    let mut br = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut br, 4096, 11, 22);
        w.write_all(bytes)?;
    }
    Ok((gz, br.len()))
}

fn wasm_size(label: &str, dir: &Path) -> anyhow::Result<()> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("{} not found: build first", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("wasm" | "js" | "css")))
        .collect();
    files.sort();
    if files.is_empty() {
        bail!("no .wasm/.js/.css in {}", dir.display());
    }
    println!("{label}");
    println!("  {:<40} {:>10} {:>10} {:>10}", "file", "raw", "gzip -9", "brotli 11");
    let (mut raw_total, mut gz_total, mut br_total) = (0, 0, 0);
    for f in files {
        let bytes = std::fs::read(&f)?;
        let (gz, br) = compressed_sizes(&bytes)?;
        println!("  {:<40} {:>10} {:>10} {:>10}", f.file_name().unwrap_or_default().to_string_lossy(), bytes.len(), gz, br);
        raw_total += bytes.len();
        gz_total += gz;
        br_total += br;
    }
    println!("  {:<40} {:>10} {:>10} {:>10}", "total", raw_total, gz_total, br_total);
    Ok(())
}

async fn sign_in(clients: usize, seconds: u64, database_url: Option<String>) -> anyhow::Result<()> {
    use http_body_util::{BodyExt, Full};
    use hyper_util::client::legacy::Client;
    use hyper_util::rt::TokioExecutor;

    let dir = std::env::temp_dir().join(format!("beilei-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let url = database_url.unwrap_or_else(|| format!("sqlite://{}/bench.db", dir.display()));
    let config = server::config::Config { database_url: url.clone(), bid_key_file: dir.join("bid.key").display().to_string(), ..Default::default() };
    let mut leptos = server::startup::leptos_options()?;
    leptos.site_addr = "127.0.0.1:0".parse()?;
    eprintln!("starting the server on {} (demo data loads first)…", domain::store::db::redact_url(&url));
    let app = server::startup::Application::build(config, leptos).await?;
    let addr = app.local_addr();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(app.run_until(async move {
        let _ = stop_rx.await;
    }));

    let logins: Vec<String> = ["000", "001", "002", "003", "004"]
        .iter()
        .flat_map(|s| ["bureau", "school", "teacher", "staff", "inquiry", "supervisor", "vendor"].map(|r| format!("{r}{s}")))
        .collect();
    let client: Client<_, Full<bytes::Bytes>> = Client::builder(TokioExecutor::new()).build_http();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..clients {
        let client = client.clone();
        let logins = logins.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut failures = 0u64;
            let mut i = c;
            while Instant::now() < deadline {
                let login = &logins[i % logins.len()];
                i += clients;
                let body = format!("identifier={login}&password={}", demo::DEMO_PASSWORD);
                let req = hyper::Request::post(format!("http://{addr}/api/sign_in"))
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header("accept", "application/json")
                    .body(Full::new(bytes::Bytes::from(body)))
                    .expect("request");
                let t = Instant::now();
                match client.request(req).await {
                    Ok(res) if res.status().is_success() => {
                        let _ = res.into_body().collect().await;
                        latencies.push(t.elapsed());
                    }
                    _ => failures += 1,
                }
            }
            (latencies, failures)
        }));
    }
    let mut latencies = Vec::new();
    let mut failures = 0;
    for t in tasks {
        let (l, f) = t.await?;
        latencies.extend(l);
        failures += f;
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort();
    let pct = |p: f64| latencies.get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1))).copied().unwrap_or_default();
    println!("sign-in over HTTP: {clients} clients, {elapsed:.1} s, database {}", if url.starts_with("sqlite") { "SQLite" } else { "PostgreSQL" });
    println!("  sign-ins:     {} ({failures} failed)", latencies.len());
    println!("  throughput:   {:.1} sign-ins/s", latencies.len() as f64 / elapsed);
    println!("  latency p50:  {:.1} ms", pct(0.50).as_secs_f64() * 1e3);
    println!("  latency p99:  {:.1} ms", pct(0.99).as_secs_f64() * 1e3);
    let _ = stop_tx.send(());
    let _ = serving.await;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
