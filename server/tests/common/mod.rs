//! What the server test binaries share: a fresh database per test (a SQLite
//! file, or a new PostgreSQL database when `BEILEI_TEST_POSTGRES` is set),
//! and the real server listening on a loopback port for tests that need many
//! connections at once.
#![allow(dead_code)]
use leptos::prelude::LeptosOptions;
use server::config::Config;
use server::startup::Application;

pub async fn database_url(dir: &tempfile::TempDir) -> String {
    match std::env::var("BEILEI_TEST_POSTGRES") {
        Ok(server) if !server.is_empty() => domain::testing::fresh_postgres_database(&server).await,
        _ => format!("sqlite://{}/beilei.db", dir.path().display()),
    }
}

/// What `probe` finds within five seconds, asking every 100 ms: for work
/// the server finishes after it has answered (the outbox's dispatcher).
pub async fn eventually<T>(mut probe: impl AsyncFnMut() -> Option<T>) -> Option<T> {
    for _ in 0..50 {
        if let Some(found) = probe().await {
            return Some(found);
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    None
}

/// Leptos options for a server on port 0 serving `dir`.
pub fn leptos_options(dir: &tempfile::TempDir) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("beilei")
        .site_root(dir.path().to_string_lossy().to_string())
        .site_addr("127.0.0.1:0".parse::<std::net::SocketAddr>().expect("addr"))
        .build()
}

/// The real server, serving on a loopback port until the test ends.
pub struct Live {
    pub site: Site,
    pub db: domain::Db,
    /// The private metrics listener's address, where configured.
    pub metrics: Option<std::net::SocketAddr>,
    pub _dir: tempfile::TempDir,
}

impl std::ops::Deref for Live {
    type Target = Site;
    fn deref(&self) -> &Site {
        &self.site
    }
}

/// A server (or a load balancer) reached over HTTP at `base`.
#[derive(Clone)]
pub struct Site {
    pub base: String,
    pub client: reqwest::Client,
}

pub struct Answer {
    pub status: http::StatusCode,
    pub headers: http::HeaderMap,
    pub body: String,
}

impl Live {
    /// Starts a server with the default configuration, changed by `adjust`.
    pub async fn start(adjust: impl FnOnce(&mut Config)) -> Live {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = database_url(&dir).await;
        let mut config = Config { database_url: url.clone(), bid_key_file: dir.path().join("bid.key").display().to_string(), ..Config::default() };
        adjust(&mut config);
        let url = config.database_url.clone();
        let app = Application::build(config, leptos_options(&dir)).await.expect("app");
        let base = format!("http://{}", app.local_addr());
        let metrics = app.metrics_addr();
        tokio::spawn(app.run_until(std::future::pending()));
        let db = domain::Db::connect(&url).await.expect("db");
        Live { site: Site::at(base), db, metrics, _dir: dir }
    }
}

impl Site {
    pub fn at(base: impl Into<String>) -> Site {
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
        Site { base: base.into(), client }
    }

    /// Posts a form to a server function, as the hydrated app does.
    pub async fn call(&self, endpoint: &str, form: &str, headers: &[(&str, &str)]) -> Answer {
        let mut req = self
            .client
            .post(format!("{}/api/{endpoint}", self.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .body(form.to_string());
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        answer(req.send().await.expect("response")).await
    }

    pub async fn get(&self, path: &str, headers: &[(&str, &str)]) -> Answer {
        let mut req = self.client.get(format!("{}{path}", self.base));
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        answer(req.send().await.expect("response")).await
    }

    /// Signs in; the `Cookie` header value for later requests.
    pub async fn sign_in(&self, login: &str, password: &str) -> String {
        let a = self.call("sign_in", &format!("identifier={}&password={}", enc(login), enc(password)), &[]).await;
        assert!(a.status.is_success() || a.status.is_redirection(), "sign in {login}: {} {}", a.status, a.body);
        cookie_of(&a)
    }
}

async fn answer(res: reqwest::Response) -> Answer {
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.text().await.unwrap_or_default();
    Answer { status, headers, body }
}

/// The session cookie a response set, as a `Cookie` header value.
pub fn cookie_of(a: &Answer) -> String {
    let set = a.headers.get(http::header::SET_COOKIE).expect("cookie").to_str().expect("ascii");
    set.split(';').next().expect("pair").to_string()
}

pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A school's vendor entered into the school's district, with a licence.
pub async fn enter(db: &domain::Db, w: &domain::testing::World, side: &domain::testing::Side, now: chrono::DateTime<chrono::Utc>) {
    use domain::authz::Role;
    use domain::tender::vendors;
    use wire::tender::{DocumentKind, NewDocument};
    let v = side.actor(Role::Vendor);
    let doc = NewDocument { kind: DocumentKind::BusinessLicence, number: "91X".into(), expires_on: chrono::NaiveDate::from_ymd_opt(2099, 1, 1).expect("d") };
    vendors::add_document(&db.at(&v, now), doc).await.expect("doc");
    let e = vendors::request_entry(&db.at(&v, now), w.a.district).await.expect("entry");
    vendors::decide_entry(&db.at(&w.a.actor(Role::BureauOfficial), now), e, true, "").await.expect("approved");
}

/// Terms of a one-criterion tender whose bids are due a day after `from`.
pub fn terms(from: chrono::DateTime<chrono::Utc>) -> wire::tender::NewTender {
    use chrono::{Duration, Utc};
    use wire::tender::{Criterion, NewTender, TenderService};
    let local = |t: chrono::DateTime<Utc>| t.with_timezone(&domain::clock::SCHOOL_ZONE).format("%Y-%m-%dT%H:%M").to_string();
    NewTender {
        title: "春季课后服务招标".into(),
        service: TenderService::AfterSchool,
        requirements: "每周五天".into(),
        criteria: vec![Criterion { name: "价格".into(), weight: 100 }],
        estimate_yuan: "90".into(),
        whole_service: None,
        bid_deadline: local(from + Duration::days(1)),
        opening_at: local(from + Duration::days(1) + Duration::hours(1)),
    }
}

pub fn multipart(boundary: &str, fields: &[(&str, &str)], pdf: Option<&[u8]>) -> Vec<u8> {
    use std::io::Write;
    let mut body = Vec::new();
    for (name, value) in fields {
        write!(body, "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").expect("w");
    }
    if let Some(bytes) = pdf {
        write!(body, "--{boundary}\r\nContent-Disposition: form-data; name=\"documents\"; filename=\"licence.pdf\"\r\nContent-Type: application/pdf\r\n\r\n").expect("w");
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    write!(body, "--{boundary}--\r\n").expect("w");
    body
}
