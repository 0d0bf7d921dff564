//! The school's operations after admission: the calendar, rooms, vetted
//! staff and the timetable, through the services and on a real database.
use chrono::{NaiveDate, NaiveTime, Utc};
use domain::authz::Role;
use domain::entities::calendar_day;
use domain::enrolment::agreement::{self, AccidentInsurance, SignInput};
use domain::ids::{GroupId, PlanId, RoomId, StaffId, TimetableId};
use domain::operations::calendar::{self, Scope};
use domain::operations::rooms::{self, NewRoom, RoomKind};
use domain::operations::staff::{self, Clearance, NewSafetyAgreement, NewStaff, NewVetting, StaffKind, VettingResult};
use domain::operations::timetable::{self, Conflict, GroupAddition, NewSession};
use domain::testing::{Side, World, admitted, fresh_db};
use domain::{Db, DomainError, audit, policy};
use sea_orm::{EntityTrait, PaginatorTrait};
use wire::plan::{ActivityKind, ServiceType};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("time")
}

fn kinds(conflicts: &[Conflict]) -> Vec<String> {
    conflicts.iter().map(|c| serde_json::to_value(c).expect("json")["conflict"].as_str().expect("tag").to_string()).collect()
}

async fn calendar_rows(db: &Db) -> u64 {
    calendar_day::Entity::find().count(&db.read).await.expect("count")
}

#[tokio::test]
async fn a_school_imports_the_years_holidays_and_a_bad_file_changes_nothing() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let admin = world.a.actor(Role::SchoolAdmin);
    let now = Utc::now();
    let scope = Scope::School(world.a.school);
    let report = calendar::import_shipped(&db.at(&admin, now), scope, 2026).await.expect("import");
    assert_eq!(report.years, [2026]);
    assert!(report.holidays >= 25 && report.workdays >= 5, "{report:?}");
    let rows = calendar_rows(&db).await;
    // Importing the same year again replaces it, once.
    calendar::import_shipped(&db.at(&admin, now), scope, 2026).await.expect("again");
    assert_eq!(calendar_rows(&db).await, rows);
    let year = calendar::year(&db.with(&admin), world.a.school, 2026).await.expect("year");
    let day = |d: NaiveDate| year.days.iter().find(|x| x.date == d).cloned();
    assert_eq!(day(date(2026, 10, 1)).expect("National Day").kind, calendar::DayKind::Holiday);
    let make_up = day(date(2026, 2, 28)).expect("a Saturday worked for the Spring Festival");
    assert_eq!((make_up.kind, make_up.follows_weekday), (calendar::DayKind::MakeUpWorkday, Some(5)));

    // Whatever is wrong with a file, nothing changes.
    let foreign = b"BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20260301\nSUMMARY:Team lunch\nEND:VEVENT\nEND:VCALENDAR\n";
    for (bytes, rule) in [(&foreign[..], "not_a_holiday_calendar"), (&b"not a calendar"[..], "not_icalendar"), (&[0xff, 0xfe, 0x00][..], "not_text")] {
        match calendar::import(&db.at(&admin, now), scope, bytes).await {
            Err(DomainError::Unreadable { field: "calendar", rule: r }) => assert_eq!(r, rule),
            other => panic!("{rule}: {other:?}"),
        }
    }
    assert_eq!(calendar_rows(&db).await, rows, "a refused file changed nothing");
    assert!(matches!(calendar::import_shipped(&db.at(&admin, now), scope, 1999).await, Err(DomainError::Invalid { rule: "not_shipped", .. })));

    // The school chooses whose timetable the make-up Saturday runs.
    calendar::set_follows(&db.with(&admin), make_up.id, 1).await.expect("follows Monday");
    assert!(matches!(calendar::set_follows(&db.with(&admin), make_up.id, 6).await, Err(DomainError::Invalid { rule: "not_a_weekday", .. })));
    let holiday = day(date(2026, 10, 1)).expect("holiday");
    assert!(matches!(calendar::set_follows(&db.with(&admin), holiday.id, 1).await, Err(DomainError::Invalid { rule: "not_a_make_up_workday", .. })));
    let year = calendar::year(&db.with(&admin), world.a.school, 2026).await.expect("year");
    assert_eq!(year.days.iter().find(|d| d.id == make_up.id).and_then(|d| d.follows_weekday), Some(1));

    // The district's calendar is the bureau's; a school's own year wins over it.
    let bureau = world.a.actor(Role::BureauOfficial);
    let district = Scope::District(world.a.district);
    assert!(matches!(calendar::import_shipped(&db.at(&admin, now), district, 2025).await, Err(DomainError::Forbidden)));
    calendar::import_shipped(&db.at(&bureau, now), district, 2025).await.expect("district 2025");
    calendar::import_shipped(&db.at(&bureau, now), district, 2026).await.expect("district 2026");
    let near = world.near.actor(Role::SchoolAdmin);
    let theirs = calendar::year(&db.with(&near), world.near.school, 2025).await.expect("the district's");
    assert!(theirs.days.iter().all(|d| !d.own) && !theirs.days.is_empty());
    let ours = calendar::year(&db.with(&admin), world.a.school, 2026).await.expect("own");
    assert!(ours.days.iter().all(|d| d.own), "the school's own 2026 replaces the district's");
    assert_eq!(ours.years, [2025, 2026]);

    world
        .assert_no_cross_scope_access("calendar import", |actor, other| {
            let (db, school) = (db.clone(), other.school);
            async move { calendar::import_shipped(&db.at(&actor, now), Scope::School(school), 2026).await }
        })
        .await;
    for role in [Role::Parent, Role::ClassTeacher, Role::ServiceStaff, Role::FamilyCommittee, Role::Vendor, Role::BureauOfficial] {
        let e = calendar::import_shipped(&db.at(&world.a.actor(role), now), scope, 2026).await.expect_err("not theirs");
        assert!(matches!(e, DomainError::Forbidden), "{role:?}: {e:?}");
    }
    // Only the calendar's owner chooses a make-up day's timetable.
    let make_up = ours.days.iter().find(|d| d.kind == calendar::DayKind::MakeUpWorkday).expect("make-up day").id;
    let outsiders = [&world.b, &world.near].into_iter().flat_map(|s| s.actors.iter()).chain(world.a.actors.iter().filter(|(r, _, _)| *r != Role::SchoolAdmin));
    for (role, _, who) in outsiders {
        assert!(matches!(calendar::set_follows(&db.with(who), make_up, 2).await, Err(DomainError::Forbidden)), "{role:?}");
    }
    assert!(matches!(calendar::year(&db.with(&world.a.actor(Role::Parent)), world.a.school, 2026).await, Err(DomainError::Forbidden)));
    assert_eq!(audit::verify(&db.read).await.expect("verify").first_broken, None);
}

