//! What each person sees of the board. Before the opening nobody sees a
//! bid's content or its bidder (the bidder sees its own); afterwards the
//! panel, the school, the district's bureau and the bidders see the bids
//! side by side with every score.
use super::award::{Waiting, approvals, current, ranking, waiting};
use super::bids::{self, FileDigest};
use super::evaluation::{excluded, scores_of};
use super::opening::{Sight, opened, sealed_commitments, sees_opened};
use super::seal::BidKey;
use crate::entities::{approval, vendor_document};
use chrono::{Duration, NaiveDate};
use crate::ids::VendorDocumentId;
use wire::tender::{Approval, Contract, DocumentKind, EndCause, VendorDocument};

use super::seats::panel;
use super::terms::criteria;
use crate::authz::{Action, Actor, Panel, Target};
use crate::entities::{bid, complaint, contract, district, opening_consent, school, tender, tender_objection, vendor};
use crate::error::DomainResult;
use crate::ids::{AccountId, AwardId, BidId, ComplaintId, DistrictId, SchoolId, TenderId, VendorId};
use crate::places::{account_names, school_place};
use crate::policy::VendorApprovalStep;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;
use wire::tender::{
    AwardStatus, AwardView, Complaint, Objection, OpenedBid, PanelMember, PriceUnit, Receipt, SchoolTenders, Score, TenderRights, TenderStatus, TenderSummary, TenderView,
};

async fn summaries<C: ConnectionTrait>(db: &C, rows: Vec<tender::Model>, now: DateTime<Utc>) -> DomainResult<Vec<TenderSummary>> {
    let names: HashMap<i64, String> = school::Entity::find().filter(school::Column::Id.is_in(rows.iter().map(|t| t.school_id))).all(db).await?.into_iter().map(|s| (s.id, s.name)).collect();
    // One policy read per district, not per tender.
    let mut count_shown: HashMap<i64, bool> = HashMap::new();
    let mut out = Vec::with_capacity(rows.len());
    for t in rows {
        let shown = match count_shown.get(&t.district_id) {
            Some(v) => *v,
            None => {
                let v = super::terms::policy_now(db, t.district_id, now).await?.bid_count_before_opening;
                count_shown.insert(t.district_id, v);
                v
            }
        };
        out.push(summary(db, &t, names.get(&t.school_id).cloned().unwrap_or_default(), shown).await?);
    }
    Ok(out)
}

/// `count_shown`: the district lets the number of sealed bids show before the opening.
async fn summary<C: ConnectionTrait>(db: &C, t: &tender::Model, school_name: String, count_shown: bool) -> DomainResult<TenderSummary> {
    let status = super::terms::status(t)?;
    let bids = if t.opened_at.is_some() || count_shown {
        Some(bids::count(db, t.id).await? as u32)
    } else {
        None
    };
    Ok(TenderSummary {
        id: TenderId(t.id),
        school: SchoolId(t.school_id),
        school_name,
        title: t.title.clone(),
        service: super::terms::service(t)?,
        status,
        bid_deadline: t.bid_deadline,
        opening_at: t.opening_at,
        estimate_fen: t.estimate_fen,
        bids,
    })
}

/// Open tenders of the vendor's city, and every tender it bid on.
pub(crate) async fn for_vendor<C: ConnectionTrait>(db: &C, v: &vendor::Model, now: DateTime<Utc>) -> DomainResult<Vec<TenderSummary>> {
    let districts: Vec<i64> = district::Entity::find().filter(district::Column::CityId.eq(v.city_id)).all(db).await?.into_iter().map(|d| d.id).collect();
    let open = tender::Entity::find().filter(tender::Column::DistrictId.is_in(districts)).filter(tender::Column::Status.eq(TenderStatus::Open.as_str())).all(db).await?;
    let bid_on: Vec<i64> = bid::Entity::find().filter(bid::Column::VendorId.eq(v.id)).all(db).await?.into_iter().map(|b| b.tender_id).collect();
    let mut rows = open;
    rows.extend(tender::Entity::find().filter(tender::Column::Id.is_in(bid_on)).all(db).await?);
    rows.sort_by_key(|t| std::cmp::Reverse(t.id));
    rows.dedup_by_key(|t| t.id);
    summaries(db, rows, now).await
}

