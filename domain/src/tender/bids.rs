//! Sealed bids (V3). The content (price, programme, staff plan, documents,
//! and who bid) is sealed under the bid key before it touches the
//! database; the row carries only the ciphertext, a keyed tag for the
//! bidder and the commitment (SHA-256 over the content, which holds a random
//! salt so a guessed price cannot be checked against it). The audit chain
//! records the commitment without an actor, so it names no bidder either.
use super::seal::{BidKey, digest};
use super::eligibility::ineligible;
use super::seats::own_vendor;
use super::terms::{required, status};
use crate::audit::{self, Event};
use crate::authz::{Action, Actor, Target};
use crate::entities::{bid, bid_file, tender, vendor};
use crate::error::{DomainError, DomainResult};
use crate::ids::{TenderId, VendorId};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set, TransactionTrait};
use serde::{Deserialize, Serialize};
use serde_json::json;
use wire::tender::{BidFileMeta, MyBid, NewBid, Receipt, TenderStatus};

pub use wire::tender::{MAX_BID_FILE_BYTES as MAX_FILE_BYTES, MAX_BID_FILES as MAX_FILES};

/// A document as uploaded.
pub struct Upload {
    pub name: String,
    pub bytes: Vec<u8>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct FileDigest {
    pub no: u32,
    pub name: String,
    pub bytes: u64,
    pub sha256: String,
}

/// What is sealed, and after the opening stored in clear.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Sealed {
    pub tender: i64,
    pub terms_version: i64,
    pub vendor: i64,
    pub price_fen: i64,
    pub programme: String,
    pub staff_plan: String,
    pub files: Vec<FileDigest>,
    pub salt: String,
}

pub(crate) fn bid_context(tender: i64, tag: &str) -> String {
    format!("bid:{tender}:{tag}")
}

pub(crate) fn file_context(tender: i64, tag: &str, no: u32) -> String {
    format!("bid-file:{tender}:{tag}:{no}")
}

fn salt() -> DomainResult<String> {
    let mut raw = [0u8; 16];
    getrandom::fill(&mut raw).map_err(|e| DomainError::Internal(e.to_string()))?;
    Ok(hex::encode(raw))
}

/// The bidder's vendor, checked to be the actor's and in the tender's city.
async fn bidder<C: ConnectionTrait>(db: &C, actor: &Actor, t: &tender::Model) -> DomainResult<vendor::Model> {
    let v = own_vendor(actor)?;
    actor.require(Action::ManageVendor, &Target::Vendor(VendorId(v)))?;
    let v = vendor::Entity::find_by_id(v).one(db).await?.ok_or(DomainError::NotFound)?;
    let d = crate::scope::find_district(db, crate::ids::DistrictId(t.district_id)).await?;
    if d.city_id != v.city_id {
        return Err(DomainError::NotFound);
    }
    Ok(v)
}

fn taking_bids(t: &tender::Model, now: DateTime<Utc>) -> DomainResult<()> {
    if status(t)? != TenderStatus::Open {
        return Err(DomainError::invalid("tender", "closed"));
    }
    if now >= t.bid_deadline {
        return Err(DomainError::invalid("tender", "deadline_passed"));
    }
    Ok(())
}

async fn own_bid<C: ConnectionTrait>(db: &C, t: &tender::Model, tag: &str) -> DomainResult<Option<bid::Model>> {
    Ok(bid::Entity::find().filter(bid::Column::TenderId.eq(t.id)).filter(bid::Column::BidderTag.eq(tag)).one(db).await?)
}

pub(crate) fn unseal(key: &BidKey, b: &bid::Model) -> Option<Sealed> {
    let plain = key.open(&bid_context(b.tender_id, &b.bidder_tag), &b.nonce, &b.sealed)?;
    serde_json::from_slice(&plain).ok()
}