fn signing(version: i32) -> SignInput {
    SignInput { version, student_acknowledges: true, insurance: Some(AccidentInsurance::Insured), insurer: "平安保险".into() }
}

/// Side `side`'s child admitted to a plan whose agreement the guardian signed.
async fn attending(db: &Db, side: &Side) -> (PlanId, domain::ids::ApplicationId) {
    let (plan, app) = admitted(db, side).await;
    agreement::publish(&db.with(&side.actor(Role::SchoolAdmin)), plan, "托管协议：每周一至周五 16:30—18:00。").await.expect("agreement");
    agreement::sign(&db.at(&side.actor(Role::Parent), Utc::now()), app, signing(1)).await.expect("signed");
    (plan, app)
}

fn vetted(until: NaiveDate) -> NewVetting {
    NewVetting { checked_on: date(2026, 9, 1), result: VettingResult::Clear, qualification: "教师资格证".into(), valid_until: until }
}

fn person(kind: StaffKind, name: &str, phone: &str, organisation: &str) -> NewStaff {
    NewStaff { kind, name: name.into(), phone: phone.into(), organisation: organisation.into() }
}

fn session(weekday: u8, from: NaiveTime, to: NaiveTime, room: RoomId, group: GroupId, lead: Option<StaffId>) -> NewSession {
    NewSession {
        weekday,
        starts_at: from,
        ends_at: to,
        service_type: ServiceType::AfterSchool,
        activity: ActivityKind::HomeworkHelp,
        title: "作业辅导".into(),
        room,
        group,
        lead,
        second: None,
        third: None,
        dining: false,
    }
}

/// A timetable for side a's plan with one group holding the attending child,
/// two rooms and one vetted teacher.
struct Built {
    timetable: TimetableId,
    group: GroupId,
    rooms: [RoomId; 2],
    teacher: StaffId,
}

