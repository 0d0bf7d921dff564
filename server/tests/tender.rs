//! Sealed bids seen from outside the domain: vendors bid over HTTP with a
//! PDF, and before the opening neither the database file, nor the server's
//! log, nor any page or export the school, its committee or the bureau can
//! open shows a bid's content or who bid.
mod common;

use chrono::{Duration, Utc};
use common::{Live, enter, multipart, terms};
use domain::authz::{Panel, Role};
use domain::testing::{TEST_PASSWORD, World};
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

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

#[tokio::test]
async fn before_the_opening_no_file_log_page_or_export_shows_a_bid() {
    let log = log();
    let live = Live::start(|_| {}).await;
    let db = &live.db;
    let w = World::build(db).await;
    let now = Utc::now();
    let vendors = [(&w.a, "PROGRAMME-ALPHA-7731"), (&w.near, "PROGRAMME-BRAVO-7732"), (&w.next_door, "PROGRAMME-CHARLIE-7733")];
    for (side, _) in vendors {
        enter(db, &w, side, now).await;
    }
    let t = domain::tender::board::create(&live.db.at(&w.a.actor(Role::SchoolAdmin), now), w.a.school, terms(now)).await.expect("tender");

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

/// Every role of another district and of another school of the district,
/// and the school's own guardian and staff, against every tender endpoint
/// that is not public, with side a's real ids; the public tender page shows
/// them no bid.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_tender_endpoint_refuses_every_outsider() {
    use domain::tender::{award, bids, board, contracts, evaluation, opening, vendors};
    use http::StatusCode;
    let live = Live::start(|_| {}).await;
    let key = domain::tender::BidKey::load_or_create(&live._dir.path().join("bid.key")).expect("the server's key");
    let w = World::build(&live.db).await;
    let now = Utc::now();
    let (admin, bureau, vendor) = (w.a.actor(Role::SchoolAdmin), w.a.actor(Role::BureauOfficial), w.a.actor(Role::Vendor));
    enter(&live.db, &w, &w.a, now).await;
    let pending = vendors::request_entry(&live.db.at(&w.next_door.actor(Role::Vendor), now), w.a.district).await.expect("pending entry");
    let pick = |panel: Panel| w.a.actors.iter().find(|(r, _, a)| *r == Role::FamilyCommittee && a.grants.iter().any(|g| g.panel == Some(panel))).expect("member").2.clone();
    let (inquiry, supervision) = (pick(Panel::PriceInquiry), pick(Panel::Supervision));
    let next_inquiry = w.next_door.actors.iter().find(|(r, _, a)| *r == Role::FamilyCommittee && a.grants.iter().any(|g| g.panel == Some(Panel::PriceInquiry))).expect("m").2.clone();
    // Two tenders of a's school run to an award: one to a contract, one held in its standstill.
    let mut runs = Vec::new();
    for _ in 0..2 {
        let t = board::create(&live.db.at(&admin, now), w.a.school, terms(now)).await.expect("tender");
        let upload = domain::tender::bids::Upload { name: "a.pdf".into(), bytes: b"%PDF-1.4 SEALED-BID-PROGRAMME".to_vec() };
        bids::submit(&live.db.at(&vendor, now), &key, t, wire::tender::NewBid { price_yuan: "80".into(), programme: "SEALED-BID-PROGRAMME".into(), staff_plan: "x".into() }, vec![upload]).await.expect("bid");
        let at = now + Duration::days(2);
        opening::open(&live.db.at(&inquiry, at), &key, t).await.expect("act");
        opening::open(&live.db.at(&supervision, at), &key, t).await.expect("opened");
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let b = domain::entities::bid::Entity::find().filter(domain::entities::bid::Column::TenderId.eq(t.0)).one(&live.db.read).await.expect("q").expect("bid").id;
        for m in [&inquiry, &next_inquiry] {
            evaluation::score(&live.db.at(m, at), domain::ids::BidId(b), vec![wire::tender::CriterionScore { score: 80, reason: "x".into() }]).await.expect("score");
        }
        let aw = award::propose(&live.db.at(&admin, at), t).await.expect("award");
        runs.push((t, b, aw, at));
    }
    let (t, b, aw, at) = runs[0];
    let later = at + Duration::days(5);
    award::decide(&live.db.at(&bureau, later), aw, true, "").await.expect("approved");
    let contract = contracts::sign(&live.db.at(&admin, later), aw, domain::clock::local_date(later) + Duration::days(1), domain::clock::local_date(later) + Duration::days(90), "x").await.expect("contract");
    let (t2, _, aw2, at2) = runs[1];
    let complaint = award::complain(&live.db.at(&vendor, at2), aw2, "x").await.expect("complaint");
    let (sc, d) = (w.a.school, w.a.district);
    let city = {
        use sea_orm::EntityTrait;
        domain::entities::district::Entity::find_by_id(d.0).one(&live.db.read).await.expect("q").expect("district").city_id
    };
    let tender_form = |p: &str| {
        format!(
            "{p}%5Btitle%5D=x&{p}%5Bservice%5D=after_school&{p}%5Brequirements%5D=x&{p}%5Bcriteria%5D%5B0%5D%5Bname%5D=x&{p}%5Bcriteria%5D%5B0%5D%5Bweight%5D=100&{p}%5Bestimate_yuan%5D=90&{p}%5Bbid_deadline%5D=2030-01-01T10:00&{p}%5Bopening_at%5D=2030-01-01T11:00"
        )
    };
    let calls: Vec<(&str, String)> = vec![
        ("tender_board", format!("school={sc}")),
        ("create_tender", format!("school={sc}&{}", tender_form("tender"))),
        ("change_tender", format!("tender={t2}&{}", tender_form("terms"))),
        ("reissue_tender", format!("tender={t}&bid_deadline=2030-01-01T10:00&opening_at=2030-01-01T11:00")),
        ("withdraw_bid", format!("tender={t2}")),
        ("confirm_bid", format!("tender={t2}")),
        ("open_bids", format!("tender={t2}")),
        ("score_bid", format!("bid={b}&scores%5B0%5D%5Bscore%5D=1&scores%5B0%5D%5Breason%5D=x")),
        ("declare_relation", format!("bid={b}&note=x")),
        ("object_to_tender", format!("tender={t}&body=x")),
        ("propose_award", format!("tender={t2}")),
        ("file_complaint", format!("award={aw2}&body=x")),
        ("answer_complaint", format!("complaint={complaint}&upheld=no&answer=x")),
        ("decide_award", format!("award={aw2}&decision=approve&note=x")),
        ("sign_contract", format!("award={aw}&starts_on=2030-01-01&ends_on=2030-06-01&service=x")),
        ("evaluate_vendor", format!("contract={contract}&score=3&note=x")),
        ("end_contract", format!("contract={contract}&cause=agreement&note=x")),
        ("bar_vendor", format!("contract={contract}&reason=x")),
        ("rate_service", format!("school={sc}&service=5&staff=5&comment=")),
        ("vendor_page", format!("vendor={}", w.a.vendor)),
        ("request_entry", format!("district={d}")),
        ("decide_entry", format!("entry={pending}&decision=approve&note=x")),
        ("district_vendor_desk", format!("district={d}")),
        ("city_vendor_desk", format!("city={city}")),
    ];
    let mut outsiders: Vec<(String, Role)> = Vec::new();
    for side in [&w.b, &w.near] {
        for (role, login, _) in &side.actors {
            // The bureau and the city of a's own district rightly decide there.
            if matches!(role, Role::BureauOfficial | Role::CityOfficial) && side.district == w.a.district {
                continue;
            }
            outsiders.push((login.clone(), *role));
        }
    }
    for role in [Role::ServiceStaff, Role::ClassTeacher] {
        outsiders.push((w.a.actors.iter().find(|(r, _, _)| *r == role).expect("a").1.clone(), role));
    }
    for (who, role) in &outsiders {
        let cookie = live.sign_in(who, TEST_PASSWORD).await;
        let c = [("cookie", cookie.as_str())];
        for (endpoint, form) in &calls {
            // A vendor of a's city may ask to enter a's district.
            if *role == Role::Vendor && *endpoint == "request_entry" && !who.ends_with("-b") {
                continue;
            }
            // The school's own staff rate its service.
            if *role == Role::ServiceStaff && *endpoint == "rate_service" && w.a.actors.iter().any(|(_, l, _)| l == who) {
                continue;
            }
            let a = live.call(endpoint, form, &c).await;
            assert!(matches!(a.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND), "{who} {endpoint}: {} {}", a.status, a.body);
        }
        let a = live.get(&format!("/tenders/{t}/documents/{b}/1"), &c).await;
        assert!(matches!(a.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND), "{who} document: {}", a.status);
        let page = live.call("tender_page", &format!("tender={t}"), &c).await;
        assert!(page.status.is_success() && !page.body.contains("SEALED-BID-PROGRAMME"), "{who} saw the opened bid");
    }
    // The bidder, by contrast, reads its own opened bid.
    let cookie = live.sign_in(&w.a.actors.iter().find(|(r, _, _)| *r == Role::Vendor).expect("v").1, TEST_PASSWORD).await;
    let page = live.call("tender_page", &format!("tender={t}"), &[("cookie", cookie.as_str())]).await;
    assert!(page.body.contains("SEALED-BID-PROGRAMME"));
}

