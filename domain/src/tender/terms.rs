//! A tender's terms as stored: its status, service and criteria, the policy
//! in force, and the text and times its forms take.
use crate::clock::SCHOOL_ZONE;
use crate::entities::tender;
use crate::error::{DomainError, DomainResult};
use crate::ids::DistrictId;
use crate::policy::{self, PolicySettings};
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use sea_orm::ConnectionTrait;
use wire::tender::{Criterion, TenderService, TenderStatus};

/// The longest free text a form takes.
pub(crate) const MAX_TEXT: usize = 4000;

pub(crate) fn status(t: &tender::Model) -> DomainResult<TenderStatus> {
    TenderStatus::parse(&t.status).ok_or_else(|| DomainError::Internal(format!("tender {} status", t.id)))
}

pub(crate) fn service(t: &tender::Model) -> DomainResult<TenderService> {
    TenderService::parse(&t.service_kind).ok_or_else(|| DomainError::Internal(format!("tender {} service", t.id)))
}

pub(crate) fn criteria(t: &tender::Model) -> DomainResult<Vec<Criterion>> {
    serde_json::from_str(&t.criteria).map_err(|e| DomainError::Internal(format!("tender {} criteria: {e}", t.id)))
}

pub(crate) async fn policy_now<C: ConnectionTrait>(db: &C, district: i64, now: DateTime<Utc>) -> DomainResult<PolicySettings> {
    Ok(policy::in_force(db, DistrictId(district), crate::clock::local_date(now)).await?.1)
}

/// A `datetime-local` value (`2027-03-01T17:00`) at the school, as an instant.
pub(crate) fn local_instant(field: &'static str, text: &str) -> DomainResult<DateTime<Utc>> {
    let t = text.trim();
    let naive = NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| DomainError::invalid(field, "format"))?;
    SCHOOL_ZONE.from_local_datetime(&naive).single().map(|d| d.with_timezone(&Utc)).ok_or(DomainError::invalid(field, "format"))
}

/// Trimmed, non-empty text of at most `MAX_TEXT` characters.
pub(crate) fn required(field: &'static str, text: &str) -> DomainResult<String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(DomainError::invalid(field, "required"));
    }
    if t.chars().count() > MAX_TEXT {
        return Err(DomainError::invalid(field, "too_long"));
    }
    Ok(t.to_string())
}
