//! Photos of the people who may collect a child (S6): a guardian uploads
//! them (scaled on the phone first), staff see them at the gate. Only the
//! child's guardians and the staff of the child's sessions (or the day's
//! duty leader) may read one.
use crate::audit::{self, Event};
use crate::authz::Actor;
use crate::entities::pickup_photo;
use crate::error::{DomainError, DomainResult};
use crate::ids::{StaffId, StudentId};
use crate::service_day::day::my_staff;
use crate::service_day::collectors::collectors;
use crate::service_day::duty;
use crate::places::{guardian_of, student_at};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
use serde_json::json;
use std::collections::{HashMap, HashSet};

/// Largest photo accepted: the browser scales to `wire::service_day::PHOTO_SIDE`
/// pixels, which comes to tens of kilobytes.
pub const MAX_PHOTO_BYTES: usize = 200 * 1024;

/// Replaces the photo of one of the child's collectors.
pub async fn upload(cx: &crate::Ctx, child: StudentId, collector: &str, jpeg: Vec<u8>) -> DomainResult<()> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let (st, guardian) = crate::scope::child(db, actor, child).await?;
    let known = collectors(db, &HashMap::from([(child.0, st.clone())])).await?.remove(&child.0).unwrap_or_default();
    if !known.iter().any(|c| c.choice == collector) {
        return Err(DomainError::NotFound);
    }
    inputs::files::jpeg("photo", &jpeg, MAX_PHOTO_BYTES)?;
    let size = jpeg.len();
    let txn = db.begin().await?;
    pickup_photo::Entity::delete_many().filter(pickup_photo::Column::StudentId.eq(child.0)).filter(pickup_photo::Column::Collector.eq(collector)).exec(&txn).await?;
    pickup_photo::ActiveModel { student_id: Set(child.0), collector: Set(collector.into()), jpeg: Set(jpeg), guardian_id: Set(guardian.0), at: Set(now), ..Default::default() }
        .insert(&txn)
        .await?;
    audit::record(&txn, now, Event::new(Some(actor.account), "pickup.photo_uploaded", format!("student:{child}"), json!({"collector": collector, "bytes": size}))).await?;
    txn.commit().await?;
    Ok(())
}

/// Whether the actor serves the child: an adult of a published session
/// whose group holds the child, or the school's duty leader today.
async fn serves<C: ConnectionTrait>(db: &C, actor: &Actor, school: i64, child: StudentId, now: DateTime<Utc>) -> DomainResult<bool> {
    let mine: HashSet<StaffId> = my_staff(db, actor, school).await?.into_iter().map(|s| StaffId(s.id)).collect();
    if mine.is_empty() {
        return Ok(false);
    }
    if duty::leader(db, school, crate::clock::local_date(now)).await?.is_some_and(|l| mine.contains(&StaffId(l.id))) {
        return Ok(true);
    }
    Ok(crate::service_day::day::sessions_of_child(db, school, child).await?.iter().any(|s| s.adults.iter().any(|a| mine.contains(&a.staff))))
}


/// A collector's photo, for the child's guardians and the staff who serve
/// the child; anyone else is told it does not exist.
pub async fn read(cx: &crate::Ctx, child: StudentId, collector: &str) -> DomainResult<Vec<u8>> {
    let db = cx.reads();
    let actor = cx.actor()?;
    let now = cx.now();
    let st = student_at(db, child.0).await?;
    if guardian_of(actor, &st).is_err() && !serves(db, actor, st.row.school_id, child, now).await? {
        return Err(DomainError::NotFound);
    }
    pickup_photo::Entity::find()
        .filter(pickup_photo::Column::StudentId.eq(child.0))
        .filter(pickup_photo::Column::Collector.eq(collector))
        .one(db)
        .await?
        .map(|p| p.jpeg)
        .ok_or(DomainError::NotFound)
}
