//! Visitor registration (校外人员入校登记 [000 att.2 §7]): who came, whom
//! they visited, why, when in and when out.
use crate::audit::{self, Event};
use crate::authz::{Action, Actor, Target};
use crate::auth::Phone;
use crate::entities::{school, visitor};
use crate::error::{DomainError, DomainResult};
use crate::ids::{SchoolId, VisitorId};
use crate::service_day::day::staff_or_admin;
use crate::places::school_place;
use chrono::NaiveDate;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait};
use serde_json::json;
pub use wire::records::{NewVisitor, Visitor};

pub const MAX_CHARS: usize = 60;

fn field(v: &str, name: &'static str) -> DomainResult<String> {
    let v = v.trim();
    if v.is_empty() {
        return Err(DomainError::invalid(name, "required"));
    }
    if v.chars().count() > MAX_CHARS {
        return Err(DomainError::invalid(name, "too_long"));
    }
    Ok(v.into())
}

pub async fn arrive(cx: &crate::Ctx, school: SchoolId, new: NewVisitor) -> DomainResult<VisitorId> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let s = crate::scope::find_school(db, school).await?;
    staff_or_admin(db, actor, &s).await?;
    let (name, visiting, purpose) = (field(&new.name, "name")?, field(&new.visiting, "visiting")?, field(&new.purpose, "purpose")?);
    let phone = Phone::parse(&new.phone)?;
    let txn = db.begin().await?;
    let v = visitor::ActiveModel {
        school_id: Set(s.id),
        name: Set(name),
        phone: Set(phone.as_str().into()),
        visiting: Set(visiting),
        purpose: Set(purpose),
        account_id: Set(actor.account.0),
        in_at: Set(now),
        out_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, now, Event::new(Some(actor.account), "visitor.in", format!("school:{school}"), json!({"visitor": v.id}))).await?;
    txn.commit().await?;
    Ok(VisitorId(v.id))
}

pub async fn leave(cx: &crate::Ctx, id: VisitorId) -> DomainResult<()> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let v = visitor::Entity::find_by_id(id.0).one(db).await?.ok_or(DomainError::NotFound)?;
    let s = crate::scope::find_school(db, SchoolId(v.school_id)).await?;
    staff_or_admin(db, actor, &s).await?;
    let txn = db.begin().await?;
    let done = visitor::Entity::update_many().col_expr(visitor::Column::OutAt, Expr::value(now)).filter(visitor::Column::Id.eq(v.id)).filter(visitor::Column::OutAt.is_null()).exec(&txn).await?;
    if done.rows_affected == 0 {
        return Err(DomainError::invalid("visitor", "already_left"));
    }
    audit::record(&txn, now, Event::new(Some(actor.account), "visitor.out", format!("school:{}", v.school_id), json!({"visitor": v.id}))).await?;
    txn.commit().await?;
    Ok(())
}

/// The visitors who came on a day, for the school's staff.
pub(crate) async fn of_day<C: ConnectionTrait>(db: &C, actor: &Actor, s: &school::Model, on: NaiveDate) -> DomainResult<Vec<Visitor>> {
    actor.require(Action::ViewDay, &Target::School(school_place(s)))?;
    let on = crate::dates::require("day", on)?;
    let rows = visitor::Entity::find()
        .filter(visitor::Column::SchoolId.eq(s.id))
        .filter(visitor::Column::InAt.gte(crate::clock::day_start(on)))
        .filter(visitor::Column::InAt.lt(crate::clock::day_end(on)))
        .order_by_asc(visitor::Column::InAt)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|v| Visitor { id: VisitorId(v.id), name: v.name, phone: v.phone, visiting: v.visiting, purpose: v.purpose, in_at: v.in_at.to_rfc3339(), out_at: v.out_at.map(|t| t.to_rfc3339()) })
        .collect())
}
