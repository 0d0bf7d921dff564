//! Attendance (S5): a staff member on a published session marks the absent
//! children of its group on a service day; one submit records the group
//! once however often it is retried; a later correction is an addendum;
//! daily totals per class stay current as sheets and addenda are written,
//! so money and the bureau never scan the sheets. A child absent without a
//! leave request is told to every guardian [000 att.2 §18]; an unwell child
//! at a sports session is kept out unless a guardian agreed [000 att.2 §9].
use crate::audit::{self, Event};
use crate::entities::{attendance_addendum, attendance_sheet, attendance_total, pickup_request};
use crate::error::{DomainError, DomainResult, is_duplicate};
use crate::ids::{SessionId, StudentId};
use crate::messages::inbox::{self, About, Notice};
use crate::service_day::day::{Published, id_text, marks, present_now, published, runs_on, serving};
use crate::service_day::notes;
use crate::places::students_by_id;
use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait};
use serde_json::json;
use std::collections::{BTreeMap, HashSet};
use wire::families::PickupKind;

pub const MAX_KEY_CHARS: usize = 64;

/// Adds each child's (present, absent, child-day) change to its class's
/// total for the day.
async fn add_to_totals<C: ConnectionTrait>(db: &C, school: i64, on: NaiveDate, marks: &[(i64, i32, i32, i32)]) -> DomainResult<()> {
    let students = students_by_id(db, marks.iter().map(|(s, ..)| *s)).await?;
    let classes: std::collections::HashMap<i64, i64> = crate::entities::school_class::Entity::find()
        .filter(crate::entities::school_class::Column::Id.is_in(students.values().map(|s| s.class_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.grade_id))
        .collect();
    let mut per: BTreeMap<i64, (i32, i32, i32)> = BTreeMap::new();
    for (s, present, absent, days) in marks {
        let Some(st) = students.get(s) else { continue };
        let e = per.entry(st.class_id).or_default();
        e.0 += present;
        e.1 += absent;
        e.2 += days;
    }
    for (class, (present, absent, days)) in per {
        let done = attendance_total::Entity::update_many()
            .col_expr(attendance_total::Column::Present, Expr::col(attendance_total::Column::Present).add(present))
            .col_expr(attendance_total::Column::Absent, Expr::col(attendance_total::Column::Absent).add(absent))
            .col_expr(attendance_total::Column::ChildDays, Expr::col(attendance_total::Column::ChildDays).add(days))
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
                child_days: Set(days),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    crate::store::stale::touch(db, school, on).await
}

/// Of `children`, those marked present on `on` at another session of
/// theirs that day: they already count as a child-day.
async fn present_elsewhere<C: ConnectionTrait>(db: &C, p: &Published, on: NaiveDate, children: &[i64]) -> DomainResult<HashSet<i64>> {
    let others: Vec<i64> = p.timetable.sessions.iter().filter(|s| s.weekday == p.session.weekday && s.id != p.session.id).map(|s| s.id.0).collect();
    if others.is_empty() {
        return Ok(HashSet::new());
    }
    let group_of = |session: i64| -> Vec<i64> {
        let group = p.timetable.sessions.iter().find(|s| s.id.0 == session).map(|s| s.group);
        p.timetable.groups.iter().find(|(g, _)| Some(*g) == group).map(|(_, kids)| kids.iter().map(|k| k.0).collect()).unwrap_or_default()
    };
    let sheets = marks(db, &others, on, group_of).await?;
    Ok(children.iter().copied().filter(|c| sheets.values().any(|m| m.present.get(c) == Some(&true))).collect())
}

/// The children with a guardian's absence request for `on`.
pub(crate) async fn excused<C: ConnectionTrait>(db: &C, children: &[i64], on: NaiveDate) -> DomainResult<BTreeMap<i64, String>> {
    Ok(pickup_request::Entity::find()
        .filter(pickup_request::Column::StudentId.is_in(children.iter().copied()))
        .filter(pickup_request::Column::OnDate.eq(on))
        .filter(pickup_request::Column::Kind.eq(PickupKind::Absent.as_str()))
        .filter(pickup_request::Column::CancelledAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.student_id, r.reason))
        .collect())
}

/// The sheet already stored under `key`, if it is for this session and date.
async fn retried<C: ConnectionTrait>(db: &C, key: &str, session: SessionId, on: NaiveDate) -> DomainResult<Option<i64>> {
    match attendance_sheet::Entity::find().filter(attendance_sheet::Column::IdempotencyKey.eq(key)).one(db).await? {
        Some(done) if done.session_id == session.0 && done.on_date == on => Ok(Some(done.id)),
        Some(_) => Err(DomainError::invalid("idempotency_key", "reused")),
        None => Ok(None),
    }
}

/// Records a session's attendance on a date: every child of the group
/// present but `absent`. The same `key` again returns the first sheet; a
/// second sheet for the same session and date is refused (correct it).
pub async fn take(cx: &crate::Ctx, session: SessionId, on: NaiveDate, absent: &[StudentId], key: &str) -> DomainResult<i64> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    if key.trim().is_empty() || key.chars().count() > MAX_KEY_CHARS {
        return Err(DomainError::invalid("idempotency_key", "invalid"));
    }
    let p = published(db, session).await?;
    let me = serving(db, actor, &p, on, false).await?.staff();
    if let Some(done) = retried(db, key, session, on).await? {
        return Ok(done);
    }
    if on > crate::clock::local_date(now) {
        return Err(DomainError::invalid("on_date", "in_the_future"));
    }
    runs_on(db, &p, on).await?;
    let absent: HashSet<i64> = absent.iter().map(|s| s.0).collect();
    if !absent.iter().all(|s| p.group.contains(s)) {
        return Err(DomainError::invalid("student", "not_in_group"));
    }
    let txn = db.begin().await?;
    // A retry that lost the race to its own first try answers that sheet.
    if let Some(done) = attendance_sheet::Entity::find()
        .filter(attendance_sheet::Column::SessionId.eq(session.0))
        .filter(attendance_sheet::Column::OnDate.eq(on))
        .one(&txn)
        .await?
    {
        return if done.idempotency_key == key { Ok(done.id) } else { Err(DomainError::invalid("attendance", "already_taken")) };
    }
    let mut listed: Vec<i64> = absent.iter().copied().collect();
    listed.sort_unstable();
    let leave = excused(&txn, &listed, on).await?;
    let kept_out: Vec<i64> = if p.is_sports() {
        let unwell = notes::unwell_without_agreement(&txn, &p.group, on).await?;
        p.group.iter().copied().filter(|c| !absent.contains(c) && unwell.contains(c)).collect()
    } else {
        Vec::new()
    };
    let sheet = attendance_sheet::ActiveModel {
        school_id: Set(p.school.id),
        session_id: Set(session.0),
        on_date: Set(on),
        children: Set(p.group.len() as i32),
        absent: Set(id_text(&listed)),
        excused: Set(id_text(&leave.keys().copied().collect::<Vec<_>>())),
        kept_out: Set(id_text(&kept_out)),
        staff_id: Set(me.0),
        account_id: Set(actor.account.0),
        idempotency_key: Set(key.to_string()),
        taken_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let sheet = match sheet {
        Ok(s) => s,
        // A parallel retry or a second adult won the race: the unique key or
        // the one sheet per session and date says which.
        Err(e) if is_duplicate(&e) => {
            drop(txn);
            return match retried(db, key, session, on).await? {
                Some(done) => Ok(done),
                None => Err(DomainError::invalid("attendance", "already_taken")),
            };
        }
        Err(e) => return Err(e.into()),
    };
    let counted = present_elsewhere(&txn, &p, on, &p.group).await?;
    let day = |c: &i64| i32::from(!counted.contains(c));
    let changes: Vec<(i64, i32, i32, i32)> = p.group.iter().map(|c| if absent.contains(c) { (*c, 0, 1, 0) } else { (*c, 1, 0, day(c)) }).collect();
    add_to_totals(&txn, p.school.id, on, &changes).await?;
    audit::record(&txn, now,
        Event::new(
            Some(actor.account),
            "attendance.taken",
            format!("session:{session}"),
            json!({"sheet": sheet.id, "on": on, "children": p.group.len(), "absent": listed, "excused": leave.keys().collect::<Vec<_>>(), "kept_out": kept_out}),
        ),
    )
    .await?;
    // 非正常缺席: every guardian of a child absent without leave hears at once.
    let unexpected: Vec<i64> = listed.iter().copied().filter(|c| !leave.contains_key(c)).collect();
    let students = students_by_id(&txn, unexpected.iter().copied()).await?;
    let notice = Notice::Absent { on: on.to_string(), starts_at: p.session.starts_at.format("%H:%M").to_string() };
    let notes = unexpected.iter().filter_map(|c| students.get(c)).map(|st| (StudentId(st.id), About { application: None, student_name: &st.name, plan_title: &p.plan.title }, &notice));
    inbox::notify_guardians(&txn, notes, cx.now()).await?;
    txn.commit().await?;
    Ok(sheet.id)
}

/// Corrects one child's mark on a sheet: an addendum, never an edit.
pub async fn correct(cx: &crate::Ctx, sheet: i64, student: StudentId, present: bool, reason: &str) -> DomainResult<()> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(DomainError::invalid("reason", "required"));
    }
    let s = attendance_sheet::Entity::find_by_id(sheet).one(db).await?.ok_or(DomainError::NotFound)?;
    let p = published(db, SessionId(s.session_id)).await?;
    serving(db, actor, &p, s.on_date, true).await?;
    if !p.group.contains(&student.0) {
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
    // The child moves from one count to the other, and is a child-day
    // unless another session of the day already counts them.
    let day = i32::from(present_elsewhere(&txn, &p, s.on_date, &[student.0]).await?.is_empty());
    let change = if present { (student.0, 1, -1, day) } else { (student.0, -1, 1, -day) };
    add_to_totals(&txn, s.school_id, s.on_date, &[change]).await?;
    audit::record(&txn, now,
        Event::new(Some(actor.account), "attendance.corrected", format!("session:{}", s.session_id), json!({"sheet": s.id, "student": student.0, "present": present, "reason": reason})),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
