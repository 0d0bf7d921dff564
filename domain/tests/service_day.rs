//! The service day: absence notices, the unwell-child sports rule,
//! handover by code and leave slip, stranded children and their escalation,
//! and who may do each of these.
use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use domain::authz::Role;
use domain::entities::{attendance_addendum, attendance_sheet, attendance_total, escalation, handover as handover_row, handover_refusal, inbox_message, outbox_message, student};
use domain::families::pickup::{self, NewPickupRequest, PickupKind};
use domain::ids::{SessionId, StudentId};
use domain::service_day::views::{child_service, school_day, session_day};
use domain::service_day::handover::{self, HandoverForm};
use domain::service_day::leave::{self, NewLeaveSlip};
use domain::service_day::notes::{self, NewDayNote, NoteKind};
use domain::service_day::{attendance, duty};
use domain::testing::{World, fresh_db, service_sessions};
use domain::{Db, DomainError};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;
use wire::plan::ActivityKind;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// An instant at the school's local time (UTC+8) on a day.
fn at(day: NaiveDate, h: u32, m: u32) -> DateTime<Utc> {
    let local = day.and_time(NaiveTime::from_hms_opt(h, m, 0).expect("t"));
    Utc.from_utc_datetime(&(local - chrono::Duration::hours(8)))
}

const MONDAY: fn() -> NaiveDate = || date(2027, 3, 1);

async fn notices(db: &Db, kind: &str) -> Vec<String> {
    inbox_message::Entity::find().all(&db.read).await.expect("inbox").into_iter().map(|m| m.notice).filter(|n| n.contains(&format!("\"kind\":\"{kind}\""))).collect()
}

fn form(session: SessionId, on: NaiveDate, student: StudentId, collector: &str, code: &str) -> HandoverForm {
    HandoverForm { session, on, student, collector: collector.into(), code: code.into(), claimed: String::new() }
}

#[tokio::test]
async fn an_absence_without_leave_is_told_to_the_guardians_and_an_asked_leave_is_not() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let (sessions, _) = service_sessions(&db, &world.a, ActivityKind::Reading, &[1, 2]).await;
    let me = world.a.actor(Role::ServiceStaff);
    let child = world.a.student;
    attendance::take(&db.at(&me, at(MONDAY(), 16, 40)), sessions[0], MONDAY(), &[child], "mon").await.expect("monday");
    assert_eq!(notices(&db, "absent").await.len(), 1, "the guardian hears of the absence");

    // Tuesday: the guardian asked for leave in the morning; no alert, and the sheet says excused.
    let tuesday = date(2027, 3, 2);
    let leave = NewPickupRequest { on_date: tuesday, kind: PickupKind::Absent, at_time: NaiveTime::MIN, pickup_person: None, reason: "发烧".into() };
    pickup::request(&db.at(&world.a.actor(Role::Parent), at(tuesday, 8, 0)), child, leave).await.expect("leave");
    let sheet = attendance::take(&db.at(&me, at(tuesday, 16, 40)), sessions[1], tuesday, &[child], "tue").await.expect("tuesday");
    assert_eq!(notices(&db, "absent").await.len(), 1, "no alert for an asked leave");
    let row = attendance_sheet::Entity::find_by_id(sheet).one(&db.read).await.expect("q").expect("sheet");
    assert_eq!(row.excused, child.to_string());

    // The guardian sees both days: absent, then absent with leave.
    let seen = child_service(&db.at(&world.a.actor(Role::Parent), at(tuesday, 19, 0)), child).await.expect("child");
    let days: Vec<(NaiveDate, Option<bool>, bool)> = seen.days.iter().map(|d| (d.date, d.present, d.excused)).collect();
    assert_eq!(days, vec![(tuesday, Some(false), true), (MONDAY(), Some(false), false)]);
}