pub(crate) async fn for_district<C: ConnectionTrait>(db: &C, district: i64, now: DateTime<Utc>) -> DomainResult<Vec<TenderSummary>> {
    let rows = tender::Entity::find().filter(tender::Column::DistrictId.eq(district)).order_by_desc(tender::Column::Id).all(db).await?;
    summaries(db, rows, now).await
}

/// The public tender notices: every tender, newest first (terms are public).
pub async fn public_list(cx: &crate::Ctx, district: Option<DistrictId>) -> DomainResult<Vec<TenderSummary>> {
    let db = cx.reads();
    let now = cx.now();
    let mut q = tender::Entity::find().order_by_desc(tender::Column::Id);
    if let Some(d) = district {
        q = q.filter(tender::Column::DistrictId.eq(d.0));
    }
    summaries(db, q.all(db).await?, now).await
}

/// A school's tenders, contracts and satisfaction results.
pub async fn school_tenders(cx: &crate::Ctx, school: SchoolId) -> DomainResult<SchoolTenders> {
    let db = cx.reads();
    let actor = cx.actor()?;
    let now = cx.now();
    let s = crate::scope::school(db, actor, school, Action::ViewTenders).await?;
    let place = school_place(&s);
    let rows = tender::Entity::find().filter(tender::Column::SchoolId.eq(s.id)).order_by_desc(tender::Column::Id).all(db).await?;
    let contracts = contract::Entity::find().filter(contract::Column::SchoolId.eq(s.id)).order_by_desc(contract::Column::Id).all(db).await?;
    Ok(SchoolTenders {
        school: SchoolId(s.id),
        school_name: s.name.clone(),
        tenders: summaries(db, rows, now).await?,
        contracts: contract_views(db, contracts).await?,
        survey: super::survey::school_months(db, s.id).await?,
        manage: actor.may(Action::ManageTenders, &Target::School(place)),
    })
}

/// One tender as the actor may see it. The terms are public; the bids only
/// after the opening, to those who see opened bids.
pub async fn tender_view(cx: &crate::Ctx, key: &BidKey, id: TenderId) -> DomainResult<TenderView> {
    let db = cx.reads();
    let actor = cx.acting();
    let now = cx.now();
    let (t, s) = crate::scope::find_tender(db, id).await?;
    let status = super::terms::status(&t)?;
    let policy = super::terms::policy_now(db, t.district_id, now).await?;
    let members = panel(db, t.id).await?;
    let out = excluded(db, t.id).await?;
    let acts: Vec<i64> = opening_consent::Entity::find().filter(opening_consent::Column::TenderId.eq(t.id)).all(db).await?.into_iter().map(|c| c.account_id).collect();
    let names = account_names(db, members.iter().map(|m| m.0)).await?;
    let me = actor.map(|a| a.account.0);
    let my_seat = members.iter().find(|m| Some(m.0) == me).map(|m| m.1);
    // Who sits on the panel is for the school, the panel and the bureau; the
    // public notice says only how many.
    let insider = my_seat.is_some() || actor.is_some_and(|a| a.may(Action::ViewTenders, &Target::School(school_place(&s))));
    let sight = match actor {
        Some(a) if t.opened_at.is_some() => sees_opened(db, a, &t, &s).await?,
        _ => None,
    };
    let sees = sight.is_some();
    let list = criteria(&t)?;
    let (bids, scores, objections) = match sight {
        Some(sight) => opened_parts(db, &t, sight, now).await?,
        None => (Vec::new(), Vec::new(), Vec::new()),
    };
    let (award, waiting_step) = match current(db, t.id).await? {
        Some(a) if sees || actor.is_some_and(|x| x.may(Action::ViewTenders, &Target::School(school_place(&s)))) => {
            let (view, w) = award_view(db, &a, &policy.vendor_approval).await?;
            (Some(view), w)
        }
        _ => (None, None),
    };
    let contract = contract_views(db, contract::Entity::find().filter(contract::Column::TenderId.eq(t.id)).all(db).await?).await?.into_iter().next();
    let my_bid = match actor {
        Some(a) => bids::mine(db, key, a, &t).await?,
        None => None,
    };
    let rights = match actor {
        Some(a) => rights(db, a, &t, &s, status, my_seat, &out, award.as_ref(), waiting_step.as_ref(), &policy, now).await?,
        None => TenderRights::default(),
    };
    Ok(TenderView {
        summary: summary(db, &t, s.name.clone(), policy.bid_count_before_opening).await?,
        district: DistrictId(t.district_id),
        requirements: t.requirements.clone(),
        criteria: list,
        price_unit: PriceUnit::parse(&t.price_unit).unwrap_or(PriceUnit::ChildMonth),
        whole_service: t.whole_service,
        terms_version: t.terms_version as u32,
        fee_cap_fen: policy.funding.fee_cap_fen_per_month,
        min_bidders: policy.min_bidders,
        panel_size: members.len() as u32,
        panel: members
            .iter()
            .filter(|_| insider)
            .map(|(a, p)| PanelMember { account: AccountId(*a), name: names.get(a).cloned().unwrap_or_default(), supervision: *p == Panel::Supervision, excluded: out.contains(a), opened: acts.contains(a) })
            .collect(),
        opened_at: t.opened_at,
        bids,
        scores,
        objections,
        my_bid,
        award,
        contract,
        reissue_of: t.reissue_of.map(TenderId),
        rights,
        open_data: false,
    })
}

