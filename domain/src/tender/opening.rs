//! The opening (V3, V4): after the opening time, two panel members act; the
//! second act opens every bid at once. Each bid is checked against its
//! ciphertext, its documents' digests and its tag; voided bids (sealed
//! under older terms) and ineligible vendors do not count; fewer qualified
//! bids than the district's minimum make the tender unsuccessful.
use super::bids::{FileDigest, Sealed, file_context, unseal};
use super::seal::{BidKey, digest};
use super::eligibility::ineligible;
use super::seats::seat;
use super::terms::status;
use crate::audit::{self, Event};
use crate::authz::{Action, Actor, Target};
use crate::entities::{audit_event, bid, bid_file, opening_consent, tender, vendor};
use crate::error::{DomainError, DomainResult, duplicate_as};
use crate::ids::{BidId, TenderId};
use crate::places::school_place;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, Set, TransactionTrait};
use serde_json::json;
use std::collections::HashSet;
use wire::tender::TenderStatus;

/// Panel members who must act before the bids open.
pub const TO_OPEN: u64 = 2;

/// One panel member's act to open; returns whether the bids are now open.
pub async fn open(cx: &crate::Ctx, key: &BidKey, tender: TenderId) -> DomainResult<bool> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let (t, _) = crate::scope::find_tender(db, tender).await?;
    if seat(db, actor, t.id).await?.is_none() {
        return Err(DomainError::Forbidden);
    }
    if status(&t)? != TenderStatus::Open {
        return Err(DomainError::invalid("tender", "already_opened"));
    }
    if now < t.opening_at {
        return Err(DomainError::invalid("tender", "not_yet"));
    }
    let txn = db.begin().await?;
    opening_consent::ActiveModel { tender_id: Set(t.id), account_id: Set(actor.account.0), at: Set(now), ..Default::default() }
        .insert(&txn)
        .await
        .map_err(duplicate_as("tender", "already_consented"))?;
    audit::record(&txn, now, Event::new(Some(actor.account), "tender.opening_act", format!("tender:{}", t.id), json!({"at": now}))).await?;
    txn.commit().await?;
    // Counted after the act is committed, so two members acting at once on
    // two servers both see both acts; the status claim lets one open.
    let acts = opening_consent::Entity::find().filter(opening_consent::Column::TenderId.eq(t.id)).count(db).await?;
    if acts < TO_OPEN {
        return Ok(false);
    }
    let txn = db.begin().await?;
    let claimed = tender::Entity::update_many()
        .col_expr(tender::Column::Status, Expr::value(TenderStatus::Evaluating.as_str()))
        .col_expr(tender::Column::OpenedAt, Expr::value(now))
        .filter(tender::Column::Id.eq(t.id))
        .filter(tender::Column::Status.eq(TenderStatus::Open.as_str()))
        .exec(&txn)
        .await?
        .rows_affected;
    if claimed == 1 {
        open_bids(&txn, key, &t, now).await?;
    }
    txn.commit().await?;
    Ok(true)
}

/// Why an opened bid does not count, or `None`.
async fn check<C: ConnectionTrait>(db: &C, key: &BidKey, t: &tender::Model, b: &bid::Model, s: &Sealed, now: DateTime<Utc>) -> DomainResult<Option<&'static str>> {
    if s.tender != t.id || key.bidder_tag(t.id, s.vendor) != b.bidder_tag {
        return Ok(Some("tampered"));
    }
    for f in &s.files {
        let row = bid_file::Entity::find().filter(bid_file::Column::BidId.eq(b.id)).filter(bid_file::Column::No.eq(i64::from(f.no))).one(db).await?;
        let plain = row.and_then(|r| key.open(&file_context(t.id, &b.bidder_tag, f.no), &r.nonce, &r.sealed));
        if plain.is_none_or(|p| digest(&p) != f.sha256) {
            return Ok(Some("tampered"));
        }
    }
    if b.terms_version != t.terms_version || s.terms_version != t.terms_version {
        return Ok(Some("voided"));
    }
    let Some(v) = vendor::Entity::find_by_id(s.vendor).one(db).await? else { return Ok(Some("tampered")) };
    ineligible(db, &v, t.district_id, super::terms::service(t)?, crate::clock::local_date(now)).await
}

