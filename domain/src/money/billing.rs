//! Charges (M2): each month (or once a term, where the plan bills by
//! semester) every child enrolled in a plan is charged the fee in force,
//! for the service days they are enrolled: from the day a guardian first
//! signed the agreement (a child attends only after [000]) until the day
//! consent was withdrawn. A month's fee buys that month's service days;
//! a child enrolled for part of them pays that part (rounded down to the
//! fen). A fee for another service (lunch-time care) is charged to the
//! children in that service's groups. A waived child (registered
//! low-income household, approved from proof where the district asks) is
//! charged and waived in full, so they owe nothing and the waiver shows in
//! the books. Billing a period twice charges nobody twice.
use crate::audit::{self, Event};
use crate::authz::Action;
use crate::entities::{application, charge, plan, school, signature, timetable};
use crate::error::{DomainError, DomainResult};
use crate::money::fees::{self, Schedule};
use crate::money::ledger::{self, Posting};
use crate::money::rounding::pro_rata;
use crate::dates::{month_key, month_of};
use crate::ids::{AccountId, DistrictId, SchoolId};
use crate::operations::calendar::{self, days_for};
use crate::operations::timetable::latest_publication;
use crate::policy::{self, PolicySettings};
use crate::store::bulk;
use chrono::{DateTime, Months, NaiveDate, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionSession, TransactionTrait};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use wire::enrolment::ApplicationStatus;
use wire::money::{Billing, ClaimKind, PostingKind, TERM_PERIOD};
use wire::operations::{CalendarDay, PublishedTimetable};
use wire::plan::{BillingPeriod, PlanContent, PlanStatus, ServiceType};

/// Which days a plan serves: its weekdays, less holidays, plus make-up
/// workdays, by the school's calendar.
pub struct ServiceDays {
    weekdays: Vec<u8>,
    calendar: Vec<CalendarDay>,
}

impl ServiceDays {
    /// The plan's weekdays (ISO) with a calendar of holidays and make-up days.
    pub fn new(weekdays: Vec<u8>, calendar: Vec<CalendarDay>) -> ServiceDays {
        ServiceDays { weekdays, calendar }
    }

    pub(crate) async fn load<C: ConnectionTrait>(db: &C, s: &school::Model, content: &PlanContent, from: NaiveDate, to: NaiveDate) -> DomainResult<ServiceDays> {
        Ok(ServiceDays { weekdays: content.weekdays.clone(), calendar: days_for(db, s, from, to).await? })
    }

    pub fn is_service_day(&self, d: NaiveDate) -> bool {
        calendar::runs(d, &self.weekdays, &self.calendar).is_some()
    }

    /// Service days from `from` to `to`, inclusive.
    pub fn count(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        if from > to {
            return 0;
        }
        from.iter_days().take_while(|d| *d <= to).filter(|d| self.is_service_day(*d)).count() as i64
    }
}

/// A child's charge for `from`..=`to` at `fee_per_month`: each month's fee
/// in proportion to the child's service days of that month's service days
/// (the whole calendar month, so a month of holidays costs no more per
/// day), rounded down per month. Returns (days charged, amount).
pub fn charge_for(fee_per_month: i64, from: NaiveDate, to: NaiveDate, days: &ServiceDays) -> (i64, i64) {
    let (mut total_days, mut amount) = (0, 0);
    let mut month = month_of(from).0;
    while month <= to {
        let (first, last) = month_of(month);
        let mine = days.count(from.max(first), to.min(last));
        amount += pro_rata(fee_per_month, mine, days.count(first, last));
        total_days += mine;
        month = match month.checked_add_months(Months::new(1)) {
            Some(m) => m,
            None => break,
        };
    }
    (total_days, amount)
}

/// A child who may be charged: holding (or having held) a place, from the
/// day a guardian first signed until the day before consent ended.
pub(crate) struct Enrolled {
    pub application: application::Model,
    pub from: NaiveDate,
    /// The last day served, when consent was withdrawn.
    pub until: Option<NaiveDate>,
}

pub(crate) async fn enrolled<C: ConnectionTrait>(db: &C, plan: i64) -> DomainResult<Vec<Enrolled>> {
    let apps = application::Entity::find()
        .filter(application::Column::PlanId.eq(plan))
        .filter(application::Column::Status.is_in([ApplicationStatus::Admitted.as_str(), ApplicationStatus::Enrolled.as_str()]))
        .order_by_asc(application::Column::Id)
        .all(db)
        .await?;
    let mut first_signed: HashMap<i64, DateTime<Utc>> = HashMap::new();
    for chunk in apps.chunks(5_000) {
        for s in signature::Entity::find()
            .filter(signature::Column::ApplicationId.is_in(chunk.iter().map(|a| a.id)))
            .filter(signature::Column::Party.eq(wire::agreement::Party::Guardian.as_str()))
            .all(db)
            .await?
        {
            let Some(app) = s.application_id else { continue };
            let e = first_signed.entry(app).or_insert(s.signed_at);
            *e = (*e).min(s.signed_at);
        }
    }
    Ok(apps
        .into_iter()
        .filter_map(|a| {
            let from = crate::clock::local_date(*first_signed.get(&a.id)?);
            let until = a.ended_on.and_then(|d| d.pred_opt());
            Some(Enrolled { application: a, from, until })
        })
        .collect())
}

