//! Open data: each tender as an Open Contracting Data Standard 1.1 release
//! package (tender; bidders only after the opening; awards; contracts).
//! The test suite validates it against the standard's schema.
use super::award::{award_status, current};
use crate::entities::{bid, contract, vendor};
use crate::error::DomainResult;
use crate::ids::TenderId;
use chrono::{DateTime, SecondsFormat, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use wire::tender::{AwardStatus, TenderStatus};

/// The ocid prefix this publisher uses.
pub const OCID_PREFIX: &str = "ocds-beilei";

fn when(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn yuan(fen: i64) -> Value {
    json!({"amount": fen as f64 / 100.0, "currency": "CNY"})
}

fn party(v: &vendor::Model, roles: &[&str]) -> Value {
    json!({"id": format!("vendor-{}", v.id), "name": v.name, "identifier": {"scheme": "CN-USCC", "id": v.credit_code, "legalName": v.name}, "roles": roles})
}

/// The release package of one tender; `base` is the site's address.
pub async fn package(cx: &crate::Ctx, id: TenderId, base: &str) -> DomainResult<Value> {
    let db = cx.reads();
    let now = cx.now();
    let (t, s) = crate::scope::find_tender(db, id).await?;
    let status = super::terms::status(&t)?;
    let ocid = format!("{OCID_PREFIX}-{}", t.id);
    let buyer = json!({"id": format!("school-{}", s.id), "name": s.name});
    let mut parties = vec![json!({"id": format!("school-{}", s.id), "name": s.name, "roles": ["buyer", "procuringEntity"]})];
    let criteria = super::terms::criteria(&t)?;
    let mut tender = json!({
        "id": format!("tender-{}", t.id),
        "title": t.title,
        "description": t.requirements,
        "status": match status {
            TenderStatus::Open | TenderStatus::Evaluating | TenderStatus::Awarding => "active",
            TenderStatus::Unsuccessful => "unsuccessful",
            TenderStatus::Awarded | TenderStatus::Contracted => "complete",
        },
        "value": yuan(t.estimate_fen),
        "procuringEntity": buyer,
        "procurementMethod": "open",
        "awardCriteria": "ratedCriteria",
        "awardCriteriaDetails": criteria.iter().map(|c| format!("{} {}%", c.name, c.weight)).collect::<Vec<_>>().join("; "),
        "submissionMethod": ["electronicSubmission"],
        "tenderPeriod": {"startDate": when(t.created_at), "endDate": when(t.bid_deadline)},
    });
    let mut tags = vec![if t.terms_version > 1 { "tenderAmendment" } else { "tender" }];
    let mut awards = Vec::new();
    let mut contracts = Vec::new();
    // Bidders are named only once the bids are open.
    if t.opened_at.is_some() {
        let bids = bid::Entity::find().filter(bid::Column::TenderId.eq(t.id)).order_by_asc(bid::Column::Id).all(db).await?;
        let vendors = vendor::Entity::find().filter(vendor::Column::Id.is_in(bids.iter().filter_map(|b| b.vendor_id))).all(db).await?;
        let award = current(db, t.id).await?;
        let winner = award.as_ref().filter(|a| award_status(a).is_ok_and(|s| s == AwardStatus::Approved)).map(|a| a.vendor_id);
        for v in &vendors {
            let roles: &[&str] = if Some(v.id) == winner { &["tenderer", "supplier"] } else { &["tenderer"] };
            parties.push(party(v, roles));
        }
        tender["numberOfTenderers"] = json!(bids.len());
        tender["tenderers"] = json!(vendors.iter().map(|v| json!({"id": format!("vendor-{}", v.id), "name": v.name})).collect::<Vec<_>>());
        if let Some(a) = award {
            let st = award_status(&a)?;
            let price = bid::Entity::find_by_id(a.bid_id).one(db).await?.as_ref().and_then(super::opening::opened).map(|(s, _)| s.price_fen);
            let supplier = vendors.iter().find(|v| v.id == a.vendor_id);
            tags.push("award");
            awards.push(json!({
                "id": format!("award-{}", a.id),
                "status": match st {
                    AwardStatus::Standstill | AwardStatus::Approving => "pending",
                    AwardStatus::Approved => "active",
                    AwardStatus::Rejected => "unsuccessful",
                    AwardStatus::Cancelled => "cancelled",
                },
                "date": when(a.proposed_at),
                "value": price.map(yuan),
                "suppliers": supplier.map(|v| vec![json!({"id": format!("vendor-{}", v.id), "name": v.name})]).unwrap_or_default(),
            }));
            for c in contract::Entity::find().filter(contract::Column::AwardId.eq(a.id)).all(db).await? {
                tags.push("contract");
                contracts.push(json!({
                    "id": format!("contract-{}", c.id),
                    "awardID": format!("award-{}", a.id),
                    "title": c.service,
                    "status": if c.status == "active" { "active" } else { "terminated" },
                    "period": {"startDate": format!("{}T00:00:00+08:00", c.starts_on), "endDate": format!("{}T23:59:59+08:00", c.ends_on)},
                    "value": yuan(c.price_fen),
                    "dateSigned": when(c.created_at),
                }));
            }
        }
    }
    let mut release = json!({
        "ocid": ocid,
        "id": format!("{ocid}-{}-{}", t.terms_version, tags.len()),
        "date": when(now),
        "tag": tags,
        "initiationType": "tender",
        "language": "zh",
        "parties": parties,
        "buyer": buyer,
        "tender": tender,
    });
    if !awards.is_empty() {
        release["awards"] = json!(awards);
    }
    if !contracts.is_empty() {
        release["contracts"] = json!(contracts);
    }
    Ok(json!({
        "uri": format!("{}/tenders/{}/ocds.json", base.trim_end_matches('/'), t.id),
        "version": "1.1",
        "publishedDate": when(now),
        "publisher": {"name": "Beilei after-school service platform", "uri": base},
        "releases": [release],
    }))
}
