//! The award (V6): the school proposes the top-ranked qualified bid once
//! every price-inquiry member has scored; a standstill follows in which the
//! other bidders may complain and the bureau answers; then the district's
//! approval chain decides, step by step. A rejection or an upheld complaint
//! sends the tender back to evaluation.
use super::evaluation::{complete, excluded, scores_of, totals};
use super::eligibility::ineligible;
use super::seats::seat;
use super::terms::{criteria, required, status};
use crate::audit::{self, Event};
use crate::authz::{Action, Actor, Panel, Target};
use crate::entities::{approval, award, bid, bid_score, complaint, school, tender, vendor};
use crate::error::{DomainError, DomainResult, duplicate_as};
use crate::ids::{AwardId, CityId, ComplaintId, DistrictId, TenderId};
use crate::places::school_place;
use crate::policy::VendorApprovalStep;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set, TransactionTrait};
use serde_json::json;
use wire::tender::{AwardStatus, TenderStatus};

pub(crate) fn step_text(s: VendorApprovalStep) -> &'static str {
    match s {
        VendorApprovalStep::AdmissionPanel => "admission_panel",
        VendorApprovalStep::SchoolParty => "school_party",
        VendorApprovalStep::SchoolAndCommittee => "school_and_committee",
        VendorApprovalStep::DistrictBureau => "district_bureau",
        VendorApprovalStep::CityBureau => "city_bureau",
    }
}

/// Who decides a step of an award's chain. A step the seeds give to "the
/// school and the family committee" together (学校、家委会 [004]) is two
/// decisions, one by each, in either order, by two different people; every
/// other step is one decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Party {
    Whole,
    School,
    Committee,
}

fn parties(step: VendorApprovalStep) -> &'static [Party] {
    match step {
        VendorApprovalStep::SchoolAndCommittee => &[Party::School, Party::Committee],
        _ => &[Party::Whole],
    }
}

/// A decision as the approval row names it: the step, and the party for a
/// step of two (`school_and_committee/school`).
pub(crate) fn decision_text(step: VendorApprovalStep, party: Party) -> String {
    match party {
        Party::Whole => step_text(step).to_string(),
        Party::School => format!("{}/school", step_text(step)),
        Party::Committee => format!("{}/committee", step_text(step)),
    }
}

/// The step of an award's chain waiting for decisions, the parties still to
/// decide it, and who decided its other parts.
pub(crate) struct Waiting {
    /// The step's place in the chain.
    pub index: usize,
    pub step: VendorApprovalStep,
    pub parties: Vec<Party>,
    pub decided_by: Vec<i64>,
}

impl Waiting {
    /// What the page names as next: the step, or its one party left.
    pub fn text(&self) -> String {
        match self.parties.as_slice() {
            [one] => decision_text(self.step, *one),
            _ => step_text(self.step).to_string(),
        }
    }
}

/// Where the chain stands after the decisions `done` (all approvals: a
/// rejection ends it), or `None` when every step is decided.
pub(crate) fn waiting(chain: &[VendorApprovalStep], done: &[approval::Model]) -> Option<Waiting> {
    let mut rows = done.iter().peekable();
    for (index, step) in chain.iter().enumerate() {
        let mut left: Vec<Party> = parties(*step).to_vec();
        let mut decided_by = Vec::new();
        while let Some(row) = rows.peek() {
            match parties(*step).iter().find(|p| decision_text(*step, **p) == row.step) {
                Some(p) if left.contains(p) => left.retain(|x| x != p),
                // A step of two decided whole before it was split in two.
                None if row.step == step_text(*step) => left.clear(),
                _ => break,
            }
            decided_by.push(row.account_id);
            rows.next();
        }
        if !left.is_empty() {
            return Some(Waiting { index, step: *step, parties: left, decided_by });
        }
    }
    None
}

/// The part of the waiting step the actor may decide now, if any: a party
/// they hold and did not already decide another part of the step for.
pub(crate) async fn my_part<C: ConnectionTrait>(db: &C, actor: &Actor, w: &Waiting, t: &tender::Model, s: &school::Model, scorers_do_not_approve: bool) -> DomainResult<Option<Party>> {
    if w.decided_by.contains(&actor.account.0) {
        return Ok(None);
    }
    for party in &w.parties {
        let holds = match party {
            Party::Whole => holds_step(db, actor, w.step, Some(t), Some(s), t.district_id).await?,
            Party::School => actor.may(Action::ManageTenders, &Target::School(school_place(s))),
            Party::Committee => {
                let scored = scorers_do_not_approve
                    && bid_score::Entity::find().filter(bid_score::Column::TenderId.eq(t.id)).filter(bid_score::Column::AccountId.eq(actor.account.0)).one(db).await?.is_some();
                !scored && seat(db, actor, t.id).await?.is_some() && !excluded(db, t.id).await?.contains(&actor.account.0)
            }
        };
        if holds {
            return Ok(Some(*party));
        }
    }
    Ok(None)
}

