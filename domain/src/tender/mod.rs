//! The tender board (V1–V8, P10). A school with its family committee calls
//! for bids; vendors bid sealed; two panel members open them after the
//! opening time; the price-inquiry panel scores while supervision watches;
//! the award waits out a standstill for complaints, then goes up the
//! district's approval chain; a contract follows, then evaluations,
//! satisfaction, termination and the citywide blacklist.
pub mod award;
pub mod bids;
pub mod board;
pub mod contracts;
pub mod evaluation;
pub mod ocds;
pub mod opening;
pub mod seal;
pub mod survey;
pub mod vendors;
pub mod views;

use crate::authz::{Actor, Panel};
use crate::clock::SCHOOL_ZONE;
use crate::entities::{blacklist, tender, tender_panel, vendor, vendor_document, vendor_entry};
use crate::error::{DomainError, DomainResult};
use crate::ids::DistrictId;
use crate::policy::{self, PolicySettings};
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
pub use seal::BidKey;
use wire::tender::{Criterion, DocumentKind, TenderService, TenderStatus};

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

/// The tender's panel members: account id → panel.
pub(crate) async fn panel<C: ConnectionTrait>(db: &C, tender: i64) -> DomainResult<Vec<(i64, Panel)>> {
    Ok(tender_panel::Entity::find()
        .filter(tender_panel::Column::TenderId.eq(tender))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|p| Panel::parse(&p.panel).map(|panel| (p.account_id, panel)))
        .collect())
}

/// The actor's seat on the tender's panel, if any.
pub(crate) async fn seat<C: ConnectionTrait>(db: &C, actor: &Actor, tender: i64) -> DomainResult<Option<Panel>> {
    Ok(panel(db, tender).await?.into_iter().find(|(a, _)| *a == actor.account.0).map(|(_, p)| p))
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

/// Why `vendor` may not bid for (or win) a tender of `service` in
/// `district` on `on`, or `None` when it may: entry approved, not barred,
/// every document the service needs valid.
pub(crate) async fn ineligible<C: ConnectionTrait>(db: &C, vendor: &vendor::Model, district: i64, service: TenderService, on: NaiveDate) -> DomainResult<Option<&'static str>> {
    let entry = vendor_entry::Entity::find()
        .filter(vendor_entry::Column::VendorId.eq(vendor.id))
        .filter(vendor_entry::Column::DistrictId.eq(district))
        .one(db)
        .await?;
    if entry.is_none_or(|e| e.status != "approved") {
        return Ok(Some("not_approved"));
    }
    if barred_until(db, vendor.id, on).await?.is_some() {
        return Ok(Some("barred"));
    }
    let docs = vendor_document::Entity::find().filter(vendor_document::Column::VendorId.eq(vendor.id)).all(db).await?;
    for kind in DocumentKind::required_for(service) {
        if !docs.iter().any(|d| d.kind == kind.as_str() && d.expires_on >= on) {
            return Ok(Some(if *kind == DocumentKind::CateringLicence { "no_catering_licence" } else { "documents_expired" }));
        }
    }
    Ok(None)
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

/// The `Forbidden` a vendor gets for another vendor's, or an unknown, thing.
pub(crate) fn own_vendor(actor: &Actor) -> DomainResult<i64> {
    actor.grants.iter().find_map(|g| g.vendor()).map(|v| v.0).ok_or(DomainError::Forbidden)
}
