//! A backup taken while families apply is a consistent copy: it holds
//! every application acknowledged before it began and none that was never
//! acknowledged, its audit chain verifies, and a restore of it serves.
mod common;

use common::Live;
use domain::entities::application;
use futures::StreamExt;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use server::config::Config;
use std::collections::HashSet;
use std::sync::{Arc, Mutex};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_under_write_load_restores_and_serves() {
    let dir = tempfile::tempdir().expect("dir");
    // SQLite on every run: `beilei backup` copies SQLite (PostgreSQL has pg_dump).
    let url = format!("sqlite://{}/live.db", dir.path().display());
    let live = Live::start(|c| c.database_url = url.clone()).await;
    let day = domain::testing::registration_day_at(&live.db, "backup", 1500, 1500).await;

    let acked: Arc<Mutex<Vec<i64>>> = Arc::default();
    let load = futures::stream::iter(0..day.families.len())
        .map(|i| {
            let (live, acked, (cookie, form)) = (&live, acked.clone(), day.apply_request(i, &format!("backup-{i}")));
            async move {
                let a = live.call("apply", &form, &[("cookie", &cookie)]).await;
                assert!(a.status.is_success(), "{} {}", a.status, a.body);
                acked.lock().expect("lock").push(a.body.trim().parse().expect("id"));
            }
        })
        .buffer_unordered(32)
        .collect::<Vec<_>>();
    let copy = dir.path().join("copy.db");
    let config = Config { database_url: url.clone(), ..Config::default() };
    let backup = async {
        while acked.lock().expect("lock").len() < 300 {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        let before: HashSet<i64> = acked.lock().expect("lock").iter().copied().collect();
        server::cli::backup(&config, &copy).await.expect("backup");
        before
    };
    let (_, acked_before) = tokio::join!(load, backup);
    let acked_all: HashSet<i64> = acked.lock().expect("lock").iter().copied().collect();
    assert_eq!(acked_all.len(), day.families.len());

    let restored_url = format!("sqlite://{}/restored/beilei.db", dir.path().display());
    let restored_config = Config { database_url: restored_url.clone(), ..Config::default() };
    let report = server::cli::restore(&restored_config, &copy).await.expect("restore");
    let again = server::cli::restore(&restored_config, &copy).await;
    assert!(again.is_err_and(|e| e.to_string().contains("already exists")), "a restore never overwrites");

    let restored = domain::Db::connect(&restored_url).await.expect("restored");
    let in_copy: HashSet<i64> = application::Entity::find()
        .filter(application::Column::PlanId.eq(day.plan.0))
        .all(&restored.read)
        .await
        .expect("rows")
        .into_iter()
        .map(|a| a.id)
        .collect();
    assert!(acked_before.is_subset(&in_copy), "every application acknowledged before the backup is in it");
    assert!(in_copy.is_subset(&acked_all), "the copy holds only acknowledged applications");
    assert!(in_copy.len() < day.families.len(), "the copy was taken mid-load ({} of {})", in_copy.len(), day.families.len());
    assert_eq!(report.applications as usize, in_copy.len());
    eprintln!("backup under load: {} acknowledged before, {} in the copy, {} in all; {} audit events verified", acked_before.len(), in_copy.len(), acked_all.len(), report.events);
    restored.close().await;

    // The restored database serves: a family's session from the copy works.
    let served = Live::start(|c| c.database_url = restored_url.clone()).await;
    let health = served.get("/healthz", &[]).await;
    assert!(health.status.is_success());
    let me = served.call("me", "", &[("cookie", &format!("beilei_session={}", day.families[0].0))]).await;
    assert!(me.status.is_success() && me.body.trim() != "null", "signed in on the restored copy: {}", me.body);

    // A damaged file is refused and leaves nothing behind.
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"not a database").expect("junk");
    let junk_url = format!("sqlite://{}/junk-restored.db", dir.path().display());
    let junk_config = Config { database_url: junk_url, ..Config::default() };
    assert!(server::cli::restore(&junk_config, &junk).await.is_err());
    assert!(!dir.path().join("junk-restored.db").exists());
}