/// Whether the actor decides `step` for a tender of `school` (school
/// steps) or in `district` (bureau steps).
pub(crate) async fn holds_step<C: ConnectionTrait>(db: &C, actor: &Actor, step: VendorApprovalStep, t: Option<&tender::Model>, s: Option<&school::Model>, district: i64) -> DomainResult<bool> {
    Ok(match step {
        VendorApprovalStep::AdmissionPanel | VendorApprovalStep::SchoolAndCommittee => match t {
            Some(t) => seat(db, actor, t.id).await?.is_some() && !excluded(db, t.id).await?.contains(&actor.account.0),
            None => false,
        },
        VendorApprovalStep::SchoolParty => s.is_some_and(|s| actor.may(Action::ManageTenders, &Target::School(school_place(s)))),
        VendorApprovalStep::DistrictBureau => actor.may(Action::ApproveVendors, &Target::District(DistrictId(district))),
        VendorApprovalStep::CityBureau => {
            let city = crate::scope::find_district(db, DistrictId(district)).await?.city_id;
            actor.may(Action::ApproveVendors, &Target::City(CityId(city)))
        }
    })
}

pub(crate) async fn approvals<C: ConnectionTrait>(db: &C, subject: &str) -> DomainResult<Vec<approval::Model>> {
    Ok(approval::Entity::find().filter(approval::Column::Subject.eq(subject)).order_by_asc(approval::Column::StepNo).all(db).await?)
}

/// Records the next step's decision; a second decision of the same step
/// (two officials at once) is refused by the unique step number.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn record_step<C: ConnectionTrait>(txn: &C, actor: &Actor, subject: &str, step_no: usize, step: &str, approved: bool, note: &str, now: DateTime<Utc>) -> DomainResult<()> {
    approval::ActiveModel {
        subject: Set(subject.into()),
        step_no: Set(step_no as i64),
        step: Set(step.into()),
        approved: Set(approved),
        note: Set(note.into()),
        account_id: Set(actor.account.0),
        at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await
    .map_err(duplicate_as("step", "already_decided"))?;
    audit::record(txn, now, Event::new(Some(actor.account), "approval.decided", subject.to_string(), json!({"step": step, "approved": approved, "note": note}))).await?;
    Ok(())
}

/// The qualified bids ranked: by total, then lower price, then earlier.
pub(crate) async fn ranking<C: ConnectionTrait>(db: &C, t: &tender::Model) -> DomainResult<Vec<(bid::Model, Option<f64>)>> {
    let list = criteria(t)?;
    let scores = scores_of(db, t.id).await?;
    let out = excluded(db, t.id).await?;
    let tot = totals(&list, &scores, &out);
    let mut bids: Vec<(bid::Model, Option<f64>)> = bid::Entity::find()
        .filter(bid::Column::TenderId.eq(t.id))
        .filter(bid::Column::Qualified.eq(true))
        .all(db)
        .await?
        .into_iter()
        .map(|b| {
            let total = tot.get(&b.id).copied();
            (b, total)
        })
        .collect();
    let price = |b: &bid::Model| super::opening::opened(b).map_or(i64::MAX, |(s, _)| s.price_fen);
    bids.sort_by(|(a, ta), (b, tb)| {
        tb.unwrap_or(-1.0).total_cmp(&ta.unwrap_or(-1.0)).then(price(a).cmp(&price(b))).then(a.submitted_at.cmp(&b.submitted_at))
    });
    Ok(bids)
}

