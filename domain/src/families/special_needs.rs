//! Special needs (P11): allergies, conditions and needs a guardian records.
//! Sensitive: only the child's guardians, the staff assigned to the child
//! (the class teacher, service staff assigned to the class or grade) and the
//! school's admin see them; every staff read is an explicit request, logged
//! (who, when) where the school's admin can see it.
use crate::audit::{self, Event};
use crate::authz::{Action, Actor};
use crate::entities::{account, special_need, special_need_read};
use crate::error::{DomainError, DomainResult};
use crate::ids::StudentId;
use crate::places::student_at;
use chrono::SecondsFormat;
use crate::{fingerprint, limits};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionTrait,
};
use serde_json::json;
use std::collections::HashMap;
pub use wire::families::{NeedsForStaff, NeedsRead, SpecialNeeds};

pub const MAX_FIELD_CHARS: usize = 1_000;
/// Reads listed with the needs (the log itself keeps every one).
const READS_SHOWN: u64 = 50;

pub(crate) async fn stored<C: ConnectionTrait>(db: &C, student: i64) -> DomainResult<SpecialNeeds> {
    Ok(special_need::Entity::find()
        .filter(special_need::Column::StudentId.eq(student))
        .one(db)
        .await?
        .map(|n| SpecialNeeds { allergies: n.allergies, conditions: n.conditions, needs: n.needs })
        .unwrap_or_default())
}

/// The guardian's own view (not logged: it is their record).
pub async fn for_guardian<C: ConnectionTrait>(db: &C, actor: &Actor, child: StudentId) -> DomainResult<SpecialNeeds> {
    crate::scope::child(db, actor, child).await?;
    stored(db, child.0).await
}

/// Which staff read the child's needs, when: the guardian sees every read.
pub async fn reads_for_guardian<C: ConnectionTrait>(db: &C, actor: &Actor, child: StudentId) -> DomainResult<Vec<NeedsRead>> {
    crate::scope::child(db, actor, child).await?;
    reads_of(db, child.0, Some(READS_SHOWN)).await
}

/// Saves the child's needs. Health and needs are sensitive data: the
/// guardian gives a separate consent to the notice about them (`consent`:
/// the version read), recorded with the change.
pub async fn save(cx: &crate::Ctx, child: StudentId, needs: SpecialNeeds, consent: Option<u32>) -> DomainResult<()> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let (_, guardian) = crate::scope::child(db, actor, child).await?;
    let needs = SpecialNeeds { allergies: needs.allergies.trim().into(), conditions: needs.conditions.trim().into(), needs: needs.needs.trim().into() };
    for (field, v) in [("allergies", &needs.allergies), ("conditions", &needs.conditions), ("needs", &needs.needs)] {
        if v.chars().count() > MAX_FIELD_CHARS {
            return Err(DomainError::invalid(field, "too_long"));
        }
    }
    if !needs.is_empty() {
        crate::families::consent::check_consent(crate::families::consent::Kind::SpecialNeeds, consent)?;
    }
    let now = cx.now();
    let _ = limits::FAMILY_WRITES.take(db, &actor.account.to_string(), now).await?;
    let txn = db.begin().await?;
    let existing = special_need::Entity::find().filter(special_need::Column::StudentId.eq(child.0)).one(&txn).await?;
    let mut m = match existing {
        Some(row) => row.into(),
        None => special_need::ActiveModel { student_id: Set(child.0), ..Default::default() },
    };
    m.allergies = Set(needs.allergies.clone());
    m.conditions = Set(needs.conditions.clone());
    m.needs = Set(needs.needs.clone());
    m.updated_by = Set(actor.account.0);
    m.updated_at = Set(now);
    m.save(&txn).await?;
    if !needs.is_empty() {
        crate::families::consent::record_consent(&txn, guardian, child, crate::families::consent::Kind::SpecialNeeds, now).await?;
    }
    // The content stays out of the audit trail, which more people can read.
    let content = fingerprint::of(&txn, &format!("student:{child}"), &serde_json::to_value(&needs)?).await?;
    audit::record(&txn, now, Event::new(Some(actor.account), "special_needs.updated", format!("student:{child}"), json!({"fingerprint": content})))
        .await?;
    txn.commit().await?;
    Ok(())
}

/// A staff member who serves the child asks to read the child's needs; the
/// read is logged (and audited) before anything is shown.
pub async fn for_staff(cx: &crate::Ctx, child: StudentId) -> DomainResult<NeedsForStaff> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let s = student_at(db, child.0).await?;
    actor.require(Action::ViewSpecialNeeds, &s.target())?;
    let txn = db.begin().await?;
    special_need_read::ActiveModel { student_id: Set(child.0), account_id: Set(actor.account.0), at: Set(cx.now()), ..Default::default() }
        .insert(&txn)
        .await?;
    audit::record(&txn, cx.now(), Event::new(Some(actor.account), "special_needs.read", format!("student:{child}"), json!({}))).await?;
    txn.commit().await?;
    let reads = reads_of(db, child.0, Some(READS_SHOWN)).await?;
    let class_name = crate::scope::maybe_class(db, crate::ids::ClassId(s.row.class_id)).await?.map(|c| c.name).unwrap_or_default();
    Ok(NeedsForStaff {
        student: child,
        name: s.row.name.clone(),
        class_name,
        needs: stored(db, child.0).await?,
        reads,
    })
}

/// The newest `limit` (or all) reads of a child's needs: who, when.
pub(crate) async fn reads_of<C: ConnectionTrait>(db: &C, student: i64, limit: Option<u64>) -> DomainResult<Vec<NeedsRead>> {
    let reads = special_need_read::Entity::find()
        .filter(special_need_read::Column::StudentId.eq(student))
        .order_by_desc(special_need_read::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    let names: HashMap<i64, String> = account::Entity::find()
        .filter(account::Column::Id.is_in(reads.iter().map(|r| r.account_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.display_name))
        .collect();
    Ok(reads
        .into_iter()
        .map(|r| NeedsRead {
            reader: names.get(&r.account_id).cloned().unwrap_or_default(),
            at: r.at.to_rfc3339_opts(SecondsFormat::Secs, true),
        })
        .collect())
}
