//! Month-end money for a city: every school's children charged for a month
//! (the `beilei bill` job), then every school's disclosure figures computed.
//! Runs on the city-scale demo (about 1,000 schools and 500,000 children,
//! enrolled with signed agreements), loaded first into a fresh SQLite file
//! unless `--database-url` names one that has it. Reports times, rows and
//! the peak memory of each step.
use anyhow::Context;
use std::time::Instant;

/// Peak resident memory since the last reset, MB (Linux: `VmHWM`).
fn peak_mb() -> f64 {
    crate::http::peak_rss_mb()
}

/// Starts a new peak (Linux: writing 5 to `clear_refs`).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

pub async fn run(month: String, database_url: Option<String>) -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("beilei-money-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let fresh = database_url.is_none();
    let url = database_url.unwrap_or_else(|| format!("sqlite://{}/city.db", dir.display()));
    let db = domain::Db::connect(&url).await?;
    db.migrate().await?;
    if demo::is_empty(&db.read).await? {
        eprintln!("loading the city-scale demo into {} (a minute or two)…", domain::store::db::redact_url(&url));
        let r = demo::load(&db, demo::Scale::City, chrono::Utc::now()).await?;
        println!("city demo: {} schools, {} children ({} enrolled), {} child-days of attendance, loaded in {:.0} s", r.schools, r.students, r.enrolled, r.child_days, r.seconds);
    }
    let first = domain::dates::parse_month(&month).context("--month YYYY-MM")?;
    let now = chrono::Utc::now();

    reset_peak();
    let t = Instant::now();
    let b = domain::money::billing::run_all(&db.write, first, now).await?;
    let secs = t.elapsed().as_secs_f64();
    println!("month-end billing of {month}: {} children charged ({} waived), {} yuan, {:.1} s ({:.0} charges/s), peak memory {:.0} MB", b.charged, b.waived, wire::money::yuan(b.total_fen), secs, f64::from(b.charged) / secs, peak_mb());

    reset_peak();
    let t = Instant::now();
    let again = domain::money::billing::run_all(&db.write, first, now).await?;
    println!("  billed again: {} charged, {} already charged, {:.1} s", again.charged, again.already, t.elapsed().as_secs_f64());

    reset_peak();
    let t = Instant::now();
    let figures = domain::money::disclosure::all_schools(&db.read, first).await?;
    let secs = t.elapsed().as_secs_f64();
    let charged: i64 = figures.iter().map(|(_, f)| f.fees_charged_fen).sum();
    println!(
        "disclosures of {month}: {} schools in {:.1} s ({:.1} ms a school), fees charged {} yuan in all, peak memory {:.0} MB",
        figures.len(),
        secs,
        secs * 1e3 / figures.len().max(1) as f64,
        wire::money::yuan(charged),
        peak_mb()
    );
    if fresh {
        let _ = std::fs::remove_dir_all(&dir);
    }
    Ok(())
}