/// Two panel members act to open at the same moment, over HTTP: both acts
/// count, the bids open once. Twice the same member at once: one act.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_members_opening_at_once_open_the_bids_once() {
    use domain::tender::{bids, board};
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let live = Live::start(|_| {}).await;
    let key = domain::tender::BidKey::load_or_create(&live._dir.path().join("bid.key")).expect("the server's key");
    let w = World::build(&live.db).await;
    // The tender was issued three days ago; its opening time has passed.
    let then = Utc::now() - Duration::days(3);
    let vendor = w.a.actor(Role::Vendor);
    enter(&live.db, &w, &w.a, then).await;
    let t = board::create(&live.db.at(&w.a.actor(Role::SchoolAdmin), then), w.a.school, terms(then)).await.expect("tender");
    bids::submit(&live.db.at(&vendor, then), &key, t, wire::tender::NewBid { price_yuan: "80".into(), programme: "p".into(), staff_plan: "s".into() }, vec![]).await.expect("bid");
    let members: Vec<String> = w.a.actors.iter().chain(&w.next_door.actors).filter(|(r, _, _)| *r == Role::FamilyCommittee).map(|(_, l, _)| l.clone()).collect();
    let first = live.sign_in(&members[0], TEST_PASSWORD).await;
    let second = live.sign_in(&members[1], TEST_PASSWORD).await;
    let form = format!("tender={t}");
    let calls = [&first, &first, &second, &second].map(|c| {
        let (live, form) = (&live, form.clone());
        async move { live.call("open_bids", &form, &[("cookie", c.as_str())]).await }
    });
    let answers = futures::future::join_all(calls).await;
    let ok = answers.iter().filter(|a| a.status.is_success()).count();
    assert_eq!(ok, 2, "one act per member: {:?}", answers.iter().map(|a| (a.status, a.body.clone())).collect::<Vec<_>>());
    let opened = domain::entities::audit_event::Entity::find()
        .filter(domain::entities::audit_event::Column::Action.eq("tender.opened"))
        .count(&live.db.read)
        .await
        .expect("n");
    assert_eq!(opened, 1);
    let b = domain::entities::bid::Entity::find().filter(domain::entities::bid::Column::TenderId.eq(t.0)).one(&live.db.read).await.expect("q").expect("bid");
    assert_eq!(b.qualified, Some(true));
}