async fn build(db: &Db, world: &World, plan: PlanId) -> Built {
    let admin = world.a.actor(Role::SchoolAdmin);
    let now = Utc::now();
    let tt = timetable::open(&db.at(&admin, now), plan).await.expect("open");
    assert_eq!(timetable::open(&db.at(&admin, now), plan).await.expect("again"), tt, "one timetable per plan");
    let group = timetable::add_group(&db.at(&admin, now), tt, "一年级组").await.expect("group");
    let added = timetable::add_to_group(&db.at(&admin, now), group, GroupAddition { student: None, class: Some(world.a.class) }).await.expect("class");
    assert_eq!(added, 1);
    let r1 = rooms::add(&db.at(&admin, now), world.a.school, NewRoom { name: "101 教室".into(), kind: RoomKind::Classroom, capacity: 45 }).await.expect("room");
    let r2 = rooms::add(&db.at(&admin, now), world.a.school, NewRoom { name: "图书馆".into(), kind: RoomKind::Library, capacity: 60 }).await.expect("room");
    let teacher = staff::add(&db.at(&admin, now), world.a.school, person(StaffKind::Teacher, "张老师", "13600000001", "")).await.expect("teacher");
    staff::record_vetting(&db.at(&admin, now), teacher, vetted(date(2028, 8, 31))).await.expect("vetted");
    Built { timetable: tt, group, rooms: [r1, r2], teacher }
}

async fn conflicts(db: &Db, world: &World, plan: PlanId) -> Vec<Conflict> {
    timetable::editor(&db.with(&world.a.actor(Role::SchoolAdmin)), plan).await.expect("editor").expect("opened").conflicts
}

#[tokio::test]
async fn only_cleared_people_are_scheduled_and_a_timetable_with_conflicts_is_not_published() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let (plan, _) = attending(&db, &world.a).await;
    let b = build(&db, &world, plan).await;
    let admin = world.a.actor(Role::SchoolAdmin);
    let now = Utc::now();
    let volunteer = staff::add(&db.at(&admin, now), world.a.school, person(StaffKind::Volunteer, "李阿姨", "13600000002", "社区五老志愿队")).await.expect("v");
    let [r1, r2] = b.rooms;
    let monday = timetable::add_session(&db.at(&admin, now), b.timetable, session(1, t(16, 30), t(17, 50), r1, b.group, Some(b.teacher))).await.expect("s1");
    let mut second = session(2, t(16, 30), t(17, 50), r1, b.group, Some(volunteer));
    second.activity = ActivityKind::Reading;
    timetable::add_session(&db.at(&admin, now), b.timetable, second).await.expect("s2");
    // A second group in the same room at Monday's time, with no adult.
    let other = timetable::add_group(&db.at(&admin, now), b.timetable, "阅读组").await.expect("group");
    let clash = timetable::add_session(&db.at(&admin, now), b.timetable, session(1, t(17, 0), t(17, 50), r1, other, None)).await.expect("s3");
    let found = kinds(&conflicts(&db, &world, plan).await);
    assert_eq!(found, ["room_double_booked", "no_supervisor", "not_cleared"], "{found:?}");
    assert!(matches!(timetable::publish(&db.at(&admin, now), b.timetable).await, Err(DomainError::Invalid { rule: "has_conflicts", .. })));

    // The volunteer is vetted, but the group has no safety agreement yet.
    staff::record_vetting(&db.at(&admin, now), volunteer, vetted(date(2028, 8, 31))).await.expect("vetted");
    let found = conflicts(&db, &world, plan).await;
    assert!(found.iter().any(|c| matches!(c, Conflict::NotCleared { clearance: Clearance::NoSafetyAgreement, .. })), "{found:?}");
    let agreement = NewSafetyAgreement { organisation: "社区五老志愿队".into(), signed_on: date(2026, 9, 1), valid_until: date(2027, 7, 31) };
    staff::add_safety_agreement(&db.at(&admin, now), world.a.school, agreement).await.expect("filed");
    // A check that runs out before the term ends does not clear anyone.
    staff::record_vetting(&db.at(&admin, now), b.teacher, vetted(date(2027, 5, 1))).await.expect("short");
    let found = conflicts(&db, &world, plan).await;
    assert!(found.iter().any(|c| matches!(c, Conflict::NotCleared { clearance: Clearance::Expires { .. }, person, .. } if person == "张老师")), "{found:?}");
    staff::record_vetting(&db.at(&admin, now), b.teacher, vetted(date(2028, 8, 31))).await.expect("renewed");
    // A bad record is final until a new check.
    let bad = NewVetting { result: VettingResult::Record, ..vetted(date(2028, 8, 31)) };
    staff::record_vetting(&db.at(&admin, now), volunteer, bad).await.expect("recorded");
    assert!(conflicts(&db, &world, plan).await.iter().any(|c| matches!(c, Conflict::NotCleared { clearance: Clearance::BadRecord, .. })));
    staff::record_vetting(&db.at(&admin, now), volunteer, vetted(date(2028, 8, 31))).await.expect("clear again");

    // Fix the clash: the reading group goes to the library, with the volunteer.
    timetable::remove_session(&db.at(&admin, now), clash).await.expect("removed");
    timetable::add_session(&db.at(&admin, now), b.timetable, session(1, t(17, 0), t(17, 50), r2, other, Some(volunteer))).await.expect("fixed");
    assert_eq!(conflicts(&db, &world, plan).await, Vec::new());
    assert_eq!(timetable::publish(&db.at(&admin, now), b.timetable).await.expect("published"), 1);
    let ed = timetable::editor(&db.with(&admin), plan).await.expect("e").expect("o");
    assert_eq!((ed.published_version, ed.changed), (Some(1), false));

    // Bad input is refused and changes nothing.
    let before = ed.sessions.len();
    let bad_inputs = [
        (session(8, t(16, 30), t(17, 0), r1, b.group, None), "out_of_range"),
        (session(3, t(17, 0), t(16, 30), r1, b.group, None), "before_start"),
        (session(3, t(16, 30), t(17, 0), RoomId(999_999), b.group, None), "unknown"),
        (session(3, t(16, 30), t(17, 0), r1, GroupId(999_999), None), "unknown"),
        (NewSession { second: Some(b.teacher), ..session(3, t(16, 30), t(17, 0), r1, b.group, Some(b.teacher)) }, "twice"),
        (session(3, t(16, 30), t(17, 0), r1, b.group, Some(StaffId(999_999))), "unknown"),
        (NewSession { title: "长".repeat(41), ..session(3, t(16, 30), t(17, 0), r1, b.group, None) }, "too_long"),
    ];
    for (input, rule) in bad_inputs {
        match timetable::add_session(&db.at(&admin, now), b.timetable, input).await {
            Err(DomainError::Invalid { rule: r, .. }) => assert_eq!(r, rule),
            other => panic!("{rule}: {other:?}"),
        }
    }
    let ed = timetable::editor(&db.with(&admin), plan).await.expect("e").expect("o");
    assert_eq!((ed.sessions.len(), ed.changed), (before, false));
    assert!(ed.sessions.iter().any(|s| s.id == monday));
    assert_eq!(audit::verify(&db.read).await.expect("verify").first_broken, None);
}