/// The children in groups of each service, by the plan's published timetable.
async fn members_by_service<C: ConnectionTrait>(db: &C, plan: i64) -> DomainResult<HashMap<ServiceType, HashSet<i64>>> {
    let mut out: HashMap<ServiceType, HashSet<i64>> = HashMap::new();
    let Some(t) = timetable::Entity::find().filter(timetable::Column::PlanId.eq(plan)).one(db).await? else { return Ok(out) };
    let Some(p) = latest_publication(db, t.id).await? else { return Ok(out) };
    let snapshot: PublishedTimetable = serde_json::from_str(&p.content)?;
    for s in &snapshot.sessions {
        if let Some((_, kids)) = snapshot.groups.iter().find(|(g, _)| *g == s.group) {
            out.entry(s.service_type).or_default().extend(kids.iter().map(|k| k.0));
        }
    }
    Ok(out)
}

/// The children of these applications whose fee is waived: the district
/// serves registered low-income households free, and the status counts.
pub(crate) async fn waived<C: ConnectionTrait>(db: &C, apps: &[application::Model], rules: &PolicySettings) -> DomainResult<HashSet<i64>> {
    if !rules.low_income_waiver {
        return Ok(HashSet::new());
    }
    let counted = crate::enrolment::claims::counted(db, apps, rules).await?;
    Ok(apps.iter().filter(|a| counted.get(&a.id).is_some_and(|k| k.contains(&ClaimKind::Waiver))).map(|a| a.student_id).collect())
}

/// The period a billing run for the month starting `first` charges under
/// the schedule, and the days it spans in the term.
fn period(schedule: &Schedule, content: &PlanContent, first: NaiveDate) -> (String, NaiveDate, NaiveDate) {
    match schedule.billing {
        BillingPeriod::Monthly => {
            let (first, last) = month_of(first);
            (month_key(first), first.max(content.term_start), last.min(content.term_end))
        }
        BillingPeriod::Semester => (TERM_PERIOD.to_string(), content.term_start, content.term_end),
    }
}

/// A billing run of one school: who books it, when, and what it booked so
/// far (with `student:period:amount` lines for the audit event's digest).
struct Run {
    by: AccountId,
    now: DateTime<Utc>,
    out: Billing,
    digest: Vec<String>,
}

/// Charges one plan's children for the period the month falls in.
async fn bill_plan<C: ConnectionTrait>(db: &C, s: &school::Model, p: &plan::Model, month: NaiveDate, run: &mut Run) -> DomainResult<()> {
    let (by, now) = (run.by, run.now);
    let content: PlanContent = serde_json::from_str(&p.content)?;
    let (first, last) = month_of(month);
    let rules = policy::in_force(db, DistrictId(s.district_id), content.term_start).await?.1;
    // A term billed at once pays the fee in force when it began; a month,
    // the fee in force when the month (or the term) began.
    let mut schedule = fees::in_force(db, p.id, &content, content.term_start).await?;
    if schedule.billing == BillingPeriod::Monthly {
        schedule = fees::in_force(db, p.id, &content, first.max(content.term_start)).await?;
    }
    if schedule.items.iter().all(|i| i.fen_per_month <= 0) {
        return Ok(());
    }
    let (period, from, to) = period(&schedule, &content, first);
    let children = enrolled(db, p.id).await?;
    let done: HashSet<i64> = charge::Entity::find()
        .filter(charge::Column::PlanId.eq(p.id))
        .filter(charge::Column::Period.eq(&period))
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.student_id)
        .collect();
    let main = content.service_types.first().copied().unwrap_or(ServiceType::AfterSchool);
    let groups = if schedule.items.iter().any(|i| i.service != main && i.fen_per_month > 0) { members_by_service(db, p.id).await? } else { HashMap::new() };
    let days = ServiceDays::load(db, s, &content, first.min(from), last.max(to)).await?;
    let apps: Vec<application::Model> = children.iter().map(|c| c.application.clone()).collect();
    let free = waived(db, &apps, &rules).await?;
    let mut rows = Vec::new();
    for c in &children {
        let student = c.application.student_id;
        if done.contains(&student) {
            run.out.already += 1;
            continue;
        }
        let (from, to) = (from.max(c.from), c.until.map_or(to, |u| to.min(u)));
        if from > to {
            continue;
        }
        let mut charged = (0, 0);
        for item in schedule.items.iter().filter(|i| i.service == main || groups.get(&i.service).is_some_and(|g| g.contains(&student))) {
            let (d, amount) = charge_for(item.fen_per_month, from, to, &days);
            charged = (charged.0.max(d), charged.1 + amount);
        }
        if charged.1 <= 0 {
            continue;
        }
        rows.push(charge::ActiveModel {
            school_id: Set(s.id),
            plan_id: Set(p.id),
            student_id: Set(student),
            application_id: Set(c.application.id),
            period: Set(period.clone()),
            covers_from: Set(from),
            covers_to: Set(to),
            days: Set(charged.0),
            amount_fen: Set(charged.1),
            created_at: Set(now),
            ..Default::default()
        });
    }
    let on = from.max(first.min(to));
    // A waiver approved since an earlier run waives what is still owed.
    let earlier: HashSet<i64> = free.iter().copied().filter(|s| done.contains(s)).collect();
    run.out.waived += crate::money::waivers::waive_owed(db, s.id, p.id, &earlier, on, by, now).await?;
    let stored = bulk::insert_returning(db, rows).await?;
    let mut postings = Vec::with_capacity(stored.len() * 2);
    for c in &stored {
        postings.push(Posting::new(PostingKind::Charge, c.amount_fen, on).student(c.student_id).charge(c.id).memo(period.clone()));
        run.out.charged += 1;
        run.out.total_fen += c.amount_fen;
        run.digest.push(format!("{}:{}:{}", c.student_id, c.period, c.amount_fen));
        if free.contains(&c.student_id) {
            postings.push(Posting::new(PostingKind::Waiver, c.amount_fen, on).student(c.student_id).charge(c.id).memo(period.clone()));
            run.out.waived += 1;
        }
    }
    ledger::book(db, s.id, by, &postings, now).await
}

