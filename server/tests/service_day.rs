//! The service day's endpoints over real HTTP: a phone resubmitting the
//! register on a bad network, two adults submitting at once, parallel
//! handovers of one child, and an attacker's ids and junk.
mod common;
use chrono::Datelike;
use common::{Live, enc};
use domain::authz::Role;
use domain::entities::{attendance_sheet, attendance_total, handover, handover_refusal};
use domain::testing::{TEST_PASSWORD, World, service_sessions};
use futures::future::join_all;
use http::StatusCode;
use sea_orm::{EntityTrait, PaginatorTrait};
use wire::plan::ActivityKind;

fn login(side: &domain::testing::Side, role: Role) -> String {
    side.actors.iter().find(|(r, _, _)| *r == role).map(|(_, l, _)| l.clone()).expect("login")
}

/// A live server whose clock stands on a weekday of the sample plan's term,
/// with side a's group in sessions every weekday; the date and the session
/// that runs on it.
async fn on_a_service_day() -> (Live, World, chrono::NaiveDate, i64) {
    let live = Live::start(|c| c.test_clock = true).await;
    let world = World::build(&live.db).await;
    let (sessions, _) = service_sessions(&live.db, &world.a, ActivityKind::Reading, &[1, 2, 3, 4, 5]).await;
    let today = domain::clock::local_date(chrono::Utc::now());
    let mut day = today.max(chrono::NaiveDate::from_ymd_opt(2027, 3, 1).expect("d"));
    while day.weekday().number_from_monday() > 5 {
        day = day.succ_opt().expect("d");
    }
    let moved = live.call("advance_clock", &format!("days={}", (day - today).num_days()), &[]).await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
    let session = sessions[day.weekday().number_from_monday() as usize - 1].0;
    (live, world, day, session)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_register_resubmitted_or_sent_by_two_adults_at_once_is_recorded_once() {
    let (live, world, day, session) = on_a_service_day().await;
    let staff = live.sign_in(&login(&world.a, Role::ServiceStaff), TEST_PASSWORD).await;
    let c = [("cookie", staff.as_str())];
    let child = world.a.student;
    // The same form, retried twelve times at once: one sheet, the same id each time.
    let form = format!("sheet%5Bsession%5D={session}&sheet%5Bon%5D={day}&sheet%5Bkey%5D=retry-1&sheet%5Babsent%5D%5B{child}%5D=1");
    let answers = join_all((0..12).map(|_| live.call("take_attendance", &form, &c))).await;
    assert!(answers.iter().all(|a| a.status == StatusCode::OK), "{:?}", answers.iter().map(|a| (a.status, &a.body)).collect::<Vec<_>>());
    let ids: std::collections::HashSet<&str> = answers.iter().map(|a| a.body.as_str()).collect();
    assert_eq!(ids.len(), 1, "every retry answers the first sheet");
    // Other forms (another tab, another adult) at once: refused, nothing added.
    let others = join_all((0..8).map(|i| {
        let form = format!("sheet%5Bsession%5D={session}&sheet%5Bon%5D={day}&sheet%5Bkey%5D=other-{i}");
        let c = c;
        let live = &live;
        async move { live.call("take_attendance", &form, &c).await }
    }))
    .await;
    assert!(others.iter().all(|a| a.status == StatusCode::UNPROCESSABLE_ENTITY && a.body.contains("already_taken")), "{:?}", others.iter().map(|a| (a.status, &a.body)).collect::<Vec<_>>());
    assert_eq!(attendance_sheet::Entity::find().count(&live.db.read).await.expect("n"), 1);
    let totals = attendance_total::Entity::find().all(&live.db.read).await.expect("totals");
    assert_eq!(totals.iter().map(|t| (t.present, t.absent)).collect::<Vec<_>>(), vec![(0, 1)], "counted once");
    let notices = domain::entities::inbox_message::Entity::find().all(&live.db.read).await.expect("q");
    assert_eq!(notices.iter().filter(|n| n.notice.contains("\"absent\"")).count(), 1, "the guardian is told once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_child_is_handed_over_once_however_many_phones_try() {
    let (live, world, day, session) = on_a_service_day().await;
    let staff = live.sign_in(&login(&world.a, Role::ServiceStaff), TEST_PASSWORD).await;
    let parent = live.sign_in(&login(&world.a, Role::Parent), TEST_PASSWORD).await;
    let (c, p) = ([("cookie", staff.as_str())], [("cookie", parent.as_str())]);
    let child = world.a.student;
    let taken = live.call("take_attendance", &format!("sheet%5Bsession%5D={session}&sheet%5Bon%5D={day}&sheet%5Bkey%5D=k"), &c).await;
    assert_eq!(taken.status, StatusCode::OK, "{}", taken.body);
    // A signed slip, so the test holds at any time of day.
    let slip = live.call("issue_leave_slip", &format!("student={child}&on={day}&slip%5Bleave_at%5D=00:01&slip%5Breason%5D={}", enc("看病")), &c).await;
    assert_eq!(slip.status, StatusCode::OK, "{}", slip.body);
    assert_eq!(live.call("confirm_leave_slip", &format!("slip={}", slip.body.trim()), &p).await.status, StatusCode::OK);
    let care = live.call("child_care", &format!("child={child}"), &p).await;
    assert_eq!(care.status, StatusCode::OK, "{}", care.body);
    let care: wire::families::ChildCare = serde_json::from_str(&care.body).expect("json");
    let code = care.service.pickup_code;
    let form = format!(
        "handover%5Bsession%5D={session}&handover%5Bon%5D={day}&handover%5Bstudent%5D={child}&handover%5Bcollector%5D=g{}&handover%5Bcode%5D={code}",
        world.a.guardian
    );
    let answers = join_all((0..10).map(|_| live.call("hand_child_over", &form, &c))).await;
    let ok = answers.iter().filter(|a| a.status == StatusCode::OK).count();
    assert_eq!(ok, 1, "{:?}", answers.iter().map(|a| (a.status, &a.body)).collect::<Vec<_>>());
    assert!(answers.iter().filter(|a| a.status != StatusCode::OK).all(|a| a.body.contains("already_done")));
    assert_eq!(handover::Entity::find().count(&live.db.read).await.expect("n"), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_service_days_endpoints_refuse_outsiders_and_junk() {
    let (live, world, day, session) = on_a_service_day().await;
    let child = world.a.student;
    let code_form = |code: &str| {
        format!(
            "handover%5Bsession%5D={session}&handover%5Bon%5D={day}&handover%5Bstudent%5D={child}&handover%5Bcollector%5D=g{}&handover%5Bcode%5D={code}",
            world.a.guardian
        )
    };
    let take = format!("sheet%5Bsession%5D={session}&sheet%5Bon%5D={day}&sheet%5Bkey%5D=x");
    // Another school's staff and admin, a class teacher, a guardian of another child, no sign-in.
    for who in [
        Some(login(&world.b, Role::ServiceStaff)),
        Some(login(&world.near, Role::SchoolAdmin)),
        Some(login(&world.a, Role::ClassTeacher)),
        Some(login(&world.next_door, Role::Parent)),
        None,
    ] {
        let cookie = match &who {
            Some(l) => live.sign_in(l, TEST_PASSWORD).await,
            None => String::new(),
        };
        let c = [("cookie", cookie.as_str())];
        for (endpoint, form) in [
            ("day_of_session", format!("session={session}&on={day}")),
            ("take_attendance", take.clone()),
            ("note_child", format!("session={session}&student={child}&note%5Bkind%5D=health&note%5Bnote%5D=x")),
            ("hand_child_over", code_form("123456")),
            ("add_day_guest", format!("session={session}&student_no=x&reason=x")),
            ("child_care", format!("child={child}")),
            ("change_pickup", format!("child={child}&renew_code=true")),
            ("set_duty_leader", format!("school={}&on={day}&staff=1", world.a.school)),
        ] {
            let a = live.call(endpoint, &form, &c).await;
            assert!(
                matches!(a.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND | StatusCode::UNAUTHORIZED),
                "{who:?} {endpoint}: {} {}",
                a.status,
                a.body
            );
        }
    }
    assert_eq!(attendance_sheet::Entity::find().count(&live.db.read).await.expect("n"), 0);

    // The session's own staff with junk: each refused with a reason, nothing stored.
    let staff = live.sign_in(&login(&world.a, Role::ServiceStaff), TEST_PASSWORD).await;
    let c = [("cookie", staff.as_str())];
    let long = "x".repeat(501);
    let other_child = world.b.student;
    for (endpoint, form, rule) in [
        ("take_attendance", format!("sheet%5Bsession%5D={session}&sheet%5Bon%5D={day}&sheet%5Bkey%5D={}", "k".repeat(65)), "invalid"),
        ("take_attendance", format!("sheet%5Bsession%5D={session}&sheet%5Bon%5D={day}&sheet%5Bkey%5D=k&sheet%5Babsent%5D%5Bnot-an-id%5D=1"), "not_in_group"),
        ("take_attendance", format!("sheet%5Bsession%5D={session}&sheet%5Bon%5D={day}&sheet%5Bkey%5D=k&sheet%5Babsent%5D%5B{other_child}%5D=1"), "not_in_group"),
        ("take_attendance", format!("sheet%5Bsession%5D={session}&sheet%5Bon%5D={}&sheet%5Bkey%5D=k", day + chrono::Duration::days(1)), "in_the_future"),
        ("take_attendance", format!("sheet%5Bsession%5D={session}&sheet%5Bon%5D=2027-02-01&sheet%5Bkey%5D=k"), "no_session"),
        ("take_attendance", format!("sheet%5Bsession%5D=999999&sheet%5Bon%5D={day}&sheet%5Bkey%5D=k"), ""),
        ("note_child", format!("session={session}&student={child}&note%5Bkind%5D=health&note%5Bnote%5D={long}"), "too_long"),
        ("note_child", format!("session={session}&student={other_child}&note%5Bkind%5D=health&note%5Bnote%5D=x"), "not_in_group"),
        ("hand_child_over", code_form("123456"), "not_taken"),
        ("issue_leave_slip", format!("student={child}&on={day}&slip%5Bleave_at%5D=17:00&slip%5Breason%5D={long}"), "too_long"),
        ("issue_leave_slip", format!("student={other_child}&on={day}&slip%5Bleave_at%5D=17:00&slip%5Breason%5D=x"), ""),
    ] {
        let a = live.call(endpoint, &form, &c).await;
        assert!(a.status.is_client_error(), "{endpoint} {form}: {} {}", a.status, a.body);
        assert!(a.body.contains(rule), "{endpoint}: {} {}", a.status, a.body);
    }
    assert_eq!(attendance_sheet::Entity::find().count(&live.db.read).await.expect("n"), 0);
    assert_eq!(handover_refusal::Entity::find().count(&live.db.read).await.expect("n"), 0, "junk is not a pickup attempt");
}

/// Every role of another district and of another school in the district,
/// and a guardian of another child of the same school, against every
/// endpoint of the service day and its records, with side a's real ids.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_service_day_endpoint_refuses_every_outsider() {
    use domain::records::{care, inspections, visitors};
use domain::service_day::{leave, notes};
    let (live, world, day, session) = on_a_service_day().await;
    let now = chrono::Utc::now() + (day - domain::clock::local_date(chrono::Utc::now()));
    let (staff, admin) = (world.a.actor(Role::ServiceStaff), world.a.actor(Role::SchoolAdmin));
    let child = world.a.student;
    let s = domain::ids::SessionId(session);
    let sheet = domain::service_day::attendance::take(&live.db.at(&staff, now), s, day, &[], "own").await.expect("sheet");
    let note = notes::add(&live.db.at(&staff, now), s, child, notes::NewDayNote { kind: notes::NoteKind::Unwell, note: String::new() }).await.expect("note");
    let slip = leave::issue(&live.db.at(&staff, now), child, day, leave::NewLeaveSlip { leave_at: chrono::NaiveTime::MIN, reason: "x".into() }).await.expect("slip");
    let incident = care::report(&live.db.at(&staff, now), world.a.school, care::NewIncident { session: None, severity: care::Severity::Serious, summary: "x".into(), people: "x".into(), actions: "x".into(), guardians_told: String::new() })
        .await
        .expect("incident");
    let inspection = inspections::record(&live.db.at(&admin, now), world.a.school, inspections::NewInspection { on_date: day, scope: "x".into() }).await.expect("inspection");
    let finding = inspections::add_finding(&live.db.with(&admin), inspection, inspections::NewFinding { description: "x".into(), responsible: "x".into(), due: day }).await.expect("finding");
    let visitor = visitors::arrive(&live.db.at(&staff, now), world.a.school, visitors::NewVisitor { name: "x".into(), phone: "13700000001".into(), visiting: "x".into(), purpose: "x".into() }).await.expect("visitor");
    let (sc, g) = (world.a.school, world.a.guardian);
    let jpeg = "%2F9j%2F2Q%3D%3D"; // base64 of FF D8 FF D9
    let calls: Vec<(&str, String)> = vec![
        ("day_of_session", format!("session={session}&on={day}")),
        ("take_attendance", format!("sheet%5Bsession%5D={session}&sheet%5Bon%5D={day}&sheet%5Bkey%5D=x")),
        ("correct_attendance", format!("sheet={sheet}&student={child}&present=false&reason=x")),
        ("note_child", format!("session={session}&student={child}&note%5Bkind%5D=health&note%5Bnote%5D=x")),
        ("hand_child_over", format!("handover%5Bsession%5D={session}&handover%5Bon%5D={day}&handover%5Bstudent%5D={child}&handover%5Bcollector%5D=g{g}&handover%5Bcode%5D=123456")),
        ("add_day_guest", format!("session={session}&student_no=x&reason=x")),
        ("issue_leave_slip", format!("student={child}&on={day}&slip%5Bleave_at%5D=17:00&slip%5Breason%5D=x")),
        ("confirm_leave_slip", format!("slip={slip}")),
        ("agree_to_sports", format!("note={note}")),
        ("change_pickup", format!("child={child}&walks_alone=true")),
        ("upload_pickup_photo", format!("child={child}&collector=g{g}&content={jpeg}")),
        ("child_care", format!("child={child}")),
        ("day_at_school", format!("school={sc}")),
        ("set_duty_leader", format!("school={sc}&on={day}&staff=1")),
        ("add_care_log", format!("session={session}&entry=x")),
        ("report_incident", format!("school={sc}&incident%5Bseverity%5D=minor&incident%5Bsummary%5D=x&incident%5Bpeople%5D=x&incident%5Bactions%5D=x")),
        ("update_incident", format!("incident={incident}&entry=x")),
        ("file_incident_report", format!("incident={incident}&report%5Bcourse%5D=x&report%5Bcauses%5D=x&report%5Boutcome%5D=x&report%5Blessons%5D=x&report%5Bimprovements%5D=x")),
        ("close_incident", format!("incident={incident}")),
        ("school_safety", format!("school={sc}")),
        ("record_inspection", format!("school={sc}&inspection%5Bon_date%5D={day}&inspection%5Bscope%5D=x")),
        ("add_finding", format!("inspection={inspection}&finding%5Bdescription%5D=x&finding%5Bresponsible%5D=x&finding%5Bdue%5D={day}")),
        ("resolve_finding", format!("finding={finding}&note=x")),
        ("bureau_watch", format!("district={}", world.a.district)),
        ("visitor_arrives", format!("school={sc}&visitor%5Bname%5D=x&visitor%5Bphone%5D=13700000001&visitor%5Bvisiting%5D=x&visitor%5Bpurpose%5D=x")),
        ("visitor_leaves", format!("visitor={visitor}")),
        ("workload_month", format!("school={sc}")),
    ];
    let mut outsiders: Vec<String> = Vec::new();
    for side in [&world.b, &world.near] {
        for (role, _) in domain::testing::ROLES {
            // The bureau of a's own district rightly sees a's schools.
            if *role == Role::BureauOfficial && side.district == world.a.district {
                continue;
            }
            outsiders.push(login(side, *role));
        }
    }
    outsiders.push(login(&world.next_door, Role::Parent));
    outsiders.sort();
    outsiders.dedup();
    for who in &outsiders {
        let cookie = live.sign_in(who, TEST_PASSWORD).await;
        let c = [("cookie", cookie.as_str())];
        for (endpoint, form) in &calls {
            let a = live.call(endpoint, form, &c).await;
            assert!(matches!(a.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND), "{who} {endpoint}: {} {}", a.status, a.body);
        }
        for path in [format!("/photos/{child}/g{g}.jpg"), format!("/school/{sc}/workload.xlsx")] {
            let a = live.get(&path, &c).await;
            assert!(matches!(a.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND), "{who} {path}: {}", a.status);
        }
    }
    assert_eq!(handover::Entity::find().count(&live.db.read).await.expect("n"), 0);
    assert_eq!(handover_refusal::Entity::find().count(&live.db.read).await.expect("n"), 0);
}
