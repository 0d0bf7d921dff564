//! The citywide blacklist (V8): a vendor whose contract ended for cause is
//! barred for the policy's years, from the day of the bar; the bar ends by
//! itself. Every check of a bar reads it here.
use super::terms::required;
use crate::audit::{self, Event};
use crate::authz::{Action, Target};
use crate::entities::{blacklist, vendor};
use crate::error::{DomainError, DomainResult};
use crate::ids::{BarId, CityId, ContractId, DistrictId};
use chrono::{Months, NaiveDate};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait};
use serde_json::json;
use wire::tender::{Bar, EndCause};

/// The day a bar from `from` ends: `years` later (29 February → 28 February).
pub fn bar_ends(from: NaiveDate, years: u8) -> NaiveDate {
    from.checked_add_months(Months::new(12 * u32::from(years))).unwrap_or(NaiveDate::MAX)
}

/// The bureau of the contract's district bars its vendor citywide.
pub async fn bar(cx: &crate::Ctx, contract: ContractId, reason: &str) -> DomainResult<BarId> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let (c, s) = crate::scope::find_contract(db, contract).await?;
    actor.require(Action::ApproveVendors, &Target::District(DistrictId(s.district_id)))?;
    if !c.end_cause.as_deref().and_then(EndCause::parse).is_some_and(EndCause::bars) {
        return Err(DomainError::invalid("contract", "not_ended_with_cause"));
    }
    let already = blacklist::Entity::find().filter(blacklist::Column::ContractId.eq(c.id)).one(db).await?;
    if already.is_some() {
        return Err(DomainError::invalid("contract", "already_barred"));
    }
    let reason = required("reason", reason)?;
    let policy = super::terms::policy_now(db, s.district_id, now).await?;
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

/// The last day a bar on `vendor` keeps it out, when one is in force on `on`.
/// A bar ends by itself: on its `until_date` the vendor may bid again.
pub(crate) async fn barred_until<C: ConnectionTrait>(db: &C, vendor: i64, on: NaiveDate) -> DomainResult<Option<NaiveDate>> {
    Ok(blacklist::Entity::find()
        .filter(blacklist::Column::VendorId.eq(vendor))
        .filter(blacklist::Column::FromDate.lte(on))
        .filter(blacklist::Column::UntilDate.gt(on))
        .all(db)
        .await?
        .into_iter()
        .map(|b| b.until_date)
        .max())
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
