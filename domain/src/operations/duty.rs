//! The duty roster (S7): a school leader on duty every service day
//! (行政领导带班 [000 att.2 §7][004]); a day without one is flagged a week
//! ahead.
use crate::audit::{self, Event};
use crate::authz::{Action, Actor, Target};
use crate::entities::{duty, school, staff};
use crate::error::{DomainError, DomainResult};
use crate::ids::{SchoolId, StaffId};
use crate::operations::calendar::{self, days_for};
use crate::operations::staff::clearances;
use crate::operations::timetable::{monday_of, published_in_week};
use crate::org::school_place;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, TransactionSession, TransactionTrait};
use serde_json::json;
use std::collections::BTreeSet;
use wire::operations::StaffKind;

/// How far ahead a missing duty leader is flagged.
pub const FLAG_DAYS_AHEAD: i64 = 7;

/// The staff record on duty at a school on a date.
pub(crate) async fn leader<C: ConnectionTrait>(db: &C, school: i64, on: NaiveDate) -> DomainResult<Option<staff::Model>> {
    let Some(d) = duty::Entity::find().filter(duty::Column::SchoolId.eq(school)).filter(duty::Column::OnDate.eq(on)).one(db).await? else {
        return Ok(None);
    };
    Ok(staff::Entity::find_by_id(d.staff_id).one(db).await?)
}

/// Puts one of the school's own cleared staff on duty on a date; another
/// leader already set is replaced.
pub async fn set<C: ConnectionTrait + TransactionTrait>(db: &C, actor: &Actor, school: SchoolId, on: NaiveDate, who: StaffId, now: DateTime<Utc>) -> DomainResult<()> {
    let s = school::Entity::find_by_id(school.0).one(db).await?.ok_or(DomainError::NotFound)?;
    actor.require(Action::ManageSchool, &Target::School(school_place(&s)))?;
    if on < crate::clock::local_date(now) {
        return Err(DomainError::invalid("on_date", "in_the_past"));
    }
    let person = staff::Entity::find_by_id(who.0).one(db).await?.filter(|p| p.school_id == s.id && p.left_at.is_none()).ok_or(DomainError::NotFound)?;
    if StaffKind::parse(&person.kind).is_none_or(StaffKind::is_outside) {
        return Err(DomainError::invalid("staff", "not_school_staff"));
    }
    if !clearances(db, school, &[who], on).await?.get(&who).is_some_and(|c| c.is_cleared()) {
        return Err(DomainError::invalid("staff", "not_cleared"));
    }
    let txn = db.begin().await?;
    duty::Entity::delete_many().filter(duty::Column::SchoolId.eq(s.id)).filter(duty::Column::OnDate.eq(on)).exec(&txn).await?;
    duty::ActiveModel { school_id: Set(s.id), on_date: Set(on), staff_id: Set(who.0), account_id: Set(actor.account.0), at: Set(now), ..Default::default() }
        .insert(&txn)
        .await?;
    audit::record(&txn, Event::new(Some(actor.account), "duty.set", format!("school:{school}"), json!({"on": on, "staff": who.0}))).await?;
    txn.commit().await?;
    Ok(())
}

/// The school's service days from `from` through `until`: days a
/// published timetable runs.
pub(crate) async fn service_days<C: ConnectionTrait>(db: &C, s: &school::Model, from: NaiveDate, until: NaiveDate) -> DomainResult<BTreeSet<NaiveDate>> {
    let cal = days_for(db, s, from, until).await?;
    let mut days = BTreeSet::new();
    let mut monday = monday_of(from);
    while monday <= until {
        for (plan, _) in published_in_week(db, s.id, monday).await? {
            let first = from.max(plan.term_start).max(monday);
            let last = until.min(plan.term_end).min(monday + Duration::days(6));
            if first <= last {
                days.extend(calendar::service_days(first, last, &plan.weekdays, &cal));
            }
        }
        monday += Duration::days(7);
    }
    Ok(days)
}

/// Service days in the coming week (from `today`) with nobody on duty.
pub(crate) async fn days_without_leader<C: ConnectionTrait>(db: &C, s: &school::Model, today: NaiveDate) -> DomainResult<Vec<NaiveDate>> {
    let until = today + Duration::days(FLAG_DAYS_AHEAD);
    let days = service_days(db, s, today, until).await?;
    let covered: BTreeSet<NaiveDate> = duty::Entity::find()
        .filter(duty::Column::SchoolId.eq(s.id))
        .filter(duty::Column::OnDate.between(today, until))
        .all(db)
        .await?
        .into_iter()
        .map(|d| d.on_date)
        .collect();
    Ok(days.difference(&covered).copied().collect())
}