/// The school proposes the award to the top-ranked bid.
pub async fn propose(cx: &crate::Ctx, tender: TenderId) -> DomainResult<AwardId> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let (t, _) = crate::scope::tender(db, actor, tender, Action::ManageTenders).await?;
    if status(&t)? != TenderStatus::Evaluating {
        return Err(DomainError::invalid("tender", "not_evaluating"));
    }
    let policy = super::terms::policy_now(db, t.district_id, now).await?;
    let ranked = ranking(db, &t).await?;
    // At least three qualified vendors before an award [004].
    if ranked.len() < usize::from(policy.min_bidders) {
        return Err(DomainError::invalid("tender", "too_few_bids"));
    }
    let out = excluded(db, t.id).await?;
    let members: Vec<i64> = super::seats::panel(db, t.id).await?.into_iter().filter(|(a, p)| *p == Panel::PriceInquiry && !out.contains(a)).map(|(a, _)| a).collect();
    let qualified: Vec<i64> = ranked.iter().map(|(b, _)| b.id).collect();
    if !complete(&criteria(&t)?, &scores_of(db, t.id).await?, &members, &qualified) {
        return Err(DomainError::invalid("scores", "incomplete"));
    }
    let (top, _) = &ranked[0];
    let vendor_id = top.vendor_id.ok_or_else(|| DomainError::Internal("opened bid without vendor".into()))?;
    let v = vendor::Entity::find_by_id(vendor_id).one(db).await?.ok_or(DomainError::NotFound)?;
    if let Some(rule) = ineligible(db, &v, t.district_id, super::terms::service(&t)?, crate::clock::local_date(now)).await? {
        return Err(DomainError::invalid("vendor", rule));
    }
    let txn = db.begin().await?;
    let a = award::ActiveModel {
        tender_id: Set(t.id),
        bid_id: Set(top.id),
        vendor_id: Set(vendor_id),
        proposed_by: Set(actor.account.0),
        proposed_at: Set(now),
        standstill_until: Set(now + Duration::days(i64::from(policy.standstill_days))),
        status: Set(AwardStatus::Standstill.as_str().into()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    set_tender(&txn, t.id, TenderStatus::Evaluating, TenderStatus::Awarding).await?;
    audit::record(&txn, now, Event::new(Some(actor.account), "award.proposed", format!("tender:{}", t.id), json!({"award": a.id, "bid": top.id, "vendor": vendor_id}))).await?;
    txn.commit().await?;
    Ok(AwardId(a.id))
}

/// Moves a tender from one status to another; refused when another
/// request moved it first.
pub(crate) async fn set_tender<C: ConnectionTrait>(txn: &C, tender: i64, from: TenderStatus, to: TenderStatus) -> DomainResult<()> {
    let n = tender::Entity::update_many()
        .col_expr(tender::Column::Status, Expr::value(to.as_str()))
        .filter(tender::Column::Id.eq(tender))
        .filter(tender::Column::Status.eq(from.as_str()))
        .exec(txn)
        .await?
        .rows_affected;
    if n == 1 { Ok(()) } else { Err(DomainError::invalid("tender", "changed")) }
}

pub(crate) fn award_status(a: &award::Model) -> DomainResult<AwardStatus> {
    AwardStatus::parse(&a.status).ok_or_else(|| DomainError::Internal(format!("award {} status", a.id)))
}

async fn award_and_tender<C: ConnectionTrait>(db: &C, id: AwardId) -> DomainResult<(award::Model, tender::Model, school::Model)> {
    let a = award::Entity::find_by_id(id.0).one(db).await?.ok_or(DomainError::NotFound)?;
    let (t, s) = crate::scope::find_tender(db, TenderId(a.tender_id)).await?;
    Ok((a, t, s))
}

/// A bidder whose bid was opened complains during the standstill.
pub async fn complain(cx: &crate::Ctx, award: AwardId, body: &str) -> DomainResult<ComplaintId> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let (a, t, _) = award_and_tender(db, award).await?;
    let v = super::seats::own_vendor(actor)?;
    let bid_there = bid::Entity::find().filter(bid::Column::TenderId.eq(t.id)).filter(bid::Column::VendorId.eq(v)).one(db).await?;
    if bid_there.is_none() {
        return Err(DomainError::NotFound);
    }
    if award_status(&a)? != AwardStatus::Standstill || now >= a.standstill_until {
        return Err(DomainError::invalid("award", "standstill_over"));
    }
    let body = required("body", body)?;
    let txn = db.begin().await?;
    let c = complaint::ActiveModel { award_id: Set(a.id), vendor_id: Set(v), body: Set(body.clone()), filed_at: Set(now), answer: Set(None), upheld: Set(None), answered_by: Set(None), ..Default::default() }
        .insert(&txn)
        .await?;
    audit::record(&txn, now, Event::new(Some(actor.account), "award.complaint", format!("tender:{}", t.id), json!({"award": a.id, "complaint": c.id, "body": body}))).await?;
    txn.commit().await?;
    Ok(ComplaintId(c.id))
}