#[tokio::test]
async fn an_unwell_child_is_kept_out_of_sports_until_a_guardian_agrees() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let (sessions, _) = service_sessions(&db, &world.a, ActivityKind::Sports, &[1, 2]).await;
    let me = world.a.actor(Role::ServiceStaff);
    let child = world.a.student;
    let unwell = NewDayNote { kind: NoteKind::Unwell, note: "咳嗽".into() };
    notes::add(&db.at(&me, at(MONDAY(), 16, 35)), sessions[0], child, unwell.clone()).await.expect("noted");
    assert_eq!(notices(&db, "day_note").await.len(), 1, "the guardian is told at once");
    let day = session_day(&db.at(&me, at(MONDAY(), 16, 36)), sessions[0], MONDAY()).await.expect("day");
    assert!(day.children[0].kept_out, "shown kept out before the register");
    let sheet = attendance::take(&db.at(&me, at(MONDAY(), 16, 40)), sessions[0], MONDAY(), &[], "mon").await.expect("taken");
    let row = attendance_sheet::Entity::find_by_id(sheet).one(&db.read).await.expect("q").expect("sheet");
    assert_eq!(row.kept_out, child.to_string(), "present but kept out of sports");

    // Tuesday: unwell again, but a guardian agrees before the session.
    let tuesday = date(2027, 3, 2);
    let note = notes::add(&db.at(&me, at(tuesday, 16, 0)), sessions[1], child, unwell).await.expect("noted");
    let e = notes::agree_to_sports(&db.at(&world.next_door.actor(Role::Parent), at(tuesday, 16, 5)), note).await.expect_err("another child's guardian");
    assert!(matches!(e, DomainError::Forbidden | DomainError::NotFound), "{e:?}");
    let e = notes::agree_to_sports(&db.at(&me, at(tuesday, 16, 5)), note).await.expect_err("staff cannot agree for the family");
    assert!(matches!(e, DomainError::Forbidden | DomainError::NotFound), "{e:?}");
    notes::agree_to_sports(&db.at(&world.a.actor(Role::Parent), at(tuesday, 16, 10)), note).await.expect("agreed");
    let sheet = attendance::take(&db.at(&me, at(tuesday, 16, 40)), sessions[1], tuesday, &[], "tue").await.expect("taken");
    let row = attendance_sheet::Entity::find_by_id(sheet).one(&db.read).await.expect("q").expect("sheet");
    assert_eq!(row.kept_out, "", "a guardian agreed");

    // Not a sports session: nobody is kept out of reading for a cough.
    let db2 = fresh_db().await;
    let world2 = World::build(&db2).await;
    let (reading, _) = service_sessions(&db2, &world2.a, ActivityKind::Reading, &[1]).await;
    let staff2 = world2.a.actor(Role::ServiceStaff);
    notes::add(&db2.at(&staff2, at(MONDAY(), 16, 35)), reading[0], world2.a.student, NewDayNote { kind: NoteKind::Unwell, note: String::new() }).await.expect("noted");
    let sheet = attendance::take(&db2.at(&staff2, at(MONDAY(), 16, 40)), reading[0], MONDAY(), &[], "r").await.expect("taken");
    assert_eq!(attendance_sheet::Entity::find_by_id(sheet).one(&db2.read).await.expect("q").expect("s").kept_out, "");
}