#[allow(clippy::too_many_arguments)]
async fn rights<C: ConnectionTrait>(
    db: &C,
    a: &Actor,
    t: &tender::Model,
    s: &school::Model,
    status: TenderStatus,
    seat: Option<Panel>,
    out: &std::collections::HashSet<i64>,
    award: Option<&AwardView>,
    waiting_step: Option<&Waiting>,
    policy: &crate::policy::PolicySettings,
    now: DateTime<Utc>,
) -> DomainResult<TenderRights> {
    let manage = a.may(Action::ManageTenders, &Target::School(school_place(s)));
    let in_play = !out.contains(&a.account.0);
    let vendor = a.grants.iter().find_map(|g| g.vendor());
    let bidder = match vendor {
        Some(v) => bid::Entity::find().filter(bid::Column::TenderId.eq(t.id)).filter(bid::Column::VendorId.eq(v.0)).one(db).await?.is_some(),
        None => false,
    };
    let mut approve = false;
    if let (Some(aw), Some(w)) = (award, waiting_step)
        && now >= aw.standstill_until
    {
        approve = super::award::my_part(db, a, w, t, s, policy.scorers_do_not_approve).await?.is_some();
    }
    Ok(TenderRights {
        manage,
        bid: vendor.is_some() && status == TenderStatus::Open && now < t.bid_deadline,
        open: seat.is_some() && status == TenderStatus::Open && now >= t.opening_at,
        score: seat == Some(Panel::PriceInquiry) && in_play && status == TenderStatus::Evaluating,
        supervise: seat == Some(Panel::Supervision),
        complain: bidder && award.is_some_and(|aw| aw.status == AwardStatus::Standstill && now < aw.standstill_until),
        approve,
        answer_complaints: a.may(Action::ApproveVendors, &Target::District(DistrictId(t.district_id))),
    })
}

type Parts = (Vec<OpenedBid>, Vec<Score>, Vec<Objection>);

