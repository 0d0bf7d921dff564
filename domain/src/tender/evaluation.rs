//! Evaluation (V5): each price-inquiry member scores every criterion of
//! every qualified bid with a reason; weighted totals and a ranking follow;
//! supervision members see every score and record objections; a member
//! related to a bidder declares it and takes no further part.
use super::seats::seat;
use super::terms::{criteria, required, status};
use crate::audit::{self, Event};
use crate::authz::Panel;
use crate::entities::{bid, bid_score, panel_declaration, tender, tender_objection};
use crate::error::{DomainError, DomainResult, duplicate_as};
use crate::ids::{BidId, TenderId};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
use serde_json::json;
use std::collections::{BTreeMap, HashSet};
pub use wire::tender::CriterionScore;
use wire::tender::{Criterion, TenderStatus};


pub(crate) async fn excluded<C: ConnectionTrait>(db: &C, tender: i64) -> DomainResult<HashSet<i64>> {
    Ok(panel_declaration::Entity::find().filter(panel_declaration::Column::TenderId.eq(tender)).all(db).await?.into_iter().map(|d| d.account_id).collect())
}

/// An opened bid and its tender. Before its tender's opening a bid is
/// sealed, and so uncountable: it answers as one that does not exist, to
/// everyone and whatever their seat, so no probe of ids learns how many
/// bids a tender holds.
async fn evaluating_bid<C: ConnectionTrait>(db: &C, bid: BidId) -> DomainResult<(bid::Model, tender::Model)> {
    let b = bid::Entity::find_by_id(bid.0).one(db).await?.ok_or(DomainError::NotFound)?;
    let (t, _) = crate::scope::find_tender(db, TenderId(b.tender_id)).await?;
    if t.opened_at.is_none() {
        return Err(DomainError::NotFound);
    }
    Ok((b, t))
}

/// A price-inquiry member's scores for one bid, one per criterion in
/// order; scoring again replaces the member's earlier scores of that bid.
pub async fn score(cx: &crate::Ctx, bid: BidId, scores: Vec<CriterionScore>) -> DomainResult<()> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let (b, t) = evaluating_bid(db, bid).await?;
    if seat(db, actor, t.id).await? != Some(Panel::PriceInquiry) {
        return Err(DomainError::Forbidden);
    }
    if status(&t)? != TenderStatus::Evaluating {
        return Err(DomainError::invalid("tender", "not_evaluating"));
    }
    if excluded(db, t.id).await?.contains(&actor.account.0) {
        return Err(DomainError::invalid("member", "excluded"));
    }
    if b.qualified != Some(true) {
        return Err(DomainError::invalid("bid", "not_qualified"));
    }
    let list = criteria(&t)?;
    if scores.len() != list.len() {
        return Err(DomainError::invalid("scores", "count"));
    }
    let mut checked = Vec::with_capacity(scores.len());
    for s in &scores {
        if s.score > 100 {
            return Err(DomainError::invalid("score", "out_of_range"));
        }
        checked.push((s.score, required("reason", &s.reason)?));
    }
    let txn = db.begin().await?;
    bid_score::Entity::delete_many().filter(bid_score::Column::BidId.eq(b.id)).filter(bid_score::Column::AccountId.eq(actor.account.0)).exec(&txn).await?;
    for (i, (score, reason)) in checked.iter().enumerate() {
        bid_score::ActiveModel {
            tender_id: Set(t.id),
            bid_id: Set(b.id),
            account_id: Set(actor.account.0),
            criterion: Set(i as i64),
            score: Set(i64::from(*score)),
            reason: Set(reason.clone()),
            at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    audit::record(&txn, now, Event::new(Some(actor.account), "bid.scored", format!("tender:{}", t.id), json!({"bid": b.id, "scores": checked}))).await?;
    txn.commit().await?;
    Ok(())
}

/// A panel member declares a relation to a bidder: their scores go, and
/// they take no further part in this tender.
pub async fn declare(cx: &crate::Ctx, bid: BidId, note: &str) -> DomainResult<()> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let (b, t) = evaluating_bid(db, bid).await?;
    if seat(db, actor, t.id).await?.is_none() {
        return Err(DomainError::Forbidden);
    }
    let note = required("note", note)?;
    let txn = db.begin().await?;
    panel_declaration::ActiveModel { tender_id: Set(t.id), account_id: Set(actor.account.0), bid_id: Set(b.id), note: Set(note.clone()), at: Set(now), ..Default::default() }
        .insert(&txn)
        .await
        .map_err(duplicate_as("member", "already_declared"))?;
    bid_score::Entity::delete_many().filter(bid_score::Column::TenderId.eq(t.id)).filter(bid_score::Column::AccountId.eq(actor.account.0)).exec(&txn).await?;
    audit::record(&txn, now, Event::new(Some(actor.account), "tender.relation_declared", format!("tender:{}", t.id), json!({"bid": b.id, "note": note}))).await?;
    txn.commit().await?;
    Ok(())
}

