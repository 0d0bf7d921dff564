//! The vendor registry (V1, B6): a vendor registers its organisation and
//! documents, asks to enter a district, and the bureau steps of the
//! district's chain approve it (district, then city where the chain says
//! [002]). Documents expiring soon are flagged; vendor staff are the
//! schools' staff records that name the vendor.
use super::views::{approval_views, contract_views, documents};
pub use super::views::EXPIRY_WARNING_DAYS;
use super::award::{approvals, holds_step, record_step, step_text};
use super::blacklist::barred_until;
use super::seats::own_vendor;
use super::terms::required;
use crate::audit::{self, Event};
use crate::auth::{self, Phone, password, phone_code};
use crate::authz::{Action, Actor, Role, ScopeKind, Target};
use crate::entities::{contract, district, school, staff, vendor, vendor_document, vendor_entry};
use crate::error::{Clash, DomainError, DomainResult, duplicate_as};
use crate::ids::{CityId, DistrictId, SchoolId, VendorDocumentId, VendorEntryId, VendorId};
use crate::policy::VendorApprovalStep;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait};
use serde_json::json;
pub use wire::tender::NewVendor;
use wire::tender::{EndCause, NewDocument, VendorDesk, VendorEntry, VendorKind, VendorProfile, VendorStaffMember};

pub const MAX_DOCUMENTS: usize = 20;

fn credit_code(raw: &str) -> DomainResult<String> {
    let c = raw.trim().to_uppercase();
    if c.len() != 18 || !c.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase()) {
        return Err(DomainError::invalid("credit_code", "format"));
    }
    Ok(c)
}

/// Registers a vendor and its manager's account, which signs in with the
/// manager's mobile number once the code texted to it checks out; it may
/// bid once a district's bureau approves its entry. As for a guardian,
/// only the phone's holder learns whether the phone already has an
/// account: an anonymous caller can probe no name or number.
pub async fn register(cx: &crate::Ctx, new: NewVendor) -> DomainResult<VendorId> {
    let db = cx.writes();
    let now = cx.now();
    let name = required("name", &new.name)?;
    if name.chars().count() > 100 {
        return Err(DomainError::invalid("name", "too_long"));
    }
    let code = credit_code(&new.credit_code)?;
    let phone = Phone::parse(&new.phone)?;
    let password = password::Password::new(new.password.0.clone())?;
    crate::entities::city::Entity::find_by_id(new.city.0).one(db).await?.ok_or(DomainError::invalid("city", "unknown"))?;
    // The code first: a wrong guess costs one of the code's guesses and no hashing.
    phone_code::check(db, &phone, &new.code, cx.now()).await?;
    let hash = password::hash(password).await?;
    let txn = db.begin().await?;
    phone_code::spend(&txn, &phone, &new.code, now).await?;
    if crate::entities::account::Entity::find().filter(crate::entities::account::Column::Phone.eq(phone.as_str())).one(&txn).await?.is_some() {
        return Err(DomainError::Conflict(Clash::AccountExists));
    }
    let v = vendor::ActiveModel { city_id: Set(new.city.0), name: Set(name.clone()), credit_code: Set(code.clone()), kind: Set(new.kind.as_str().into()), phone: Set(phone.as_str().into()), ..Default::default() }
        .insert(&txn)
        .await
        .map_err(duplicate_as("credit_code", "taken"))?;
    let account = auth::insert_account(&txn, &Some(phone), &None, &name, hash, cx.now()).await?;
    auth::insert_grants(&txn, account, &[(Role::Vendor, ScopeKind::Vendor, v.id, None)]).await?;
    audit::record(&txn, now, Event::new(Some(account), "vendor.registered", format!("vendor:{}", v.id), json!({"name": name, "credit_code": code, "at": now}))).await?;
    txn.commit().await?;
    Ok(VendorId(v.id))
}

fn own(actor: &Actor) -> DomainResult<i64> {
    let v = own_vendor(actor)?;
    actor.require(Action::ManageVendor, &Target::Vendor(VendorId(v)))?;
    Ok(v)
}

pub async fn add_document(cx: &crate::Ctx, new: NewDocument) -> DomainResult<VendorDocumentId> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let v = own(actor)?;
    let number = required("number", &new.number)?;
    if number.chars().count() > 60 {
        return Err(DomainError::invalid("number", "too_long"));
    }
    crate::dates::require("expires_on", new.expires_on)?;
    if new.expires_on <= crate::clock::local_date(now) {
        return Err(DomainError::invalid("expires_on", "in_the_past"));
    }
    let count = vendor_document::Entity::find().filter(vendor_document::Column::VendorId.eq(v)).all(db).await?.len();
    if count >= MAX_DOCUMENTS {
        return Err(DomainError::invalid("documents", "too_many"));
    }
    let txn = db.begin().await?;
    let d = vendor_document::ActiveModel { vendor_id: Set(v), kind: Set(new.kind.as_str().into()), number: Set(number.clone()), expires_on: Set(new.expires_on), added_at: Set(now), ..Default::default() }
        .insert(&txn)
        .await?;
    audit::record(&txn, now, Event::new(Some(actor.account), "vendor.document", format!("vendor:{v}"), json!({"kind": new.kind.as_str(), "number": number, "expires_on": new.expires_on}))).await?;
    txn.commit().await?;
    Ok(VendorDocumentId(d.id))
}

