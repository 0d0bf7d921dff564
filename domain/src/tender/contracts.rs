//! Contracts after an approved award (V6), the school's periodic evaluation
//! of the vendor (V7), termination, and the citywide blacklist (V8): a
//! contract ended with cause lets the district's bureau bar the vendor for
//! the policy's years; the bar ends by itself.
use super::award::{award_status, set_tender};
use super::opening::opened;
use super::required;
use crate::audit::{self, Event};
use crate::authz::{Action, Target};
use crate::entities::{award, bid, blacklist, contract, school, vendor};
use crate::error::{DomainError, DomainResult};
use crate::ids::{AwardId, BarId, CityId, ContractId, DistrictId, TenderId};
use crate::places::school_place;
use chrono::{Months, NaiveDate};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set, TransactionTrait};
use serde_json::json;
use wire::tender::{AwardStatus, Bar, EndCause, TenderStatus};

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

async fn contract_and_school<C: ConnectionTrait>(db: &C, id: ContractId) -> DomainResult<(contract::Model, school::Model)> {
    let c = contract::Entity::find_by_id(id.0).one(db).await?.ok_or(DomainError::NotFound)?;
    let s = crate::scope::find_school(db, crate::ids::SchoolId(c.school_id)).await?;
    Ok((c, s))
}

/// The school's periodic evaluation of a vendor under contract, 1–5.
pub async fn evaluate(cx: &crate::Ctx, contract: ContractId, score: u8, note: &str) -> DomainResult<()> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let (c, s) = contract_and_school(db, contract).await?;
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
    let (c, s) = contract_and_school(db, contract).await?;
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

/// The day a bar from `from` ends: `years` later (29 February → 28 February).
pub fn bar_ends(from: NaiveDate, years: u8) -> NaiveDate {
    from.checked_add_months(Months::new(12 * u32::from(years))).unwrap_or(NaiveDate::MAX)
}

/// The bureau of the contract's district bars its vendor citywide.
pub async fn bar(cx: &crate::Ctx, contract: ContractId, reason: &str) -> DomainResult<BarId> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let (c, s) = contract_and_school(db, contract).await?;
    actor.require(Action::ApproveVendors, &Target::District(DistrictId(s.district_id)))?;
    if !c.end_cause.as_deref().and_then(EndCause::parse).is_some_and(EndCause::bars) {
        return Err(DomainError::invalid("contract", "not_ended_with_cause"));
    }
    let already = blacklist::Entity::find().filter(blacklist::Column::ContractId.eq(c.id)).one(db).await?;
    if already.is_some() {
        return Err(DomainError::invalid("contract", "already_barred"));
    }
    let reason = required("reason", reason)?;
    let policy = super::policy_now(db, s.district_id, now).await?;
    let city = crate::scope::find_district(db, DistrictId(s.district_id)).await?.city_id;
    let from = crate::clock::local_date(now);
    let until = bar_ends(from, policy.blacklist_years);
    let txn = db.begin().await?;
    let b = blacklist::ActiveModel {
        vendor_id: Set(c.vendor_id),
        city_id: Set(city),
        reason: Set(reason.clone()),
        from_date: Set(from),
        until_date: Set(until),
        contract_id: Set(Some(c.id)),
        account_id: Set(actor.account.0),
        at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, now, Event::new(Some(actor.account), "vendor.barred", format!("vendor:{}", c.vendor_id), json!({"contract": c.id, "reason": reason, "from": from, "until": until}))).await?;
    txn.commit().await?;
    Ok(BarId(b.id))
}

/// The public blacklist: bars in force on `today`, in one city or all.
pub async fn blacklist(cx: &crate::Ctx, city: Option<CityId>) -> DomainResult<Vec<Bar>> {
    bars_in_force(cx.reads(), city, cx.today()).await
}

/// The bars in force on `today`, in one city or all.
pub(crate) async fn bars_in_force<C: ConnectionTrait>(db: &C, city: Option<CityId>, today: NaiveDate) -> DomainResult<Vec<Bar>> {
    let mut q = blacklist::Entity::find().filter(blacklist::Column::FromDate.lte(today)).filter(blacklist::Column::UntilDate.gt(today));
    if let Some(c) = city {
        q = q.filter(blacklist::Column::CityId.eq(c.0));
    }
    let bars = q.order_by_desc(blacklist::Column::FromDate).all(db).await?;
    let vendors: std::collections::HashMap<i64, vendor::Model> =
        vendor::Entity::find().filter(vendor::Column::Id.is_in(bars.iter().map(|b| b.vendor_id))).all(db).await?.into_iter().map(|v| (v.id, v)).collect();
    Ok(bars
        .into_iter()
        .map(|b| {
            let v = vendors.get(&b.vendor_id);
            Bar {
                id: BarId(b.id),
                vendor_name: v.map(|v| v.name.clone()).unwrap_or_default(),
                credit_code: v.map(|v| v.credit_code.clone()).unwrap_or_default(),
                reason: b.reason,
                from_date: b.from_date,
                until_date: b.until_date,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_bar_lasts_whole_years() {
        let d = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("date");
        assert_eq!(super::bar_ends(d(2027, 3, 1), 6), d(2033, 3, 1));
        assert_eq!(super::bar_ends(d(2028, 2, 29), 6), d(2034, 2, 28));
    }
}