/// A supervision member's objection, to the tender or to one of its bids.
pub async fn object(cx: &crate::Ctx, tender: TenderId, bid: Option<BidId>, body: &str) -> DomainResult<()> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let (t, _) = crate::scope::find_tender(db, tender).await?;
    if seat(db, actor, t.id).await? != Some(Panel::Supervision) {
        return Err(DomainError::Forbidden);
    }
    if let Some(b) = bid {
        bid::Entity::find_by_id(b.0).one(db).await?.filter(|x| x.tender_id == t.id && t.opened_at.is_some()).ok_or(DomainError::NotFound)?;
    }
    let body = required("body", body)?;
    let txn = db.begin().await?;
    tender_objection::ActiveModel { tender_id: Set(t.id), account_id: Set(actor.account.0), bid_id: Set(bid.map(|b| b.0)), body: Set(body.clone()), at: Set(now), ..Default::default() }
        .insert(&txn)
        .await?;
    audit::record(&txn, now, Event::new(Some(actor.account), "tender.objection", format!("tender:{}", t.id), json!({"bid": bid, "body": body}))).await?;
    txn.commit().await?;
    Ok(())
}

/// Per bid, the mean of the weighted totals (0–100) of the members who
/// scored every criterion; a member's total is Σ weight × score / 100.
pub(crate) fn totals(criteria: &[Criterion], scores: &[bid_score::Model], excluded: &HashSet<i64>) -> BTreeMap<i64, f64> {
    let mut per: BTreeMap<(i64, i64), (usize, u32)> = BTreeMap::new();
    for s in scores.iter().filter(|s| !excluded.contains(&s.account_id)) {
        let Some(c) = criteria.get(s.criterion as usize) else { continue };
        let e = per.entry((s.bid_id, s.account_id)).or_default();
        e.0 += 1;
        e.1 += u32::from(c.weight) * s.score as u32;
    }
    let mut sums: BTreeMap<i64, (f64, u32)> = BTreeMap::new();
    for ((bid, _), (n, weighted)) in per {
        if n == criteria.len() {
            let e = sums.entry(bid).or_default();
            e.0 += f64::from(weighted) / 100.0;
            e.1 += 1;
        }
    }
    sums.into_iter().map(|(b, (sum, n))| (b, sum / f64::from(n))).collect()
}

/// Whether every price-inquiry member not excluded has scored every
/// criterion of every qualified bid (and at least one member has).
pub(crate) fn complete(criteria: &[Criterion], scores: &[bid_score::Model], members: &[i64], qualified: &[i64]) -> bool {
    !members.is_empty()
        && members.iter().all(|m| {
            qualified.iter().all(|b| scores.iter().filter(|s| s.account_id == *m && s.bid_id == *b).count() == criteria.len())
        })
}

pub(crate) async fn scores_of<C: ConnectionTrait>(db: &C, tender: i64) -> DomainResult<Vec<bid_score::Model>> {
    Ok(bid_score::Entity::find().filter(bid_score::Column::TenderId.eq(tender)).all(db).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(bid: i64, account: i64, criterion: i64, score: i64) -> bid_score::Model {
        bid_score::Model { id: 0, tender_id: 1, bid_id: bid, account_id: account, criterion, score, reason: "r".into(), at: crate::clock::Clock::default().now() }
    }

    #[test]
    fn totals_weigh_each_criterion_and_average_complete_members() {
        let c = vec![Criterion { name: "价格".into(), weight: 60 }, Criterion { name: "方案".into(), weight: 40 }];
        let scores = vec![s(1, 10, 0, 90), s(1, 10, 1, 50), s(1, 11, 0, 70), s(1, 11, 1, 70), s(2, 10, 0, 80), s(1, 12, 0, 10)];
        let t = totals(&c, &scores, &HashSet::new());
        // Member 10: 54 + 20 = 74; member 11: 42 + 28 = 70; member 12 scored one criterion only.
        assert!((t[&1] - 72.0).abs() < 1e-9);
        assert!(!t.contains_key(&2), "nobody scored bid 2 completely");
        let t = totals(&c, &scores, &HashSet::from([11]));
        assert!((t[&1] - 74.0).abs() < 1e-9, "a declared member's scores do not count");
        assert!(!complete(&c, &scores, &[10, 11], &[1, 2]));
        assert!(complete(&c, &scores, &[11], &[1]));
        assert!(!complete(&c, &scores, &[], &[1]));
    }
}
