//! The second round of attacks from outside, over real HTTP against the
//! real server and its database (a SQLite file, or PostgreSQL): hostile
//! files at every upload route, alone and while families apply; dates at
//! the ends of the calendar; calendar edits racing; probes for accounts;
//! and the addresses and headers the server hands out.
mod common;
use base64::Engine;
use chrono::Utc;
use common::{Answer, Live, Site, enc, enter, multipart, terms};
use domain::authz::Role;
use domain::testing::{Side, TEST_PASSWORD, World};
use futures::future::join_all;
use http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::io::Write;

fn login(side: &Side, role: Role) -> String {
    side.actors.iter().find(|(r, _, _)| *r == role).map(|(_, l, _)| l.clone()).expect("login")
}

/// What aborted the server: an iCalendar file of thousands of nested
/// components (about 40 KB).
fn nested_ics() -> Vec<u8> {
    ("BEGIN:VCALENDAR\n".to_string() + &"BEGIN:VEVENT\n".repeat(3_000)).into_bytes()
}

/// A spreadsheet whose sheet nests XML elements a hundred thousand deep.
fn nested_xlsx() -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut out);
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let sheet = format!("<worksheet><sheetData>{}{}</sheetData></worksheet>", "<row><c>".repeat(100_000), "</c></row>".repeat(100_000));
    for (name, body) in [
        ("[Content_Types].xml", "<Types/>".to_string()),
        ("xl/workbook.xml", "<workbook><sheets><sheet name=\"a\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>".to_string()),
        ("xl/worksheets/sheet1.xml", sheet),
    ] {
        z.start_file(name, opts).expect("entry");
        z.write_all(body.as_bytes()).expect("write");
    }
    z.finish().expect("zip");
    out.into_inner()
}

fn b64(bytes: &[u8]) -> String {
    enc(&base64::engine::general_purpose::STANDARD.encode(bytes))
}

/// Everyone an upload route needs: the school's admin and the bureau
/// (calendars, roster, bank statement), a guardian with an application that
/// declared a waiver (proof, pickup photo), a vendor and an open tender
/// (bid documents).
struct Uploads {
    admin: String,
    bureau: String,
    parent: String,
    vendor: String,
    school: i64,
    district: i64,
    child: i64,
    guardian: i64,
    application: i64,
    tender: i64,
}

async fn uploads(live: &Live) -> Uploads {
    use domain::enrolment::{applications, plan};
    let db = &live.db;
    let w = World::build(db).await;
    domain::policy::publish(&db.write, w.a.district, chrono::NaiveDate::from_ymd_opt(2021, 1, 1).expect("d"), &domain::policy::preset("002").expect("p"), chrono::Utc::now()).await.expect("policy");
    let admin = w.a.actor(Role::SchoolAdmin);
    let p = plan::save_draft(&db.with(&admin), w.a.school, None, domain::testing::seed_plan("002", 10_000)).await.expect("draft");
    plan::publish(&db.with(&admin), p).await.expect("publish");
    let declaration = wire::enrolment::Declaration { waiver_claimed: true, ..Default::default() };
    let new = applications::NewApplication { plan: p, student: w.a.student, declaration, idempotency_key: "k".into() };
    let application = applications::apply(&db.write, &w.a.actor(Role::Parent), new, chrono::Utc::now()).await.expect("apply");
    let now = Utc::now();
    enter(db, &w, &w.a, now).await;
    let tender = domain::tender::board::create(&db.at(&admin, now), w.a.school, terms(now)).await.expect("tender");
    Uploads {
        admin: live.sign_in(&login(&w.a, Role::SchoolAdmin), TEST_PASSWORD).await,
        bureau: live.sign_in(&login(&w.a, Role::BureauOfficial), TEST_PASSWORD).await,
        parent: live.sign_in(&login(&w.a, Role::Parent), TEST_PASSWORD).await,
        vendor: live.sign_in(&login(&w.a, Role::Vendor), TEST_PASSWORD).await,
        school: w.a.school.0,
        district: w.a.district.0,
        child: w.a.student.0,
        guardian: w.a.guardian.0,
        application: application.0,
        tender: tender.0,
    }
}

