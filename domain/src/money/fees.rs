//! Fee schedules (M1): a plan is published with its fee; a school (or the
//! committee's treasurer) changes it, or adds a fee for another service it
//! offers, as a new version from a date. Every version keeps within the
//! district's funding model and cap; a fee for a shorter or other service
//! (lunch-time care) is capped in proportion to its daily time and waits
//! for the family committee's consent where the district says [003]; a rise
//! waits for the bureau's recorded approval where the district says [004];
//! a fee the district makes file carries the filing's number and date.
use crate::audit::{self, Event};
use crate::authz::{Action, Actor, Target};
use crate::entities::{fee_schedule, plan, school};
use crate::error::{DomainError, DomainResult};
use crate::ids::{DistrictId, FeeScheduleId, PlanId, SchoolId};
use crate::places::school_place;
use crate::policy::{self, FundingModel, PolicySettings};
use chrono::NaiveDate;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait};
use serde_json::json;
use std::collections::HashMap;
use wire::money::{FeeApproval, FeeItem, FeeScheduleView, NewFeeSchedule, PlanFees, ScheduleStatus};

/// A fee schedule as proposed, amounts in fen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proposal {
    pub effective_from: NaiveDate,
    pub items: Vec<FeeItem>,
    pub billing_period: BillingPeriod,
    pub filing_number: String,
    pub filing_date: Option<NaiveDate>,
}

impl Proposal {
    /// The form's input, read: yuan to fen, the filing date.
    pub fn read(new: &NewFeeSchedule) -> DomainResult<Proposal> {
        let items = new
            .items
            .iter()
            .map(|i| {
                let fen = wire::money::fen(&i.yuan_per_month).ok_or(DomainError::invalid("fee", "format"))?;
                Ok(FeeItem { service: i.service, fen_per_month: fen, minutes_per_day: i.minutes_per_day })
            })
            .collect::<DomainResult<Vec<_>>>()?;
        let date = new.filing_date.trim();
        let filing_date = if date.is_empty() { None } else { Some(date.parse().map_err(|_| DomainError::invalid("filing_date", "format"))?) };
        Ok(Proposal { effective_from: new.effective_from, items, billing_period: new.billing_period, filing_number: super::amounts::memo("filing_number", &new.filing_number)?, filing_date })
    }
}
use wire::plan::{BillingPeriod, PlanContent, PlanProblem, PlanStatus, ServiceType};

pub const MAX_NOTE_CHARS: usize = 500;

/// The fees a plan charges on a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Schedule {
    pub items: Vec<FeeItem>,
    pub billing: BillingPeriod,
}

impl Schedule {
    pub fn fee(&self, service: ServiceType) -> i64 {
        self.items.iter().filter(|i| i.service == service).map(|i| i.fen_per_month).sum()
    }
}

/// The fee a plan was published with: its after-school service (or its
/// first service) for everyone enrolled.
fn published(content: &PlanContent) -> Schedule {
    let service = content.service_types.first().copied().unwrap_or(ServiceType::AfterSchool);
    let minutes = (content.end_time_winter - content.dismissal_time).num_minutes().clamp(1, 600) as u16;
    Schedule { items: vec![FeeItem { service, fen_per_month: content.fee_fen_per_month, minutes_per_day: minutes }], billing: content.billing_period }
}

fn items_of(row: &fee_schedule::Model) -> DomainResult<Vec<FeeItem>> {
    serde_json::from_str(&row.items).map_err(|e| DomainError::Internal(format!("fee schedule {}: {e}", row.id)))
}

/// The schedule in force for a plan on `on`: the latest version in force
/// from that day or before, else the fee the plan was published with.
pub(crate) async fn in_force<C: ConnectionTrait>(db: &C, plan: i64, content: &PlanContent, on: NaiveDate) -> DomainResult<Schedule> {
    let mut all = in_force_of(db, &[(plan, content)], on).await?;
    all.remove(&plan).ok_or(DomainError::NotFound)
}

