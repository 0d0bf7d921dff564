//! Attendance (S5), WIP for issue 13: a staff member on a published session
//! marks the absent children of its group on a service day; one submit
//! records the group once however often it is retried; a later correction
//! is an addendum; daily totals per class stay current as sheets and
//! addenda are written, so money and the bureau never scan the sheets.
//!
//! Not yet: the absence notice to guardians, leave slips, the unwell-child
//! sports rule, the pages.
use crate::audit::{self, Event};
use crate::authz::Actor;
use crate::entities::{attendance_addendum, attendance_sheet, attendance_total, plan, school, service_session, staff, timetable, timetable_publication};
use crate::error::{DomainError, DomainResult};
use crate::ids::{SchoolId, SessionId, StaffId, StudentId};
use crate::operations::calendar::{self, days_for};
use crate::operations::staff::clearances;
use crate::org::students_by_id;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionSession, TransactionTrait};
use serde_json::json;
use std::collections::{BTreeMap, HashSet};
use wire::operations::PublishedTimetable;
use wire::plan::PlanContent;

pub const MAX_KEY_CHARS: usize = 64;

/// A session as published, with where and when it runs.
struct Published {
    school: school::Model,
    plan: PlanContent,
    /// The group's children when the timetable was published.
    children: Vec<i64>,
    weekday: u8,
    staff: Vec<StaffId>,
}

async fn published<C: ConnectionTrait>(db: &C, session: SessionId) -> DomainResult<Published> {
    let row = service_session::Entity::find_by_id(session.0).one(db).await?.ok_or(DomainError::NotFound)?;
    let t = timetable::Entity::find_by_id(row.timetable_id).one(db).await?.ok_or(DomainError::NotFound)?;
    let publication = timetable_publication::Entity::find()
        .filter(timetable_publication::Column::TimetableId.eq(t.id))
        .order_by_desc(timetable_publication::Column::Version)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let snapshot: PublishedTimetable = serde_json::from_str(&publication.content)?;
    let s = snapshot.sessions.iter().find(|s| s.id == session).ok_or(DomainError::NotFound)?;
    let children = snapshot.groups.iter().find(|(g, _)| *g == s.group).map(|(_, kids)| kids.iter().map(|k| k.0).collect()).unwrap_or_default();
    let p = plan::Entity::find_by_id(t.plan_id).one(db).await?.ok_or(DomainError::NotFound)?;
    let school = school::Entity::find_by_id(t.school_id).one(db).await?.ok_or(DomainError::NotFound)?;
    Ok(Published { school, plan: serde_json::from_str(&p.content)?, children, weekday: s.weekday, staff: s.adults.iter().map(|a| a.staff).collect() })
}

/// The actor's staff record on the session, cleared to serve on `on`.
async fn serving<C: ConnectionTrait>(db: &C, actor: &Actor, p: &Published, on: NaiveDate) -> DomainResult<StaffId> {
    let mine = staff::Entity::find()
        .filter(staff::Column::AccountId.eq(actor.account.0))
        .filter(staff::Column::SchoolId.eq(p.school.id))
        .filter(staff::Column::LeftAt.is_null())
        .all(db)
        .await?;
    let me = mine.iter().map(|s| StaffId(s.id)).find(|s| p.staff.contains(s)).ok_or(DomainError::Forbidden)?;
    let cleared = clearances(db, SchoolId(p.school.id), &[me], on).await?;
    if !cleared.get(&me).is_some_and(|c| c.is_cleared()) {
        return Err(DomainError::invalid("staff", "not_cleared"));
    }
    Ok(me)
}