/// `file` sent to every upload route of the server, as each route's own
/// user: (route, status).
async fn to_every_upload_route(site: &Site, u: &Uploads, file: &[u8], name: &str) -> Vec<(String, StatusCode)> {
    let content = b64(file);
    let calls = [
        ("import_calendar", format!("school={}&content={content}", u.school), &u.admin),
        ("import_calendar", format!("district={}&content={content}", u.district), &u.bureau),
        ("roster", format!("school={}&import=true&file_name={name}&content={content}", u.school), &u.admin),
        ("bank_statement", format!("school={}&import=true&file_name={name}&content={content}", u.school), &u.admin),
        ("attach_proof", format!("application={}&kind=waiver&pdf=false&content={content}", u.application), &u.parent),
        ("attach_proof", format!("application={}&kind=waiver&pdf=true&content={content}", u.application), &u.parent),
        ("upload_pickup_photo", format!("child={}&collector=g{}&content={content}", u.child, u.guardian), &u.parent),
    ];
    let mut out = Vec::new();
    for (endpoint, form, cookie) in calls {
        let a = site.call(endpoint, &form, &[("cookie", cookie)]).await;
        out.push((format!("{endpoint} {}", &form[..form.find("content").unwrap_or(0)]), a.status));
    }
    let boundary = "----beilei-hostile";
    let body = multipart(boundary, &[("price_yuan", "80"), ("programme", "p"), ("staff_plan", "s")], Some(file));
    let bid = site
        .client
        .post(format!("{}/tenders/{}/bid", site.base, u.tender))
        .header("content-type", format!("multipart/form-data; boundary={boundary}"))
        .header("accept", "application/json")
        .header("cookie", &u.vendor)
        .header("origin", &site.base)
        .body(body)
        .send()
        .await
        .expect("the server answers the bid");
    out.push(("bid documents".into(), bid.status()));
    out
}

fn refused(answers: &[(String, StatusCode)]) {
    for (route, status) in answers {
        assert!(matches!(*status, StatusCode::BAD_REQUEST | StatusCode::PAYLOAD_TOO_LARGE | StatusCode::UNPROCESSABLE_ENTITY), "{route}: {status}");
    }
}

async fn healthy(site: &Site) {
    let h = site.get("/healthz", &[]).await;
    assert_eq!((h.status, h.body.as_str()), (StatusCode::OK, "ok"));
}

/// The file that aborted the whole process, and other deeply nested input,
/// at every route that reads a file or a nested argument: each is refused
/// with a reason, and the server goes on.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_upload_route_refuses_a_deeply_nested_file_and_the_server_stays_up() {
    let live = Live::start(|_| {}).await;
    let u = uploads(&live).await;
    refused(&to_every_upload_route(&live, &u, &nested_ics(), "x.ics").await);
    healthy(&live).await;
    refused(&to_every_upload_route(&live, &u, &nested_xlsx(), "x.xlsx").await);
    healthy(&live).await;
    let calendar = live.call("import_calendar", &format!("school={}&content={}", u.school, b64(&nested_ics())), &[("cookie", &u.admin)]).await;
    assert!(calendar.body.contains("too_deep"), "the reason is named: {}", calendar.body);
    // A JSON argument nested far past serde_json's limit, and form keys
    // nested thousands deep.
    let deep_json = format!(r#"{{"school":{},"plan":null,"content":{}{}}}"#, u.school, "[".repeat(50_000), "]".repeat(50_000));
    let a = live.client.post(format!("{}/api/save_plan", live.base)).header("content-type", "application/json").header("cookie", &u.admin).body(deep_json).send().await.expect("answered");
    assert_eq!(a.status(), StatusCode::BAD_REQUEST);
    let deep_form = format!("school={}&{}=1", u.school, "a%5Bb%5D".repeat(5_000));
    assert!(live.call("rooms_and_staff", &deep_form, &[("cookie", &u.admin)]).await.status.is_success(), "nested keys beyond a few levels are one flat key");
    healthy(&live).await;
    // Nothing was stored.
    assert_eq!(domain::entities::calendar_day::Entity::find().count(&live.db.read).await.expect("n"), 0);
    assert_eq!(domain::entities::status_claim::Entity::find().count(&live.db.read).await.expect("n"), 0);
}

