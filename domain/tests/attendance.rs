//! Attendance (WIP for issue 13): one sheet per session and date, retries
//! record once, corrections are addenda, and the class totals match a
//! recount of the sheets.
use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use domain::authz::Role;
use domain::entities::{attendance_sheet, attendance_total};
use domain::enrolment::agreement::{self, AccidentInsurance, SignInput};
use domain::ids::SessionId;
use domain::operations::attendance;
use domain::operations::rooms::{self, NewRoom, RoomKind};
use domain::operations::staff::{self, NewStaff, NewVetting, StaffKind, VettingResult};
use domain::operations::timetable::{self, GroupAddition, NewSession};
use domain::testing::{World, admitted, fresh_db};
use domain::{Db, DomainError};
use sea_orm::EntityTrait;
use wire::plan::{ActivityKind, ServiceType};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// Side a's child in a group whose Monday session is led by the service
/// staff member's record (vetted until `until`), published.
async fn published_session(db: &Db, world: &World, until: NaiveDate) -> SessionId {
    let (plan, app) = admitted(db, &world.a).await;
    let admin = world.a.actor(Role::SchoolAdmin);
    let now = Utc::now();
    agreement::publish(&db.write, &admin, plan, "协议").await.expect("agreement");
    let signing = SignInput { version: 1, student_acknowledges: true, insurance: Some(AccidentInsurance::Insured), insurer: "平安".into() };
    agreement::sign(&db.write, &world.a.actor(Role::Parent), app, signing, now).await.expect("signed");
    let tt = timetable::open(&db.write, &admin, plan, now).await.expect("open");
    let group = timetable::add_group(&db.write, &admin, tt, "G", now).await.expect("group");
    timetable::add_to_group(&db.write, &admin, group, GroupAddition { student: Some(world.a.student), class: None }, now).await.expect("child");
    let room = rooms::add(&db.write, &admin, world.a.school, NewRoom { name: "101".into(), kind: RoomKind::Classroom, capacity: 40 }, now).await.expect("room");
    let login = world.a.actors.iter().find(|(r, _, _)| *r == Role::ServiceStaff).map(|(_, l, _)| l.clone()).expect("login");
    let me = NewStaff { kind: StaffKind::Worker, name: "刘".into(), phone: "13600000005".into(), organisation: String::new(), sign_in: login };
    let me = staff::add(&db.write, &admin, world.a.school, me, now).await.expect("staff");
    let check = NewVetting { checked_on: date(2026, 9, 1), result: VettingResult::Clear, qualification: "Q".into(), valid_until: date(2028, 1, 1) };
    staff::record_vetting(&db.write, &admin, me, check, now).await.expect("vetted");
    let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).expect("t");
    let s = NewSession {
        weekday: 1,
        starts_at: t(16, 30),
        ends_at: t(17, 50),
        service_type: ServiceType::AfterSchool,
        activity: ActivityKind::Reading,
        title: String::new(),
        room,
        group,
        lead: Some(me),
        second: None,
        third: None,
        dining: false,
    };
    let session = timetable::add_session(&db.write, &admin, tt, s, now).await.expect("session");
    timetable::publish(&db.write, &admin, tt, now).await.expect("published");
    if until < date(2028, 1, 1) {
        let short = NewVetting { valid_until: until, ..NewVetting { checked_on: date(2026, 9, 1), result: VettingResult::Clear, qualification: "Q".into(), valid_until: until } };
        staff::record_vetting(&db.write, &admin, me, short, now).await.expect("short");
    }
    session
}

#[tokio::test]
async fn one_submit_records_the_group_once_and_totals_follow_every_correction() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let session = published_session(&db, &world, date(2028, 1, 1)).await;
    let me = world.a.actor(Role::ServiceStaff);
    let monday = date(2027, 3, 1);
    let then = Utc.with_ymd_and_hms(2027, 3, 1, 9, 0, 0).single().expect("t");
    let child = world.a.student;
    let sheet = attendance::take(&db.write, &me, session, monday, &[child], "k1", then).await.expect("taken");
    assert_eq!(attendance::take(&db.write, &me, session, monday, &[child], "k1", then).await.expect("retry"), sheet);
    let again = attendance::take(&db.write, &me, session, monday, &[], "k2", then).await.expect_err("twice");
    assert!(matches!(again, DomainError::Invalid { rule: "already_taken", .. }), "{again:?}");
    let totals = |db: Db| async move { attendance_total::Entity::find().all(&db.read).await.expect("totals").into_iter().map(|t| (t.present, t.absent)).collect::<Vec<_>>() };
    assert_eq!(totals(db.clone()).await, [(0, 1)]);
    // The child came late: an addendum moves the count.
    attendance::correct(&db.write, &me, sheet, child, true, "迟到 10 分钟", then).await.expect("corrected");
    assert_eq!(totals(db.clone()).await, [(1, 0)]);
    assert!(matches!(attendance::correct(&db.write, &me, sheet, child, true, "again", then).await, Err(DomainError::Invalid { rule: "unchanged", .. })));
    let rows = attendance_sheet::Entity::find().all(&db.read).await.expect("sheets");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].absent, child.to_string(), "the sheet keeps what was first marked");

    // Not on the session, not its day, not yet, not in the group.
    let teacher = world.a.actor(Role::ClassTeacher);
    assert!(matches!(attendance::take(&db.write, &teacher, session, date(2027, 3, 8), &[], "k3", then).await, Err(DomainError::Forbidden)));
    let later = then + chrono::Duration::days(7);
    let tuesday = attendance::take(&db.write, &me, session, date(2027, 3, 2), &[], "k4", later).await.expect_err("tuesday");
    assert!(matches!(tuesday, DomainError::Invalid { rule: "no_session", .. }), "{tuesday:?}");
    let ahead = attendance::take(&db.write, &me, session, date(2027, 3, 8), &[], "k5", then).await.expect_err("ahead");
    assert!(matches!(ahead, DomainError::Invalid { rule: "in_the_future", .. }), "{ahead:?}");
    let stranger = attendance::take(&db.write, &me, session, date(2027, 3, 8), &[world.b.student], "k6", later).await.expect_err("x");
    assert!(matches!(stranger, DomainError::Invalid { rule: "not_in_group", .. }), "{stranger:?}");
}

#[tokio::test]
async fn a_person_whose_check_ran_out_cannot_mark_attendance() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let session = published_session(&db, &world, date(2027, 2, 1)).await;
    let then = Utc.with_ymd_and_hms(2027, 3, 1, 9, 0, 0).single().expect("t");
    let e = attendance::take(&db.write, &world.a.actor(Role::ServiceStaff), session, date(2027, 3, 1), &[], "k", then).await.expect_err("expired");
    assert!(matches!(e, DomainError::Invalid { field: "staff", rule: "not_cleared" }), "{e:?}");
}