async fn opened_parts<C: ConnectionTrait>(db: &C, t: &tender::Model, sight: Sight, now: DateTime<Utc>) -> DomainResult<Parts> {
    let today = crate::clock::local_date(now);
    let chain = sealed_commitments(db, t.id).await?;
    let ranked = ranking(db, t).await?;
    let rank_of: HashMap<i64, (u32, Option<f64>)> = ranked.iter().zip(1u32..).map(|((b, total), r)| (b.id, (r, *total))).collect();
    let rows = bid::Entity::find().filter(bid::Column::TenderId.eq(t.id)).order_by_asc(bid::Column::Id).all(db).await?;
    let vendors: HashMap<i64, vendor::Model> =
        vendor::Entity::find().filter(vendor::Column::Id.is_in(rows.iter().filter_map(|b| b.vendor_id))).all(db).await?.into_iter().map(|v| (v.id, v)).collect();
    let mut bids = Vec::with_capacity(rows.len());
    for b in rows {
        let content = opened(&b);
        let holds = content.as_ref().is_some_and(|(_, h)| *h) && chain.contains(&b.commitment);
        let v = b.vendor_id.and_then(|id| vendors.get(&id));
        let (rank, total) = rank_of.get(&b.id).map_or((None, None), |(r, tot)| (tot.map(|_| *r), *tot));
        let whole = match sight {
            Sight::Whole => true,
            Sight::Bidder(me) => b.vendor_id == Some(me),
        };
        let (price_fen, programme, staff_plan, files) = match content {
            Some((s, _)) if whole => (s.price_fen, s.programme, s.staff_plan, s.files.iter().map(FileDigest::meta).collect()),
            Some((s, _)) => (s.price_fen, String::new(), String::new(), Vec::new()),
            None => (0, String::new(), String::new(), Vec::new()),
        };
        bids.push(OpenedBid {
            id: BidId(b.id),
            vendor: VendorId(b.vendor_id.unwrap_or_default()),
            vendor_name: v.map(|v| v.name.clone()).unwrap_or_default(),
            price_fen,
            programme,
            staff_plan,
            files,
            receipt: Receipt { tender: TenderId(t.id), submitted_at: b.submitted_at, commitment: b.commitment.clone() },
            receipt_holds: holds,
            qualified: b.qualified == Some(true) && holds,
            disqualified: if holds { b.disqualified.clone() } else { Some("tampered".into()) },
            documents: match v {
                Some(v) if whole => documents(db, v.id, today).await?,
                _ => Vec::new(),
            },
            record: match v {
                Some(v) if whole => super::survey::vendor_record(db, v.id).await?,
                _ => Default::default(),
            },
            total,
            rank,
        });
    }
    // Who scored what, and the supervision's objections, stay with the
    // panel, the school and the bureau; a bidder sees totals and ranks.
    if sight != Sight::Whole {
        return Ok((bids, Vec::new(), Vec::new()));
    }
    let raw = scores_of(db, t.id).await?;
    let names = account_names(db, raw.iter().map(|s| s.account_id)).await?;
    let scores = raw
        .into_iter()
        .map(|s| Score { member: AccountId(s.account_id), member_name: names.get(&s.account_id).cloned().unwrap_or_default(), bid: BidId(s.bid_id), criterion: s.criterion as u32, score: s.score as u8, reason: s.reason })
        .collect();
    let obj = tender_objection::Entity::find().filter(tender_objection::Column::TenderId.eq(t.id)).order_by_asc(tender_objection::Column::Id).all(db).await?;
    let names = account_names(db, obj.iter().map(|o| o.account_id)).await?;
    let objections = obj.into_iter().map(|o| Objection { by: names.get(&o.account_id).cloned().unwrap_or_default(), bid: o.bid_id.map(BidId), body: o.body, at: o.at }).collect();
    Ok((bids, scores, objections))
}