/// An attacker sends hostile files to every parser at once, over and over,
/// while a school's families apply on registration day: the server stays
/// up, and every application it acknowledged is stored.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn hostile_uploads_at_once_while_families_apply() {
    let live = Live::start(|_| {}).await;
    let u = uploads(&live).await;
    let day = domain::testing::registration_day_at(&live.db, "reg", 240, 240).await;
    let files = [(nested_ics(), "x.ics"), (nested_xlsx(), "x.xlsx")];
    let attacker = async {
        let rounds = (0..6).map(|i| {
            let (live, u, (file, name)) = (&live, &u, &files[i % 2]);
            async move { to_every_upload_route(live, u, file, name).await }
        });
        join_all(rounds).await
    };
    let families = async {
        let tries = (0..day.families.len()).map(|i| {
            let (cookie, form) = day.apply_request(i, &format!("reg-{i}"));
            let live = &live;
            async move { live.call("apply", &form, &[("cookie", &cookie)]).await }
        });
        join_all(tries).await
    };
    let (attacks, answers): (Vec<Vec<(String, StatusCode)>>, Vec<Answer>) = tokio::join!(attacker, families);
    for round in &attacks {
        refused(round);
    }
    let ok = answers.iter().filter(|a| a.status == StatusCode::OK).count();
    assert_eq!(ok, day.families.len(), "{:?}", answers.iter().filter(|a| a.status != StatusCode::OK).map(|a| (a.status, a.body.clone())).collect::<Vec<_>>());
    let stored = domain::entities::application::Entity::find().filter(domain::entities::application::Column::PlanId.eq(day.plan.0)).count(&live.db.read).await.expect("n");
    assert_eq!(stored as usize, ok, "every acknowledged application is stored");
    healthy(&live).await;
}

/// Weeks, days and years at the ends of chrono's calendar, through the
/// server functions and the pages that take them: refused with a reason
/// (or shown as one on the page), never a dropped connection or a request
/// that never ends.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn dates_at_the_ends_of_the_calendar_are_refused_not_panicked_on() {
    let live = Live::start(|_| {}).await;
    let w = World::build(&live.db).await;
    let staff = live.sign_in(&login(&w.a, Role::ServiceStaff), TEST_PASSWORD).await;
    let parent = live.sign_in(&login(&w.a, Role::Parent), TEST_PASSWORD).await;
    let admin = live.sign_in(&login(&w.a, Role::SchoolAdmin), TEST_PASSWORD).await;
    let bureau = live.sign_in(&login(&w.a, Role::BureauOfficial), TEST_PASSWORD).await;
    for day in ["-262143-01-01", "%2B262142-12-31", "1999-12-31", "2101-01-01"] {
        for (endpoint, form, cookie) in [
            ("my_week", format!("week={day}"), &staff),
            ("child_care", format!("child={}&week={day}", w.a.student), &parent),
            ("day_at_school", format!("school={}&day={day}", w.a.school), &admin),
            ("set_duty_leader", format!("school={}&on={day}&staff=1", w.a.school), &admin),
        ] {
            let a = live.call(endpoint, &form, &[("cookie", cookie)]).await;
            assert!(matches!(a.status, StatusCode::UNPROCESSABLE_ENTITY | StatusCode::BAD_REQUEST), "{endpoint} {day}: {} {}", a.status, a.body);
        }
        for (page, cookie) in [
            (format!("/my/timetable?week={day}"), &staff),
            (format!("/children/{}?week={day}", w.a.student), &parent),
            (format!("/school/{}/pickups?day={day}", w.a.school), &admin),
        ] {
            let a = live.get(&page, &[("cookie", cookie)]).await;
            assert!(a.status.is_success() || a.status.is_client_error(), "{page}: {}", a.status);
        }
    }
    let edge = live.call("my_week", "week=-262143-01-01", &[("cookie", &staff)]).await;
    assert!(edge.body.contains("outside_years"), "{}", edge.body);
    for year in ["262142", "-262143", "1999"] {
        let a = tokio::time::timeout(std::time::Duration::from_secs(20), live.call("subsidy_year", &format!("district={}&year={year}", w.a.district), &[("cookie", &bureau)])).await.expect("answered in time");
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{year}: {}", a.body);
        let x = tokio::time::timeout(std::time::Duration::from_secs(20), live.get(&format!("/bureau/{}/subsidy.xlsx?year={year}", w.a.district), &[("cookie", &bureau)])).await.expect("answered in time");
        assert_eq!(x.status, StatusCode::BAD_REQUEST);
    }
    healthy(&live).await;
}

