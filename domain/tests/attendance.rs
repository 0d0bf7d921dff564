//! Attendance: one sheet per session and date, retries record once,
//! corrections are addenda, and the class totals match a recount of the
//! sheets.
use chrono::{NaiveDate, TimeZone, Utc};
use domain::authz::Role;
use domain::entities::{attendance_sheet, attendance_total};
use domain::ids::SessionId;
use domain::service_day::attendance;
use domain::operations::staff::{self, NewVetting, VettingResult};
use domain::testing::{World, fresh_db, service_sessions};
use domain::{Db, DomainError};
use sea_orm::EntityTrait;
use wire::plan::ActivityKind;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// Side a's Monday session, its staff member's check valid until `until`.
async fn published_session(db: &Db, world: &World, until: NaiveDate) -> SessionId {
    let (sessions, me) = service_sessions(db, &world.a, ActivityKind::Reading, &[1]).await;
    if until < date(2028, 1, 1) {
        let short = NewVetting { checked_on: date(2026, 9, 1), result: VettingResult::Clear, qualification: "Q".into(), valid_until: until };
        staff::record_vetting(&db.at(&world.a.actor(Role::SchoolAdmin), Utc::now()), me, short).await.expect("short");
    }
    sessions[0]
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
    let sheet = attendance::take(&db.at(&me, then), session, monday, &[child], "k1").await.expect("taken");
    assert_eq!(attendance::take(&db.at(&me, then), session, monday, &[child], "k1").await.expect("retry"), sheet);
    let again = attendance::take(&db.at(&me, then), session, monday, &[], "k2").await.expect_err("twice");
    assert!(matches!(again, DomainError::Invalid { rule: "already_taken", .. }), "{again:?}");
    let totals = |db: Db| async move { attendance_total::Entity::find().all(&db.read).await.expect("totals").into_iter().map(|t| (t.present, t.absent)).collect::<Vec<_>>() };
    assert_eq!(totals(db.clone()).await, [(0, 1)]);
    // The child came late: an addendum moves the count.
    attendance::correct(&db.at(&me, then), sheet, child, true, "迟到 10 分钟").await.expect("corrected");
    assert_eq!(totals(db.clone()).await, [(1, 0)]);
    assert!(matches!(attendance::correct(&db.at(&me, then), sheet, child, true, "again").await, Err(DomainError::Invalid { rule: "unchanged", .. })));
    let rows = attendance_sheet::Entity::find().all(&db.read).await.expect("sheets");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].absent, child.to_string(), "the sheet keeps what was first marked");

    // Not on the session, not its day, not yet, not in the group.
    let teacher = world.a.actor(Role::ClassTeacher);
    assert!(matches!(attendance::take(&db.at(&teacher, then), session, date(2027, 3, 8), &[], "k3").await, Err(DomainError::Forbidden)));
    let later = then + chrono::Duration::days(7);
    let tuesday = attendance::take(&db.at(&me, later), session, date(2027, 3, 2), &[], "k4").await.expect_err("tuesday");
    assert!(matches!(tuesday, DomainError::Invalid { rule: "no_session", .. }), "{tuesday:?}");
    let ahead = attendance::take(&db.at(&me, then), session, date(2027, 3, 8), &[], "k5").await.expect_err("ahead");
    assert!(matches!(ahead, DomainError::Invalid { rule: "in_the_future", .. }), "{ahead:?}");
    let stranger = attendance::take(&db.at(&me, later), session, date(2027, 3, 8), &[world.b.student], "k6").await.expect_err("x");
    assert!(matches!(stranger, DomainError::Invalid { rule: "not_in_group", .. }), "{stranger:?}");
}

#[tokio::test]
async fn a_person_whose_check_ran_out_cannot_mark_attendance() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let session = published_session(&db, &world, date(2027, 2, 1)).await;
    let then = Utc.with_ymd_and_hms(2027, 3, 1, 9, 0, 0).single().expect("t");
    let e = attendance::take(&db.at(&world.a.actor(Role::ServiceStaff), then), session, date(2027, 3, 1), &[], "k").await.expect_err("expired");
    assert!(matches!(e, DomainError::Invalid { field: "staff", rule: "not_cleared" }), "{e:?}");
}