/// Bills one school for the month starting `month` (its plans whose term
/// overlaps it), in one transaction with its audit event. A run that meets
/// another's charges (two started at once) rolls back and runs again,
/// charging only the children the other left.
pub async fn bill_school<C: ConnectionTrait + TransactionTrait>(db: &C, s: &school::Model, month: NaiveDate, by: Option<AccountId>, now: DateTime<Utc>) -> DomainResult<Billing> {
    match bill_school_once(db, s, month, by, now).await {
        Err(DomainError::Conflict(_)) => bill_school_once(db, s, month, by, now).await,
        done => done,
    }
}

async fn bill_school_once<C: ConnectionTrait + TransactionTrait>(db: &C, s: &school::Model, month: NaiveDate, by: Option<AccountId>, now: DateTime<Utc>) -> DomainResult<Billing> {
    let (first, last) = month_of(month);
    let plans = plan::Entity::find()
        .filter(plan::Column::SchoolId.eq(s.id))
        .filter(plan::Column::Status.eq(PlanStatus::Published.as_str()))
        .filter(plan::Column::TermStart.lte(last))
        .filter(plan::Column::TermEnd.gte(first))
        .all(db)
        .await?;
    let mut run = Run { by: by.unwrap_or(AccountId(0)), now, out: Billing::default(), digest: Vec::new() };
    let txn = db.begin().await?;
    for p in &plans {
        bill_plan(&txn, s, p, first, &mut run).await?;
    }
    let out = run.out;
    if out.charged > 0 {
        crate::store::stale::touch(&txn, s.id, first).await?;
        run.digest.sort();
        let sha = hex::encode(Sha256::digest(run.digest.join("\n").as_bytes()));
        audit::record(&txn, now,
            Event::new(by, "billing.run", format!("school:{}", s.id), json!({"month": month_key(first), "charges": out.charged, "waived": out.waived, "total_fen": out.total_fen, "sha256": sha})),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(out)
}

/// The school bills the month (any day of it) for its plans.
pub async fn run(cx: &crate::Ctx, school: SchoolId, month: NaiveDate) -> DomainResult<Billing> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let today = cx.today();
    let now = cx.now();
    let s = crate::scope::school(db, actor, school, Action::ManageMoney).await?;
    // Billing ahead is fine for a month started; not for one to come.
    if month_of(month).0 > today {
        return Err(DomainError::invalid("month", "in_the_future"));
    }
    // A month already published (or settled) is not billed again.
    super::periods::OpenBooks::load(db, s.id).await?.require("month", month_of(month).0)?;
    bill_school(db, &s, month, Some(actor.account), now).await
}

/// Month-end billing for every school (the `beilei bill` command), each
/// school in its own transaction. A school whose books are closed to the
/// month (published, settled) is left out, and said in the log.
pub async fn run_all<C: ConnectionTrait + TransactionTrait>(db: &C, month: NaiveDate, now: DateTime<Utc>) -> DomainResult<Billing> {
    let mut total = Billing::default();
    for s in school::Entity::find().order_by_asc(school::Column::Id).all(db).await? {
        let b = match bill_school(db, &s, month, None, now).await {
            Err(DomainError::Invalid { field: "on_date", rule }) => {
                tracing::warn!(school = s.id, rule, "billing left a school out: its books are closed to the month");
                continue;
            }
            b => b?,
        };
        total.charged += b.charged;
        total.waived += b.waived;
        total.total_fen += b.total_fen;
        total.already += b.already;
    }
    Ok(total)
}
