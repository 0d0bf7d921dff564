//! The bureau over real HTTP: every supervision endpoint and spreadsheet
//! tried by every role of another school and district and by nobody signed
//! in; junk and oversized input; one report reviewed from several places at
//! once; and dashboards read in parallel while their statistics are stale.
mod common;
use chrono::Utc;
use common::{Live, enc};
use domain::authz::Role;
use domain::entities::{audit_event, district, school_report, school_stat};
use domain::testing::{Side, TEST_PASSWORD, World};
use futures::future::join_all;
use http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

fn login(side: &Side, role: Role) -> String {
    side.actors.iter().find(|(r, _, _)| *r == role).map(|(_, l, _)| l.clone()).expect("login")
}

fn refused(status: StatusCode) -> bool {
    matches!(status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN | StatusCode::NOT_FOUND)
}

/// Side `s` with a published plan and its report for last month sent.
async fn with_report(live: &Live, s: &Side) -> i64 {
    use domain::enrolment::plan;
    let admin = s.actor(Role::SchoolAdmin);
    let p = plan::save_draft(&live.db.with(&admin), s.school, None, domain::testing::sample_plan(0)).await.expect("draft");
    plan::publish(&live.db.with(&admin), p).await.expect("publish");
    domain::bureau::reports::submit(&live.db.at(&admin, Utc::now()), s.school, &last_month(), "上月开展正常。").await.expect("report")
}

fn last_month() -> String {
    let first = domain::dates::month_of(domain::clock::local_date(Utc::now())).0;
    (first - chrono::Duration::days(1)).format("%Y-%m").to_string()
}

async fn city_of(live: &Live, s: &Side) -> i64 {
    district::Entity::find_by_id(s.district.0).one(&live.db.read).await.expect("q").expect("district").city_id
}

/// Every supervision endpoint aimed at `side`.
fn calls(side: &Side, report: i64, city: i64) -> Vec<(&'static str, String)> {
    let (school, district) = (side.school, side.district);
    vec![
        ("bureau_dashboard", format!("district={district}")),
        ("supervision_record", format!("school={school}")),
        ("city_view", format!("city={city}")),
        ("school_reports", format!("school={school}")),
        ("send_report", format!("school={school}&period={}&narrative=x", last_month())),
        ("reports_waiting", format!("district={district}")),
        ("review_report", format!("report={report}&accept=true&note=x")),
    ]
}