/// The vendor asks to enter a district of its city.
pub async fn request_entry(cx: &crate::Ctx, district: DistrictId) -> DomainResult<VendorEntryId> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let v = own(actor)?;
    let vm = vendor::Entity::find_by_id(v).one(db).await?.ok_or(DomainError::NotFound)?;
    let d = crate::scope::maybe_district(db, district).await?.filter(|d| d.city_id == vm.city_id).ok_or(DomainError::NotFound)?;
    let txn = db.begin().await?;
    let e = vendor_entry::ActiveModel { vendor_id: Set(v), district_id: Set(d.id), status: Set("pending".into()), requested_at: Set(now), ..Default::default() }
        .insert(&txn)
        .await
        .map_err(duplicate_as("district", "already_requested"))?;
    audit::record(&txn, now, Event::new(Some(actor.account), "vendor.entry_requested", format!("vendor:{v}"), json!({"district": d.id}))).await?;
    txn.commit().await?;
    Ok(VendorEntryId(e.id))
}

/// The bureau steps of the district's chain decide a vendor's entry; a
/// chain without one (the school and committee decide [004]) has the
/// district bureau approve entry.
pub(crate) fn entry_chain(chain: &[VendorApprovalStep]) -> Vec<VendorApprovalStep> {
    let bureau: Vec<_> = chain.iter().copied().filter(|s| matches!(s, VendorApprovalStep::DistrictBureau | VendorApprovalStep::CityBureau)).collect();
    if bureau.is_empty() { vec![VendorApprovalStep::DistrictBureau] } else { bureau }
}

pub async fn decide_entry(cx: &crate::Ctx, entry: VendorEntryId, approve: bool, note: &str) -> DomainResult<()> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let e = vendor_entry::Entity::find_by_id(entry.0).one(db).await?.ok_or(DomainError::NotFound)?;
    let chain = entry_chain(&super::terms::policy_now(db, e.district_id, now).await?.vendor_approval);
    let subject = format!("entry:{}", e.id);
    let done = approvals(db, &subject).await?;
    let step = match chain.get(done.len()).copied() {
        Some(step) if e.status == "pending" && holds_step(db, actor, step, None, None, e.district_id).await? => step,
        // The district's bureau learns the entry is decided; anyone else, nothing.
        _ if e.status != "pending" && actor.may(Action::ApproveVendors, &Target::District(DistrictId(e.district_id))) => {
            return Err(DomainError::invalid("entry", "decided"));
        }
        _ => return Err(DomainError::Forbidden),
    };
    if !approve && note.trim().is_empty() {
        return Err(DomainError::invalid("note", "required"));
    }
    let txn = db.begin().await?;
    record_step(&txn, actor, &subject, done.len(), step_text(step), approve, note.trim(), now).await?;
    let status = match (approve, done.len() + 1 == chain.len()) {
        (false, _) => Some("rejected"),
        (true, true) => Some("approved"),
        (true, false) => None,
    };
    if let Some(s) = status {
        let mut m: vendor_entry::ActiveModel = e.into();
        m.status = Set(s.into());
        m.update(&txn).await?;
    }
    txn.commit().await?;
    Ok(())
}

async fn entry_views<C: ConnectionTrait>(db: &C, rows: Vec<vendor_entry::Model>, now: DateTime<Utc>) -> DomainResult<Vec<VendorEntry>> {
    let today = crate::clock::local_date(now);
    let mut out = Vec::with_capacity(rows.len());
    for e in rows {
        let v = vendor::Entity::find_by_id(e.vendor_id).one(db).await?.ok_or(DomainError::NotFound)?;
        let d = crate::scope::find_district(db, DistrictId(e.district_id)).await?;
        let done = approvals(db, &format!("entry:{}", e.id)).await?;
        let chain = entry_chain(&super::terms::policy_now(db, e.district_id, now).await?.vendor_approval);
        let next_step = (e.status == "pending").then(|| chain.get(done.len()).map(|s| step_text(*s).to_string())).flatten();
        out.push(VendorEntry {
            id: VendorEntryId(e.id),
            vendor: VendorId(v.id),
            vendor_name: v.name,
            credit_code: v.credit_code,
            district: DistrictId(d.id),
            district_name: d.name,
            status: e.status,
            approvals: approval_views(db, done).await?,
            next_step,
            documents: documents(db, v.id, today).await?,
        });
    }
    Ok(out)
}