/// Seals `vendor`'s bid on `tender` (or replaces the one sealed before),
/// before the deadline. Without new documents a replacement keeps the
/// documents sealed before.
pub async fn submit(cx: &crate::Ctx, key: &BidKey, tender: TenderId, new: NewBid, uploads: Vec<Upload>) -> DomainResult<Receipt> {
    let (db, actor, now) = (cx.writes(), cx.actor()?, cx.now());
    let (t, _) = crate::scope::find_tender(db, tender).await?;
    let v = bidder(db, actor, &t).await?;
    taking_bids(&t, now)?;
    if let Some(rule) = ineligible(db, &v, t.district_id, super::terms::service(&t)?, crate::clock::local_date(now)).await? {
        return Err(DomainError::invalid("vendor", rule));
    }
    let price_fen = wire::money::fen(&new.price_yuan).filter(|f| *f > 0).ok_or(DomainError::invalid("price_yuan", "format"))?;
    let programme = required("programme", &new.programme)?;
    let staff_plan = required("staff_plan", &new.staff_plan)?;
    if uploads.len() > MAX_FILES {
        return Err(DomainError::invalid("documents", "too_many"));
    }
    for u in &uploads {
        inputs::files::pdf("documents", &u.bytes, MAX_FILE_BYTES)?;
    }
    let tag = key.bidder_tag(t.id, v.id);
    let before = own_bid(db, &t, &tag).await?;
    let files: Vec<FileDigest> = if uploads.is_empty() {
        before.as_ref().and_then(|b| unseal(key, b)).map(|s| s.files).unwrap_or_default()
    } else {
        uploads
            .iter()
            .zip(1u32..)
            .map(|(u, no)| FileDigest { no, name: file_name(&u.name), bytes: u.bytes.len() as u64, sha256: digest(&u.bytes) })
            .collect()
    };
    let content = Sealed { tender: t.id, terms_version: t.terms_version, vendor: v.id, price_fen, programme, staff_plan, files, salt: salt()? };
    let txn = db.begin().await?;
    let receipt = store(&txn, key, &t, &tag, before, &content, now).await?;
    if !uploads.is_empty() {
        bid_file::Entity::delete_many().filter(bid_file::Column::BidId.eq(receipt.1)).exec(&txn).await?;
        for (u, no) in uploads.iter().zip(1u32..) {
            let (nonce, sealed) = key.seal(&file_context(t.id, &tag, no), &u.bytes)?;
            bid_file::ActiveModel { bid_id: Set(receipt.1), no: Set(i64::from(no)), nonce: Set(nonce), sealed: Set(sealed), ..Default::default() }.insert(&txn).await?;
        }
    }
    txn.commit().await?;
    Ok(receipt.0)
}

/// Writes the sealed content as the bid (new or replaced); the receipt and the bid's id.
async fn store<C: ConnectionTrait>(txn: &C, key: &BidKey, t: &tender::Model, tag: &str, before: Option<bid::Model>, content: &Sealed, now: DateTime<Utc>) -> DomainResult<(Receipt, i64)> {
    let plain = serde_json::to_vec(content).map_err(|e| DomainError::Internal(e.to_string()))?;
    let commitment = digest(&plain);
    let (nonce, sealed) = key.seal(&bid_context(t.id, tag), &plain)?;
    let id = match before {
        Some(b) => {
            let mut m = b.into_active_model();
            m.nonce = Set(nonce);
            m.sealed = Set(sealed);
            m.commitment = Set(commitment.clone());
            m.terms_version = Set(t.terms_version);
            m.submitted_at = Set(now);
            m.update(txn).await?.id
        }
        None => bid::ActiveModel {
            tender_id: Set(t.id),
            bidder_tag: Set(tag.into()),
            nonce: Set(nonce),
            sealed: Set(sealed),
            commitment: Set(commitment.clone()),
            terms_version: Set(t.terms_version),
            submitted_at: Set(now),
            vendor_id: Set(None),
            opened: Set(None),
            qualified: Set(None),
            disqualified: Set(None),
            ..Default::default()
        }
        .insert(txn)
        .await
        .map_err(crate::error::duplicate_as("bid", "already_submitted"))?
        .id,
    };
    // No actor: the chain must not say who bid before the opening.
    audit::record(txn, now, Event::new(None, "bid.sealed", format!("tender:{}", t.id), json!({"commitment": commitment, "at": now}))).await?;
    Ok((Receipt { tender: TenderId(t.id), submitted_at: now, commitment }, id))
}

