//! Contracts after an approved award (V6), the school's periodic evaluation
//! of the vendor (V7), termination, and the citywide blacklist (V8): a
//! contract ended with cause lets the district's bureau bar the vendor for
//! the policy's years; the bar ends by itself.
use super::award::{award_status, set_tender};
use super::opening::opened;
use super::terms::required;
use crate::audit::{self, Event};
use crate::authz::{Action, Target};
use crate::entities::{award, bid, contract};
use crate::error::{DomainError, DomainResult};
use crate::ids::{AwardId, ContractId, TenderId};
use crate::places::school_place;
use chrono::NaiveDate;
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set, TransactionTrait};
use serde_json::json;
use wire::tender::{AwardStatus, EndCause, TenderStatus};

/// The school signs the contract of an approved award; service starts on
/// `starts_on`, not before the approval.
pub async fn sign(cx: &crate::Ctx, award: AwardId, starts_on: NaiveDate, ends_on: NaiveDate, service: &str) -> DomainResult<ContractId> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let a = award::Entity::find_by_id(award.0).one(db).await?.ok_or(DomainError::NotFound)?;
    let (t, s) = crate::scope::tender(db, actor, TenderId(a.tender_id), Action::ManageTenders).await?;
    if award_status(&a)? != AwardStatus::Approved {
        return Err(DomainError::invalid("award", "not_approved"));
    }
    let starts_on = crate::dates::require("starts_on", starts_on)?;
    let ends_on = crate::dates::require("ends_on", ends_on)?;
    if starts_on < crate::clock::local_date(now) {
        return Err(DomainError::invalid("starts_on", "in_the_past"));
    }
    if ends_on <= starts_on {
        return Err(DomainError::invalid("ends_on", "before_start"));
    }
    let service = required("service", service)?;
    let b = bid::Entity::find_by_id(a.bid_id).one(db).await?.ok_or(DomainError::NotFound)?;
    let price = opened(&b).map(|(s, _)| s.price_fen).ok_or_else(|| DomainError::Internal("award of an unopened bid".into()))?;
    let txn = db.begin().await?;
    let c = contract::ActiveModel {
        tender_id: Set(t.id),
        award_id: Set(a.id),
        school_id: Set(s.id),
        vendor_id: Set(a.vendor_id),
        starts_on: Set(starts_on),
        ends_on: Set(ends_on),
        price_fen: Set(price),
        price_unit: Set(t.price_unit.clone()),
        service: Set(service.clone()),
        status: Set("active".into()),
        created_at: Set(now),
        end_cause: Set(None),
        end_note: Set(String::new()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(crate::error::duplicate_as("award", "already_contracted"))?;
    set_tender(&txn, t.id, TenderStatus::Awarded, TenderStatus::Contracted).await?;
    audit::record(&txn, now, Event::new(Some(actor.account), "contract.signed", format!("tender:{}", t.id), json!({"contract": c.id, "vendor": a.vendor_id, "price_fen": price, "from": starts_on, "until": ends_on, "service": service}))).await?;
    crate::store::stale::touch_months(&txn, s.id, starts_on, ends_on).await?;
    txn.commit().await?;
    Ok(ContractId(c.id))
}

/// The school's periodic evaluation of a vendor under contract, 1–5.
pub async fn evaluate(cx: &crate::Ctx, contract: ContractId, score: u8, note: &str) -> DomainResult<()> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let (c, s) = crate::scope::find_contract(db, contract).await?;
    actor.require(Action::ManageTenders, &Target::School(school_place(&s)))?;
    if c.status != "active" {
        return Err(DomainError::invalid("contract", "ended"));
    }
    if !(1..=5).contains(&score) {
        return Err(DomainError::invalid("score", "out_of_range"));
    }
    let note = required("note", note)?;
    let txn = db.begin().await?;
    crate::entities::vendor_evaluation::ActiveModel { contract_id: Set(c.id), account_id: Set(actor.account.0), score: Set(i64::from(score)), note: Set(note.clone()), at: Set(now), ..Default::default() }
        .insert(&txn)
        .await?;
    audit::record(&txn, now, Event::new(Some(actor.account), "contract.evaluated", format!("contract:{}", c.id), json!({"score": score, "note": note}))).await?;
    txn.commit().await?;
    Ok(())
}

/// Ends a contract: with cause (false qualifications, a major fault, low
/// satisfaction) the bureau may then bar the vendor.
pub async fn terminate(cx: &crate::Ctx, contract: ContractId, cause: EndCause, note: &str) -> DomainResult<()> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let (c, s) = crate::scope::find_contract(db, contract).await?;
    actor.require(Action::ManageTenders, &Target::School(school_place(&s)))?;
    if c.status != "active" {
        return Err(DomainError::invalid("contract", "ended"));
    }
    let note = required("note", note)?;
    let txn = db.begin().await?;
    let mut m = c.clone().into_active_model();
    m.status = Set("ended".into());
    m.end_cause = Set(Some(cause.as_str().into()));
    m.end_note = Set(note.clone());
    m.update(&txn).await?;
    audit::record(&txn, now, Event::new(Some(actor.account), "contract.terminated", format!("contract:{}", c.id), json!({"cause": cause.as_str(), "note": note, "at": now}))).await?;
    txn.commit().await?;
    Ok(())
}