#[tokio::test]
async fn a_child_goes_home_only_with_the_code_and_early_only_on_a_signed_slip() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let (sessions, _) = service_sessions(&db, &world.a, ActivityKind::Reading, &[1]).await;
    let (me, parent) = (world.a.actor(Role::ServiceStaff), world.a.actor(Role::Parent));
    let child = world.a.student;
    let s = sessions[0];
    let code = child_service(&db.at(&parent, at(MONDAY(), 8, 0)), child).await.expect("code").pickup_code;
    assert_eq!(code.len(), 6);
    let g = format!("g{}", world.a.guardian);
    let early = at(MONDAY(), 17, 0);
    let e = handover::hand_over(&db.at(&me, early), form(s, MONDAY(), child, &g, &code)).await.expect_err("no sheet");
    assert!(matches!(e, DomainError::Invalid { rule: "not_taken", .. }), "{e:?}");
    attendance::take(&db.at(&me, at(MONDAY(), 16, 40)), s, MONDAY(), &[], "k").await.expect("taken");

    // Refused: a wrong code, a stranger; each is recorded and told.
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let e = handover::hand_over(&db.at(&me, early), form(s, MONDAY(), child, &g, wrong)).await.expect_err("wrong code");
    assert!(matches!(e, DomainError::Invalid { field: "pickup_code", rule: "wrong" }), "{e:?}");
    let stranger = HandoverForm { claimed: "陌生人".into(), ..form(s, MONDAY(), child, "other", "") };
    let e = handover::hand_over(&db.at(&me, early), stranger).await.expect_err("stranger");
    assert!(matches!(e, DomainError::Invalid { field: "collector", rule: "not_authorised" }), "{e:?}");
    let e = handover::hand_over(&db.at(&me, at(MONDAY(), 18, 0)), form(s, MONDAY(), child, "alone", "")).await.expect_err("alone");
    assert!(matches!(e, DomainError::Invalid { rule: "not_agreed_alone", .. }), "{e:?}");
    let refusals = handover_refusal::Entity::find().all(&db.read).await.expect("q");
    assert_eq!(refusals.iter().map(|r| r.reason.as_str()).collect::<Vec<_>>(), vec!["wrong_code", "not_authorised"]);
    assert_eq!(notices(&db, "pickup_refused").await.len(), 2);

    // Before the end: the right code is not enough without a signed slip.
    let e = handover::hand_over(&db.at(&me, early), form(s, MONDAY(), child, &g, &code)).await.expect_err("early");
    assert!(matches!(e, DomainError::Invalid { rule: "early_without_slip", .. }), "{e:?}");
    let slip = leave::issue(&db.at(&me, early), child, MONDAY(), NewLeaveSlip { leave_at: NaiveTime::from_hms_opt(17, 0, 0).expect("t"), reason: "看牙".into() })
        .await
        .expect("slip");
    assert_eq!(notices(&db, "leave_slip_issued").await.len(), 1);
    let e = handover::hand_over(&db.at(&me, early), form(s, MONDAY(), child, &g, &code)).await.expect_err("unsigned");
    assert!(matches!(e, DomainError::Invalid { rule: "early_without_slip", .. }), "{e:?}");
    let e = leave::confirm(&db.at(&world.next_door.actor(Role::Parent), early), slip).await.expect_err("another guardian");
    assert!(matches!(e, DomainError::Forbidden | DomainError::NotFound), "{e:?}");
    leave::confirm(&db.at(&parent, early), slip).await.expect("signed");
    leave::confirm(&db.at(&parent, early), slip).await.expect("twice is harmless");
    handover::hand_over(&db.at(&me, early), form(s, MONDAY(), child, &g, &code)).await.expect("handed over");
    let e = handover::hand_over(&db.at(&me, early), form(s, MONDAY(), child, &g, &code)).await.expect_err("twice");
    assert!(matches!(e, DomainError::Invalid { rule: "already_done", .. }), "{e:?}");
    let done = handover_row::Entity::find().all(&db.read).await.expect("q");
    assert_eq!(done.len(), 1);
    assert_eq!((done[0].way.as_str(), done[0].leave_slip_id), ("guardian", Some(slip.0)));

    // The guardian sees who took the child, and a renewed code replaces the old one.
    let seen = child_service(&db.at(&parent, at(MONDAY(), 19, 0)), child).await.expect("seen");
    assert_eq!(seen.days[0].handed.as_ref().map(|h| h.way), Some(wire::service_day::HandoverWay::Guardian));
    handover::change(&db.at(&parent, at(MONDAY(), 19, 0)), child, true, Some(true)).await.expect("renewed");
    let after = child_service(&db.at(&parent, at(MONDAY(), 19, 1)), child).await.expect("seen");
    assert!(after.walks_alone);
    assert_ne!(after.pickup_code, code, "the old code no longer works");
}

