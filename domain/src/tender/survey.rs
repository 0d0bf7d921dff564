//! Satisfaction (P10, V7): guardians and staff rate a school's service and
//! its staff each month on the phone, with or without a vendor [001]. The
//! results go on the school's record and, where a vendor served under
//! contract, on the vendor's record that later comparisons show.
use crate::audit::{self, Event};
use crate::authz::{Action, Actor, Target};
use crate::entities::{contract, school, student, survey_response, vendor_evaluation};
use crate::error::{DomainError, DomainResult};
use crate::ids::SchoolId;
use crate::places::{children_of, school_place};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set, TransactionTrait};
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};
use wire::tender::{SurveyAsk, SurveyMonth, VendorRecord};

pub const MAX_COMMENT: usize = 500;

fn period(now: DateTime<Utc>) -> String {
    crate::clock::local_date(now).format("%Y-%m").to_string()
}

/// The schools of the actor's children.
async fn children_schools<C: ConnectionTrait>(db: &C, actor: &Actor) -> DomainResult<BTreeSet<i64>> {
    let kids = children_of(db, actor).await?;
    Ok(student::Entity::find().filter(student::Column::Id.is_in(kids)).all(db).await?.into_iter().map(|s| s.school_id).collect())
}

/// The vendor serving the school under contract on `on`, if one is.
pub(crate) async fn serving_vendor<C: ConnectionTrait>(db: &C, school: i64, on: NaiveDate) -> DomainResult<Option<i64>> {
    Ok(contract::Entity::find()
        .filter(contract::Column::SchoolId.eq(school))
        .filter(contract::Column::Status.eq("active"))
        .filter(contract::Column::StartsOn.lte(on))
        .filter(contract::Column::EndsOn.gte(on))
        .one(db)
        .await?
        .map(|c| c.vendor_id))
}

/// This month's rating (1–5 for the service and for its staff); rating
/// again in the month replaces it.
pub async fn rate(cx: &crate::Ctx, school: SchoolId, service: u8, staff: u8, comment: &str) -> DomainResult<()> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let s = crate::scope::find_school(db, school).await?;
    let guardian = children_schools(db, actor).await?.contains(&s.id);
    if !guardian && !actor.may(Action::RateService, &Target::School(school_place(&s))) {
        return Err(DomainError::Forbidden);
    }
    if !(1..=5).contains(&service) || !(1..=5).contains(&staff) {
        return Err(DomainError::invalid("rating", "out_of_range"));
    }
    let comment = comment.trim();
    if comment.chars().count() > MAX_COMMENT {
        return Err(DomainError::invalid("comment", "too_long"));
    }
    let period = period(now);
    let vendor = serving_vendor(db, s.id, crate::clock::local_date(now)).await?;
    let txn = db.begin().await?;
    let before = survey_response::Entity::find()
        .filter(survey_response::Column::SchoolId.eq(s.id))
        .filter(survey_response::Column::AccountId.eq(actor.account.0))
        .filter(survey_response::Column::Period.eq(&period))
        .one(&txn)
        .await?;
    match before {
        Some(r) => {
            let mut m = r.into_active_model();
            m.service = Set(i64::from(service));
            m.staff = Set(i64::from(staff));
            m.comment = Set(comment.into());
            m.vendor_id = Set(vendor);
            m.at = Set(now);
            m.update(&txn).await?;
        }
        None => {
            survey_response::ActiveModel {
                school_id: Set(s.id),
                account_id: Set(actor.account.0),
                period: Set(period.clone()),
                service: Set(i64::from(service)),
                staff: Set(i64::from(staff)),
                comment: Set(comment.into()),
                vendor_id: Set(vendor),
                at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map_err(crate::error::duplicate_as("rating", "twice"))?;
        }
    }
    audit::record(&txn, now, Event::new(Some(actor.account), "survey.rated", format!("school:{}", s.id), json!({"period": period, "service": service, "staff": staff}))).await?;
    crate::store::stale::touch(&txn, s.id, crate::clock::local_date(now)).await?;
    txn.commit().await?;
    Ok(())
}

/// The surveys a guardian is asked this month: one per school of their children.
pub async fn asks(cx: &crate::Ctx) -> DomainResult<Vec<SurveyAsk>> {
    let db = cx.reads();
    let actor = cx.actor()?;
    let now = cx.now();
    let schools = children_schools(db, actor).await?;
    let period = period(now);
    let given: BTreeMap<i64, (u8, u8)> = survey_response::Entity::find()
        .filter(survey_response::Column::AccountId.eq(actor.account.0))
        .filter(survey_response::Column::Period.eq(&period))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.school_id, (r.service as u8, r.staff as u8)))
        .collect();
    Ok(school::Entity::find()
        .filter(school::Column::Id.is_in(schools))
        .all(db)
        .await?
        .into_iter()
        .map(|s| SurveyAsk { school: SchoolId(s.id), school_name: s.name, period: period.clone(), given: given.get(&s.id).copied() })
        .collect())
}

fn mean(values: impl Iterator<Item = i64>) -> Option<f64> {
    let (sum, n) = values.fold((0i64, 0u32), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum as f64 / f64::from(n))
}

/// A school's results by month, newest first.
pub(crate) async fn school_months<C: ConnectionTrait>(db: &C, school: i64) -> DomainResult<Vec<SurveyMonth>> {
    let rows = survey_response::Entity::find().filter(survey_response::Column::SchoolId.eq(school)).all(db).await?;
    let mut by: BTreeMap<String, Vec<&survey_response::Model>> = BTreeMap::new();
    for r in &rows {
        by.entry(r.period.clone()).or_default().push(r);
    }
    Ok(by
        .into_iter()
        .rev()
        .map(|(period, rs)| SurveyMonth {
            period,
            responses: rs.len() as u32,
            service: mean(rs.iter().map(|r| r.service)).unwrap_or_default(),
            staff: mean(rs.iter().map(|r| r.staff)).unwrap_or_default(),
        })
        .collect())
}

/// A vendor's record: contracts, schools' evaluations, satisfaction where it served.
pub(crate) async fn vendor_record<C: ConnectionTrait>(db: &C, vendor: i64) -> DomainResult<VendorRecord> {
    let contracts = contract::Entity::find().filter(contract::Column::VendorId.eq(vendor)).all(db).await?;
    let evaluations = vendor_evaluation::Entity::find()
        .filter(vendor_evaluation::Column::ContractId.is_in(contracts.iter().map(|c| c.id)))
        .all(db)
        .await?;
    let responses = survey_response::Entity::find().filter(survey_response::Column::VendorId.eq(vendor)).all(db).await?;
    Ok(VendorRecord {
        contracts: contracts.len() as u32,
        terminated: contracts.iter().filter(|c| c.end_cause.as_deref().and_then(wire::tender::EndCause::parse).is_some_and(wire::tender::EndCause::bars)).count() as u32,
        evaluation: mean(evaluations.iter().map(|e| e.score)),
        satisfaction: mean(responses.iter().map(|r| r.service + r.staff)).map(|m| m / 2.0),
        responses: responses.len() as u32,
    })
}
