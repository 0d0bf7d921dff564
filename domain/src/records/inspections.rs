//! Safety inspections (S9): findings with a person responsible and a
//! deadline; overdue ones are flagged; a finding the school cannot fix
//! itself is escalated to the bureau (逐级上报 [000 att.2 §23]). The same
//! record serves the bureau's inspections (B5): who inspects follows from
//! the actor, the school or the district's officials.
use crate::audit::{self, Event};
use crate::authz::{Action, Actor, Role, Target};
use crate::entities::{inspection, inspection_finding, school};
use crate::error::{DomainError, DomainResult};
use crate::ids::{DistrictId, FindingId, InspectionId, SchoolId};
use crate::places::school_place;
use chrono::NaiveDate;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait};
use serde_json::json;
use std::collections::HashMap;
pub use wire::records::{Finding, Inspection, Inspector, NewFinding, NewInspection};

pub const MAX_TEXT_CHARS: usize = 1000;
pub const MAX_NAME_CHARS: usize = 40;
/// How far ahead the bureau schedules an inspection.
pub const MAX_DAYS_AHEAD: i64 = 366;

fn text(v: &str, field: &'static str, max: usize) -> DomainResult<String> {
    let v = v.trim();
    if v.is_empty() {
        return Err(DomainError::invalid(field, "required"));
    }
    if v.chars().count() > max {
        return Err(DomainError::invalid(field, "too_long"));
    }
    Ok(v.into())
}

/// Who the actor inspects the school as: its administrator, or an official
/// of its district; anyone else is refused.
pub(crate) fn inspector_of(actor: &Actor, s: &school::Model) -> DomainResult<Inspector> {
    if actor.may(Action::ManageSchool, &Target::School(school_place(s))) {
        Ok(Inspector::School)
    } else if actor.has_role(Role::BureauOfficial) && actor.may(Action::ViewDistrict, &Target::District(DistrictId(s.district_id))) {
        Ok(Inspector::Bureau)
    } else {
        Err(DomainError::Forbidden)
    }
}

pub async fn record(cx: &crate::Ctx, school: SchoolId, new: NewInspection) -> DomainResult<InspectionId> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let s = crate::scope::find_school(db, school).await?;
    let by = inspector_of(actor, &s)?;
    let scope = text(&new.scope, "scope", MAX_TEXT_CHARS)?;
    // The bureau schedules its inspections ahead (督导), within a year; a
    // school records the ones it has done.
    let today = crate::clock::local_date(now);
    let latest = if by == Inspector::Bureau { today + chrono::Duration::days(MAX_DAYS_AHEAD) } else { today };
    if new.on_date > latest {
        return Err(DomainError::invalid("on_date", if by == Inspector::Bureau { "too_far_ahead" } else { "in_the_future" }));
    }
    let txn = db.begin().await?;
    let row = inspection::ActiveModel {
        school_id: Set(s.id),
        district_id: Set(s.district_id),
        inspector: Set(by.as_str().into()),
        on_date: Set(new.on_date),
        scope: Set(scope),
        account_id: Set(actor.account.0),
        at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, now, Event::new(Some(actor.account), "inspection.recorded", format!("school:{school}"), json!({"inspection": row.id, "inspector": by.as_str()}))).await?;
    txn.commit().await?;
    Ok(InspectionId(row.id))
}

/// A finding of an inspection; only whoever may inspect adds one.
pub async fn add_finding(cx: &crate::Ctx, id: InspectionId, new: NewFinding) -> DomainResult<FindingId> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let i = inspection::Entity::find_by_id(id.0).one(db).await?.ok_or(DomainError::NotFound)?;
    let s = crate::scope::find_school(db, SchoolId(i.school_id)).await?;
    inspector_of(actor, &s)?;
    let description = text(&new.description, "description", MAX_TEXT_CHARS)?;
    let responsible = text(&new.responsible, "responsible", MAX_NAME_CHARS)?;
    crate::dates::require("due", new.due)?;
    if new.due < i.on_date {
        return Err(DomainError::invalid("due", "before_inspection"));
    }
    let txn = db.begin().await?;
    let f = inspection_finding::ActiveModel {
        inspection_id: Set(i.id),
        school_id: Set(i.school_id),
        district_id: Set(i.district_id),
        description: Set(description),
        responsible: Set(responsible),
        due: Set(new.due),
        fixed_at: Set(None),
        fixed_note: Set(None),
        escalated_at: Set(None),
        escalated_note: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, cx.now(), Event::new(Some(actor.account), "inspection.finding_added", format!("school:{}", i.school_id), json!({"finding": f.id, "due": new.due}))).await?;
    txn.commit().await?;
    Ok(FindingId(f.id))
}