#[tokio::test]
async fn children_still_here_after_the_end_are_stranded_and_escalate_once_after_the_deadline() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let (sessions, staff) = service_sessions(&db, &world.a, ActivityKind::Reading, &[1]).await;
    let me = world.a.actor(Role::ServiceStaff);
    let admin = world.a.actor(Role::SchoolAdmin);
    duty::set(&db.at(&admin, at(MONDAY(), 8, 0)), world.a.school, MONDAY(), staff).await.expect("on duty");
    attendance::take(&db.at(&me, at(MONDAY(), 16, 40)), sessions[0], MONDAY(), &[], "k").await.expect("taken");
    // A child of another class stays behind and is cared for too.
    let guest = student::Entity::find_by_id(world.next_door.student.0).one(&db.read).await.expect("q").expect("s");
    let e = handover::add_guest(&db.at(&me, at(MONDAY(), 16, 45)), sessions[0], &guest.student_no, " ").await.expect_err("no reason");
    assert!(matches!(e, DomainError::Invalid { field: "reason", .. }), "{e:?}");
    handover::add_guest(&db.at(&me, at(MONDAY(), 16, 45)), sessions[0], &guest.student_no, "家长加班").await.expect("guest");
    let e = handover::add_guest(&db.at(&me, at(MONDAY(), 16, 45)), sessions[0], "no-such-number", "x").await.expect_err("unknown");
    assert!(matches!(e, DomainError::Invalid { rule: "not_at_school", .. }), "{e:?}");

    let school = domain::entities::school::Entity::find_by_id(world.a.school.0).one(&db.read).await.expect("q").expect("s");
    assert!(handover::stranded(&db.read, &school, MONDAY(), at(MONDAY(), 17, 49)).await.expect("before").is_empty(), "not before the end");
    let stranded = handover::stranded(&db.read, &school, MONDAY(), at(MONDAY(), 17, 55)).await.expect("after");
    assert_eq!(stranded.iter().map(|s| s.student).collect::<Vec<_>>().len(), 2, "{stranded:?}");
    assert_eq!(handover::escalate(&db.write, at(MONDAY(), 18, 4)).await.expect("early sweep"), 0, "the deadline is 15 minutes after the end");
    assert_eq!(handover::escalate(&db.write, at(MONDAY(), 18, 6)).await.expect("sweep"), 2);
    assert_eq!(handover::escalate(&db.write, at(MONDAY(), 18, 7)).await.expect("again"), 0, "once per child");
    assert_eq!(escalation::Entity::find().all(&db.read).await.expect("q").len(), 2);
    let texts: Vec<String> = outbox_message::Entity::find().filter(outbox_message::Column::Recipient.eq(format!("136{:08}", world.a.school.0))).all(&db.read).await.expect("q").into_iter().filter_map(|m| m.body).filter(|b| b.contains("仍未被接走")).collect();
    assert_eq!(texts.len(), 2, "the duty leader is texted for each child: {texts:?}");
    assert_eq!(notices(&db, "stranded").await.len(), 2, "and each child's guardians");
    let board = school_day(&db.at(&admin, at(MONDAY(), 18, 8)), world.a.school, MONDAY()).await.expect("board");
    assert!(board.stranded.iter().all(|s| s.escalated));

    // Collected at last: off the list.
    let code = child_service(&db.at(&world.a.actor(Role::Parent), at(MONDAY(), 18, 9)), world.a.student).await.expect("code").pickup_code;
    handover::hand_over(&db.at(&me, at(MONDAY(), 18, 10)), form(sessions[0], MONDAY(), world.a.student, &format!("g{}", world.a.guardian), &code)).await.expect("home");
    let left = handover::stranded(&db.read, &school, MONDAY(), at(MONDAY(), 18, 11)).await.expect("left");
    assert_eq!(left.iter().map(|s| s.student).collect::<Vec<_>>(), vec![world.next_door.student]);
}