async fn open_bids<C: ConnectionTrait>(txn: &C, key: &BidKey, t: &tender::Model, now: DateTime<Utc>) -> DomainResult<()> {
    let bids = bid::Entity::find().filter(bid::Column::TenderId.eq(t.id)).all(txn).await?;
    let mut qualified = 0;
    let mut opened = Vec::new();
    for b in bids {
        let plain = key.open(&super::bids::bid_context(t.id, &b.bidder_tag), &b.nonce, &b.sealed);
        let sealed = plain.as_deref().and_then(|p| serde_json::from_slice::<Sealed>(p).ok());
        let why = match &sealed {
            Some(s) => check(txn, key, t, &b, s, now).await?,
            None => Some("tampered"),
        };
        qualified += usize::from(why.is_none());
        opened.push(json!({"bid": b.id, "vendor": sealed.as_ref().map(|s| s.vendor), "commitment": b.commitment, "qualified": why.is_none(), "why": why}));
        let mut m = b.into_active_model();
        m.vendor_id = Set(sealed.as_ref().map(|s| s.vendor));
        m.opened = Set(plain.map(|p| String::from_utf8_lossy(&p).into_owned()));
        m.qualified = Set(Some(why.is_none()));
        m.disqualified = Set(why.map(str::to_string));
        m.update(txn).await?;
    }
    let policy = super::terms::policy_now(txn, t.district_id, now).await?;
    let outcome = if qualified < usize::from(policy.min_bidders) { TenderStatus::Unsuccessful } else { TenderStatus::Evaluating };
    tender::Entity::update_many()
        .col_expr(tender::Column::Status, Expr::value(outcome.as_str()))
        .filter(tender::Column::Id.eq(t.id))
        .exec(txn)
        .await?;
    audit::record(txn, now, Event::new(None, "tender.opened", format!("tender:{}", t.id), json!({"bids": opened, "qualified": qualified, "status": outcome.as_str()}))).await?;
    Ok(())
}

/// The commitments the audit chain holds for a tender's sealed bids: a
/// receipt holds only if its commitment is among them and the opened
/// content hashes to it.
pub(crate) async fn sealed_commitments<C: ConnectionTrait>(db: &C, tender: i64) -> DomainResult<HashSet<String>> {
    Ok(audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq("bid.sealed"))
        .filter(audit_event::Column::Subject.eq(format!("tender:{tender}")))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|e| serde_json::from_str::<serde_json::Value>(&e.payload).ok()?.get("commitment")?.as_str().map(str::to_string))
        .collect())
}

/// Opened content parsed back, when it still hashes to the commitment.
pub(crate) fn opened(b: &bid::Model) -> Option<(Sealed, bool)> {
    let text = b.opened.as_deref()?;
    let s: Sealed = serde_json::from_str(text).ok()?;
    Some((s, digest(text.as_bytes()) == b.commitment))
}

/// A bid's document: before the opening to its bidder only, after it to
/// those who see the opened bids.
pub async fn document(cx: &crate::Ctx, key: &BidKey, tender: TenderId, bid: Option<BidId>, no: u32) -> DomainResult<(String, Vec<u8>)> {
    let db = cx.reads();
    let actor = cx.actor()?;
    let (t, s) = crate::scope::find_tender(db, tender).await?;
    let b = match bid {
        Some(id) => {
            let b = bid::Entity::find_by_id(id.0).one(db).await?.filter(|b| b.tender_id == t.id).ok_or(DomainError::NotFound)?;
            let whole = t.opened_at.is_some() && sees_opened(db, actor, &t, &s).await? == Some(Sight::Whole);
            if !whole {
                return Err(DomainError::NotFound);
            }
            b
        }
        None => {
            let v = super::seats::own_vendor(actor)?;
            bid::Entity::find()
                .filter(bid::Column::TenderId.eq(t.id))
                .filter(bid::Column::BidderTag.eq(key.bidder_tag(t.id, v)))
                .one(db)
                .await?
                .ok_or(DomainError::NotFound)?
        }
    };
    let files: Vec<FileDigest> = unseal(key, &b).map(|s| s.files).unwrap_or_default();
    let f = files.into_iter().find(|f| f.no == no).ok_or(DomainError::NotFound)?;
    let row = bid_file::Entity::find().filter(bid_file::Column::BidId.eq(b.id)).filter(bid_file::Column::No.eq(i64::from(no))).one(db).await?.ok_or(DomainError::NotFound)?;
    let bytes = key.open(&file_context(t.id, &b.bidder_tag, no), &row.nonce, &row.sealed).ok_or(DomainError::NotFound)?;
    Ok((f.name, bytes))
}

/// How much of a tender's opened bids an actor sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sight {
    /// Every bid whole, with its documents and scores: the tender's panel,
    /// the school, the district's bureau (`ViewTenders`).
    Whole,
    /// A vendor that bid: who bid and at what price, its own bid whole,
    /// not its competitors' programmes, staff plans or documents.
    Bidder(i64),
}

/// What the actor sees of a tender's opened bids, if anything. A family
/// committee member sees them only from a seat on the tender's panel (or
/// the price-inquiry or supervision committee): the treasurer keeps the
/// books, and a contract's price reaches them with the contract.
pub(crate) async fn sees_opened<C: ConnectionTrait>(db: &C, actor: &Actor, t: &tender::Model, s: &crate::entities::school::Model) -> DomainResult<Option<Sight>> {
    if actor.may(Action::ViewTenders, &Target::School(school_place(s))) || seat(db, actor, t.id).await?.is_some() {
        return Ok(Some(Sight::Whole));
    }
    let Some(v) = actor.grants.iter().find_map(|g| g.vendor()) else { return Ok(None) };
    let bid = bid::Entity::find().filter(bid::Column::TenderId.eq(t.id)).filter(bid::Column::VendorId.eq(v.0)).count(db).await? > 0;
    Ok(bid.then_some(Sight::Bidder(v.0)))
}
