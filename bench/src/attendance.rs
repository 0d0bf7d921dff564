//! A city's afternoon of attendance over HTTP: every group's register is
//! submitted once (all present but a few), then each is sent again as a
//! phone on a bad network retries. Reports registers per second, latency,
//! memory and the database's size per million child-days.
use crate::http::{Http, peak_rss_mb, percentile, post_all, sorted_latencies};
use anyhow::Context;
use chrono::Datelike;
use sea_orm::{EntityTrait, PaginatorTrait};
use std::sync::Arc;
use std::time::Instant;

async fn pass(client: &Http, addr: std::net::SocketAddr, forms: Arc<Vec<(String, String)>>, clients: usize) -> (Vec<std::time::Duration>, usize, f64) {
    let (answers, secs) = post_all(client, &format!("http://{addr}"), "take_attendance", forms, clients).await;
    (sorted_latencies(&answers), answers.iter().filter(|a| a.body.is_none()).count(), secs)
}

fn file_size(url: &str) -> Option<u64> {
    let path = url.strip_prefix("sqlite://")?.split('?').next()?;
    ["", "-wal"].iter().map(|s| std::fs::metadata(format!("{path}{s}")).map(|m| m.len()).unwrap_or(0)).sum::<u64>().into()
}

pub async fn run(schools: usize, groups: usize, children: usize, clients: usize, database_url: Option<String>) -> anyhow::Result<()> {
    let crate::http::Served { dir, url, app, addr, db } = crate::http::serve("attendance", database_url).await?;
    // The register is for the last weekday up to today.
    let mut on = domain::clock::local_date(chrono::Utc::now());
    while on.weekday().number_from_monday() > 5 {
        on = on.pred_opt().context("date")?;
    }
    eprintln!("seeding {schools} schools × {groups} groups × {children} children on {}…", domain::store::db::redact_url(&url));
    let seeding = Instant::now();
    let city = domain::testing::attendance_city(&db, schools, groups, children, on).await;
    eprintln!("seeded in {:.0} s", seeding.elapsed().as_secs_f64());
    // About 3 % absent: every 33rd child.
    let forms: Arc<Vec<(String, String)>> = Arc::new(
        city.iter()
            .enumerate()
            .map(|(i, g)| {
                let absent: String = g.children.iter().step_by(33).map(|c| format!("&sheet%5Babsent%5D%5B{c}%5D=1")).collect();
                (format!("beilei_session={}", g.token), format!("sheet%5Bsession%5D={}&sheet%5Bon%5D={on}&sheet%5Bkey%5D=bench-{i}{absent}", g.session))
            })
            .collect(),
    );
    let size_before = file_size(&url);
    let baseline = peak_rss_mb();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(app.run_until(async move {
        let _ = stop_rx.await;
    }));
    let client = crate::http::client(clients);
    let (first, first_failed, first_s) = pass(&client, addr, forms.clone(), clients).await;
    let (retry, retry_failed, retry_s) = pass(&client, addr, forms.clone(), clients).await;
    let sheets = domain::entities::attendance_sheet::Entity::find().count(&db.read).await?;
    let totals = domain::entities::attendance_total::Entity::find().all(&db.read).await?;
    let counted: i64 = totals.iter().map(|t| i64::from(t.present + t.absent)).sum();
    let child_days = (city.len() * children) as f64;

    let database = if url.starts_with("sqlite") { "SQLite" } else { "PostgreSQL" };
    println!("city attendance over HTTP: {} registers of {children} ({} child-days), {clients} in flight, {database}", city.len(), child_days as u64);
    for (label, latencies, failed, secs) in [("first pass", &first, first_failed, first_s), ("retry pass", &retry, retry_failed, retry_s)] {
        println!(
            "  {label}: {:>6.0} registers/s ({:>7.0} child-days/s)   p50 {:>6.1} ms   p99 {:>6.1} ms   ({} ok, {failed} failed, {secs:.1} s)",
            (latencies.len() - failed) as f64 / secs,
            (latencies.len() - failed) as f64 * children as f64 / secs,
            percentile(latencies, 0.50),
            percentile(latencies, 0.99),
            latencies.len() - failed,
        );
    }
    println!("  sheets stored: {sheets} (one per register); child-days in the totals: {counted}");
    if let (Some(before), Some(after)) = (size_before, file_size(&url)) {
        println!("  database growth: {:.1} MB, {:.0} MB per million child-days", (after - before) as f64 / 1e6, (after - before) as f64 / 1e6 / (child_days / 1e6));
    }
    println!("  peak memory (server and load generator in one process): {:.0} MB; {baseline:.0} MB before the load", peak_rss_mb());
    let _ = stop_tx.send(());
    let _ = serving.await;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
