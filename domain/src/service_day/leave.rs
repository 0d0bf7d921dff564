//! Leave slips (离校假条, P8): the school issues a slip for a child to leave
//! before the end; it counts once a guardian confirms it on the phone, and
//! staff see it on the day's list before the child goes [000 att.2 §7].
use crate::audit::{self, Event};
use crate::entities::{leave_slip, student};
use crate::error::{DomainError, DomainResult};
use crate::ids::{LeaveSlipId, SchoolId, StudentId};
use crate::messages::inbox::{self, About, Notice};
use crate::service_day::day::staff_or_admin;
use crate::places::{student_at, students_by_id};
use chrono::NaiveDate;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait};
use serde_json::json;
pub use wire::service_day::{LeaveSlip, NewLeaveSlip};

pub const MAX_REASON_CHARS: usize = 200;
pub const MAX_DAYS_AHEAD: i64 = 14;

pub(crate) fn views(rows: Vec<leave_slip::Model>, students: &std::collections::HashMap<i64, student::Model>) -> Vec<LeaveSlip> {
    rows.into_iter()
        .map(|r| LeaveSlip {
            id: LeaveSlipId(r.id),
            student: StudentId(r.student_id),
            student_name: students.get(&r.student_id).map(|s| s.name.clone()).unwrap_or_default(),
            on_date: r.on_date,
            leave_at: r.leave_at,
            reason: r.reason,
            confirmed: r.confirmed_at.is_some(),
        })
        .collect()
}

/// The slips of `children` on `on` still standing (not cancelled).
pub(crate) async fn of_day<C: ConnectionTrait>(db: &C, children: &[i64], on: NaiveDate) -> DomainResult<Vec<leave_slip::Model>> {
    Ok(leave_slip::Entity::find()
        .filter(leave_slip::Column::StudentId.is_in(children.iter().copied()))
        .filter(leave_slip::Column::OnDate.eq(on))
        .filter(leave_slip::Column::CancelledAt.is_null())
        .order_by_asc(leave_slip::Column::Id)
        .all(db)
        .await?)
}

/// Issues a slip for a child of the school to leave at `leave_at` on `on`;
/// the guardians are asked to confirm it. Any of the school's staff (or its
/// administrator) may issue one.
pub async fn issue(cx: &crate::Ctx, child: StudentId, on: NaiveDate, new: NewLeaveSlip) -> DomainResult<LeaveSlipId> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let st = student_at(db, child.0).await?;
    let school = st.row.school_id;
    let s = crate::scope::find_school(db, SchoolId(school)).await?;
    staff_or_admin(db, actor, &s).await?;
    let reason = new.reason.trim().to_string();
    if reason.is_empty() {
        return Err(DomainError::invalid("reason", "required"));
    }
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(DomainError::invalid("reason", "too_long"));
    }
    let today = crate::clock::local_date(now);
    if on < today {
        return Err(DomainError::invalid("on_date", "in_the_past"));
    }
    if (on - today).num_days() > MAX_DAYS_AHEAD {
        return Err(DomainError::invalid("on_date", "too_far_ahead"));
    }
    let txn = db.begin().await?;
    let slip = leave_slip::ActiveModel {
        school_id: Set(school),
        student_id: Set(child.0),
        on_date: Set(on),
        leave_at: Set(new.leave_at),
        reason: Set(reason.clone()),
        issued_by: Set(actor.account.0),
        issued_at: Set(now),
        confirmed_by: Set(None),
        confirmed_at: Set(None),
        cancelled_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, now, Event::new(Some(actor.account), "leave_slip.issued", format!("student:{child}"), json!({"slip": slip.id, "on": on, "at": new.leave_at})))
        .await?;
    let notice = Notice::LeaveSlipIssued { on: on.to_string(), at: new.leave_at.format("%H:%M").to_string(), reason };
    inbox::notify_guardians(&txn, [(child, About { application: None, student_name: &st.row.name, plan_title: "" }, &notice)], cx.now()).await?;
    txn.commit().await?;
    Ok(LeaveSlipId(slip.id))
}

/// A guardian signs the slip (家长在离校假条上签字): from now it lets the
/// child leave early. Confirming twice changes nothing.
pub async fn confirm(cx: &crate::Ctx, id: LeaveSlipId) -> DomainResult<()> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let slip = leave_slip::Entity::find_by_id(id.0).one(db).await?.filter(|s| s.cancelled_at.is_none()).ok_or(DomainError::NotFound)?;
    let (_, guardian) = crate::scope::child(db, actor, StudentId(slip.student_id)).await?;
    if slip.on_date < crate::clock::local_date(now) {
        return Err(DomainError::invalid("on_date", "in_the_past"));
    }
    let txn = db.begin().await?;
    let done = leave_slip::Entity::update_many()
        .col_expr(leave_slip::Column::ConfirmedBy, Expr::value(guardian.0))
        .col_expr(leave_slip::Column::ConfirmedAt, Expr::value(now))
        .filter(leave_slip::Column::Id.eq(id.0))
        .filter(leave_slip::Column::ConfirmedAt.is_null())
        .exec(&txn)
        .await?;
    if done.rows_affected == 1 {
        audit::record(&txn, now, Event::new(Some(actor.account), "leave_slip.confirmed", format!("student:{}", slip.student_id), json!({"slip": id.0})))
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The slips of a school's day, for its board.
pub(crate) async fn school_day<C: ConnectionTrait>(db: &C, school: SchoolId, on: NaiveDate) -> DomainResult<Vec<LeaveSlip>> {
    let rows = leave_slip::Entity::find()
        .filter(leave_slip::Column::SchoolId.eq(school.0))
        .filter(leave_slip::Column::OnDate.eq(on))
        .filter(leave_slip::Column::CancelledAt.is_null())
        .order_by_asc(leave_slip::Column::LeaveAt)
        .all(db)
        .await?;
    let students = students_by_id(db, rows.iter().map(|r| r.student_id)).await?;
    Ok(views(rows, &students))
}

/// A child's slips from today on, for the guardian.
pub(crate) async fn coming<C: ConnectionTrait>(db: &C, child: i64, today: NaiveDate) -> DomainResult<Vec<LeaveSlip>> {
    let rows = leave_slip::Entity::find()
        .filter(leave_slip::Column::StudentId.eq(child))
        .filter(leave_slip::Column::OnDate.gte(today))
        .filter(leave_slip::Column::CancelledAt.is_null())
        .order_by_asc(leave_slip::Column::OnDate)
        .all(db)
        .await?;
    let students = students_by_id(db, [child]).await?;
    Ok(views(rows, &students))
}
