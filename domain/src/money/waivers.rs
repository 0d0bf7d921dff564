//! Waivers (P3, M1): a child of a registered low-income household is
//! served free where the district says [002][003]. Billing charges such a
//! child and waives the charge in full; when the waiver's proof is
//! approved after charges were booked, whatever of them is still owed is
//! waived at once, so the family owes nothing for the term.
use crate::entities::{application, charge, plan, status_claim};
use crate::error::{DomainError, DomainResult};
use crate::money::ledger::{self, Posting};
use crate::money::charges::with_net;
use crate::ids::{AccountId, ClaimId, DistrictId};
use crate::policy;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionTrait};
use std::collections::HashSet;
use wire::money::{ClaimKind, ClaimStatus, PostingKind};
use wire::plan::PlanContent;

/// Waives what is still owed on the charges of `students` in a plan.
pub(crate) async fn waive_owed<C: ConnectionTrait>(db: &C, school: i64, plan: i64, students: &HashSet<i64>, on: NaiveDate, by: AccountId, now: DateTime<Utc>) -> DomainResult<u32> {
    if students.is_empty() {
        return Ok(0);
    }
    let charges = charge::Entity::find()
        .filter(charge::Column::PlanId.eq(plan))
        .filter(charge::Column::StudentId.is_in(students.iter().copied()))
        .all(db)
        .await?;
    let postings: Vec<Posting> = with_net(db, charges)
        .await?
        .into_iter()
        .filter(|(_, net)| *net > 0)
        .map(|(c, net)| Posting::new(PostingKind::Waiver, net, on).student(c.student_id).charge(c.id).memo(c.period))
        .collect();
    ledger::book(db, school, by, &postings, now).await?;
    Ok(postings.len() as u32)
}

/// Decides a step of a claim's review (`enrolment::claims::review`); an
/// approved waiver waives at once what the child still owes for the term.
pub async fn review(cx: &crate::Ctx, id: ClaimId, approve: bool, reason: &str) -> DomainResult<ClaimStatus> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let status = crate::enrolment::claims::review(db, actor, id, approve, reason, now).await?;
    let c = status_claim::Entity::find_by_id(id.0).one(db).await?.ok_or(DomainError::NotFound)?;
    if status != ClaimStatus::Approved || c.kind != ClaimKind::Waiver.as_str() {
        return Ok(status);
    }
    let a = application::Entity::find_by_id(c.application_id).one(db).await?.ok_or(DomainError::NotFound)?;
    let p = plan::Entity::find_by_id(a.plan_id).one(db).await?.ok_or(DomainError::NotFound)?;
    let s = crate::scope::find_school(db, crate::ids::SchoolId(a.school_id)).await?;
    let content: PlanContent = serde_json::from_str(&p.content)?;
    if !policy::in_force(db, DistrictId(s.district_id), content.term_start).await?.1.low_income_waiver {
        return Ok(status);
    }
    let txn = db.begin().await?;
    waive_owed(&txn, s.id, p.id, &HashSet::from([a.student_id]), crate::clock::local_date(now), actor.account, now).await?;
    txn.commit().await?;
    Ok(status)
}
