//! Procurement red flags from the tender data: signs the bureau looks
//! into, each explained with its figures and linked to the tender. None of
//! them reads a bid before its opening: only opened bids count.
use super::flagged::Scope;
use crate::entities::{award, bid, complaint, tender, vendor};
use crate::error::DomainResult;
use crate::tender::opening;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{BTreeMap, HashMap};
use wire::bureau::{Evidence, Flag, Rule, TenderDetail};
use wire::tender::AwardStatus;

/// A winning price this far (percent) from the others' middle or from
/// the estimate is worth a look.
pub const PRICE_GAP_PERCENT: i64 = 30;
/// A school whose last this many awards all went to one vendor.
pub const SAME_WINNER_AWARDS: usize = 3;

fn median(mut v: Vec<i64>) -> Option<i64> {
    v.sort_unstable();
    let n = v.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(v[n / 2]),
        _ => Some((v[n / 2 - 1] + v[n / 2]) / 2),
    }
}

fn percent_off(price: i64, against: i64) -> i64 {
    if against <= 0 { 0 } else { (price - against) * 100 / against }
}

pub async fn flags<C: ConnectionTrait>(db: &C, scope: &Scope<'_>) -> DomainResult<Vec<Flag>> {
    let tenders = tender::Entity::find().filter(tender::Column::DistrictId.eq(scope.district.0)).order_by_asc(tender::Column::Id).all(db).await?;
    if tenders.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = tenders.iter().map(|t| t.id).collect();
    let bids = bid::Entity::find().filter(bid::Column::TenderId.is_in(ids.iter().copied())).all(db).await?;
    let awards = award::Entity::find().filter(award::Column::TenderId.is_in(ids.iter().copied())).order_by_asc(award::Column::Id).all(db).await?;
    let upheld: Vec<complaint::Model> =
        complaint::Entity::find().filter(complaint::Column::AwardId.is_in(awards.iter().map(|a| a.id))).filter(complaint::Column::Upheld.eq(true)).all(db).await?;
    let names: HashMap<i64, String> =
        vendor::Entity::find().filter(vendor::Column::Id.is_in(awards.iter().map(|a| a.vendor_id))).all(db).await?.into_iter().map(|v| (v.id, v.name)).collect();
    // Opened, qualified prices per tender.
    let mut prices: HashMap<i64, Vec<(i64, i64)>> = HashMap::new();
    for b in &bids {
        if let Some((sealed, true)) = opening::opened(b).filter(|_| b.qualified == Some(true)) {
            prices.entry(b.tender_id).or_default().push((b.id, sealed.price_fen));
        }
    }
    let opened: Vec<&tender::Model> = tenders.iter().filter(|t| t.opened_at.is_some()).collect();
    let usual = if opened.len() >= 3 { median(opened.iter().map(|t| prices.get(&t.id).map_or(0, Vec::len) as i64).collect()).unwrap_or(3) } else { 3 };
    let live = |a: &&award::Model| AwardStatus::parse(&a.status).is_some_and(|s| !matches!(s, AwardStatus::Rejected | AwardStatus::Cancelled));

    let mut out = Vec::new();
    let flag = |t: &tender::Model, rule: Rule, detail: TenderDetail| scope.flag(t.school_id, rule, Evidence::Tender { title: t.title.clone(), detail }, format!("/tenders/{}", t.id));
    for t in &tenders {
        let window = (t.bid_deadline - t.created_at).num_days();
        if window < i64::from(scope.rules.reports.min_bid_window_days) {
            out.push(flag(t, Rule::ShortBidWindow, TenderDetail::Window { days: window, min_days: scope.rules.reports.min_bid_window_days }));
        }
        if t.opened_at.is_none() {
            continue;
        }
        let these = prices.get(&t.id).cloned().unwrap_or_default();
        let qualified = these.len() as i64;
        // Fewer than the district's usual count (up to three), or than policy asks.
        if qualified < usual.min(3).max(i64::from(scope.rules.min_bidders)) {
            out.push(flag(t, Rule::FewBidders, TenderDetail::Bidders { qualified: qualified as u32, usual: usual as u32 }));
        }
        let Some(win) = awards.iter().rev().filter(|a| a.tender_id == t.id).find(live) else { continue };
        let Some(&(_, price)) = these.iter().find(|(b, _)| *b == win.bid_id) else { continue };
        if let Some(others) = median(these.iter().filter(|(b, _)| *b != win.bid_id).map(|(_, p)| *p).collect()) {
            let off = percent_off(price, others);
            if off.abs() >= PRICE_GAP_PERCENT {
                out.push(flag(t, Rule::PriceFarFromOthers, TenderDetail::Price { winning_fen: price, compared_fen: others, percent_off: off }));
            }
        }
        let off = percent_off(price, t.estimate_fen);
        if t.estimate_fen > 0 && off.abs() >= PRICE_GAP_PERCENT {
            out.push(flag(t, Rule::PriceFarFromEstimate, TenderDetail::Price { winning_fen: price, compared_fen: t.estimate_fen, percent_off: off }));
        }
        let n = upheld.iter().filter(|c| awards.iter().any(|a| a.id == c.award_id && a.tender_id == t.id)).count();
        if n > 0 {
            out.push(flag(t, Rule::ComplaintUpheld, TenderDetail::Complaints { upheld: n as u32 }));
        }
    }
    // The same vendor winning every one of a school's recent tenders.
    let mut won: BTreeMap<i64, Vec<(&tender::Model, i64)>> = BTreeMap::new();
    for a in awards.iter().filter(|a| a.status == AwardStatus::Approved.as_str()) {
        if let Some(t) = tenders.iter().find(|t| t.id == a.tender_id) {
            won.entry(t.school_id).or_default().push((t, a.vendor_id));
        }
    }
    for list in won.values() {
        let last = &list[list.len().saturating_sub(SAME_WINNER_AWARDS)..];
        if last.len() == SAME_WINNER_AWARDS && last.iter().all(|(_, v)| *v == last[0].1) {
            let (t, v) = last[last.len() - 1];
            let detail = TenderDetail::Wins { vendor: names.get(&v).cloned().unwrap_or_default(), won: SAME_WINNER_AWARDS as u32, of: list.len() as u32 };
            out.push(flag(t, Rule::SameVendorWins, detail));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn middles_and_gaps() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![5, 1, 3]), Some(3));
        assert_eq!(median(vec![4, 1, 3, 2]), Some(2));
        assert_eq!(percent_off(70, 100), -30);
        assert_eq!(percent_off(129, 100), 29);
        assert_eq!(percent_off(1, 0), 0);
    }
}