#[tokio::test]
async fn vendor_staff_serve_one_school_and_rooms_and_staff_refuse_bad_input() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let admin = world.a.actor(Role::SchoolAdmin);
    let near = world.near.actor(Role::SchoolAdmin);
    let now = Utc::now();
    let vendor = person(StaffKind::VendorStaff, "王教练", "13600000003", "某某体育培训中心");
    staff::add(&db.at(&admin, now), world.a.school, vendor.clone()).await.expect("at a");
    assert!(matches!(staff::add(&db.at(&admin, now), world.a.school, vendor.clone()).await, Err(DomainError::Invalid { rule: "taken", .. })));
    let e = staff::add(&db.at(&near, now), world.near.school, vendor.clone()).await.expect_err("moonlighting");
    assert!(matches!(e, DomainError::Invalid { field: "phone", rule: "works_elsewhere" }), "{e:?}");
    for (input, field, rule) in [
        (person(StaffKind::Volunteer, "赵", "13600000004", " "), "organisation", "required"),
        (person(StaffKind::Teacher, " ", "13600000004", ""), "name", "required"),
        (person(StaffKind::Teacher, "钱", "12345", ""), "phone", "not_a_mobile_number"),
    ] {
        match staff::add(&db.at(&admin, now), world.a.school, input).await {
            Err(DomainError::Invalid { field: f, rule: r }) => assert_eq!((f, r), (field, rule)),
            other => panic!("{field}: {other:?}"),
        }
    }
    let res = staff::resources(&db.at(&admin, now), world.a.school).await.expect("resources");
    assert_eq!(res.staff.len(), 1);
    assert_eq!(res.staff[0].clearance, Clearance::NotVetted);
    let id = res.staff[0].id;
    let future = NewVetting { checked_on: date(2030, 1, 1), ..vetted(date(2031, 1, 1)) };
    assert!(matches!(staff::record_vetting(&db.at(&admin, now), id, future).await, Err(DomainError::Invalid { rule: "in_the_future", .. })));
    let backwards = NewVetting { valid_until: date(2026, 1, 1), ..vetted(date(2026, 1, 1)) };
    assert!(matches!(staff::record_vetting(&db.at(&admin, now), id, backwards).await, Err(DomainError::Invalid { rule: "before_check", .. })));
    for (name, capacity, rule) in [("", 30, "required"), ("体育馆", 0, "out_of_range"), ("体育馆", 501, "out_of_range")] {
        let r = NewRoom { name: name.into(), kind: RoomKind::Gym, capacity };
        assert!(matches!(rooms::add(&db.at(&admin, now), world.a.school, r).await, Err(DomainError::Invalid { rule: r2, .. }) if r2 == rule));
    }
    assert!(staff::resources(&db.at(&admin, now), world.a.school).await.expect("r").rooms.is_empty(), "nothing was added");

    let room = rooms::add(&db.at(&admin, now), world.a.school, NewRoom { name: "体育馆".into(), kind: RoomKind::Gym, capacity: 80 }).await.expect("room");
    world
        .assert_no_cross_scope_access("add room", |actor, other| {
            let (db, school) = (db.clone(), other.school);
            async move { rooms::add(&db.at(&actor, now), school, NewRoom { name: "x".into(), kind: RoomKind::Gym, capacity: 10 }).await }
        })
        .await;
    world
        .assert_no_cross_scope_access("add staff", |actor, other| {
            let (db, school) = (db.clone(), other.school);
            async move { staff::add(&db.at(&actor, now), school, person(StaffKind::Teacher, "x", "13600000099", "")).await }
        })
        .await;
    world
        .assert_no_cross_scope_access("read resources", |actor, other| {
            let (db, school) = (db.clone(), other.school);
            async move { staff::resources(&db.at(&actor, now), school).await }
        })
        .await;
    world
        .assert_no_cross_scope_access("file a safety agreement", |actor, other| {
            let (db, school) = (db.clone(), other.school);
            let a = NewSafetyAgreement { organisation: "x".into(), signed_on: date(2026, 9, 1), valid_until: date(2027, 9, 1) };
            async move { staff::add_safety_agreement(&db.at(&actor, now), school, a).await }
        })
        .await;
    // Inside the school only its admin manages rooms and people.
    for role in [Role::Parent, Role::ClassTeacher, Role::ServiceStaff, Role::FamilyCommittee, Role::Vendor, Role::BureauOfficial] {
        let who = world.a.actor(role);
        assert!(matches!(rooms::retire(&db.at(&who, now), room).await, Err(DomainError::Forbidden)), "{role:?}");
        assert!(matches!(staff::record_vetting(&db.at(&who, now), id, vetted(date(2028, 1, 1))).await, Err(DomainError::Forbidden)), "{role:?}");
        assert!(matches!(staff::leave(&db.at(&who, now), id).await, Err(DomainError::Forbidden)), "{role:?}");
        assert!(matches!(staff::resources(&db.at(&who, now), world.a.school).await, Err(DomainError::Forbidden)), "{role:?}");
    }
    rooms::retire(&db.at(&admin, now), room).await.expect("retired");
    staff::leave(&db.at(&admin, now), id).await.expect("left");
    // Having left, the vendor's staff member may work at the other school.
    staff::add(&db.at(&near, now), world.near.school, vendor).await.expect("now free");
}

