//! Special needs (P11): allergies, conditions and needs a guardian records.
//! Sensitive: only the child's guardians and the school staff who serve the
//! child see them, and every staff read is logged (who, when) where the
//! school's admin can see it.
use crate::audit::{self, Event};
use crate::authz::{Action, Actor};
use crate::entities::{account, school_class, special_need, special_need_read};
use crate::error::{DomainError, DomainResult};
use crate::ids::StudentId;
use crate::org::{guardian_of, student_at};
use chrono::{SecondsFormat, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use serde_json::json;
use std::collections::HashMap;
pub use wire::family::{NeedsForStaff, NeedsRead, SpecialNeeds};

pub const MAX_FIELD_CHARS: usize = 1_000;
/// Reads listed with the needs (the log itself keeps every one).
const READS_SHOWN: u64 = 50;

async fn stored<C: ConnectionTrait>(db: &C, student: i64) -> DomainResult<SpecialNeeds> {
    Ok(special_need::Entity::find()
        .filter(special_need::Column::StudentId.eq(student))
        .one(db)
        .await?
        .map(|n| SpecialNeeds { allergies: n.allergies, conditions: n.conditions, needs: n.needs })
        .unwrap_or_default())
}

/// The guardian's own view (not logged: it is their record).
pub async fn for_guardian<C: ConnectionTrait>(db: &C, actor: &Actor, child: StudentId) -> DomainResult<SpecialNeeds> {
    let s = student_at(db, child.0).await?;
    guardian_of(actor, &s)?;
    stored(db, child.0).await
}

pub async fn save<C: ConnectionTrait>(db: &C, actor: &Actor, child: StudentId, needs: SpecialNeeds) -> DomainResult<()> {
    let s = student_at(db, child.0).await?;
    guardian_of(actor, &s)?;
    let needs = SpecialNeeds { allergies: needs.allergies.trim().into(), conditions: needs.conditions.trim().into(), needs: needs.needs.trim().into() };
    for (field, v) in [("allergies", &needs.allergies), ("conditions", &needs.conditions), ("needs", &needs.needs)] {
        if v.chars().count() > MAX_FIELD_CHARS {
            return Err(DomainError::invalid(field, "too_long"));
        }
    }
    let existing = special_need::Entity::find().filter(special_need::Column::StudentId.eq(child.0)).one(db).await?;
    let mut m = match existing {
        Some(row) => row.into(),
        None => special_need::ActiveModel { student_id: Set(child.0), ..Default::default() },
    };
    m.allergies = Set(needs.allergies);
    m.conditions = Set(needs.conditions);
    m.needs = Set(needs.needs);
    m.updated_by = Set(actor.account.0);
    m.updated_at = Set(Utc::now());
    m.save(db).await?;
    // The content stays out of the audit trail, which more people can read.
    audit::record(db, Event::new(Some(actor.account), "special_needs.updated", format!("student:{child}"), json!({}))).await?;
    Ok(())
}

/// A staff member reads a child's needs; the read is logged first.
pub async fn for_staff<C: ConnectionTrait>(db: &C, actor: &Actor, child: StudentId) -> DomainResult<NeedsForStaff> {
    let s = student_at(db, child.0).await?;
    actor.require(Action::ViewSpecialNeeds, &s.target())?;
    special_need_read::ActiveModel { student_id: Set(child.0), account_id: Set(actor.account.0), at: Set(Utc::now()), ..Default::default() }
        .insert(db)
        .await?;
    audit::record(db, Event::new(Some(actor.account), "special_needs.read", format!("student:{child}"), json!({}))).await?;
    let reads = special_need_read::Entity::find()
        .filter(special_need_read::Column::StudentId.eq(child.0))
        .order_by_desc(special_need_read::Column::Id)
        .limit(READS_SHOWN)
        .all(db)
        .await?;
    let names: HashMap<i64, String> = account::Entity::find()
        .filter(account::Column::Id.is_in(reads.iter().map(|r| r.account_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.display_name))
        .collect();
    let class_name = school_class::Entity::find_by_id(s.row.class_id).one(db).await?.map(|c| c.name).unwrap_or_default();
    Ok(NeedsForStaff {
        student: child,
        name: s.row.name.clone(),
        class_name,
        needs: stored(db, child.0).await?,
        reads: reads
            .into_iter()
            .map(|r| NeedsRead {
                reader: names.get(&r.account_id).cloned().unwrap_or_default(),
                at: r.at.to_rfc3339_opts(SecondsFormat::Secs, true),
            })
            .collect(),
    })
}
