//! Sealed bids seen from outside the domain: vendors bid over HTTP with a
//! PDF, and before the opening neither the database file, nor the server's
//! log, nor any page or export the school, its committee or the bureau can
//! open shows a bid's content or who bid.
mod common;

use chrono::{Duration, Utc};
use common::Live;
use domain::authz::{Panel, Role};
use domain::testing::{TEST_PASSWORD, World};
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
use wire::tender::{Criterion, DocumentKind, NewDocument, NewTender, TenderService};

#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<u8>>>);

impl Write for Log {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Everything the server logs, at every level.
fn log() -> &'static Log {
    static LOG: OnceLock<Log> = OnceLock::new();
    LOG.get_or_init(|| {
        let log = Log::default();
        let writer = log.clone();
        tracing_subscriber::fmt().with_max_level(tracing::Level::TRACE).with_ansi(false).with_writer(move || writer.clone()).init();
        log
    })
}

fn login(side: &domain::testing::Side, pick: impl Fn(&domain::authz::Actor) -> bool, role: Role) -> String {
    side.actors.iter().find(|(r, _, a)| *r == role && pick(a)).map(|(_, l, _)| l.clone()).expect("login")
}

fn multipart(boundary: &str, fields: &[(&str, &str)], pdf: Option<&[u8]>) -> Vec<u8> {
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

#[tokio::test]
async fn before_the_opening_no_file_log_page_or_export_shows_a_bid() {
    let log = log();
    let live = Live::start(|_| {}).await;
    let db = &live.db;
    let w = World::build(db).await;
    let now = Utc::now();
    let bureau = w.a.actor(Role::BureauOfficial);
    let vendors = [(&w.a, "PROGRAMME-ALPHA-7731"), (&w.near, "PROGRAMME-BRAVO-7732"), (&w.next_door, "PROGRAMME-CHARLIE-7733")];
    for (side, _) in vendors {
        let v = side.actor(Role::Vendor);
        let doc = NewDocument { kind: DocumentKind::BusinessLicence, number: "91X".into(), expires_on: chrono::NaiveDate::from_ymd_opt(2099, 1, 1).expect("d") };
        domain::tender::vendors::add_document(&db.write, &v, doc, now).await.expect("doc");
        let e = domain::tender::vendors::request_entry(&db.write, &v, w.a.district, now).await.expect("entry");
        domain::tender::vendors::decide_entry(&db.write, &bureau, e, true, "", now).await.expect("approved");
    }
    let local = |t: chrono::DateTime<Utc>| t.with_timezone(&domain::clock::SCHOOL_ZONE).format("%Y-%m-%dT%H:%M").to_string();
    let terms = NewTender {
        title: "春季课后服务招标".into(),
        service: TenderService::AfterSchool,
        requirements: "每周五天".into(),
        criteria: vec![Criterion { name: "价格".into(), weight: 100 }],
        estimate_yuan: "90".into(),
        whole_service: None,
        bid_deadline: local(now + Duration::days(2)),
        opening_at: local(now + Duration::days(2) + Duration::hours(1)),
    };
    let t = domain::tender::board::create(&db.write, &w.a.actor(Role::SchoolAdmin), w.a.school, terms, now).await.expect("tender");

    // Three vendors bid over HTTP, the first with a PDF.
    let boundary = "----beilei-test-boundary";
    let pdf = b"%PDF-1.4\nPDF-CONTENT-MARKER-5521\n%%EOF".to_vec();
    for (i, (side, programme)) in vendors.iter().enumerate() {
        let cookie = live.sign_in(&login(side, |_| true, Role::Vendor), TEST_PASSWORD).await;
        let staff = format!("STAFFPLAN-{i}-8841");
        let body = multipart(boundary, &[("price_yuan", &format!("8{i}.25")), ("programme", programme), ("staff_plan", &staff)], (i == 0).then_some(&pdf[..]));
        let res = live
            .client
            .post(format!("{}/tenders/{t}/bid", live.base))
            .header("content-type", format!("multipart/form-data; boundary={boundary}"))
            .header("accept", "application/json")
            .header("cookie", &cookie)
            .header("origin", &live.base)
            .body(body)
            .send()
            .await
            .expect("bid");
        let status = res.status();
        let receipt: serde_json::Value = res.json().await.expect("receipt");
        assert!(status.is_success(), "{status} {receipt}");
        assert_eq!(receipt["commitment"].as_str().map(str::len), Some(64), "{receipt}");
    }
    // A bid that is not a PDF is refused with a reason, and changes nothing.
    let cookie = live.sign_in(&login(&w.a, |_| true, Role::Vendor), TEST_PASSWORD).await;
    let res = live
        .client
        .post(format!("{}/tenders/{t}/bid", live.base))
        .header("content-type", format!("multipart/form-data; boundary={boundary}"))
        .header("accept", "application/json")
        .header("cookie", &cookie)
        .header("origin", &live.base)
        .body(multipart(boundary, &[("price_yuan", "70"), ("programme", "x"), ("staff_plan", "y")], Some(b"GIF89a")))
        .send()
        .await
        .expect("bid");
    assert_eq!(res.status(), 400);
    assert_eq!(res.json::<serde_json::Value>().await.expect("json")["rule"], "not_pdf");

    let secrets: Vec<String> = vendors.iter().map(|(_, p)| p.to_string()).chain((0..3).map(|i| format!("STAFFPLAN-{i}-8841"))).chain(["PDF-CONTENT-MARKER-5521".into()]).collect();
    let mut names = Vec::new();
    for side in [&w.a, &w.near, &w.next_door] {
        use sea_orm::EntityTrait;
        names.push(domain::entities::vendor::Entity::find_by_id(side.vendor.0).one(&db.read).await.expect("q").expect("vendor").name);
    }

    // Every page and export of the school, its committee and the bureau.
    let readers = [
        login(&w.a, |_| true, Role::SchoolAdmin),
        login(&w.a, |a| a.grants.iter().any(|g| g.panel == Some(Panel::PriceInquiry)), Role::FamilyCommittee),
        login(&w.a, |a| a.grants.iter().any(|g| g.panel == Some(Panel::Supervision)), Role::FamilyCommittee),
        login(&w.a, |_| true, Role::BureauOfficial),
    ];
    let pages = [
        format!("/tenders/{t}"),
        format!("/school/{}/tenders", w.a.school),
        "/tenders".to_string(),
        format!("/tenders/{t}/ocds.json"),
        format!("/bureau/{}", w.a.district),
        format!("/school/{}", w.a.school),
        "/".to_string(),
    ];
    for who in &readers {
        let cookie = live.sign_in(who, TEST_PASSWORD).await;
        for page in &pages {
            let a = live.get(page, &[("cookie", &cookie)]).await;
            for s in secrets.iter().chain(&names) {
                assert!(!a.body.contains(s.as_str()), "{who} saw {s} on {page}");
            }
        }
        for call in [("tender_page", format!("tender={t}")), ("tender_board", format!("school={}", w.a.school)), ("public_tenders", String::new())] {
            let a = live.call(call.0, &call.1, &[("cookie", &cookie)]).await;
            for s in secrets.iter().chain(&names) {
                assert!(!a.body.contains(s.as_str()), "{who} saw {s} through {}", call.0);
            }
        }
        // The bureau's vendor desk names the vendors of the registry, never as bidders.
        let desk = live.get(&format!("/bureau/{}/vendors", w.a.district), &[("cookie", &cookie)]).await;
        assert!(secrets.iter().all(|s| !desk.body.contains(s.as_str())));
    }
    // The page does show a bid, to its own bidder.
    let own = live.get(&format!("/tenders/{t}"), &[("cookie", &cookie)]).await;
    assert!(own.body.contains("PROGRAMME-ALPHA-7731") && !own.body.contains("PROGRAMME-BRAVO-7732"), "{}", own.status);
    let a = live.get(&format!("/tenders/{t}/documents/1/1"), &[("cookie", &live.sign_in(&readers[0], TEST_PASSWORD).await)]).await;
    assert_eq!(a.status, 404, "no document before the opening");

    // The database file (with its write-ahead log) holds no bid in clear, and
    // nothing there ties a sealed bid to its vendor.
    let dir = live._dir.path();
    let mut raw = Vec::new();
    for f in ["beilei.db", "beilei.db-wal", "beilei.db-shm"] {
        raw.extend(std::fs::read(dir.join(f)).unwrap_or_default());
    }
    if !raw.is_empty() {
        for s in &secrets {
            assert!(!raw.windows(s.len()).any(|w| w == s.as_bytes()), "{s} in the database file");
        }
    }
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let rows = domain::entities::bid::Entity::find().filter(domain::entities::bid::Column::TenderId.eq(t.0)).all(&db.read).await.expect("bids");
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|b| b.vendor_id.is_none() && b.opened.is_none()));
    let events = domain::entities::audit_event::Entity::find().filter(domain::entities::audit_event::Column::Action.eq("bid.sealed")).all(&db.read).await.expect("events");
    assert_eq!(events.len(), 3);
    assert!(events.iter().all(|e| e.actor_account_id.is_none()), "the chain names no bidder");
    // The key is beside the database, not in it, and only its owner reads it.
    let key = dir.join("bid.key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&key).expect("key file").permissions().mode() & 0o777, 0o600);
    }

    // The server's log, at every level.
    let text = String::from_utf8_lossy(&log.0.lock().expect("log")).into_owned();
    assert!(text.contains("tenders"), "the log was captured");
    for s in secrets.iter().chain(&names) {
        assert!(!text.contains(s.as_str()), "{s} in the server's log");
    }
}