/// Before the opening a bid cannot even be counted over HTTP: every call
/// that takes a bid answers the same for each real bid as for an id that is
/// no bid, to the tender's own panel, the school, the bureau and outsiders.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn before_the_opening_no_bid_id_tells_a_bid_from_none() {
    use domain::tender::{bids, board};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let live = Live::start(|_| {}).await;
    let key = domain::tender::BidKey::load_or_create(&live._dir.path().join("bid.key")).expect("the server's key");
    let w = World::build(&live.db).await;
    let now = Utc::now();
    let t = board::create(&live.db.at(&w.a.actor(Role::SchoolAdmin), now), w.a.school, terms(now)).await.expect("tender");
    for side in [&w.a, &w.near] {
        enter(&live.db, &w, side, now).await;
        let upload = domain::tender::bids::Upload { name: "a.pdf".into(), bytes: b"%PDF-1.4 x".to_vec() };
        let bid = wire::tender::NewBid { price_yuan: "80".into(), programme: "p".into(), staff_plan: "s".into() };
        bids::submit(&live.db.at(&side.actor(Role::Vendor), now), &key, t, bid, vec![upload]).await.expect("bid");
    }
    let ids: Vec<i64> = domain::entities::bid::Entity::find().filter(domain::entities::bid::Column::TenderId.eq(t.0)).all(&live.db.read).await.expect("bids").into_iter().map(|b| b.id).collect();
    let missing = ids.iter().max().expect("bids") + 1_000;
    let mut askers: Vec<String> = w.a.actors.iter().map(|(_, l, _)| l.clone()).collect();
    askers.push(login(&w.next_door, |a| a.grants.iter().any(|g| g.panel == Some(Panel::Supervision)), Role::FamilyCommittee));
    askers.push(login(&w.b, |_| true, Role::Vendor));
    for who in &askers {
        let cookie = live.sign_in(who, TEST_PASSWORD).await;
        let c = [("cookie", cookie.as_str())];
        let answer = |b: i64| {
            let (live, c) = (&live, c);
            async move {
                let mut out = Vec::new();
                for (endpoint, form) in [
                    ("score_bid", format!("bid={b}&scores%5B0%5D%5Bscore%5D=1&scores%5B0%5D%5Breason%5D=x")),
                    ("declare_relation", format!("bid={b}&note=x")),
                    ("object_to_tender", format!("tender={t}&bid={b}&body=x")),
                ] {
                    let a = live.call(endpoint, &form, &c).await;
                    out.push((endpoint, a.status, a.body));
                }
                let d = live.get(&format!("/tenders/{t}/documents/{b}/1"), &c).await;
                out.push(("document", d.status, d.body));
                out
            }
        };
        let none = answer(missing).await;
        for b in &ids {
            assert_eq!(answer(*b).await, none, "{who} tells bid {b} from none");
        }
    }
}
