//! A city's deployment, for real: three app servers on one PostgreSQL
//! behind nginx (`scripts/cluster.sh`), tried over HTTP. Nothing one server
//! needs may live in another's memory (sessions, limits, idempotency, the
//! test clock, places), a killed server loses nothing, and each server's
//! figures move while the public cannot read them. The dashboards read a
//! streaming replica.
//!
//! Runs when `BEILEI_TEST_CLUSTER=1` (the test command sets it once; it needs
//! nginx and PostgreSQL installed); otherwise it says so and passes.
mod common;

use common::{Answer, Site, enc};
use domain::authz::{Role, ScopeKind};
use domain::entities::{application, application_review, audit_event};
use domain::testing::{RegistrationDay, TEST_PASSWORD, account_with, registration_day_at};
use futures::StreamExt;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::time::Duration;

struct Cluster {
    front: Site,
    servers: Vec<Site>,
    metrics: Vec<String>,
    db: domain::Db,
    /// The dashboards' streaming replica.
    replica: sea_orm::DatabaseConnection,
}

fn script(args: &[&str]) -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = std::process::Command::new(root.join("scripts/cluster.sh"))
        .args(args)
        .env("CLUSTER_DIR", root.join("target/cluster-test"))
        .env("CLUSTER_BIN", env!("CARGO_BIN_EXE_beilei"))
        .env("BEILEI_TEST_CLOCK", "true")
        .output()
        .expect("scripts/cluster.sh runs");
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "cluster.sh {args:?} failed:\n{stdout}\n{stderr}");
    stdout.into_owned()
}

impl Cluster {
    async fn start() -> Cluster {
        script(&["stop"]);
        let facts: HashMap<String, String> = script(&["start"])
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_string(), v.trim_matches('"').to_string()))
            .collect();
        let list = |k: &str| facts[k].split(' ').map(str::to_string).collect::<Vec<_>>();
        let db = domain::Db::connect(&facts["DATABASE_URL"]).await.expect("the cluster's database");
        let replica = sea_orm::Database::connect(&facts["DATABASE_READ_URL"]).await.expect("the replica");
        let servers = list("SERVER_URLS").into_iter().map(Site::at).collect();
        Cluster { front: Site::at(&facts["FRONT_URL"]), servers, metrics: list("METRICS_URLS"), db, replica }
    }

    /// Each server's sum of every series named `name`.
    async fn figures(&self, name: &str) -> Vec<f64> {
        let mut sums = Vec::new();
        for url in &self.metrics {
            let text = reqwest::get(url).await.expect("scrape").text().await.expect("text");
            sums.push(metric(&text, name));
        }
        sums
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        script(&["stop"]);
    }
}