/// [`in_force`] for many plans, in one statement.
pub(crate) async fn in_force_of<C: ConnectionTrait>(db: &C, plans: &[(i64, &PlanContent)], on: NaiveDate) -> DomainResult<HashMap<i64, Schedule>> {
    let mut latest: HashMap<i64, fee_schedule::Model> = HashMap::new();
    for row in fee_schedule::Entity::find()
        .filter(fee_schedule::Column::PlanId.is_in(plans.iter().map(|(p, _)| *p)))
        .filter(fee_schedule::Column::Status.eq(ScheduleStatus::InForce.as_str()))
        .filter(fee_schedule::Column::EffectiveFrom.lte(on))
        .all(db)
        .await?
    {
        if latest.get(&row.plan_id).is_none_or(|l| (l.effective_from, l.version) < (row.effective_from, row.version)) {
            latest.insert(row.plan_id, row);
        }
    }
    plans
        .iter()
        .map(|(plan, content)| {
            let schedule = match latest.get(plan) {
                Some(r) => Schedule { items: items_of(r)?, billing: BillingPeriod::parse(&r.billing_period).unwrap_or(content.billing_period) },
                None => published(content),
            };
            Ok((*plan, schedule))
        })
        .collect()
}

/// The district's cap on a month's fee for `service`, or `None` where the
/// district sets none: the cap itself for the plan's main service; for
/// another (lunch, noon rest), scaled by its daily minutes against the time
/// the cap is set for, where the district says so (never above it). Every
/// check of a fee against the cap asks here: the plan check, the fee
/// schedule and the bureau's "fee above cap" flag.
pub fn fee_cap(rules: &PolicySettings, service: ServiceType, minutes_per_day: u16, main: ServiceType) -> Option<i64> {
    let cap = rules.funding.fee_cap_fen_per_month?;
    match rules.funding.fee_cap_basis_minutes {
        Some(basis) if service != main => Some(super::rounding::pro_rata(cap, i64::from(minutes_per_day), i64::from(basis))),
        _ => Some(cap),
    }
}

/// Everything in a schedule the district's policy or the plan does not
/// allow; empty means it may be proposed.
pub fn problems(new: &Proposal, content: &PlanContent, rules: &PolicySettings) -> Vec<PlanProblem> {
    use PlanProblem as P;
    let mut out = Vec::new();
    let mut push = |p: PlanProblem| {
        if !out.contains(&p) {
            out.push(p);
        }
    };
    if new.effective_from < content.term_start || new.effective_from > content.term_end {
        push(P::EffectiveOutsideTerm);
    }
    let main = content.service_types.first().copied().unwrap_or(ServiceType::AfterSchool);
    let funding = &rules.funding;
    for (i, item) in new.items.iter().enumerate() {
        if !content.service_types.contains(&item.service) || new.items[..i].iter().any(|x| x.service == item.service) {
            push(P::ServiceNotInPlan { service_type: item.service });
        }
        if !(1..=600).contains(&item.minutes_per_day) {
            push(P::ServiceMinutesOutOfRange);
        }
        if item.fen_per_month < 0 {
            push(P::NegativeFee);
        } else if item.fen_per_month > 0 && funding.model == FundingModel::GovernmentFunded {
            push(P::FeeNotAllowed);
        }
        match fee_cap(rules, item.service, item.minutes_per_day, main) {
            Some(cap) if item.fen_per_month > cap && item.service == main => push(P::FeeAboveCap { cap_fen: cap }),
            Some(cap) if item.fen_per_month > cap => push(P::OtherFeeAboveCap { service_type: item.service, cap_fen: cap }),
            _ => {}
        }
    }
    let charges = new.items.iter().any(|i| i.fen_per_month > 0);
    if funding.fee_filing_required && charges && (new.filing_number.trim().is_empty() || new.filing_date.is_none()) {
        push(P::FeeFilingMissing);
    }
    if !rules.billing_periods.contains(&new.billing_period) {
        push(P::BillingPeriodNotAllowed { period: new.billing_period });
    }
    out
}