fn file_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = base.chars().filter(|c| !c.is_control()).take(100).collect();
    if clean.trim().is_empty() { "document.pdf".into() } else { clean }
}

/// Takes the vendor's bid back before the deadline.
pub async fn withdraw(cx: &crate::Ctx, key: &BidKey, tender: TenderId) -> DomainResult<()> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let (t, _) = crate::scope::find_tender(db, tender).await?;
    let v = bidder(db, actor, &t).await?;
    let b = own_bid(db, &t, &key.bidder_tag(t.id, v.id)).await?.ok_or(DomainError::NotFound)?;
    taking_bids(&t, now)?;
    let txn = db.begin().await?;
    bid_file::Entity::delete_many().filter(bid_file::Column::BidId.eq(b.id)).exec(&txn).await?;
    bid::Entity::delete_by_id(b.id).exec(&txn).await?;
    audit::record(&txn, now, Event::new(None, "bid.withdrawn", format!("tender:{}", t.id), json!({"commitment": b.commitment, "at": now}))).await?;
    txn.commit().await?;
    Ok(())
}

/// Seals the same bid again under the tender's new terms: the bidder's
/// confirmation after a change of terms voided it.
pub async fn confirm(cx: &crate::Ctx, key: &BidKey, tender: TenderId) -> DomainResult<Receipt> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let (t, _) = crate::scope::find_tender(db, tender).await?;
    let v = bidder(db, actor, &t).await?;
    let tag = key.bidder_tag(t.id, v.id);
    let b = own_bid(db, &t, &tag).await?.ok_or(DomainError::NotFound)?;
    taking_bids(&t, now)?;
    if b.terms_version == t.terms_version {
        return Err(DomainError::invalid("bid", "not_voided"));
    }
    if let Some(rule) = ineligible(db, &v, t.district_id, super::terms::service(&t)?, crate::clock::local_date(now)).await? {
        return Err(DomainError::invalid("vendor", rule));
    }
    let old = unseal(key, &b).ok_or_else(|| DomainError::Internal(format!("bid {} does not open", b.id)))?;
    let content = Sealed { terms_version: t.terms_version, salt: salt()?, ..old };
    let txn = db.begin().await?;
    let (receipt, _) = store(&txn, key, &t, &tag, Some(b), &content, now).await?;
    txn.commit().await?;
    Ok(receipt)
}

/// The vendor's own bid on a tender, opened for the vendor alone.
pub async fn mine<C: ConnectionTrait>(db: &C, key: &BidKey, actor: &Actor, tender: &tender::Model) -> DomainResult<Option<MyBid>> {
    let Some(v) = actor.grants.iter().find_map(|g| g.vendor()) else { return Ok(None) };
    let Some(b) = own_bid(db, tender, &key.bidder_tag(tender.id, v.0)).await? else { return Ok(None) };
    let s = unseal(key, &b).ok_or_else(|| DomainError::Internal(format!("bid {} does not open", b.id)))?;
    Ok(Some(MyBid {
        receipt: Receipt { tender: TenderId(tender.id), submitted_at: b.submitted_at, commitment: b.commitment.clone() },
        price_fen: s.price_fen,
        programme: s.programme,
        staff_plan: s.staff_plan,
        files: s.files.iter().map(FileDigest::meta).collect(),
        voided: b.terms_version != tender.terms_version,
    }))
}

impl FileDigest {
    pub(crate) fn meta(&self) -> BidFileMeta {
        BidFileMeta { no: self.no, name: self.name.clone(), bytes: self.bytes }
    }
}

/// How many bids are sealed on a tender (shown only where policy allows).
pub(crate) async fn count<C: ConnectionTrait>(db: &C, tender: i64) -> DomainResult<u64> {
    use sea_orm::PaginatorTrait;
    Ok(bid::Entity::find().filter(bid::Column::TenderId.eq(tender)).count(db).await?)
}