/// The bureau answers a complaint; an upheld one cancels the award.
pub async fn answer(cx: &crate::Ctx, complaint: ComplaintId, upheld: bool, answer: &str) -> DomainResult<()> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let c = complaint::Entity::find_by_id(complaint.0).one(db).await?.ok_or(DomainError::NotFound)?;
    let (a, t, _) = award_and_tender(db, AwardId(c.award_id)).await?;
    actor.require(Action::ApproveVendors, &Target::District(DistrictId(t.district_id)))?;
    if c.answer.is_some() {
        return Err(DomainError::invalid("complaint", "already_answered"));
    }
    let text = required("answer", answer)?;
    let txn = db.begin().await?;
    let n = complaint::Entity::update_many()
        .col_expr(complaint::Column::Answer, Expr::value(text.clone()))
        .col_expr(complaint::Column::Upheld, Expr::value(upheld))
        .col_expr(complaint::Column::AnsweredBy, Expr::value(actor.account.0))
        .filter(complaint::Column::Id.eq(c.id))
        .filter(complaint::Column::Answer.is_null())
        .exec(&txn)
        .await?
        .rows_affected;
    if n != 1 {
        return Err(DomainError::invalid("complaint", "already_answered"));
    }
    if upheld && matches!(award_status(&a)?, AwardStatus::Standstill | AwardStatus::Approving) {
        let mut m = a.clone().into_active_model();
        m.status = Set(AwardStatus::Cancelled.as_str().into());
        m.update(&txn).await?;
        set_tender(&txn, t.id, TenderStatus::Awarding, TenderStatus::Evaluating).await?;
    }
    audit::record(&txn, now, Event::new(Some(actor.account), "award.complaint_answered", format!("tender:{}", t.id), json!({"complaint": c.id, "upheld": upheld, "answer": text, "at": now}))).await?;
    txn.commit().await?;
    Ok(())
}

/// The next step of the district's chain decides the award, once the
/// standstill is over and every complaint is answered; a step of the school
/// and the committee waits for both, and a rejection by either ends it.
pub async fn decide(cx: &crate::Ctx, award: AwardId, approve: bool, note: &str) -> DomainResult<()> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let (a, t, s) = award_and_tender(db, award).await?;
    let st = award_status(&a)?;
    if !matches!(st, AwardStatus::Standstill | AwardStatus::Approving) {
        return Err(DomainError::invalid("award", "decided"));
    }
    let policy = super::terms::policy_now(db, t.district_id, now).await?;
    let done = approvals(db, &format!("award:{}", a.id)).await?;
    let Some(w) = waiting(&policy.vendor_approval, &done) else { return Err(DomainError::invalid("award", "decided")) };
    let Some(party) = my_part(db, actor, &w, &t, &s, policy.scorers_do_not_approve).await? else {
        return Err(DomainError::Forbidden);
    };
    if now < a.standstill_until {
        return Err(DomainError::invalid("award", "in_standstill"));
    }
    let open = complaint::Entity::find().filter(complaint::Column::AwardId.eq(a.id)).filter(complaint::Column::Answer.is_null()).one(db).await?;
    if open.is_some() {
        return Err(DomainError::invalid("award", "complaints_open"));
    }
    if !approve && note.trim().is_empty() {
        return Err(DomainError::invalid("note", "required"));
    }
    let txn = db.begin().await?;
    record_step(&txn, actor, &format!("award:{}", a.id), done.len(), &decision_text(w.step, party), approve, note.trim(), now).await?;
    let last = w.parties.len() == 1 && w.index + 1 == policy.vendor_approval.len();
    let next = match (approve, last) {
        (false, _) => AwardStatus::Rejected,
        (true, true) => AwardStatus::Approved,
        (true, false) => AwardStatus::Approving,
    };
    let mut m = a.into_active_model();
    m.status = Set(next.as_str().into());
    m.update(&txn).await?;
    match next {
        AwardStatus::Rejected => set_tender(&txn, t.id, TenderStatus::Awarding, TenderStatus::Evaluating).await?,
        AwardStatus::Approved => set_tender(&txn, t.id, TenderStatus::Awarding, TenderStatus::Awarded).await?,
        _ => {}
    }
    txn.commit().await?;
    Ok(())
}

/// The award in force or in progress on a tender (not cancelled or rejected).
pub(crate) async fn current<C: ConnectionTrait>(db: &C, tender: i64) -> DomainResult<Option<award::Model>> {
    Ok(award::Entity::find().filter(award::Column::TenderId.eq(tender)).order_by_desc(award::Column::Id).one(db).await?)
}
