//! The timetable's endpoints over real HTTP, many requests at once, and as
//! an attacker tries them.
mod common;
use common::{Live, enc};
use domain::authz::Role;
use domain::testing::{TEST_PASSWORD, World, admitted};
use futures::future::join_all;
use http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

fn login(side: &domain::testing::Side, role: Role) -> String {
    side.actors.iter().find(|(r, _, _)| *r == role).map(|(_, l, _)| l.clone()).expect("login")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_opens_make_one_timetable_and_parallel_publishes_number_each_version_once() {
    let live = Live::start(|_| {}).await;
    let world = World::build(&live.db).await;
    let (plan, _) = admitted(&live.db, &world.a).await;
    let admin = live.sign_in(&login(&world.a, Role::SchoolAdmin), TEST_PASSWORD).await;
    let c = [("cookie", admin.as_str())];
    let open = format!("plan={plan}");
    let opens = join_all((0..12).map(|_| live.call("open_timetable", &open, &c))).await;
    assert!(opens.iter().all(|a| a.status == StatusCode::OK), "{:?}", opens.iter().map(|a| (a.status, &a.body)).collect::<Vec<_>>());
    let ids: std::collections::HashSet<&str> = opens.iter().map(|a| a.body.as_str()).collect();
    assert_eq!(ids.len(), 1, "every open answers the same timetable");
    use domain::entities::{timetable, timetable_publication};
    assert_eq!(timetable::Entity::find().filter(timetable::Column::PlanId.eq(plan.0)).count(&live.db.read).await.expect("n"), 1);
    let tt: i64 = opens[0].body.trim().parse().expect("id");

    // A room, a vetted teacher, a group and a session: a clean timetable.
    let calls = [
        ("add_room", format!("school={}&room%5Bname%5D=101&room%5Bkind%5D=classroom&room%5Bcapacity%5D=40", world.a.school)),
        ("add_staff", format!("school={}&person%5Bkind%5D=teacher&person%5Bname%5D=T&person%5Bphone%5D=13600000001", world.a.school)),
        ("add_group", format!("timetable={tt}&name=G")),
    ];
    for (endpoint, form) in &calls {
        let a = live.call(endpoint, form, &c).await;
        assert_eq!(a.status, StatusCode::OK, "{endpoint}: {}", a.body);
    }
    let staff: i64 = domain::entities::staff::Entity::find().one(&live.db.read).await.expect("q").expect("staff").id;
    let vet = format!("staff={staff}&vetting%5Bchecked_on%5D=2026-09-01&vetting%5Bresult%5D=clear&vetting%5Bqualification%5D=Q&vetting%5Bvalid_until%5D=2030-01-01");
    assert_eq!(live.call("record_vetting", &vet, &c).await.status, StatusCode::OK);
    let room: i64 = domain::entities::room::Entity::find().one(&live.db.read).await.expect("q").expect("room").id;
    let group: i64 = domain::entities::service_group::Entity::find().one(&live.db.read).await.expect("q").expect("group").id;
    let session = format!(
        "timetable={tt}&session%5Bweekday%5D=1&session%5Bstarts_at%5D=16:30&session%5Bends_at%5D=17:50&session%5Bservice_type%5D=after_school&session%5Bactivity%5D=reading&session%5Broom%5D={room}&session%5Bgroup%5D={group}&session%5Blead%5D={staff}"
    );
    let added = live.call("add_session", &session, &c).await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);

    let publish = format!("timetable={tt}");
    let publishes = join_all((0..10).map(|_| live.call("publish_timetable", &publish, &c))).await;
    let ok = publishes.iter().filter(|a| a.status == StatusCode::OK).count();
    assert!(ok >= 1, "{:?}", publishes.iter().map(|a| (a.status, &a.body)).collect::<Vec<_>>());
    assert!(publishes.iter().all(|a| a.status == StatusCode::OK || a.status == StatusCode::CONFLICT));
    let versions: Vec<i32> = timetable_publication::Entity::find().all(&live.db.read).await.expect("q").into_iter().map(|p| p.version).collect();
    assert_eq!(versions.len(), ok, "one publication per success");
    let mut sorted = versions.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, (1..=ok as i32).collect::<Vec<_>>(), "each version once, none skipped");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_timetables_endpoints_refuse_outsiders_and_junk() {
    let live = Live::start(|_| {}).await;
    let world = World::build(&live.db).await;
    let (plan, _) = admitted(&live.db, &world.a).await;
    let admin = live.sign_in(&login(&world.a, Role::SchoolAdmin), TEST_PASSWORD).await;
    let opened = live.call("open_timetable", &format!("plan={plan}"), &[("cookie", &admin)]).await;
    let tt = opened.body.trim().to_string();
    // Another school's admin, and a guardian of the school: refused.
    for who in [login(&world.b, Role::SchoolAdmin), login(&world.a, Role::Parent), login(&world.a, Role::ServiceStaff)] {
        let cookie = live.sign_in(&who, TEST_PASSWORD).await;
        let c = [("cookie", cookie.as_str())];
        for (endpoint, form) in [
            ("edit_timetable", format!("plan={plan}")),
            ("add_group", format!("timetable={tt}&name=x")),
            ("publish_timetable", format!("timetable={tt}")),
            ("add_room", format!("school={}&room%5Bname%5D=x&room%5Bkind%5D=gym&room%5Bcapacity%5D=10", world.a.school)),
            ("rooms_and_staff", format!("school={}", world.a.school)),
            ("import_shipped_calendar", format!("school={}&year=2026", world.a.school)),
        ] {
            let a = live.call(endpoint, &form, &c).await;
            assert_eq!(a.status, StatusCode::FORBIDDEN, "{who} {endpoint}: {} {}", a.status, a.body);
        }
    }
    let c = [("cookie", admin.as_str())];
    for (endpoint, form) in [
        ("add_session", format!("timetable={tt}&session%5Bweekday%5D=monday&session%5Bstarts_at%5D=16:30")),
        ("add_room", format!("school={}&room%5Bname%5D=x&room%5Bkind%5D=castle&room%5Bcapacity%5D=10", world.a.school)),
        ("import_calendar", format!("school={}&content={}", world.a.school, enc("%%% not base64"))),
    ] {
        let a = live.call(endpoint, &form, &c).await;
        assert!(matches!(a.status, StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY), "{endpoint}: {} {}", a.status, a.body);
    }
    assert_eq!(domain::entities::room::Entity::find().count(&live.db.read).await.expect("n"), 0, "nothing was written");
}
