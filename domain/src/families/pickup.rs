//! Pickup (P8): a guardian names the people who may collect the child and
//! asks in advance for an early or late pickup on a date; the school sees
//! each day's requests.
use crate::audit::{self, Event};
use crate::clock::local_date;
use crate::authz::{Action, Actor};
use crate::entities::{guardian, pickup_person, pickup_request, student};
use crate::error::{DomainError, DomainResult};
use crate::ids::{PickupPersonId, PickupRequestId, SchoolId, StudentId};
use crate::auth::Phone;
use chrono::{DateTime, NaiveDate, Utc};
use crate::fingerprint;
use crate::messages::inbox::{self, About, Notice};
use crate::limits;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait};
use serde_json::json;
use std::collections::HashMap;
pub use wire::families::{NewPickupPerson, NewPickupRequest, PickupKind, PickupPerson, PickupRequest};

pub const MAX_PERSONS: usize = 6;
pub const MAX_NAME_CHARS: usize = 40;
pub const MAX_REASON_CHARS: usize = 200;
/// How far ahead a request may be made.
pub const MAX_DAYS_AHEAD: i64 = 60;

fn person_view(p: pickup_person::Model) -> PickupPerson {
    PickupPerson { id: PickupPersonId(p.id), name: p.name, relation: p.relation, phone: p.phone }
}

/// The child's current pickup persons.
pub(crate) async fn persons_of<C: ConnectionTrait>(db: &C, student: i64) -> DomainResult<Vec<pickup_person::Model>> {
    Ok(pickup_person::Entity::find()
        .filter(pickup_person::Column::StudentId.eq(student))
        .filter(pickup_person::Column::RemovedAt.is_null())
        .order_by_asc(pickup_person::Column::Id)
        .all(db)
        .await?)
}

pub async fn persons<C: ConnectionTrait>(db: &C, actor: &Actor, child: StudentId) -> DomainResult<Vec<PickupPerson>> {
    crate::scope::child(db, actor, child).await?;
    Ok(persons_of(db, child.0).await?.into_iter().map(person_view).collect())
}

pub async fn add_person(cx: &crate::Ctx, child: StudentId, new: NewPickupPerson) -> DomainResult<PickupPersonId> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let (_, guardian) = crate::scope::child(db, actor, child).await?;
    let name = new.name.trim().to_string();
    let relation = new.relation.trim().to_string();
    if name.is_empty() {
        return Err(DomainError::invalid("name", "required"));
    }
    if name.chars().count() > MAX_NAME_CHARS || relation.chars().count() > MAX_NAME_CHARS {
        return Err(DomainError::invalid("name", "too_long"));
    }
    if relation.is_empty() {
        return Err(DomainError::invalid("relation", "required"));
    }
    let phone = Phone::parse(&new.phone)?;
    let now = cx.now();
    let _ = limits::FAMILY_WRITES.take(db, &actor.account.to_string(), now).await?;
    let txn = db.begin().await?;
    if persons_of(&txn, child.0).await?.len() >= MAX_PERSONS {
        return Err(DomainError::invalid("pickup_person", "too_many"));
    }
    let p = pickup_person::ActiveModel {
        student_id: Set(child.0),
        guardian_id: Set(guardian.0),
        name: Set(name.clone()),
        relation: Set(relation.clone()),
        phone: Set(phone.as_str().into()),
        created_at: Set(now),
        removed_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let person = fingerprint::of(&txn, &format!("student:{child}"), &json!({"name": name, "relation": relation, "phone": phone.as_str()})).await?;
    audit::record(&txn, now, Event::new(Some(actor.account), "pickup_person.added", format!("student:{child}"), json!({"person": p.id, "fingerprint": person})))
        .await?;
    txn.commit().await?;
    Ok(PickupPersonId(p.id))
}

