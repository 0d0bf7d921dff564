//! Registration day over HTTP: every family applies at once, then sends the
//! same request again, as a phone on a bad network retries. Against an
//! in-process server (SQLite or PostgreSQL), or with `--target` against
//! running servers (one, or nginx in front of `scripts/cluster.sh`'s three)
//! whose database `--database-url` names.
use crate::http::{Http, peak_rss_mb, percentile, post_all, sorted_latencies};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::sync::Arc;

/// One pass: every family's request once. Returns the latencies (sorted),
/// the application ids answered (by family), the failures and the seconds.
async fn pass(client: &Http, base: &str, requests: Arc<Vec<(String, String)>>, clients: usize) -> (Vec<std::time::Duration>, Vec<Option<i64>>, usize, f64) {
    let (answers, secs) = post_all(client, base, "apply", requests, clients).await;
    let ids: Vec<Option<i64>> = answers.iter().map(|a| a.body.as_ref().and_then(|b| std::str::from_utf8(b).ok()?.trim().parse().ok())).collect();
    let failures = ids.iter().filter(|id| id.is_none()).count();
    (sorted_latencies(&answers), ids, failures, secs)
}

pub async fn run(families: usize, clients: usize, database_url: Option<String>, target: Option<String>) -> anyhow::Result<()> {
    // In process: a server of our own, stopped at the end.
    let (db, url, base, served) = match target {
        Some(base) => {
            let url = database_url.ok_or_else(|| anyhow::anyhow!("--target needs --database-url: the servers' database, to seed the families"))?;
            (domain::Db::connect(&url).await?, url, base.trim_end_matches('/').to_string(), None)
        }
        None => {
            let crate::http::Served { dir, url, app, addr, db } = crate::http::serve("registration", database_url).await?;
            let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
            let serving = tokio::spawn(app.run_until(async move {
                let _ = stop_rx.await;
            }));
            (db, url, format!("http://{addr}"), Some((dir, stop_tx, serving)))
        }
    };
    eprintln!("seeding {families} families on {}…", domain::store::db::redact_url(&url));
    let tag = format!("bench-{}-{}", std::process::id(), chrono::Utc::now().timestamp());
    let day = domain::testing::registration_day_at(&db, &tag, families, families as u32).await;
    let requests: Arc<Vec<(String, String)>> = Arc::new((0..families).map(|i| day.apply_request(i, &format!("{tag}-{i}"))).collect());
    let baseline = peak_rss_mb();
    let client = crate::http::client(clients);

    let (first, first_ids, first_failed, first_s) = pass(&client, &base, requests.clone(), clients).await;
    let (retry, retry_ids, retry_failed, retry_s) = pass(&client, &base, requests.clone(), clients).await;
    let rows = domain::entities::application::Entity::find()
        .filter(domain::entities::application::Column::PlanId.eq(day.plan.0))
        .count(&db.read)
        .await?;
    let differing = first_ids.iter().zip(&retry_ids).filter(|(a, b)| a.is_some() && b.is_some() && a != b).count();
    let duplicates = rows.saturating_sub(families as u64) + differing as u64;

    let database = if url.starts_with("sqlite") { "SQLite" } else { "PostgreSQL" };
    let against = if served.is_some() { "one in-process server".to_string() } else { base.clone() };
    println!("registration day over HTTP: {families} families, {clients} requests in flight, {database}, {against}");
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
    match served {
        Some((dir, stop_tx, serving)) => {
            println!("  peak memory (server and load generator in one process): {:.0} MB; {baseline:.0} MB before the load", peak_rss_mb());
            let _ = stop_tx.send(());
            let _ = serving.await;
            let _ = std::fs::remove_dir_all(&dir);
        }
        None => println!("  peak memory of the load generator: {:.0} MB", peak_rss_mb()),
    }
    Ok(())
}
