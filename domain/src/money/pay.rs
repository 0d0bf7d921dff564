//! Staff pay from served hours (M5, S4): the school sets hourly rates per
//! kind of staff; a month's pay run books each person's served hours (every
//! session whose register was taken, `operations::workload`) at their
//! rate, rounded down to the fen: the school's own teachers and workers as
//! own-staff pay, volunteers and vendors' staff as outside pay. A person's
//! month is booked once.
use crate::audit::{self, Event};
use crate::authz::Action;
use crate::entities::{ledger_posting, pay_rate};
use crate::error::{DomainError, DomainResult};
use crate::money::ledger::{self, Posting};
use crate::money::rounding::times;
use crate::money::amounts::MAX_AMOUNT_FEN;
use crate::dates::{month_key, month_of};
use crate::ids::SchoolId;
use chrono::NaiveDate;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait};
use serde_json::json;
use std::collections::HashSet;
use wire::money::{PayLine, PayRates, PayRun, PostingKind};
use wire::operations::StaffKind;

/// A school's rates now (all nought until set).
pub(crate) async fn rates_of<C: ConnectionTrait>(db: &C, school: i64) -> DomainResult<PayRates> {
    match pay_rate::Entity::find().filter(pay_rate::Column::SchoolId.eq(school)).order_by_desc(pay_rate::Column::Id).one(db).await? {
        Some(r) => Ok(serde_json::from_str(&r.rates)?),
        None => Ok(PayRates::default()),
    }
}

fn rate(r: &PayRates, kind: StaffKind) -> i64 {
    match kind {
        StaffKind::Teacher => r.teacher,
        StaffKind::Worker => r.worker,
        StaffKind::Volunteer => r.volunteer,
        StaffKind::VendorStaff => r.vendor_staff,
    }
}

fn posting_kind(kind: StaffKind) -> PostingKind {
    match kind {
        StaffKind::Teacher | StaffKind::Worker => PostingKind::PayOwnStaff,
        StaffKind::Volunteer | StaffKind::VendorStaff => PostingKind::PayExternal,
    }
}

/// Sets the school's hourly rates (fen per hour, up to 10,000 yuan).
pub async fn set_rates(cx: &crate::Ctx, school: SchoolId, rates: PayRates) -> DomainResult<()> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let s = crate::scope::school(db, actor, school, Action::ManageMoney).await?;
    if [rates.teacher, rates.worker, rates.volunteer, rates.vendor_staff].iter().any(|r| !(0..=1_000_000).contains(r)) {
        return Err(DomainError::invalid("rate", "out_of_range"));
    }
    let txn = db.begin().await?;
    pay_rate::ActiveModel { school_id: Set(s.id), rates: Set(serde_json::to_string(&rates)?), set_by: Set(actor.account.0), set_at: Set(now), ..Default::default() }.insert(&txn).await?;
    audit::record(&txn, now, Event::new(Some(actor.account), "pay.rates_set", format!("school:{}", s.id), json!(rates))).await?;
    txn.commit().await?;
    Ok(())
}

fn reference(month: NaiveDate, staff: i64) -> String {
    format!("pay:{}:{staff}", month_key(month))
}

async fn compute<C: ConnectionTrait>(db: &C, s: &crate::entities::school::Model, month: NaiveDate) -> DomainResult<PayRun> {
    let first = month_of(month).0;
    let rates = rates_of(db, s.id).await?;
    let w = crate::records::workload::served(db, s.clone(), first).await?;
    let booked: HashSet<String> = ledger_posting::Entity::find()
        .filter(ledger_posting::Column::SchoolId.eq(s.id))
        .filter(ledger_posting::Column::Reference.is_in(w.rows.iter().map(|r| reference(first, r.staff.0))))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|p| p.reference)
        .collect();
    let lines: Vec<PayLine> = w
        .rows
        .into_iter()
        .map(|r| {
            let rate = rate(&rates, r.kind);
            PayLine {
                booked: booked.contains(&reference(first, r.staff.0)),
                amount_fen: times(rate, i64::from(r.minutes), 60).min(MAX_AMOUNT_FEN),
                staff: r.staff,
                name: r.name,
                kind: r.kind,
                minutes: r.minutes,
                rate_fen: rate,
            }
        })
        .collect();
    Ok(PayRun { school: SchoolId(s.id), month: first, total_fen: lines.iter().map(|l| l.amount_fen).sum(), lines })
}

/// A month's pay as it would be booked.
pub async fn preview(cx: &crate::Ctx, school: SchoolId, month: NaiveDate) -> DomainResult<PayRun> {
    let db = cx.reads();
    let actor = cx.actor()?;
    let s = crate::scope::school(db, actor, school, Action::ManageMoney).await?;
    compute(db, &s, month).await
}

/// Books a month's pay (those not yet booked), dated `on`.
pub async fn book(cx: &crate::Ctx, school: SchoolId, month: NaiveDate, on: NaiveDate) -> DomainResult<PayRun> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let today = cx.today();
    let now = cx.now();
    let s = crate::scope::school(db, actor, school, Action::ManageMoney).await?;
    if on > today || on < month_of(month).0 {
        return Err(DomainError::invalid("on_date", "outside_month_or_future"));
    }
    let txn = db.begin().await?;
    let run = compute(&txn, &s, month).await?;
    let postings: Vec<Posting> = run
        .lines
        .iter()
        .filter(|l| !l.booked && l.amount_fen > 0)
        .map(|l| Posting::new(posting_kind(l.kind), l.amount_fen, on).memo(format!("{} {}", l.name, month_key(run.month))).reference(reference(run.month, l.staff.0)))
        .collect();
    if postings.is_empty() {
        return Err(DomainError::invalid("pay", "nothing_to_book"));
    }
    ledger::book(&txn, s.id, actor.account, &postings, now).await.map_err(|e| match e {
        DomainError::Conflict(_) => DomainError::invalid("pay", "already_booked"),
        e => e,
    })?;
    let total: i64 = postings.iter().map(|p| p.amount).sum();
    audit::record(&txn, now, Event::new(Some(actor.account), "pay.booked", format!("school:{}", s.id), json!({"month": month_key(run.month), "people": postings.len(), "total_fen": total}))).await?;
    txn.commit().await?;
    compute(db, &s, month).await
}
