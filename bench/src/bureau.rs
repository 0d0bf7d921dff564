//! The bureau's dashboard at city scale: the city-scale demo (about 1,000
//! schools, 500,000 children and a term of attendance) built into a fresh
//! database, then each district's overview page (figures, map, flags) and
//! its server function read over HTTP by a signed-in official, in turn.
//! Reports the demo's build time and the server time p50/p95, fresh and
//! after a school's month was marked stale by a service.
use crate::http::{percentile, peak_rss_mb};
use http_body_util::{BodyExt, Full};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use std::time::{Duration, Instant};

async fn sign_in(client: &crate::http::Http, addr: std::net::SocketAddr, login: &str) -> anyhow::Result<String> {
    let form = format!("identifier={login}&password={}", demo::DEMO_PASSWORD);
    let req = hyper::Request::post(format!("http://{addr}/api/sign_in"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .body(Full::new(bytes::Bytes::from(form)))?;
    let res = client.request(req).await?;
    let cookie = res.headers().get(hyper::header::SET_COOKIE).and_then(|v| v.to_str().ok()).and_then(|v| v.split(';').next()).map(str::to_string);
    cookie.ok_or_else(|| anyhow::anyhow!("{login} did not sign in"))
}

/// One request's time, failing on anything but 200.
async fn timed(client: &crate::http::Http, req: hyper::Request<Full<bytes::Bytes>>) -> anyhow::Result<(Duration, usize)> {
    let t = Instant::now();
    let res = client.request(req).await?;
    let status = res.status();
    let body = res.into_body().collect().await?.to_bytes();
    anyhow::ensure!(status.is_success(), "{status}: {}", String::from_utf8_lossy(&body[..body.len().min(300)]));
    Ok((t.elapsed(), body.len()))
}

pub async fn run(rounds: usize, database_url: Option<String>) -> anyhow::Result<()> {
    let crate::http::Served { dir, url, app, addr, db } = crate::http::serve("bureau", database_url).await?;
    if demo::is_empty(&db.read).await? {
        eprintln!("building the city-scale demo into {} (a few minutes)…", domain::store::db::redact_url(&url));
        let r = demo::load(&db, demo::Scale::City, chrono::Utc::now()).await?;
        println!(
            "city demo built in {:.0} s: {} schools, {} children ({} enrolled), {} child-days of attendance ({:.0} s), the bureau's statistics counted in {:.0} s",
            r.seconds, r.schools, r.students, r.enrolled, r.child_days, r.attendance_seconds, r.stats_seconds
        );
    }
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(app.run_until(async move {
        let _ = stop_rx.await;
    }));
    let client = crate::http::client(4);
    let districts = domain::entities::district::Entity::find().all(&db.read).await?;
    let mut page = Vec::new();
    let mut api = Vec::new();
    let mut stale = Vec::new();
    let mut sizes = (0, 0);
    for d in &districts {
        let login = format!("bureau{}", d.seed_key.clone().unwrap_or_default());
        let cookie = sign_in(&client, addr, &login).await?;
        use domain::entities::school;
        let schools: Vec<i64> = school::Entity::find().select_only().column(school::Column::Id).filter(school::Column::DistrictId.eq(d.id)).into_tuple().all(&db.read).await?;
        for round in 0..rounds {
            let get = hyper::Request::get(format!("http://{addr}/bureau/{}?stat=participation", d.id)).header("cookie", cookie.as_str()).body(Full::new(bytes::Bytes::new()))?;
            let (t, n) = timed(&client, get).await?;
            page.push(t);
            sizes.0 = n;
            let post = hyper::Request::post(format!("http://{addr}/api/bureau_dashboard"))
                .header("content-type", "application/x-www-form-urlencoded")
                .header("accept", "application/json")
                .header("cookie", cookie.as_str())
                .body(Full::new(bytes::Bytes::from(format!("district={}", d.id))))?;
            let (t, n) = timed(&client, post).await?;
            api.push(t);
            sizes.1 = n;
            // A service marks one school's month stale (as attendance or a
            // payment does); the next read recounts that school only.
            if round % 4 == 3 {
                let school = schools[round % schools.len().max(1)];
                domain::store::stale::touch(&db.write, school, domain::clock::local_date(chrono::Utc::now())).await?;
                let get = hyper::Request::get(format!("http://{addr}/bureau/{}", d.id)).header("cookie", cookie.as_str()).body(Full::new(bytes::Bytes::new()))?;
                stale.push(timed(&client, get).await?.0);
            }
        }
        eprintln!("  {} ({} schools): done", d.name, schools.len());
    }
    for v in [&mut page, &mut api, &mut stale] {
        v.sort();
    }
    let database = if url.starts_with("sqlite") { "SQLite" } else { "PostgreSQL" };
    println!("district overview over HTTP, {} districts × {rounds} reads, {database}:", districts.len());
    println!("  page with the map (/bureau/ID, {} KB): p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms", sizes.0 / 1024, percentile(&page, 0.50), percentile(&page, 0.95), percentile(&page, 1.0));
    println!("  server function (bureau_dashboard, {} KB): p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms", sizes.1 / 1024, percentile(&api, 0.50), percentile(&api, 0.95), percentile(&api, 1.0));
    println!("  page after a school's month went stale ({} reads): p50 {:.1} ms, p95 {:.1} ms", stale.len(), percentile(&stale, 0.50), percentile(&stale, 0.95));
    println!("  peak memory (server and load generator in one process): {:.0} MB", peak_rss_mb());
    let _ = stop_tx.send(());
    let _ = serving.await;
    if url.starts_with("sqlite") {
        let _ = std::fs::remove_dir_all(&dir);
    }
    Ok(())
}