fn downloads(side: &Side) -> Vec<String> {
    vec![format!("/bureau/{}/schools.xlsx", side.district), format!("/bureau/{}/flags.xlsx", side.district)]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_supervision_endpoint_refuses_another_school_district_and_city() {
    let live = Live::start(|_| {}).await;
    let w = World::build(&live.db).await;
    let (b_report, near_report) = (with_report(&live, &w.b).await, with_report(&live, &w.near).await);
    let (city_a, city_b) = (city_of(&live, &w.a).await, city_of(&live, &w.b).await);
    assert_ne!(city_a, city_b, "each side has a city of its own");
    for (other, report, name) in [(&w.b, b_report, "another district"), (&w.near, near_report, "another school")] {
        for (role, user, _) in &w.a.actors {
            let cookie = live.sign_in(user, TEST_PASSWORD).await;
            let c = [("cookie", cookie.as_str())];
            for (endpoint, form) in calls(other, report, city_b) {
                // The district's bureau supervises its schools (the city
                // asked for is always b's).
                if *role == Role::BureauOfficial && std::ptr::eq(other, &w.near) && endpoint != "city_view" {
                    continue;
                }
                let a = live.call(endpoint, &form, &c).await;
                assert!(refused(a.status), "{role:?} of a reached {name} through {endpoint}: {} {}", a.status, a.body);
            }
            if !(*role == Role::BureauOfficial && std::ptr::eq(other, &w.near)) {
                for path in downloads(other) {
                    let a = live.get(&path, &c).await;
                    assert!(refused(a.status), "{role:?} of a downloaded {path} of {name}: {}", a.status);
                }
            }
        }
    }
    let waiting = school_report::Entity::find().filter(school_report::Column::Status.eq("submitted")).count(&live.db.read).await.expect("n");
    assert_eq!(waiting, 2, "nothing was reviewed");
    // The same calls reach their own objects for those meant to.
    let own = async |role: Role, endpoints: &[&str]| {
        let cookie = live.sign_in(&login(&w.b, role), TEST_PASSWORD).await;
        for (endpoint, form) in calls(&w.b, b_report, city_b).into_iter().filter(|(e, _)| endpoints.contains(e)) {
            let a = live.call(endpoint, &form, &[("cookie", cookie.as_str())]).await;
            assert_eq!(a.status, StatusCode::OK, "{role:?} {endpoint}: {}", a.body);
        }
        cookie
    };
    own(Role::SchoolAdmin, &["supervision_record", "school_reports"]).await;
    own(Role::CityOfficial, &["city_view"]).await;
    let bureau = own(Role::BureauOfficial, &["bureau_dashboard", "supervision_record", "reports_waiting", "review_report"]).await;
    for path in downloads(&w.b) {
        let a = live.get(&path, &[("cookie", bureau.as_str())]).await;
        assert_eq!(a.status, StatusCode::OK, "{path}");
        assert!(a.headers.get(http::header::CONTENT_TYPE).is_some_and(|t| t.to_str().unwrap_or_default().contains("spreadsheetml")));
    }
    // Signed out: nothing at all.
    for (endpoint, form) in calls(&w.b, b_report, city_b) {
        assert!(refused(live.call(endpoint, &form, &[]).await.status), "anyone reached {endpoint}");
    }
    for path in downloads(&w.b) {
        assert!(refused(live.get(&path, &[]).await.status), "anyone downloaded {path}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn junk_and_oversized_input_is_refused_and_changes_nothing() {
    let live = Live::start(|_| {}).await;
    let w = World::build(&live.db).await;
    let report = with_report(&live, &w.a).await;
    let admin = live.sign_in(&login(&w.a, Role::SchoolAdmin), TEST_PASSWORD).await;
    let bureau = live.sign_in(&login(&w.a, Role::BureauOfficial), TEST_PASSWORD).await;
    let this_month = domain::clock::local_date(Utc::now()).format("%Y-%m").to_string();
    let school = w.a.school;
    let huge = "x".repeat(2_000_000);
    for (cookie, endpoint, form, why) in [
        (&bureau, "bureau_dashboard", format!("district={}&month=2026-13", w.a.district), "month"),
        (&bureau, "bureau_dashboard", format!("district={}&month={}", w.a.district, enc("'; drop table school;--")), "month"),
        (&admin, "send_report", format!("school={school}&period=26-1&narrative=x"), "period"),
        (&admin, "send_report", format!("school={school}&period={this_month}&narrative=x"), "not_over"),
        (&admin, "send_report", format!("school={school}&period=2025-01&narrative=%20%20"), "narrative"),
        (&admin, "send_report", format!("school={school}&period=2025-01&narrative={}", "y".repeat(5_001)), "too_long"),
        (&bureau, "review_report", format!("report={report}&note=%20"), "note"),
        (&bureau, "review_report", "report=abc&accept=true&note=x".to_string(), ""),
        (&admin, "send_report", format!("school={school}&period=2025-01&narrative={huge}"), ""),
    ] {
        let a = live.call(endpoint, &form, &[("cookie", cookie.as_str())]).await;
        assert!(matches!(a.status, StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY | StatusCode::PAYLOAD_TOO_LARGE), "{endpoint} {why}: {} {}", a.status, a.body);
        assert!(a.body.contains(why), "{endpoint}: expected {why} in {}", a.body);
    }
    for path in [format!("/bureau/{}/schools.xlsx?month=junk", w.a.district), "/bureau/abc/flags.xlsx".to_string()] {
        let a = live.get(&path, &[("cookie", bureau.as_str())]).await;
        assert!(matches!(a.status, StatusCode::BAD_REQUEST | StatusCode::NOT_FOUND), "{path}: {}", a.status);
    }
    assert_eq!(school_report::Entity::find().count(&live.db.read).await.expect("n"), 1, "nothing was sent");
    let r = school_report::Entity::find_by_id(report).one(&live.db.read).await.expect("q").expect("report");
    assert_eq!(r.status, "submitted", "nothing was reviewed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_report_reviewed_from_six_places_at_once_is_decided_once() {
    let live = Live::start(|_| {}).await;
    let w = World::build(&live.db).await;
    let report = with_report(&live, &w.a).await;
    let mut cookies = Vec::new();
    for _ in 0..6 {
        cookies.push(live.sign_in(&login(&w.a, Role::BureauOfficial), TEST_PASSWORD).await);
    }
    let answers = join_all(cookies.iter().enumerate().map(|(i, c)| {
        let form = if i % 2 == 0 { format!("report={report}&accept=true&note=ok") } else { format!("report={report}&note={}", enc("请补充")) };
        let live = &live;
        async move { live.call("review_report", &form, &[("cookie", c.as_str())]).await }
    }))
    .await;
    let ok = answers.iter().filter(|a| a.status == StatusCode::OK).count();
    assert_eq!(ok, 1, "{:?}", answers.iter().map(|a| (a.status, a.body.clone())).collect::<Vec<_>>());
    assert!(answers.iter().all(|a| a.status == StatusCode::OK || a.status == StatusCode::CONFLICT));
    let decided = audit_event::Entity::find().filter(audit_event::Column::Action.is_in(["report.accepted", "report.returned"])).count(&live.db.read).await.expect("n");
    assert_eq!(decided, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn dashboards_read_in_parallel_while_stale_count_once_and_agree() {
    let live = Live::start(|_| {}).await;
    let w = World::build(&live.db).await;
    // Every school of the district marked stale for this month.
    let today = domain::clock::local_date(Utc::now());
    for s in [&w.a, &w.near] {
        domain::store::stale::touch(&live.db.write, s.school.0, today).await.expect("touch");
    }
    let bureau = live.sign_in(&login(&w.a, Role::BureauOfficial), TEST_PASSWORD).await;
    let answers = join_all((0..8).map(|_| {
        let (live, c, d) = (&live, bureau.clone(), w.a.district);
        async move { live.call("bureau_dashboard", &format!("district={d}"), &[("cookie", c.as_str())]).await }
    }))
    .await;
    assert!(answers.iter().all(|a| a.status == StatusCode::OK), "{:?}", answers.iter().map(|a| (a.status, a.body.clone())).collect::<Vec<_>>());
    let totals: Vec<serde_json::Value> = answers.iter().map(|a| serde_json::from_str::<serde_json::Value>(&a.body).expect("json")["total"].clone()).collect();
    assert!(totals.iter().all(|t| *t == totals[0]), "{totals:?}");
    // One row per school and grade: the parallel recounts did not double them.
    let rows = school_stat::Entity::find().filter(school_stat::Column::SchoolId.eq(w.a.school.0)).count(&live.db.read).await.expect("n");
    let grades = domain::entities::grade::Entity::find().filter(domain::entities::grade::Column::SchoolId.eq(w.a.school.0)).count(&live.db.read).await.expect("n");
    assert_eq!(rows, grades + 1);
}