/// Importing a calendar while a make-up weekday is chosen, at the school and
/// at the district, many at once: every answer is a success or a refusal
/// (the day the choice named was replaced), never a server error, and the
/// calendar holds each day once.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn calendar_edits_at_once_take_turns() {
    let live = Live::start(|_| {}).await;
    let w = World::build(&live.db).await;
    let admin = live.sign_in(&login(&w.a, Role::SchoolAdmin), TEST_PASSWORD).await;
    let bureau = live.sign_in(&login(&w.a, Role::BureauOfficial), TEST_PASSWORD).await;
    for (scope, cookie) in [(format!("school={}", w.a.school), &admin), (format!("district={}", w.a.district), &bureau)] {
        assert_eq!(live.call("import_shipped_calendar", &format!("{scope}&year=2026"), &[("cookie", cookie)]).await.status, StatusCode::OK);
        for _ in 0..3 {
            let make_up: Vec<i64> = domain::entities::calendar_day::Entity::find()
                .filter(domain::entities::calendar_day::Column::Kind.eq("make_up_workday"))
                .all(&live.db.read)
                .await
                .expect("days")
                .into_iter()
                .filter(|d| d.school_id.is_some() == scope.starts_with("school"))
                .map(|d| d.id)
                .collect();
            let imports = (0..6).map(|_| {
                let (live, scope, cookie) = (&live, scope.clone(), cookie);
                async move { live.call("import_shipped_calendar", &format!("{scope}&year=2026"), &[("cookie", cookie)]).await }
            });
            let choices = make_up.iter().cycle().take(12).enumerate().map(|(i, day)| {
                let (live, cookie) = (&live, cookie);
                async move { live.call("set_make_up_weekday", &format!("day={day}&weekday={}", i % 5 + 1), &[("cookie", cookie)]).await }
            });
            let (a, b) = tokio::join!(join_all(imports), join_all(choices));
            for x in a.iter().chain(&b) {
                assert!(matches!(x.status, StatusCode::OK | StatusCode::NOT_FOUND), "{scope}: {} {}", x.status, x.body);
            }
        }
    }
    let days = domain::entities::calendar_day::Entity::find().all(&live.db.read).await.expect("days");
    let mut seen = std::collections::HashSet::new();
    assert!(days.iter().all(|d| seen.insert((d.school_id, d.day))), "each day once per calendar");
}