async fn plan_and_school<C: ConnectionTrait>(db: &C, id: i64) -> DomainResult<(plan::Model, PlanContent, school::Model)> {
    let p = plan::Entity::find_by_id(id).one(db).await?.ok_or(DomainError::NotFound)?;
    let s = crate::scope::find_school(db, SchoolId(p.school_id)).await?;
    let content: PlanContent = serde_json::from_str(&p.content)?;
    Ok((p, content, s))
}

/// Proposes a new version of a plan's fees from a date. It is in force at
/// once unless the committee must consent or the bureau approve a rise.
pub async fn propose(cx: &crate::Ctx, plan: PlanId, new: NewFeeSchedule) -> DomainResult<FeeScheduleId> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let today = cx.today();
    let now = cx.now();
    let (p, content, s) = plan_and_school(db, plan.0).await?;
    actor.require(Action::ManageMoney, &Target::School(school_place(&s)))?;
    let new = Proposal::read(&new)?;
    if p.status != PlanStatus::Published.as_str() {
        return Err(DomainError::invalid("plan", "not_published"));
    }
    if new.items.is_empty() {
        return Err(DomainError::invalid("items", "required"));
    }
    if new.effective_from < today {
        return Err(DomainError::invalid("effective_from", "in_the_past"));
    }
    let filing_number = new.filing_number.clone();
    let rules = policy::in_force(db, DistrictId(s.district_id), content.term_start).await?.1;
    let found = problems(&new, &content, &rules);
    if !found.is_empty() {
        return Err(DomainError::PlanRefused(found));
    }
    let main = content.service_types.first().copied().unwrap_or(ServiceType::AfterSchool);
    let before = in_force(db, p.id, &content, new.effective_from).await?;
    let rise = new.items.iter().any(|i| i.fen_per_month > before.fee(i.service));
    let needs_consent = rules.funding.other_fee_needs_consent && new.items.iter().any(|i| i.service != main && i.fen_per_month > before.fee(i.service));
    let needs_approval = rules.funding.fee_rise_needs_approval && rise;
    let status = if needs_consent || needs_approval { ScheduleStatus::Pending } else { ScheduleStatus::InForce };
    let txn = db.begin().await?;
    let latest = fee_schedule::Entity::find().filter(fee_schedule::Column::PlanId.eq(p.id)).order_by_desc(fee_schedule::Column::Version).lock_exclusive().one(&txn).await?;
    if latest.as_ref().is_some_and(|l| l.status == ScheduleStatus::Pending.as_str()) {
        return Err(DomainError::invalid("fee_schedule", "one_pending"));
    }
    let row = fee_schedule::ActiveModel {
        plan_id: Set(p.id),
        school_id: Set(s.id),
        version: Set(latest.map_or(1, |l| l.version + 1)),
        effective_from: Set(new.effective_from),
        items: Set(serde_json::to_string(&new.items)?),
        billing_period: Set(new.billing_period.as_str().into()),
        filing_number: Set(filing_number.clone()),
        filing_date: Set(new.filing_date),
        needs_consent: Set(needs_consent),
        consented_by: Set(None),
        needs_approval: Set(needs_approval),
        decided_by: Set(None),
        decided_at: Set(None),
        note: Set(String::new()),
        status: Set(status.as_str().into()),
        proposed_by: Set(actor.account.0),
        proposed_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(crate::error::duplicate_as("fee_schedule", "proposed_twice"))?;
    audit::record(&txn, now,
        Event::new(Some(actor.account), "fees.proposed", format!("plan:{}", p.id), json!({"schedule": row.id, "from": new.effective_from, "items": new.items, "billing": new.billing_period.as_str(), "filing": filing_number, "filing_date": new.filing_date, "rise": rise})),
    )
    .await?;
    txn.commit().await?;
    Ok(FeeScheduleId(row.id))
}