/// The award as the page shows it, and the step of its chain waiting for a
/// decision while it is undecided.
async fn award_view<C: ConnectionTrait>(db: &C, a: &crate::entities::award::Model, chain: &[VendorApprovalStep]) -> DomainResult<(AwardView, Option<Waiting>)> {
    let status = super::award::award_status(a)?;
    let done = approvals(db, &format!("award:{}", a.id)).await?;
    let waiting_step = matches!(status, AwardStatus::Standstill | AwardStatus::Approving).then(|| waiting(chain, &done)).flatten();
    let next_step = waiting_step.as_ref().map(Waiting::text);
    let complaints = complaint::Entity::find().filter(complaint::Column::AwardId.eq(a.id)).order_by_asc(complaint::Column::Id).all(db).await?;
    let vendors: HashMap<i64, String> = vendor::Entity::find()
        .filter(vendor::Column::Id.is_in(complaints.iter().map(|c| c.vendor_id).chain([a.vendor_id])))
        .all(db)
        .await?
        .into_iter()
        .map(|v| (v.id, v.name))
        .collect();
    let view = AwardView {
        id: AwardId(a.id),
        bid: BidId(a.bid_id),
        vendor_name: vendors.get(&a.vendor_id).cloned().unwrap_or_default(),
        status,
        standstill_until: a.standstill_until,
        approvals: approval_views(db, done).await?,
        next_step,
        complaints: complaints
            .into_iter()
            .map(|c| Complaint { id: ComplaintId(c.id), vendor_name: vendors.get(&c.vendor_id).cloned().unwrap_or_default(), body: c.body, filed_at: c.filed_at, answer: c.answer, upheld: c.upheld })
            .collect(),
    };
    Ok((view, waiting_step))
}

pub(crate) fn document(d: vendor_document::Model, today: NaiveDate) -> VendorDocument {
    VendorDocument {
        id: VendorDocumentId(d.id),
        kind: DocumentKind::parse(&d.kind).unwrap_or(DocumentKind::BusinessLicence),
        number: d.number,
        expires_on: d.expires_on,
        expired: d.expires_on < today,
        expiring: d.expires_on >= today && d.expires_on <= today + Duration::days(EXPIRY_WARNING_DAYS),
    }
}

pub(crate) async fn documents<C: ConnectionTrait>(db: &C, vendor: i64, today: NaiveDate) -> DomainResult<Vec<VendorDocument>> {
    Ok(vendor_document::Entity::find()
        .filter(vendor_document::Column::VendorId.eq(vendor))
        .order_by_asc(vendor_document::Column::ExpiresOn)
        .all(db)
        .await?
        .into_iter()
        .map(|d| document(d, today))
        .collect())
}

pub(crate) async fn approval_views<C: ConnectionTrait>(db: &C, rows: Vec<approval::Model>) -> DomainResult<Vec<Approval>> {
    let names = crate::places::account_names(db, rows.iter().map(|a| a.account_id)).await?;
    Ok(rows
        .into_iter()
        .map(|a| Approval { step: a.step, approved: a.approved, by: names.get(&a.account_id).cloned().unwrap_or_default(), note: a.note, at: a.at })
        .collect())
}

pub(crate) async fn contract_views<C: ConnectionTrait>(db: &C, rows: Vec<contract::Model>) -> DomainResult<Vec<Contract>> {
    let barred: Vec<i64> = crate::entities::blacklist::Entity::find()
        .filter(crate::entities::blacklist::Column::ContractId.is_in(rows.iter().map(|c| c.id)))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|b| b.contract_id)
        .collect();
    let schools: HashMap<i64, String> = school::Entity::find().filter(school::Column::Id.is_in(rows.iter().map(|c| c.school_id))).all(db).await?.into_iter().map(|s| (s.id, s.name)).collect();
    let vendors: HashMap<i64, String> = vendor::Entity::find().filter(vendor::Column::Id.is_in(rows.iter().map(|c| c.vendor_id))).all(db).await?.into_iter().map(|v| (v.id, v.name)).collect();
    Ok(rows
        .into_iter()
        .map(|c| Contract {
            id: crate::ids::ContractId(c.id),
            school: SchoolId(c.school_id),
            school_name: schools.get(&c.school_id).cloned().unwrap_or_default(),
            vendor: VendorId(c.vendor_id),
            vendor_name: vendors.get(&c.vendor_id).cloned().unwrap_or_default(),
            starts_on: c.starts_on,
            ends_on: c.ends_on,
            price_fen: c.price_fen,
            price_unit: PriceUnit::parse(&c.price_unit).unwrap_or(PriceUnit::ChildMonth),
            service: c.service,
            active: c.status == "active",
            end_cause: c.end_cause.as_deref().and_then(EndCause::parse),
            barred: barred.contains(&c.id),
        })
        .collect())
}

/// Documents expiring within this many days are flagged.
pub const EXPIRY_WARNING_DAYS: i64 = 60;
