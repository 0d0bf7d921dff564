//! The duty roster (S7): a school leader on duty every service day
//! (行政领导带班 [000 att.2 §7][004]); a day without one is flagged a week
//! ahead.
use crate::audit::{self, Event};
use crate::authz::Action;
use crate::entities::{duty, school, staff};
use crate::error::{DomainError, DomainResult};
use crate::ids::{SchoolId, StaffId};
use crate::operations::calendar::{self, days_for_many};
use crate::operations::staff::clearances;
use crate::operations::timetable::running;
use chrono::{Duration, NaiveDate};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
use serde_json::json;
use std::collections::{BTreeSet, HashMap};
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
pub async fn set(cx: &crate::Ctx, school: SchoolId, on: NaiveDate, who: StaffId) -> DomainResult<()> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let s = crate::scope::school(db, actor, school, Action::ManageSchool).await?;
    let on = crate::dates::require("on_date", on)?;
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
    audit::record(&txn, now, Event::new(Some(actor.account), "duty.set", format!("school:{school}"), json!({"on": on, "staff": who.0}))).await?;
    txn.commit().await?;
    Ok(())
}

/// The service days of these schools from `from` through `until` (days a
/// published timetable runs), in a few statements for all of them.
pub(crate) async fn service_days_of<C: ConnectionTrait>(db: &C, schools: &[school::Model], from: NaiveDate, until: NaiveDate) -> DomainResult<HashMap<i64, BTreeSet<NaiveDate>>> {
    let ids: Vec<i64> = schools.iter().map(|s| s.id).collect();
    let runs = running(db, &ids, from, until).await?;
    let with: Vec<school::Model> = schools.iter().filter(|s| runs.iter().any(|r| r.school == s.id)).cloned().collect();
    let calendars = days_for_many(db, &with, from, until).await?;
    let mut out: HashMap<i64, BTreeSet<NaiveDate>> = HashMap::new();
    for r in runs {
        let (first, last) = (from.max(r.content.term_start), until.min(r.content.term_end));
        let cal = calendars.get(&r.school).map(Vec::as_slice).unwrap_or_default();
        out.entry(r.school).or_default().extend(calendar::service_days(first, last, &r.content.weekdays, cal));
    }
    Ok(out)
}

/// Service days in the coming week (from `today`) with nobody on duty.
pub(crate) async fn days_without_leader<C: ConnectionTrait>(db: &C, s: &school::Model, today: NaiveDate) -> DomainResult<Vec<NaiveDate>> {
    Ok(days_without_leader_of(db, std::slice::from_ref(s), today).await?.remove(&s.id).unwrap_or_default())
}

/// [`days_without_leader`] of many schools: only those with such days.
pub(crate) async fn days_without_leader_of<C: ConnectionTrait>(db: &C, schools: &[school::Model], today: NaiveDate) -> DomainResult<HashMap<i64, Vec<NaiveDate>>> {
    let until = today + Duration::days(FLAG_DAYS_AHEAD);
    let days = service_days_of(db, schools, today, until).await?;
    let covered: BTreeSet<(i64, NaiveDate)> = duty::Entity::find()
        .filter(duty::Column::SchoolId.is_in(days.keys().copied()))
        .filter(duty::Column::OnDate.between(today, until))
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.school_id, d.on_date))
        .collect();
    Ok(days
        .into_iter()
        .map(|(s, ds)| (s, ds.into_iter().filter(|d| !covered.contains(&(s, *d))).collect::<Vec<_>>()))
        .filter(|(_, ds)| !ds.is_empty())
        .collect())
}