/// Adds each child's (present, absent) change to its class's total for the day.
async fn add_to_totals<C: ConnectionTrait>(db: &C, school: i64, on: NaiveDate, marks: &[(i64, i32, i32)]) -> DomainResult<()> {
    let students = students_by_id(db, marks.iter().map(|(s, _, _)| *s)).await?;
    let classes: std::collections::HashMap<i64, i64> = crate::entities::school_class::Entity::find()
        .filter(crate::entities::school_class::Column::Id.is_in(students.values().map(|s| s.class_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.grade_id))
        .collect();
    let mut per: BTreeMap<i64, (i32, i32)> = BTreeMap::new();
    for (s, present, absent) in marks {
        let Some(st) = students.get(s) else { continue };
        let e = per.entry(st.class_id).or_default();
        e.0 += present;
        e.1 += absent;
    }
    for (class, (present, absent)) in per {
        let done = attendance_total::Entity::update_many()
            .col_expr(attendance_total::Column::Present, Expr::col(attendance_total::Column::Present).add(present))
            .col_expr(attendance_total::Column::Absent, Expr::col(attendance_total::Column::Absent).add(absent))
            .filter(attendance_total::Column::ClassId.eq(class))
            .filter(attendance_total::Column::OnDate.eq(on))
            .exec(db)
            .await?;
        if done.rows_affected == 0 {
            attendance_total::ActiveModel {
                school_id: Set(school),
                grade_id: Set(classes.get(&class).copied().unwrap_or_default()),
                class_id: Set(class),
                on_date: Set(on),
                present: Set(present),
                absent: Set(absent),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

fn ids(text: &str) -> Vec<i64> {
    text.split_whitespace().filter_map(|i| i.parse().ok()).collect()
}

/// Records a session's attendance on a date: every child of the group
/// present but `absent`. The same `key` again returns the first sheet; a
/// second sheet for the same session and date is refused (correct it).
pub async fn take<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    session: SessionId,
    on: NaiveDate,
    absent: &[StudentId],
    key: &str,
    now: DateTime<Utc>,
) -> DomainResult<i64> {
    if key.trim().is_empty() || key.chars().count() > MAX_KEY_CHARS {
        return Err(DomainError::invalid("idempotency_key", "invalid"));
    }
    if let Some(done) = attendance_sheet::Entity::find().filter(attendance_sheet::Column::IdempotencyKey.eq(key)).one(db).await? {
        return if done.session_id == session.0 && done.on_date == on { Ok(done.id) } else { Err(DomainError::invalid("idempotency_key", "reused")) };
    }
    let p = published(db, session).await?;
    let me = serving(db, actor, &p, on).await?;
    if on > crate::clock::local_date(now) {
        return Err(DomainError::invalid("on_date", "in_the_future"));
    }
    let cal = days_for(db, &p.school, on, on).await?;
    if on < p.plan.term_start || on > p.plan.term_end || calendar::runs(on, &p.plan.weekdays, &cal) != Some(p.weekday) {
        return Err(DomainError::invalid("on_date", "no_session"));
    }
    let absent: HashSet<i64> = absent.iter().map(|s| s.0).collect();
    if !absent.iter().all(|s| p.children.contains(s)) {
        return Err(DomainError::invalid("student", "not_in_group"));
    }
    let txn = db.begin().await?;
    if attendance_sheet::Entity::find()
        .filter(attendance_sheet::Column::SessionId.eq(session.0))
        .filter(attendance_sheet::Column::OnDate.eq(on))
        .one(&txn)
        .await?
        .is_some()
    {
        return Err(DomainError::invalid("attendance", "already_taken"));
    }
    let mut listed: Vec<i64> = absent.iter().copied().collect();
    listed.sort_unstable();
    let sheet = attendance_sheet::ActiveModel {
        school_id: Set(p.school.id),
        session_id: Set(session.0),
        on_date: Set(on),
        children: Set(p.children.len() as i32),
        absent: Set(listed.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(" ")),
        staff_id: Set(me.0),
        account_id: Set(actor.account.0),
        idempotency_key: Set(key.to_string()),
        taken_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let marks: Vec<(i64, i32, i32)> = p.children.iter().map(|c| if absent.contains(c) { (*c, 0, 1) } else { (*c, 1, 0) }).collect();
    add_to_totals(&txn, p.school.id, on, &marks).await?;
    audit::record(
        &txn,
        Event::new(Some(actor.account), "attendance.taken", format!("session:{session}"), json!({"sheet": sheet.id, "on": on, "children": p.children.len(), "absent": listed})),
    )
    .await?;
    txn.commit().await?;
    Ok(sheet.id)
}

/// A child's mark as the sheet and its addenda have it now.
fn present_now(sheet: &attendance_sheet::Model, addenda: &[attendance_addendum::Model], student: i64) -> bool {
    addenda
        .iter()
        .rev()
        .find(|a| a.student_id == student)
        .map_or_else(|| !ids(&sheet.absent).contains(&student), |a| a.present)
}

/// Corrects one child's mark on a sheet: an addendum, never an edit.
pub async fn correct<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    sheet: i64,
    student: StudentId,
    present: bool,
    reason: &str,
    now: DateTime<Utc>,
) -> DomainResult<()> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(DomainError::invalid("reason", "required"));
    }
    let s = attendance_sheet::Entity::find_by_id(sheet).one(db).await?.ok_or(DomainError::NotFound)?;
    let p = published(db, SessionId(s.session_id)).await?;
    serving(db, actor, &p, s.on_date).await?;
    if !p.children.contains(&student.0) {
        return Err(DomainError::invalid("student", "not_in_group"));
    }
    let txn = db.begin().await?;
    let addenda = attendance_addendum::Entity::find()
        .filter(attendance_addendum::Column::SheetId.eq(s.id))
        .order_by_asc(attendance_addendum::Column::Id)
        .all(&txn)
        .await?;
    if present_now(&s, &addenda, student.0) == present {
        return Err(DomainError::invalid("attendance", "unchanged"));
    }
    attendance_addendum::ActiveModel {
        sheet_id: Set(s.id),
        student_id: Set(student.0),
        present: Set(present),
        reason: Set(reason.to_string()),
        account_id: Set(actor.account.0),
        at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    // The child moves from one count to the other.
    let change = if present { (student.0, 1, -1) } else { (student.0, -1, 1) };
    add_to_totals(&txn, s.school_id, s.on_date, &[change]).await?;
    audit::record(
        &txn,
        Event::new(Some(actor.account), "attendance.corrected", format!("session:{}", s.session_id), json!({"sheet": s.id, "student": student.0, "present": present, "reason": reason})),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
