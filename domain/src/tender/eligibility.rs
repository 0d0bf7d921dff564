//! Whether a vendor may bid for, or win, a tender.
use crate::entities::{vendor, vendor_document, vendor_entry};
use crate::error::DomainResult;
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use wire::tender::{DocumentKind, TenderService};

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
    if super::blacklist::barred_until(db, vendor.id, on).await?.is_some() {
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