#[tokio::test]
async fn the_totals_match_a_recount_of_the_sheets_and_addenda() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let (sessions, _) = service_sessions(&db, &world.a, ActivityKind::Reading, &[1, 2, 3]).await;
    let me = world.a.actor(Role::ServiceStaff);
    let child = world.a.student;
    for (i, (s, d)) in sessions.iter().zip([1, 2, 3]).enumerate() {
        let on = date(2027, 3, d);
        let absent: &[StudentId] = if i % 2 == 0 { &[child] } else { &[] };
        let sheet = attendance::take(&db.at(&me, at(on, 16, 40)), *s, on, absent, &format!("k{i}")).await.expect("taken");
        if i == 2 {
            attendance::correct(&db.at(&me, at(on, 17, 0)), sheet, child, true, "late").await.expect("corrected");
            attendance::correct(&db.at(&me, at(on, 17, 10)), sheet, child, false, "left at 17:05").await.expect("corrected back");
            attendance::correct(&db.at(&me, at(on, 17, 20)), sheet, child, true, "came back").await.expect("and again");
        }
    }
    // Recount every child-day from the raw sheets and addenda.
    let sheets = attendance_sheet::Entity::find().all(&db.read).await.expect("q");
    let addenda = attendance_addendum::Entity::find().all(&db.read).await.expect("q");
    let mut recount: HashMap<NaiveDate, (i32, i32)> = HashMap::new();
    for s in &sheets {
        let mut absent: std::collections::HashSet<i64> = s.absent.split_whitespace().map(|i| i.parse().expect("id")).collect();
        for a in addenda.iter().filter(|a| a.sheet_id == s.id) {
            if a.present { absent.remove(&a.student_id) } else { absent.insert(a.student_id) };
        }
        let e = recount.entry(s.on_date).or_default();
        e.0 += s.children - absent.len() as i32;
        e.1 += absent.len() as i32;
    }
    let totals: HashMap<NaiveDate, (i32, i32)> = attendance_total::Entity::find().all(&db.read).await.expect("q").into_iter().map(|t| (t.on_date, (t.present, t.absent))).collect();
    assert_eq!(totals, recount);
    assert_eq!(totals[&date(2027, 3, 3)], (1, 0));
}