pub async fn remove_person(cx: &crate::Ctx, id: PickupPersonId) -> DomainResult<()> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let p = pickup_person::Entity::find_by_id(id.0).one(db).await?.filter(|p| p.removed_at.is_none()).ok_or(DomainError::NotFound)?;
    crate::scope::child(db, actor, StudentId(p.student_id)).await?;
    let now = cx.now();
    let _ = limits::FAMILY_WRITES.take(db, &actor.account.to_string(), now).await?;
    let txn = db.begin().await?;
    // Only if still there: two taps remove once.
    let removed = pickup_person::Entity::update_many()
        .col_expr(pickup_person::Column::RemovedAt, Expr::value(now))
        .filter(pickup_person::Column::Id.eq(id.0))
        .filter(pickup_person::Column::RemovedAt.is_null())
        .exec(&txn)
        .await?;
    if removed.rows_affected == 0 {
        return Err(DomainError::NotFound);
    }
    // Their photo goes with them.
    crate::entities::pickup_photo::Entity::delete_many()
        .filter(crate::entities::pickup_photo::Column::StudentId.eq(p.student_id))
        .filter(crate::entities::pickup_photo::Column::Collector.eq(format!("p{}", id.0)))
        .exec(&txn)
        .await?;
    audit::record(&txn, now, Event::new(Some(actor.account), "pickup_person.removed", format!("student:{}", p.student_id), json!({"person": id.0})))
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Asks for an early or late pickup on a coming day.
pub async fn request(cx: &crate::Ctx, child: StudentId, new: NewPickupRequest) -> DomainResult<PickupRequestId> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let (s, guardian) = crate::scope::child(db, actor, child).await?;
    let today = local_date(now);
    if new.on_date < today {
        return Err(DomainError::invalid("on_date", "in_the_past"));
    }
    if (new.on_date - today).num_days() > MAX_DAYS_AHEAD {
        return Err(DomainError::invalid("on_date", "too_far_ahead"));
    }
    if new.reason.chars().count() > MAX_REASON_CHARS {
        return Err(DomainError::invalid("reason", "too_long"));
    }
    let _ = limits::FAMILY_WRITES.take(db, &actor.account.to_string(), now).await?;
    let txn = db.begin().await?;
    let collector = match new.pickup_person {
        Some(p) => {
            let persons = persons_of(&txn, child.0).await?;
            let person = persons.into_iter().find(|x| x.id == p.0).ok_or(DomainError::invalid("pickup_person", "not_authorised"))?;
            format!("{}（{}）", person.name, person.relation)
        }
        None => String::new(),
    };
    let r = pickup_request::ActiveModel {
        student_id: Set(child.0),
        school_id: Set(s.row.school_id),
        guardian_id: Set(guardian.0),
        on_date: Set(new.on_date),
        kind: Set(new.kind.as_str().into()),
        at_time: Set(new.at_time),
        pickup_person_id: Set(new.pickup_person.map(|p| p.0)),
        reason: Set(new.reason.trim().into()),
        created_at: Set(now),
        cancelled_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, now,
        Event::new(Some(actor.account), "pickup.requested", format!("student:{child}"), json!({"request": r.id, "on": new.on_date, "kind": new.kind.as_str(), "at": new.at_time})),
    )
    .await?;
    // Every guardian of the child knows who collects the child when.
    let notice = Notice::PickupRequested {
        on: new.on_date.to_string(),
        early: new.kind == PickupKind::Early,
        absent: new.kind == PickupKind::Absent,
        at: new.at_time.format("%H:%M").to_string(),
        collector,
    };
    let about = About { application: None, student_name: &s.row.name, plan_title: "" };
    inbox::notify_guardians(&txn, [(child, about, &notice)], cx.now()).await?;
    txn.commit().await?;
    Ok(PickupRequestId(r.id))
}

/// Turns request rows into views, naming who collects each child.
pub(crate) async fn views<C: ConnectionTrait>(db: &C, rows: Vec<pickup_request::Model>) -> DomainResult<Vec<PickupRequest>> {
    let students = crate::places::students_by_id(db, rows.iter().map(|r| r.student_id)).await?;
    let classes = crate::places::class_names(db, students.values().map(|s| s.class_id)).await?;
    let persons: HashMap<i64, pickup_person::Model> = pickup_person::Entity::find()
        .filter(pickup_person::Column::Id.is_in(rows.iter().filter_map(|r| r.pickup_person_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let guardians: HashMap<i64, guardian::Model> = guardian::Entity::find()
        .filter(guardian::Column::Id.is_in(rows.iter().map(|r| r.guardian_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|g| (g.id, g))
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| {
            let st: Option<&student::Model> = students.get(&r.student_id);
            let (collector, collector_phone) = match r.pickup_person_id.and_then(|p| persons.get(&p)) {
                Some(p) => (format!("{}（{}）", p.name, p.relation), p.phone.clone()),
                None => guardians.get(&r.guardian_id).map(|g| (g.name.clone(), g.phone.clone())).unwrap_or_default(),
            };
            PickupRequest {
                id: PickupRequestId(r.id),
                student: StudentId(r.student_id),
                student_name: st.map(|s| s.name.clone()).unwrap_or_default(),
                class_name: st.and_then(|s| classes.get(&s.class_id).cloned()).unwrap_or_default(),
                on_date: r.on_date,
                kind: PickupKind::parse(&r.kind).unwrap_or(PickupKind::Early),
                at_time: r.at_time,
                collector,
                collector_phone,
                reason: r.reason,
            }
        })
        .collect())
}

/// The child's coming requests, for the guardian.
pub async fn requests_of<C: ConnectionTrait>(db: &C, actor: &Actor, child: StudentId, now: DateTime<Utc>) -> DomainResult<Vec<PickupRequest>> {
    crate::scope::child(db, actor, child).await?;
    let rows = pickup_request::Entity::find()
        .filter(pickup_request::Column::StudentId.eq(child.0))
        .filter(pickup_request::Column::OnDate.gte(local_date(now)))
        .filter(pickup_request::Column::CancelledAt.is_null())
        .order_by_asc(pickup_request::Column::OnDate)
        .all(db)
        .await?;
    views(db, rows).await
}

/// A school's pickup requests for one day, by time.
pub async fn school_day<C: ConnectionTrait>(db: &C, actor: &Actor, id: SchoolId, day: NaiveDate) -> DomainResult<Vec<PickupRequest>> {
    crate::scope::school(db, actor, id, Action::ViewDay).await?;
    let day = crate::dates::require("day", day)?;
    let rows = pickup_request::Entity::find()
        .filter(pickup_request::Column::SchoolId.eq(id.0))
        .filter(pickup_request::Column::OnDate.eq(day))
        .filter(pickup_request::Column::CancelledAt.is_null())
        .order_by_asc(pickup_request::Column::AtTime)
        .all(db)
        .await?;
    views(db, rows).await
}