async fn pending<C: ConnectionTrait>(db: &C, id: FeeScheduleId) -> DomainResult<(fee_schedule::Model, school::Model)> {
    let row = fee_schedule::Entity::find_by_id(id.0).lock_exclusive().one(db).await?.ok_or(DomainError::NotFound)?;
    let s = crate::scope::find_school(db, SchoolId(row.school_id)).await?;
    Ok((row, s))
}

fn settle(m: &mut fee_schedule::ActiveModel, row: &fee_schedule::Model, consented: bool, approved: bool) {
    if (!row.needs_consent || consented) && (!row.needs_approval || approved) {
        m.status = Set(ScheduleStatus::InForce.as_str().into());
    }
}

/// The school's family committee consents to a fee for another service.
pub async fn consent(cx: &crate::Ctx, id: FeeScheduleId) -> DomainResult<()> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let _now = cx.now();
    let txn = db.begin().await?;
    let (row, s) = pending(&txn, id).await?;
    actor.require(Action::ConsentFees, &Target::School(school_place(&s)))?;
    if !row.needs_consent || row.consented_by.is_some() || row.status != ScheduleStatus::Pending.as_str() {
        return Err(DomainError::invalid("fee_schedule", "not_waiting"));
    }
    let approved = row.needs_approval && row.decided_by.is_some();
    let mut m = row.clone().into_active_model();
    m.consented_by = Set(Some(actor.account.0));
    settle(&mut m, &row, true, approved);
    m.update(&txn).await?;
    audit::record(&txn, cx.now(), Event::new(Some(actor.account), "fees.consented", format!("plan:{}", row.plan_id), json!({"schedule": row.id}))).await?;
    txn.commit().await?;
    Ok(())
}

/// The bureau approves (with the joint approval's reference) or refuses a
/// fee rise.
pub async fn decide(cx: &crate::Ctx, id: FeeScheduleId, approve: bool, note: &str) -> DomainResult<()> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let note = note.trim();
    if note.is_empty() {
        return Err(DomainError::invalid("note", "required"));
    }
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(DomainError::invalid("note", "too_long"));
    }
    let txn = db.begin().await?;
    let (row, s) = pending(&txn, id).await?;
    actor.require(Action::ApproveFees, &Target::School(school_place(&s)))?;
    if !row.needs_approval || row.decided_by.is_some() || row.status != ScheduleStatus::Pending.as_str() {
        return Err(DomainError::invalid("fee_schedule", "not_waiting"));
    }
    let mut m = row.clone().into_active_model();
    m.decided_by = Set(Some(actor.account.0));
    m.decided_at = Set(Some(now));
    m.note = Set(note.to_string());
    if approve {
        settle(&mut m, &row, row.consented_by.is_some(), true);
    } else {
        m.status = Set(ScheduleStatus::Refused.as_str().into());
    }
    m.update(&txn).await?;
    audit::record(&txn, now, Event::new(Some(actor.account), if approve { "fees.approved" } else { "fees.refused" }, format!("plan:{}", row.plan_id), json!({"schedule": row.id, "note": note}))).await?;
    txn.commit().await?;
    Ok(())
}

fn schedule_view(r: &fee_schedule::Model, names: &HashMap<i64, String>) -> DomainResult<FeeScheduleView> {
    Ok(FeeScheduleView {
        id: Some(FeeScheduleId(r.id)),
        version: r.version as i32,
        effective_from: r.effective_from,
        items: items_of(r)?,
        billing_period: BillingPeriod::parse(&r.billing_period).unwrap_or(BillingPeriod::Monthly),
        filing_number: r.filing_number.clone(),
        filing_date: r.filing_date,
        status: ScheduleStatus::parse(&r.status).unwrap_or(ScheduleStatus::Pending),
        needs_consent: r.needs_consent,
        consented_by: r.consented_by.and_then(|a| names.get(&a).cloned()),
        needs_approval: r.needs_approval,
        approved_by: r.decided_by.and_then(|a| names.get(&a).cloned()),
        note: r.note.clone(),
    })
}