#[tokio::test]
async fn nobody_outside_the_session_or_the_family_reaches_the_service_day() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let (a, _) = service_sessions(&db, &world.a, ActivityKind::Reading, &[1]).await;
    let (b, _) = service_sessions(&db, &world.b, ActivityKind::Reading, &[1]).await;
    let (near, _) = service_sessions(&db, &world.near, ActivityKind::Reading, &[1]).await;
    let of = |side: &domain::testing::Side| if side.school == world.b.school { b[0] } else { near[0] };
    let now = at(MONDAY(), 16, 40);
    world
        .assert_no_cross_scope_access("session_day", |actor, other| {
            let (db, s) = (db.clone(), of(other));
            async move { session_day(&db.at(&actor, now), s, MONDAY()).await }
        })
        .await;
    world
        .assert_no_cross_scope_access("take", |actor, other| {
            let (db, s) = (db.clone(), of(other));
            async move { attendance::take(&db.at(&actor, now), s, MONDAY(), &[], "x").await }
        })
        .await;
    world
        .assert_no_cross_scope_access("note", |actor, other| {
            let (db, s, child) = (db.clone(), of(other), other.student);
            async move { notes::add(&db.at(&actor, now), s, child, NewDayNote { kind: NoteKind::Health, note: "x".into() }).await }
        })
        .await;
    world
        .assert_no_cross_scope_access("hand_over", |actor, other| {
            let (db, s, child, g) = (db.clone(), of(other), other.student, format!("g{}", other.guardian));
            async move { handover::hand_over(&db.at(&actor, now), form(s, MONDAY(), child, &g, "123456")).await }
        })
        .await;
    world
        .assert_no_cross_scope_access("issue_slip", |actor, other| {
            let (db, child) = (db.clone(), other.student);
            async move { leave::issue(&db.at(&actor, now), child, MONDAY(), NewLeaveSlip { leave_at: NaiveTime::MIN, reason: "x".into() }).await }
        })
        .await;
    world
        .assert_no_cross_scope_access("child_service", |actor, other| {
            let (db, child) = (db.clone(), other.student);
            async move { child_service(&db.at(&actor, now), child).await }
        })
        .await;
    world
        .assert_no_cross_scope_access("school_day", |actor, other| {
            let (db, school) = (db.clone(), other.school);
            async move { school_day(&db.at(&actor, now), school, MONDAY()).await }
        })
        .await;
    world
        .assert_no_cross_scope_access("duty", |actor, other| {
            let (db, school) = (db.clone(), other.school);
            async move { duty::set(&db.at(&actor, at(MONDAY(), 8, 0)), school, MONDAY(), domain::ids::StaffId(1)).await }
        })
        .await;
    // In its own school: a class teacher or a committee member does not serve the session.
    for role in [Role::ClassTeacher, Role::FamilyCommittee, Role::Parent, Role::BureauOfficial] {
        let e = attendance::take(&db.at(&world.a.actor(role), now), a[0], MONDAY(), &[], "y").await.expect_err("not serving");
        assert!(matches!(e, DomainError::Forbidden), "{role:?}: {e:?}");
    }
    // A child of another school is not added as staying behind.
    let other = student::Entity::find_by_id(world.b.student.0).one(&db.read).await.expect("q").expect("s");
    let e = handover::add_guest(&db.at(&world.a.actor(Role::ServiceStaff), now), a[0], &other.student_no, "x").await.expect_err("foreign");
    assert!(matches!(e, DomainError::Invalid { rule: "not_at_school", .. }), "{e:?}");
}

#[tokio::test]
async fn a_collectors_photo_is_a_small_jpeg_shown_only_to_the_family_and_the_childs_staff() {
    use domain::service_day::photos;
    let db = fresh_db().await;
    let world = World::build(&db).await;
    service_sessions(&db, &world.a, ActivityKind::Reading, &[1]).await;
    service_sessions(&db, &world.near, ActivityKind::Reading, &[1]).await;
    let (parent, child) = (world.a.actor(Role::Parent), world.a.student);
    let me = format!("g{}", world.a.guardian);
    let now = at(MONDAY(), 9, 0);
    let jpeg = [&[0xFF, 0xD8, 0xFF, 0xE0][..], &[0u8; 1000], &[0xFF, 0xD9]].concat();
    for (bytes, rule) in [(b"\x89PNG....".to_vec(), "not_jpeg"), (Vec::new(), "empty"), ([&jpeg[..4], &vec![0u8; 300 * 1024], &[0xFF, 0xD9]].concat(), "too_large")] {
        let e = photos::upload(&db.at(&parent, now), child, &me, bytes).await.expect_err(rule);
        assert!(matches!(e, DomainError::Unreadable { rule: r, .. } if r == rule), "{e:?}");
    }
    assert!(matches!(photos::upload(&db.at(&parent, now), child, "p999", jpeg.clone()).await, Err(DomainError::NotFound)), "not one of the child's collectors");
    assert!(photos::upload(&db.at(&world.next_door.actor(Role::Parent), now), child, &me, jpeg.clone()).await.is_err(), "another family");
    photos::upload(&db.at(&parent, now), child, &me, jpeg.clone()).await.expect("uploaded");
    photos::upload(&db.at(&parent, now), child, &me, jpeg.clone()).await.expect("replaced");
    assert_eq!(photos::read(&db.at(&parent, now), child, &me).await.expect("guardian"), jpeg);
    assert_eq!(photos::read(&db.at(&world.a.actor(Role::ServiceStaff), now), child, &me).await.expect("the child's staff"), jpeg);
    for who in [world.near.actor(Role::ServiceStaff), world.next_door.actor(Role::Parent), world.a.actor(Role::ClassTeacher), world.b.actor(Role::BureauOfficial)] {
        assert!(matches!(photos::read(&db.at(&who, now), child, &me).await, Err(DomainError::NotFound | DomainError::Forbidden)));
    }
    // A pickup person's photo goes when the guardian removes the person.
    use domain::families::pickup::NewPickupPerson;
    let grandma = pickup::add_person(&db.with(&parent), child, NewPickupPerson { name: "奶奶".into(), relation: "祖母".into(), phone: "13700000002".into() }).await.expect("person");
    let theirs = format!("p{grandma}");
    photos::upload(&db.at(&parent, now), child, &theirs, jpeg.clone()).await.expect("photo");
    pickup::remove_person(&db.with(&parent), grandma).await.expect("removed");
    assert!(matches!(photos::read(&db.at(&parent, now), child, &theirs).await, Err(DomainError::NotFound)), "the photo is gone");
}