/// The vendor's own page.
pub async fn profile(cx: &crate::Ctx, vendor: VendorId) -> DomainResult<VendorProfile> {
    let db = cx.reads();
    let actor = cx.actor()?;
    let now = cx.now();
    actor.require(Action::ViewVendor, &Target::Vendor(vendor))?;
    let v = vendor::Entity::find_by_id(vendor.0).one(db).await?.ok_or(DomainError::NotFound)?;
    let today = crate::clock::local_date(now);
    let entries = vendor_entry::Entity::find().filter(vendor_entry::Column::VendorId.eq(v.id)).all(db).await?;
    let districts = district::Entity::find().filter(district::Column::CityId.eq(v.city_id)).order_by_asc(district::Column::Id).all(db).await?;
    let staff_rows = staff::Entity::find().filter(staff::Column::VendorId.eq(v.id)).filter(staff::Column::LeftAt.is_null()).all(db).await?;
    let mut staff_out = Vec::with_capacity(staff_rows.len());
    for s in staff_rows {
        let cleared = crate::operations::staff::clearances(db, SchoolId(s.school_id), &[crate::ids::StaffId(s.id)], today)
            .await?
            .get(&crate::ids::StaffId(s.id))
            .is_some_and(|c| c.is_cleared());
        let school_name = crate::scope::maybe_school(db, SchoolId(s.school_id)).await?.map(|x| x.name).unwrap_or_default();
        staff_out.push(VendorStaffMember { name: s.name, school_name, cleared });
    }
    let contracts = contract::Entity::find().filter(contract::Column::VendorId.eq(v.id)).order_by_desc(contract::Column::Id).all(db).await?;
    Ok(VendorProfile {
        id: VendorId(v.id),
        city: CityId(v.city_id),
        name: v.name.clone(),
        credit_code: v.credit_code.clone(),
        kind: VendorKind::parse(&v.kind).unwrap_or(VendorKind::AfterSchool),
        documents: documents(db, v.id, today).await?,
        entries: entry_views(db, entries, now).await?,
        districts: districts.into_iter().map(|d| (DistrictId(d.id), d.name)).collect(),
        staff: staff_out,
        contracts: contract_views(db, contracts).await?,
        record: super::survey::vendor_record(db, v.id).await?,
        barred_until: barred_until(db, v.id, today).await?,
        tenders: super::views::for_vendor(db, &v, now).await?,
    })
}

/// The bureau's vendor desk: entries waiting on this district, contracts
/// ended with cause, the city's bars, the district's tenders.
pub async fn district_desk(cx: &crate::Ctx, district: DistrictId) -> DomainResult<VendorDesk> {
    let db = cx.reads();
    let actor = cx.actor()?;
    let now = cx.now();
    let d = crate::scope::district(db, actor, district, Action::ApproveVendors).await?;
    let entries = vendor_entry::Entity::find().filter(vendor_entry::Column::DistrictId.eq(d.id)).order_by_desc(vendor_entry::Column::Id).all(db).await?;
    let schools: Vec<i64> = school::Entity::find().filter(school::Column::DistrictId.eq(d.id)).all(db).await?.into_iter().map(|s| s.id).collect();
    let ended = contract::Entity::find().filter(contract::Column::SchoolId.is_in(schools)).filter(contract::Column::Status.eq("ended")).all(db).await?;
    let to_bar = contract_views(db, ended).await?.into_iter().filter(|c| c.end_cause.is_some_and(EndCause::bars) && !c.barred).collect();
    Ok(VendorDesk {
        entries: entry_views(db, entries, now).await?,
        to_bar,
        bars: super::blacklist::bars_in_force(db, Some(CityId(d.city_id)), crate::clock::local_date(now)).await?,
        tenders: super::views::for_district(db, d.id, now).await?,
    })
}

/// The city's desk: entries across the city (those at its step first).
pub async fn city_desk(cx: &crate::Ctx, city: CityId) -> DomainResult<VendorDesk> {
    let db = cx.reads();
    let actor = cx.actor()?;
    let now = cx.now();
    actor.require(Action::ApproveVendors, &Target::City(city))?;
    let districts: Vec<i64> = district::Entity::find().filter(district::Column::CityId.eq(city.0)).all(db).await?.into_iter().map(|d| d.id).collect();
    let entries = vendor_entry::Entity::find().filter(vendor_entry::Column::DistrictId.is_in(districts)).order_by_desc(vendor_entry::Column::Id).all(db).await?;
    let mut entries = entry_views(db, entries, now).await?;
    entries.sort_by_key(|e| e.next_step.as_deref() != Some("city_bureau"));
    Ok(VendorDesk { entries, to_bar: Vec::new(), bars: super::blacklist::bars_in_force(db, Some(city), crate::clock::local_date(now)).await?, tenders: Vec::new() })
}

/// Every city, for a vendor's registration.
pub async fn cities(cx: &crate::Ctx) -> DomainResult<Vec<(CityId, String)>> {
    let db = cx.reads();
    Ok(crate::entities::city::Entity::find().order_by_asc(crate::entities::city::Column::Id).all(db).await?.into_iter().map(|c| (CityId(c.id), c.name)).collect())
}