/// The school fixes a finding (`escalate` false) or, when it cannot fix it
/// itself, escalates it to the bureau; either is said once.
pub async fn resolve(cx: &crate::Ctx, id: FindingId, escalate: bool, note: &str) -> DomainResult<()> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let f = inspection_finding::Entity::find_by_id(id.0).one(db).await?.ok_or(DomainError::NotFound)?;
    crate::scope::school(db, actor, SchoolId(f.school_id), Action::ManageSchool).await?;
    let note = text(note, "note", MAX_TEXT_CHARS)?;
    let (at, said) = if escalate {
        (inspection_finding::Column::EscalatedAt, inspection_finding::Column::EscalatedNote)
    } else {
        (inspection_finding::Column::FixedAt, inspection_finding::Column::FixedNote)
    };
    let txn = db.begin().await?;
    let done = inspection_finding::Entity::update_many()
        .col_expr(at, Expr::value(now))
        .col_expr(said, Expr::value(note))
        .filter(inspection_finding::Column::Id.eq(f.id))
        .filter(at.is_null())
        .filter(inspection_finding::Column::FixedAt.is_null())
        .exec(&txn)
        .await?;
    if done.rows_affected == 0 {
        return Err(DomainError::invalid("finding", "already_resolved"));
    }
    audit::record(&txn, now, Event::new(Some(actor.account), if escalate { "inspection.finding_escalated" } else { "inspection.finding_fixed" }, format!("school:{}", f.school_id), json!({"finding": f.id})))
        .await?;
    txn.commit().await?;
    Ok(())
}

fn finding_view(f: inspection_finding::Model, schools: &HashMap<i64, String>, today: NaiveDate) -> Finding {
    Finding {
        id: FindingId(f.id),
        school: SchoolId(f.school_id),
        school_name: schools.get(&f.school_id).cloned().unwrap_or_default(),
        overdue: f.fixed_at.is_none() && today > f.due,
        fixed: f.fixed_at.map(|_| f.fixed_note.clone().unwrap_or_default()),
        escalated: f.escalated_at.map(|_| f.escalated_note.clone().unwrap_or_default()),
        description: f.description,
        responsible: f.responsible,
        due: f.due,
    }
}

async fn school_names<C: ConnectionTrait>(db: &C, ids: impl IntoIterator<Item = i64>) -> DomainResult<HashMap<i64, String>> {
    Ok(school::Entity::find().filter(school::Column::Id.is_in(ids)).all(db).await?.into_iter().map(|s| (s.id, s.name)).collect())
}

/// A school's inspections with their findings, newest (or next) first.
pub(crate) async fn of_school<C: ConnectionTrait>(db: &C, s: &school::Model, today: NaiveDate) -> DomainResult<Vec<Inspection>> {
    let rows = inspection::Entity::find().filter(inspection::Column::SchoolId.eq(s.id)).order_by_desc(inspection::Column::OnDate).order_by_desc(inspection::Column::Id).all(db).await?;
    let findings = inspection_finding::Entity::find().filter(inspection_finding::Column::SchoolId.eq(s.id)).order_by_asc(inspection_finding::Column::Id).all(db).await?;
    let by = crate::places::account_names(db, rows.iter().map(|r| r.account_id)).await?;
    let names = HashMap::from([(s.id, s.name.clone())]);
    Ok(rows
        .into_iter()
        .map(|r| Inspection {
            id: InspectionId(r.id),
            inspector: Inspector::parse(&r.inspector).unwrap_or(Inspector::School),
            on_date: r.on_date,
            scheduled: r.on_date > today,
            by: by.get(&r.account_id).cloned().unwrap_or_default(),
            findings: findings.iter().filter(|f| f.inspection_id == r.id).cloned().map(|f| finding_view(f, &names, today)).collect(),
            scope: r.scope,
        })
        .collect())
}

/// The district's findings the bureau must see: escalated to it, or open
/// past their deadline.
pub(crate) async fn for_bureau<C: ConnectionTrait>(db: &C, district: DistrictId, today: NaiveDate) -> DomainResult<Vec<Finding>> {
    let rows = inspection_finding::Entity::find()
        .filter(inspection_finding::Column::DistrictId.eq(district.0))
        .filter(inspection_finding::Column::FixedAt.is_null())
        .filter(Condition::any().add(inspection_finding::Column::EscalatedAt.is_not_null()).add(inspection_finding::Column::Due.lt(today)))
        .order_by_asc(inspection_finding::Column::Due)
        .all(db)
        .await?;
    let names = school_names(db, rows.iter().map(|f| f.school_id)).await?;
    Ok(rows.into_iter().map(|f| finding_view(f, &names, today)).collect())
}