#[tokio::test]
async fn a_group_holds_only_children_with_a_place_and_a_signed_agreement() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let (plan, app) = admitted(&db, &world.a).await;
    let admin = world.a.actor(Role::SchoolAdmin);
    let now = Utc::now();
    let tt = timetable::open(&db.at(&admin, now), plan).await.expect("open");
    let group = timetable::add_group(&db.at(&admin, now), tt, "一年级组").await.expect("group");
    let child = GroupAddition { student: Some(world.a.student), class: None };
    let e = timetable::add_to_group(&db.at(&admin, now), group, child.clone()).await.expect_err("no agreement yet");
    assert!(matches!(e, DomainError::Invalid { field: "student", rule: "no_agreement" }), "{e:?}");
    agreement::publish(&db.with(&admin), plan, "托管协议第一版").await.expect("agreement");
    assert!(timetable::add_to_group(&db.at(&admin, now), group, child.clone()).await.is_err(), "published but not signed");
    agreement::sign(&db.at(&world.a.actor(Role::Parent), now), app, signing(1)).await.expect("signed");
    assert_eq!(timetable::add_to_group(&db.at(&admin, now), group, child.clone()).await.expect("added"), 1);
    assert_eq!(timetable::add_to_group(&db.at(&admin, now), group, child.clone()).await.expect("again"), 0, "not twice");
    // A child of another school is never eligible here.
    let stranger = GroupAddition { student: Some(world.b.student), class: None };
    assert!(timetable::add_to_group(&db.at(&admin, now), group, stranger).await.is_err());
    assert!(conflicts(&db, &world, plan).await.is_empty());

    // A new agreement version unsigned, or consent withdrawn: the finder
    // names the child until the group is put right.
    agreement::publish(&db.with(&admin), plan, "托管协议第二版").await.expect("v2");
    assert_eq!(kinds(&conflicts(&db, &world, plan).await), ["no_agreement"]);
    agreement::sign(&db.at(&world.a.actor(Role::Parent), now), app, signing(2)).await.expect("v2 signed");
    assert!(conflicts(&db, &world, plan).await.is_empty());
    domain::money::withdrawal::confirm(&db.at(&world.a.actor(Role::Parent), now), app, domain::clock::local_date(now), None).await.expect("withdrawn");
    assert_eq!(kinds(&conflicts(&db, &world, plan).await), ["no_agreement"]);
    timetable::remove_from_group(&db.at(&admin, now), group, world.a.student).await.expect("removed");
    assert!(conflicts(&db, &world, plan).await.is_empty());
}