/// Nothing an anonymous caller sends tells whether an account exists: the
/// vendor registration asks for a texted code before anything else, and
/// answers a phone with an account as one without.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn registering_a_vendor_reveals_no_account() {
    let live = Live::start(|_| {}).await;
    let w = World::build(&live.db).await;
    let taken = "13700000099";
    let new = domain::auth::NewAccount { phone: Some(domain::auth::Phone::parse(taken).expect("phone")), username: None, display_name: "x".into(), password: domain::auth::password::Password::new("long enough 1").expect("pw") };
    domain::auth::create_account(&live.db.write, None, new, &[], chrono::Utc::now()).await.expect("an existing account");
    let city = domain::entities::district::Entity::find_by_id(w.a.district.0).one(&live.db.read).await.expect("q").expect("d").city_id;
    let form = |phone: &str| format!("vendor%5Bcity%5D={city}&vendor%5Bname%5D=x&vendor%5Bcredit_code%5D=91530300MA6K00000X&vendor%5Bkind%5D=after_school&vendor%5Bphone%5D={phone}&vendor%5Bcode%5D=123456&vendor%5Bpassword%5D=long%20enough%201");
    let a = live.call("register_vendor", &form(taken), &[]).await;
    let b = live.call("register_vendor", &form("13700000098"), &[]).await;
    assert_eq!((a.status, a.body.clone()), (b.status, b.body.clone()));
    // The old form's chosen user name is no longer a field to probe.
    let named = live.call("register_vendor", &format!("{}&vendor%5Blogin%5D=school-0-a", form("13700000097")), &[]).await;
    assert_eq!((named.status, named.body), (b.status, b.body));
    // Adding staff by an account's name links nothing.
    let admin = live.sign_in(&login(&w.a, Role::SchoolAdmin), TEST_PASSWORD).await;
    let vendor_login = login(&w.b, Role::Vendor);
    let add = live.call("add_staff", &format!("school={}&person%5Bkind%5D=teacher&person%5Bname%5D=x&person%5Bphone%5D=13700000096&person%5Bsign_in%5D={vendor_login}", w.a.school), &[("cookie", &admin)]).await;
    assert_eq!(add.status, StatusCode::OK, "{}", add.body);
    let person = domain::entities::staff::Entity::find().one(&live.db.read).await.expect("q").expect("staff");
    assert_eq!(person.account_id, None, "nobody is linked without accepting an invitation");
}

/// HSTS wherever the site is reached over HTTPS; QR codes and open data
/// built on the configured public address, never on the `Host` a request
/// names, and not at all without one.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn addresses_come_from_the_configuration_and_https_is_remembered() {
    let bare = Live::start(|c| c.trust_forwarded_for = true).await;
    let w = World::build(&bare.db).await;
    let now = Utc::now();
    let t = domain::tender::board::create(&bare.db.at(&w.a.actor(Role::SchoolAdmin), now), w.a.school, terms(now)).await.expect("tender");
    assert!(!bare.get("/", &[]).await.headers.contains_key("strict-transport-security"), "not over plain http");
    let proxied = bare.get("/", &[("x-forwarded-proto", "https")]).await;
    assert_eq!(proxied.headers["strict-transport-security"], server::middleware::HSTS);
    for path in [format!("/schools/{}/qr.svg", w.a.school), format!("/tenders/{t}/ocds.json")] {
        let a = bare.get(&path, &[("host", "evil.example")]).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{path}: no public address, no absolute address");
    }

    let site = Live::start(|c| c.public_url = "https://beilei.example.cn".into()).await;
    let w = World::build(&site.db).await;
    let t = domain::tender::board::create(&site.db.at(&w.a.actor(Role::SchoolAdmin), now), w.a.school, terms(now)).await.expect("tender");
    assert_eq!(site.get("/", &[]).await.headers["strict-transport-security"], server::middleware::HSTS);
    let qr = format!("/schools/{}/qr.svg", w.a.school);
    let (honest, forged) = (site.get(&qr, &[]).await, site.get(&qr, &[("host", "evil.example")]).await);
    assert_eq!(honest.status, StatusCode::OK);
    assert_eq!(honest.body, forged.body, "the code is the same whatever Host says");
    let ocds = site.get(&format!("/tenders/{t}/ocds.json"), &[("host", "evil.example")]).await;
    assert_eq!(ocds.status, StatusCode::OK);
    assert!(ocds.body.contains("https://beilei.example.cn/tenders/") && !ocds.body.contains("evil.example"), "{}", ocds.body);
}