/// Each of these plans' fees: the published fee, then every version.
pub(crate) async fn plan_fees<C: ConnectionTrait>(db: &C, plans: &[plan::Model], rules: &PolicySettings) -> DomainResult<Vec<PlanFees>> {
    let rows = fee_schedule::Entity::find().filter(fee_schedule::Column::PlanId.is_in(plans.iter().map(|p| p.id))).order_by_asc(fee_schedule::Column::Version).all(db).await?;
    let deciders: Vec<i64> = rows.iter().flat_map(|r| [r.consented_by, r.decided_by]).flatten().collect();
    let names = crate::places::account_names(db, deciders).await?;
    let mut out = Vec::new();
    for p in plans {
        let content: PlanContent = serde_json::from_str(&p.content)?;
        let base = published(&content);
        let mut versions = vec![FeeScheduleView {
            id: None,
            version: 0,
            effective_from: content.term_start,
            items: base.items,
            billing_period: base.billing,
            filing_number: content.fee_filing_reference.clone(),
            filing_date: content.fee_filing_date,
            status: ScheduleStatus::InForce,
            needs_consent: false,
            consented_by: None,
            needs_approval: false,
            approved_by: None,
            note: String::new(),
        }];
        for r in rows.iter().filter(|r| r.plan_id == p.id) {
            versions.push(schedule_view(r, &names)?);
        }
        out.push(PlanFees {
            plan: PlanId(p.id),
            plan_title: content.title.clone(),
            term_start: content.term_start,
            term_end: content.term_end,
            services: content.service_types.clone(),
            cap_fen: rules.funding.fee_cap_fen_per_month,
            cap_basis_minutes: rules.funding.fee_cap_basis_minutes,
            versions,
        });
    }
    Ok(out)
}

/// Fee rises of a district's schools waiting for the bureau.
pub(crate) async fn waiting_approval<C: ConnectionTrait>(db: &C, district: DistrictId) -> DomainResult<Vec<FeeApproval>> {
    let schools: HashMap<i64, String> = school::Entity::find().filter(school::Column::DistrictId.eq(district.0)).all(db).await?.into_iter().map(|s| (s.id, s.name)).collect();
    let rows = fee_schedule::Entity::find()
        .filter(fee_schedule::Column::SchoolId.is_in(schools.keys().copied()))
        .filter(fee_schedule::Column::Status.eq(ScheduleStatus::Pending.as_str()))
        .filter(fee_schedule::Column::NeedsApproval.eq(true))
        .filter(fee_schedule::Column::DecidedBy.is_null())
        .all(db)
        .await?;
    let mut out = Vec::new();
    for r in rows {
        let (p, content, _) = plan_and_school(db, r.plan_id).await?;
        out.push(FeeApproval {
            schedule: FeeScheduleId(r.id),
            school_name: schools.get(&r.school_id).cloned().unwrap_or_default(),
            plan_title: content.title.clone(),
            from: r.effective_from,
            items: items_of(&r)?,
            before: in_force(db, p.id, &content, r.effective_from).await?.items,
        });
    }
    Ok(out)
}

/// The fees of a school's plans, for its pages.
pub async fn of_school<C: ConnectionTrait>(db: &C, actor: &Actor, school: SchoolId, today: NaiveDate) -> DomainResult<Vec<PlanFees>> {
    let s = crate::scope::school(db, actor, school, Action::ViewMoney).await?;
    let plans = plan::Entity::find()
        .filter(plan::Column::SchoolId.eq(s.id))
        .filter(plan::Column::Status.eq(PlanStatus::Published.as_str()))
        .filter(plan::Column::TermEnd.gte(today - chrono::Duration::days(366)))
        .order_by_desc(plan::Column::TermStart)
        .all(db)
        .await?;
    let rules = policy::in_force(db, DistrictId(s.district_id), today).await?.1;
    plan_fees(db, &plans, &rules).await
}