/// Replaces Monday's sessions with one per period, for the built group,
/// room and teacher.
async fn lay_out(db: &Db, world: &World, plan: PlanId, b: &Built, periods: &[(NaiveTime, NaiveTime)]) {
    let admin = world.a.actor(Role::SchoolAdmin);
    let now = Utc::now();
    for s in timetable::editor(&db.with(&admin), plan).await.expect("e").expect("o").sessions {
        timetable::remove_session(&db.at(&admin, now), s.id).await.expect("clear");
    }
    for (from, to) in periods {
        timetable::add_session(&db.at(&admin, now), b.timetable, session(1, *from, *to, b.rooms[0], b.group, Some(b.teacher))).await.expect("s");
    }
}

#[tokio::test]
async fn the_finder_applies_the_policy_in_force_in_each_seed_district() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let (plan, _) = attending(&db, &world.a).await;
    let b = build(&db, &world, plan).await;
    let admin = world.a.actor(Role::SchoolAdmin);
    let now = Utc::now();
    // The sample plan: dismissal 16:30, a term from March (winter) into July (summer).
    let clean: [(&str, &[(NaiveTime, NaiveTime)]); 5] = [
        ("000", &[(t(16, 30), t(18, 0))]),
        ("001", &[(t(16, 30), t(18, 0))]),
        ("002", &[(t(16, 30), t(17, 10)), (t(17, 10), t(17, 50))]),
        ("003", &[(t(16, 30), t(18, 30))]),
        ("004", &[(t(16, 30), t(18, 0))]),
    ];
    for (i, (seed, periods)) in clean.iter().enumerate() {
        policy::publish(&db.write, world.a.district, date(2020, 1, 1), &policy::preset(seed).expect("preset"), now).await.expect("policy");
        lay_out(&db, &world, plan, &b, periods).await;
        assert_eq!(conflicts(&db, &world, plan).await, Vec::new(), "clean under {seed}");
        // The next seed's layout: 003's two hours break 002's periods and
        // end; 004's 18:00 is before 003's summer end.
        let (_, next) = clean[(i + 1) % 5];
        lay_out(&db, &world, plan, &b, next).await;
        let found = kinds(&conflicts(&db, &world, plan).await);
        let expected: &[&str] = match *seed {
            // 000 and 001 accept 001's and 002's layouts; 004 000's.
            "002" => &["ends_too_late", "period_length"],
            "003" => &["ends_too_early"],
            _ => &[],
        };
        assert_eq!(found, expected, "the next seed's layout under {seed}");
        // A lunch session: a service kind only 004 has, and not in this plan.
        let mut lunch = session(3, t(12, 0), t(12, 40), b.rooms[1], b.group, Some(b.teacher));
        lunch.service_type = ServiceType::Lunch;
        lunch.dining = true;
        let id = timetable::add_session(&db.at(&admin, now), b.timetable, lunch).await.expect("lunch");
        let found = kinds(&conflicts(&db, &world, plan).await);
        let want = if *seed == "004" { "service_type_not_in_plan" } else { "service_type_not_allowed" };
        assert!(found.contains(&want.to_string()), "{seed}: {found:?}");
        timetable::remove_session(&db.at(&admin, now), id).await.expect("removed");
    }
}