/// The sum of the samples of `name` in Prometheus's text format.
fn metric(text: &str, name: &str) -> f64 {
    text.lines()
        .filter(|l| l.strip_prefix(name).is_some_and(|rest| rest.starts_with('{') || rest.starts_with(' ')))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

fn session(token: &str) -> String {
    format!("beilei_session={token}")
}

/// Posts until the server answers something other than a gateway or
/// server failure (what a phone's retry does), with the same body each
/// time. Returns the answer and how many tries it took.
async fn post_retrying(site: &Site, endpoint: &str, form: &str, cookie: &str) -> (Answer, u32) {
    for attempt in 1..=40 {
        let sent = site
            .client
            .post(format!("{}/api/{endpoint}", site.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .header("cookie", cookie)
            .body(form.to_string())
            .timeout(Duration::from_secs(30))
            .send()
            .await;
        if let Ok(res) = sent {
            let status = res.status();
            if !status.is_server_error() {
                let headers = res.headers().clone();
                return (Answer { status, headers, body: res.text().await.unwrap_or_default() }, attempt);
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{endpoint}: no answer after 40 tries");
}

fn id_of(a: &Answer) -> i64 {
    assert!(a.status.is_success(), "{} {}", a.status, a.body);
    a.body.trim().parse().unwrap_or_else(|_| panic!("an id: {}", a.body))
}

/// Sessions and sign-in limits are the database's: a sign-in through the
/// balancer works on every server, a sign-out on one ends it on all, and
/// failures on different servers count together.
async fn sessions_and_limits(c: &Cluster, day: &RegistrationDay) {
    let cookie = c.front.sign_in("cluster-a-admin", TEST_PASSWORD).await;
    for s in &c.servers {
        let me = s.call("me", "", &[("cookie", &cookie)]).await;
        assert!(me.status.is_success(), "{}: {} {}", s.base, me.status, me.body);
        assert_ne!(me.body.trim(), "null", "signed in on {}", s.base);
    }
    c.servers[1].call("sign_out", "", &[("cookie", &cookie)]).await;
    for s in [&c.servers[0], &c.servers[2]] {
        assert_eq!(s.call("me", "", &[("cookie", &cookie)]).await.body.trim(), "null", "signed out on {} too", s.base);
    }
    // Five failures, spread over the three servers, lock the account on all.
    for i in 0..5 {
        let a = c.servers[i % 3].call("sign_in", &format!("identifier=cluster-a-admin&password={}", enc("wrong password")), &[]).await;
        assert!(a.status.is_client_error(), "a wrong password is refused: {}", a.status);
    }
    let locked = c.servers[2].call("sign_in", &format!("identifier=cluster-a-admin&password={}", enc(TEST_PASSWORD)), &[]).await;
    assert_eq!(locked.status, http::StatusCode::TOO_MANY_REQUESTS, "the sixth try, right password, another server: {}", locked.body);
    // The admin's own session (made for the test) is untouched.
    let me = c.front.call("me", "", &[("cookie", &session(&day.admin_token))]).await;
    assert_ne!(me.body.trim(), "null");
}

/// One request sent to all three servers at once is one application.
async fn idempotency(c: &Cluster, day: &RegistrationDay) {
    let (cookie, form) = day.apply_request(0, "cluster-a-0");
    let headers = [("cookie", cookie.as_str())];
    let answers = futures::future::join_all(c.servers.iter().map(|s| s.call("apply", &form, &headers))).await;
    let ids: HashSet<i64> = answers.iter().map(id_of).collect();
    assert_eq!(ids.len(), 1, "one application, whichever server answered: {ids:?}");
    let rows = application::Entity::find().filter(application::Column::PlanId.eq(day.plan.0)).count(&c.db.read).await.expect("count");
    assert_eq!(rows, 1);
}

/// The clock moved on one server is moved on all (last: a day later every
/// session of the test has expired).
async fn clock(c: &Cluster) {
    let moved = c.servers[0].call("advance_clock", "days=1", &[]).await;
    let at = |a: &Answer| chrono::DateTime::parse_from_rfc3339(a.body.trim().trim_matches('"')).unwrap_or_else(|e| panic!("{e}: {}", a.body));
    let moved_to = at(&moved);
    assert!(moved_to.signed_duration_since(chrono::Utc::now()) > chrono::Duration::hours(23), "moved a day: {moved_to}");
    for s in &c.servers[1..] {
        let read = at(&s.call("advance_clock", "days=0", &[]).await);
        let gap = read.signed_duration_since(moved_to);
        assert!(gap >= chrono::Duration::zero() && gap < chrono::Duration::minutes(1), "{} reads the moved clock: {read} after {moved_to}", s.base);
    }
}

/// 1,000 families apply at once through the balancer for 100 places; two
/// reviewers on two servers decide one step once; three allocations run
/// at once on three servers. Exactly 100 are admitted, in the district's
/// order.
async fn places_and_reviews(c: &Cluster, day: &RegistrationDay) {
    let answers: Vec<(i64, u32)> = futures::stream::iter(0..day.families.len())
        .map(|i| async move {
            let (cookie, form) = day.apply_request(i, &format!("cluster-a-{i}"));
            let (a, tries) = post_retrying(&c.front, "apply", &form, &cookie).await;
            (id_of(&a), tries)
        })
        .buffer_unordered(64)
        .collect()
        .await;
    let ids: HashSet<i64> = answers.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids.len(), 1000, "one application per family");

    // Two class teachers of the class, each signed in through the balancer.
    let mut teachers = Vec::new();
    for n in 1..=2 {
        let name = format!("cluster-a-teacher{n}");
        account_with(&c.db, &name, Role::ClassTeacher, ScopeKind::Class, day.class.0).await;
        teachers.push(c.front.sign_in(&name, TEST_PASSWORD).await);
    }
    let first = *ids.iter().min().expect("an application");
    let form = format!("application={first}&approve=true&reason=");
    let (h0, h1) = ([("cookie", teachers[0].as_str())], [("cookie", teachers[1].as_str())]);
    let (one, other) = tokio::join!(c.servers[0].call("review_application", &form, &h0), c.servers[1].call("review_application", &form, &h1));
    let mut statuses = [one.status.as_u16(), other.status.as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409], "decided once: {} / {}", one.body, other.body);
    let decided = application_review::Entity::find().filter(application_review::Column::ApplicationId.eq(first)).count(&c.db.read).await.expect("count");
    assert_eq!(decided, 1);

    // Every application through both steps of district 000's chain.
    for (cookie, skip) in [(&teachers[0], Some(first)), (&session(&day.admin_token), None)] {
        futures::stream::iter(ids.iter().filter(|id| Some(**id) != skip))
            .map(|id| async move {
                let (a, _) = post_retrying(&c.front, "review_application", &format!("application={id}&approve=true&reason="), cookie).await;
                assert!(a.status.is_success(), "review {id}: {} {}", a.status, a.body);
            })
            .buffer_unordered(32)
            .collect::<Vec<_>>()
            .await;
    }

    let admin = session(&day.admin_token);
    let form = format!("plan={}", day.plan);
    let headers = [("cookie", admin.as_str())];
    let allocations = futures::future::join_all(c.servers.iter().map(|s| s.call("allocate_places", &form, &headers))).await;
    for a in &allocations {
        assert!(a.status.is_success() || a.status == http::StatusCode::CONFLICT, "allocation: {} {}", a.status, a.body);
    }
    let rows = application::Entity::find().filter(application::Column::PlanId.eq(day.plan.0)).all(&c.db.read).await.expect("rows");
    let admitted: HashSet<i64> = rows.iter().filter(|a| a.status == "admitted").map(|a| a.id).collect();
    assert_eq!(admitted.len(), 100, "exactly the places");
    assert_eq!(rows.iter().filter(|a| a.status == "waitlisted").count(), 900);
    // The district's order: no priority claims here, so its tie-break alone.
    let rules = domain::policy::preset("000").expect("preset");
    let mut order = rows.clone();
    use sha2::Digest;
    order.sort_by_cached_key(|a| {
        let draw = match rules.tie_break {
            domain::policy::TieBreak::Lottery => sha2::Sha256::digest(format!("{}:{}", day.plan, a.id).as_bytes()).to_vec(),
            domain::policy::TieBreak::SubmissionOrder => Vec::new(),
        };
        (draw, a.submitted_at, a.id)
    });
    let expected: HashSet<i64> = order.iter().take(100).map(|a| a.id).collect();
    assert_eq!(admitted, expected, "the first hundred by the district's rule");
}

/// Registration day through the balancer while server 2 is killed with
/// `kill -9` and started again: every family's application is acknowledged
/// (after retries with the same key), each is stored once, with one audit
/// event.
async fn failover(c: &Cluster, day: &RegistrationDay) -> (usize, u32) {
    let acked = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let load = {
        let acked = acked.clone();
        futures::stream::iter(0..day.families.len())
            .map(move |i| {
                let acked = acked.clone();
                async move {
                    let (cookie, form) = day.apply_request(i, &format!("cluster-b-{i}"));
                    let (a, tries) = post_retrying(&c.front, "apply", &form, &cookie).await;
                    acked.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    (id_of(&a), tries)
                }
            })
            .buffer_unordered(48)
            .collect::<Vec<_>>()
    };
    let chaos = async {
        while acked.load(std::sync::atomic::Ordering::Relaxed) < day.families.len() / 5 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        script(&["kill", "2"]);
        let killed_at = acked.load(std::sync::atomic::Ordering::Relaxed);
        tokio::time::sleep(Duration::from_millis(1500)).await;
        script(&["restart", "2"]);
        killed_at
    };
    let (answers, killed_at) = tokio::join!(load, chaos);
    assert!(killed_at < day.families.len(), "the server died while the families were applying");
    let acked_ids: HashSet<i64> = answers.iter().map(|(id, _)| *id).collect();
    let rows = application::Entity::find().filter(application::Column::PlanId.eq(day.plan.0)).all(&c.db.read).await.expect("rows");
    let stored: HashSet<i64> = rows.iter().map(|a| a.id).collect();
    assert_eq!(answers.len(), day.families.len());
    assert_eq!(acked_ids.len(), day.families.len(), "one application per family");
    assert_eq!(stored, acked_ids, "every acknowledged application is stored, and nothing else");
    let subjects: Vec<String> = stored.iter().map(|id| format!("application:{id}")).collect();
    let events = audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq("application.submitted"))
        .filter(audit_event::Column::Subject.is_in(subjects))
        .count(&c.db.read)
        .await
        .expect("events");
    assert_eq!(events, day.families.len() as u64, "one audit event each");
    let retried = answers.iter().filter(|(_, tries)| *tries > 1).count();
    let most = answers.iter().map(|(_, t)| *t).max().unwrap_or(0);
    eprintln!("failover: killed server 2 after {killed_at} acknowledgements; {retried} requests were retried (at most {most} tries)");
    assert!(retried > 0, "requests in flight on the killed server failed and were sent again");
    assert_eq!(domain::audit::verify(&c.db.read).await.expect("verify").first_broken, None, "the audit chain holds");
    (retried, most)
}

/// The dashboards read from the streaming replica: with its replay paused,
/// a school added on the primary is missing from every server's dashboard;
/// once replay resumes, it shows.
async fn dashboards_read_the_replica(c: &Cluster, day: &RegistrationDay) {
    use sea_orm::ConnectionTrait;
    let streaming = c
        .db
        .read
        .query_one_raw(sea_orm::Statement::from_string(c.db.backend(), "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'"))
        .await
        .expect("query")
        .expect("row")
        .try_get_by_index::<i64>(0)
        .expect("count");
    assert_eq!(streaming, 1, "the replica follows the primary");
    account_with(&c.db, "cluster-bureau", Role::BureauOfficial, ScopeKind::District, day.district.0).await;
    let bureau = c.front.sign_in("cluster-bureau", TEST_PASSWORD).await;
    let headers = [("cookie", bureau.as_str())];
    let form = format!("district={}", day.district);
    let schools = |a: &Answer| -> usize {
        assert!(a.status.is_success(), "dashboard: {} {}", a.status, a.body);
        let v: serde_json::Value = serde_json::from_str(&a.body).expect("json");
        v["schools"].as_array().expect("schools").len()
    };
    let replay = |what: &'static str| {
        let replica = &c.replica;
        async move {
            replica.execute_unprepared(&format!("SELECT pg_wal_replay_{what}()")).await.expect("replay");
        }
    };
    for s in &c.servers {
        assert_eq!(schools(&s.call("bureau_dashboard", &form, &headers).await), 1);
    }
    replay("pause").await;
    domain::setup::add_school(&c.db.write, "d-cluster-a", "第二小学", domain::org::SchoolKind::District, "", chrono::Utc::now()).await.expect("school");
    for s in &c.servers {
        assert_eq!(schools(&s.call("bureau_dashboard", &form, &headers).await), 1, "{} read the paused replica", s.base);
    }
    replay("resume").await;
    let caught_up = common::eventually(async || {
        let mut all = true;
        for s in &c.servers {
            all &= schools(&s.call("bureau_dashboard", &form, &headers).await) == 2;
        }
        all.then_some(())
    })
    .await;
    assert!(caught_up.is_some(), "the replica caught up and every dashboard shows the new school");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_servers_behind_nginx_share_everything_and_lose_nothing() {
    if std::env::var("BEILEI_TEST_CLUSTER").ok().as_deref() != Some("1") {
        eprintln!("skipped: BEILEI_TEST_CLUSTER=1 runs it (nginx and PostgreSQL installed; scripts/test.sh does)");
        return;
    }
    let c = Cluster::start().await;
    let a = registration_day_at(&c.db, "cluster-a", 1000, 100).await;
    let b = registration_day_at(&c.db, "cluster-b", 3000, 3000).await;

    let (requests, batches) = (c.figures("http_requests_total").await, c.figures("group_commit_batch_size_count").await);
    sessions_and_limits(&c, &a).await;
    idempotency(&c, &a).await;
    places_and_reviews(&c, &a).await;
    let (requests_after, batches_after) = (c.figures("http_requests_total").await, c.figures("group_commit_batch_size_count").await);
    for i in 0..3 {
        assert!(requests_after[i] > requests[i], "server {} counted requests: {requests:?} -> {requests_after:?}", i + 1);
        assert!(batches_after[i] > batches[i], "server {} counted group commits: {batches:?} -> {batches_after:?}", i + 1);
    }
    let waited = c.figures("group_commit_wait_seconds_count").await;
    assert!(waited.iter().all(|n| *n > 0.0), "each server timed its applications' wait: {waited:?}");

    failover(&c, &b).await;
    dashboards_read_the_replica(&c, &a).await;
    assert!(c.figures("audit_chain_length").await.iter().all(|n| *n > 4000.0), "every server reads the one chain");

    clock(&c).await;

    // The public gets no figures: not through the balancer, not from a
    // server's own address, not with a made-up token.
    for site in [&c.front, &c.servers[0]] {
        for auth in [None, Some("Bearer 0123456789abcdef0123")] {
            let headers: Vec<(&str, &str)> = auth.map(|v| ("authorization", v)).into_iter().collect();
            let a = site.get("/metrics", &headers).await;
            assert_eq!(a.status, http::StatusCode::NOT_FOUND, "{} /metrics", site.base);
            assert!(!a.body.contains("http_requests_total"), "{} /metrics shows nothing", site.base);
        }
    }
}