#[tokio::test]
async fn guessing_pickup_codes_stops_after_a_few_refusals_a_day() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let (sessions, _) = service_sessions(&db, &world.a, ActivityKind::Reading, &[1]).await;
    let me = world.a.actor(Role::ServiceStaff);
    let child = world.a.student;
    let code = child_service(&db.at(&world.a.actor(Role::Parent), at(MONDAY(), 8, 0)), child).await.expect("code").pickup_code;
    attendance::take(&db.at(&me, at(MONDAY(), 16, 40)), sessions[0], MONDAY(), &[], "k").await.expect("taken");
    let g = format!("g{}", world.a.guardian);
    let late = at(MONDAY(), 18, 0);
    let mut tried = 0;
    for guess in (0..1_000_000).map(|n| format!("{n:06}")).filter(|n| *n != code).take(handover::MAX_REFUSALS_A_DAY as usize) {
        let e = handover::hand_over(&db.at(&me, late), form(sessions[0], MONDAY(), child, &g, &guess)).await.expect_err("wrong");
        assert!(matches!(e, DomainError::Invalid { rule: "wrong", .. }), "{e:?}");
        tried += 1;
    }
    assert_eq!(tried, 5);
    let e = handover::hand_over(&db.at(&me, late), form(sessions[0], MONDAY(), child, &g, &code)).await.expect_err("stopped");
    assert!(matches!(e, DomainError::Invalid { rule: "too_many_refusals", .. }), "even the right code waits for the duty leader: {e:?}");
    assert_eq!(handover_refusal::Entity::find().all(&db.read).await.expect("q").len(), 5);
    // The leader on duty checks the person and hands the child over.
    let admin = world.a.actor(Role::SchoolAdmin);
    let person = domain::operations::staff::NewStaff { kind: domain::operations::staff::StaffKind::Teacher, name: "周".into(), phone: "13600009999".into(), organisation: String::new() };
    let leader = domain::testing::staff_signing_in(&db, &admin, world.a.school, person, &world.a.actor(Role::ClassTeacher), at(MONDAY(), 8, 0)).await;
    let check = domain::operations::staff::NewVetting { checked_on: date(2026, 9, 1), result: domain::operations::staff::VettingResult::Clear, qualification: "Q".into(), valid_until: date(2028, 1, 1) };
    domain::operations::staff::record_vetting(&db.at(&admin, at(MONDAY(), 8, 0)), leader, check).await.expect("vetted");
    duty::set(&db.at(&admin, at(MONDAY(), 8, 0)), world.a.school, MONDAY(), leader).await.expect("on duty");
    handover::hand_over(&db.at(&world.a.actor(Role::ClassTeacher), late), form(sessions[0], MONDAY(), child, &g, &code)).await.expect("the leader hands over");
}