/// A school adding staff learns nothing about accounts outside it, and an
/// account becomes one of its staff only when its holder accepts the
/// invitation texted to the person's phone.
#[tokio::test]
async fn staff_sign_in_only_by_accepting_an_invitation_sent_to_their_phone() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let admin = world.a.actor(Role::SchoolAdmin);
    // Whole seconds: PostgreSQL keeps microseconds.
    let now = chrono::DateTime::from_timestamp(Utc::now().timestamp(), 0).expect("now");
    let phone = "13600000077";
    let id = staff::add(&db.at(&admin, now), world.a.school, person(StaffKind::Teacher, "吴老师", phone, "")).await.expect("added");
    let listed = staff::resources(&db.at(&admin, now), world.a.school).await.expect("resources").staff;
    assert_eq!((listed[0].signs_in, listed[0].invited_until), (false, None), "added, linked to nobody");
    assert!(matches!(staff::invite(&db.at(&world.near.actor(Role::SchoolAdmin), now), id).await, Err(DomainError::Forbidden)), "another school's admin");
    let (invited, code) = staff::invite(&db.at(&admin, now), id).await.expect("invited");
    let text = domain::families::registration::last_text_to(&db.read, phone).await.expect("outbox").expect("texted");
    assert!(text.contains(&code) && text.contains("School a"), "{text}");
    let listed = staff::resources(&db.at(&admin, now), world.a.school).await.expect("resources").staff;
    assert_eq!((listed[0].signs_in, listed[0].invited_until), (false, Some(invited.expires_at)));
    assert!(!serde_json::to_string(&listed).expect("json").contains(&code), "the school never sees the code");

    // A newer invitation replaces the older; a wrong or replaced code links nothing.
    let (_, newer) = staff::invite(&db.at(&admin, now), id).await.expect("again");
    let holder = world.b.actor(Role::Vendor);
    for wrong in [code.as_str(), "ABCDEFGH"] {
        assert!(matches!(staff::accept_invitation(&db.at(&holder, now), wrong).await, Err(DomainError::Invalid { field: "invitation", rule: "wrong" })));
    }
    assert!(!staff::resources(&db.at(&admin, now), world.a.school).await.expect("r").staff[0].signs_in);
    // An expired code answers the same.
    let later = now + domain::invitations::VALID + chrono::Duration::seconds(1);
    assert!(matches!(staff::accept_invitation(&db.at(&holder, later), &newer).await, Err(DomainError::Invalid { rule: "wrong", .. })));
    // Accepted by its holder, typed loosely: that account now signs in as the person, once.
    let accepted = staff::accept_invitation(&db.at(&holder, now), &newer.to_lowercase()).await.expect("accepted");
    assert_eq!((accepted.school_name.as_str(), accepted.staff_name.as_str()), ("School a", "吴老师"));
    assert!(staff::resources(&db.at(&admin, now), world.a.school).await.expect("r").staff[0].signs_in);
    assert!(matches!(staff::accept_invitation(&db.at(&world.b.actor(Role::Parent), now), &newer).await, Err(DomainError::Invalid { rule: "wrong", .. })), "a code works once");
    assert!(matches!(staff::invite(&db.at(&admin, now), id).await, Err(DomainError::Invalid { rule: "signs_in_already", .. })));
    // Wrong codes count against the typing account.
    let guesser = world.b.actor(Role::Parent);
    let mut limited = false;
    for _ in 0..=domain::invitations::MAX_FAILURES_PER_HOUR {
        limited |= matches!(staff::accept_invitation(&db.at(&guesser, now), "ZZZZZZZZ").await, Err(DomainError::RateLimited));
    }
    assert!(limited, "guesses are limited");
}

#[tokio::test]
async fn staff_see_their_own_week_guardians_their_childs_and_nobody_else_anything() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let (plan, _) = attending(&db, &world.a).await;
    let b = build(&db, &world, plan).await;
    let admin = world.a.actor(Role::SchoolAdmin);
    // The service staff member's sign-in is linked to a staff record.
    let now = Utc::now();
    let me = domain::testing::staff_signing_in(&db, &admin, world.a.school, person(StaffKind::Worker, "刘师傅", "13600000005", ""), &world.a.actor(Role::ServiceStaff), now).await;
    staff::record_vetting(&db.at(&admin, now), me, vetted(date(2028, 8, 31))).await.expect("vetted");
    for weekday in 1..=5 {
        let mut s = session(weekday, t(16, 30), t(18, 0), b.rooms[0], b.group, Some(if weekday == 3 { me } else { b.teacher }));
        s.activity = ActivityKind::Reading;
        timetable::add_session(&db.at(&admin, now), b.timetable, s).await.expect("s");
    }
    timetable::publish(&db.at(&admin, now), b.timetable).await.expect("published");
    // A draft change after publishing is not what staff and guardians see.
    timetable::add_session(&db.at(&admin, now), b.timetable, session(2, t(12, 0), t(12, 30), b.rooms[1], b.group, Some(me))).await.expect("draft");

    // In the term's first week.
    let in_term = date(2027, 3, 3);
    let mine = timetable::staff_week(&db.with(&world.a.actor(Role::ServiceStaff)), in_term).await.expect("mine");
    assert_eq!(mine.monday, date(2027, 3, 1));
    assert_eq!(mine.sessions.iter().map(|s| s.date).collect::<Vec<_>>(), [date(2027, 3, 3)], "only Wednesday is theirs");
    let child = timetable::child_week(&db.read, &world.a.actor(Role::Parent), world.a.student, in_term).await.expect("child");
    assert_eq!(child.sessions.len(), 5);
    assert!(child.sessions.iter().all(|s| s.session.starts_at == t(16, 30)), "the published version");
    // Before the term: nothing.
    let before = domain::clock::local_date(now);
    assert!(timetable::child_week(&db.read, &world.a.actor(Role::Parent), world.a.student, before).await.expect("w").sessions.is_empty());
    // Nobody else's child; nobody without a staff record sees sessions.
    for (role, _, actor) in world.a.actors.iter().filter(|(r, _, _)| *r != Role::Parent) {
        assert!(matches!(timetable::child_week(&db.read, actor, world.a.student, in_term).await, Err(DomainError::Forbidden)), "{role:?}");
    }
    assert!(matches!(timetable::child_week(&db.read, &world.b.actor(Role::Parent), world.a.student, in_term).await, Err(DomainError::Forbidden)));
    assert!(timetable::staff_week(&db.with(&world.a.actor(Role::ClassTeacher)), in_term).await.expect("w").sessions.is_empty());

    let tt = b.timetable;
    let g = b.group;
    let room = b.rooms[0];
    let outsiders: Vec<_> = [&world.b, &world.near]
        .iter()
        .flat_map(|s| s.actors.iter().map(|(_, _, a)| a.clone()))
        .chain(world.a.actors.iter().filter(|(r, _, _)| *r != Role::SchoolAdmin).map(|(_, _, a)| a.clone()))
        .collect();
    for who in &outsiders {
        let forbidden = |r: Result<(), DomainError>| matches!(r, Err(DomainError::Forbidden | DomainError::NotFound));
        assert!(matches!(timetable::editor(&db.with(who), plan).await, Err(DomainError::Forbidden)), "{}", who.display_name);
        assert!(forbidden(timetable::open(&db.at(who, now), plan).await.map(|_| ())));
        assert!(forbidden(timetable::publish(&db.at(who, now), tt).await.map(|_| ())));
        assert!(forbidden(timetable::add_group(&db.at(who, now), tt, "x").await.map(|_| ())));
        assert!(forbidden(timetable::add_to_group(&db.at(who, now), g, GroupAddition { student: Some(world.a.student), class: None }).await.map(|_| ())));
        assert!(forbidden(timetable::remove_from_group(&db.at(who, now), g, world.a.student).await));
        assert!(forbidden(timetable::add_session(&db.at(who, now), tt, session(4, t(16, 30), t(17, 0), room, g, None)).await.map(|_| ())));
        assert!(forbidden(timetable::set_children_per_adult(&db.at(who, now), tt, 10).await));
        assert!(forbidden(timetable::remove_group(&db.at(who, now), g).await));
    }
    let ed = timetable::editor(&db.with(&admin), plan).await.expect("e").expect("o");
    for who in &outsiders {
        assert!(matches!(timetable::remove_session(&db.at(who, now), ed.sessions[0].id).await, Err(DomainError::Forbidden)));
    }
    assert_eq!(timetable::editor(&db.with(&admin), plan).await.expect("e").expect("o").sessions.len(), ed.sessions.len(), "nothing changed");
}
