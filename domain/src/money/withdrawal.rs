//! Withdrawal with a refund (P7): a guardian withdraws a child in writing
//! from a date, on the phone; each charge gives back its share for the
//! service days from that date on, in proportion to the days it charged
//! (rounded down to the fen, so the part kept and the part given back add
//! up to the charge, and no refund exceeds what the charge came to after
//! waivers and earlier refunds). The guardian sees the refund before
//! confirming; confirming ends the consent and books the refund together.
//! Whatever the family then has in credit is owed back to them in money.
use crate::audit::{self, Event};
use crate::authz::Actor;
use crate::entities::{application, charge};
use crate::enrolment::agreement::{end_consent, guardians_application};
use crate::error::{DomainError, DomainResult};
use crate::money::billing::ServiceDays;
use crate::money::charges::with_net;
use crate::money::ledger::{self, Posting};
use crate::money::rounding::pro_rata;
use crate::ids::{ApplicationId, StudentId};
use crate::messages::inbox::{self, About, Notice};
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait};
use serde_json::json;
use wire::money::{PostingKind, RefundLine, RefundPreview};
use wire::plan::PlanContent;

/// What each charge gives back for the service days from `from` on.
pub fn refund_lines(charges: &[(charge::Model, i64)], from: NaiveDate, days: &ServiceDays) -> Vec<(i64, RefundLine)> {
    charges
        .iter()
        .filter(|(c, _)| c.covers_to >= from)
        .map(|(c, net)| {
            let undelivered = days.count(from.max(c.covers_from), c.covers_to).min(c.days);
            let line = RefundLine {
                period: c.period.clone(),
                covers_from: c.covers_from,
                covers_to: c.covers_to,
                days: c.days as i32,
                undelivered: undelivered as i32,
                net_fen: *net,
                refund_fen: pro_rata(*net, undelivered, c.days),
            };
            (c.id, line)
        })
        .collect()
}

struct Computed {
    preview: RefundPreview,
    lines: Vec<(i64, RefundLine)>,
    application: application::Model,
}

async fn compute<C: ConnectionTrait>(db: &C, actor: &Actor, id: ApplicationId, from: NaiveDate, today: NaiveDate) -> DomainResult<Computed> {
    let (a, at, student_name) = guardians_application(db, actor, id).await?;
    if a.ended_on.is_some() {
        return Err(DomainError::invalid("application", "not_admitted"));
    }
    if from < today {
        return Err(DomainError::invalid("from", "in_the_past"));
    }
    crate::dates::require("from", from)?;
    let charges = charge::Entity::find().filter(charge::Column::ApplicationId.eq(a.id)).order_by_asc(charge::Column::CoversFrom).all(db).await?;
    let charges = with_net(db, charges).await?;
    let content: PlanContent = serde_json::from_str(&at.plan.content)?;
    let span = (charges.iter().map(|(c, _)| c.covers_from).min(), charges.iter().map(|(c, _)| c.covers_to).max());
    let lines = match span {
        (Some(lo), Some(hi)) => {
            let s = crate::scope::find_school(db, crate::ids::SchoolId(a.school_id)).await?;
            let days = ServiceDays::load(db, &s, &content, lo, hi).await?;
            refund_lines(&charges, from, &days)
        }
        _ => Vec::new(),
    };
    let refund: i64 = lines.iter().map(|(_, l)| l.refund_fen).sum();
    let balances = ledger::child_balances(db, &[a.student_id]).await?;
    let (owed_before, _) = ledger::owed(balances.get(&a.student_id));
    let after = owed_before - refund;
    let preview = RefundPreview {
        application: id,
        student_name,
        plan_title: at.title,
        from,
        lines: lines.iter().map(|(_, l)| l.clone()).collect(),
        refund_fen: refund,
        owed_before_fen: owed_before,
        paid_back_fen: (-after).max(0),
        owed_after_fen: after.max(0),
    };
    Ok(Computed { preview, lines, application: a })
}

/// What withdrawing the child from `from` would give back; nothing changes.
pub async fn preview(cx: &crate::Ctx, id: ApplicationId, from: NaiveDate) -> DomainResult<RefundPreview> {
    let db = cx.reads();
    let actor = cx.actor()?;
    let now = cx.now();
    Ok(compute(db, actor, id, from, crate::clock::local_date(now)).await?.preview)
}

/// Withdraws the child from `from` and books the refund shown. When the
/// guardian saw an amount (`expected_fen`) and it is no longer right
/// (billing ran in between), nothing changes and they are asked to look
/// again.
pub async fn confirm(cx: &crate::Ctx, id: ApplicationId, from: NaiveDate, expected_fen: Option<i64>) -> DomainResult<RefundPreview> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let today = crate::clock::local_date(now);
    let txn = db.begin().await?;
    // Two confirmations at once take turns; the second finds it done.
    application::Entity::find_by_id(id.0).lock_exclusive().one(&txn).await?.ok_or(DomainError::NotFound)?;
    let c = compute(&txn, actor, id, from, today).await?;
    if expected_fen.is_some_and(|e| e != c.preview.refund_fen) {
        return Err(DomainError::invalid("refund", "changed"));
    }
    let (a, at, student_name) = end_consent(&txn, actor, id, from, now).await?;
    let student = c.application.student_id;
    let mut postings: Vec<Posting> = c
        .lines
        .iter()
        .filter(|(_, l)| l.refund_fen > 0)
        .map(|(charge, l)| Posting::new(PostingKind::Refund, l.refund_fen, today).student(student).charge(*charge).memo(format!("{} {from}", l.period)))
        .collect();
    if c.preview.paid_back_fen > 0 {
        postings.push(Posting::new(PostingKind::RefundDue, c.preview.paid_back_fen, today).student(student).memo(format!("{from}")));
    }
    ledger::book(&txn, a.school_id, actor.account, &postings, now).await?;
    if c.preview.refund_fen > 0 || c.preview.paid_back_fen > 0 {
        let notice = Notice::RefundBooked { amount_fen: c.preview.refund_fen, paid_back_fen: c.preview.paid_back_fen };
        let about = About { application: Some(id), student_name: &student_name, plan_title: &at.title };
        inbox::notify_guardians(&txn, [(StudentId(student), about, &notice)], cx.now()).await?;
    }
    audit::record(&txn, now,
        Event::new(Some(actor.account), "refund.booked", format!("application:{id}"), json!({"from": from, "refund_fen": c.preview.refund_fen, "paid_back_fen": c.preview.paid_back_fen, "lines": c.preview.lines.len()})),
    )
    .await?;
    txn.commit().await?;
    Ok(c.preview)
}

/// The school pays out a family's refund due (all of it), recorded with the
/// bank transfer's reference.
pub async fn pay_out(cx: &crate::Ctx, student: StudentId, on: NaiveDate, reference: &str) -> DomainResult<i64> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let st = crate::places::student_at(db, student.0).await?;
    let s = crate::scope::school(db, actor, crate::ids::SchoolId(st.row.school_id), crate::authz::Action::ManageMoney).await?;
    let reference = super::amounts::memo("reference", reference)?;
    if on > crate::clock::local_date(now) {
        return Err(DomainError::invalid("on_date", "in_the_future"));
    }
    let txn = db.begin().await?;
    // Two payouts for the child at once take turns (the child's
    // applications are the lock), so the refund is paid once.
    application::Entity::find().filter(application::Column::StudentId.eq(student.0)).lock_exclusive().all(&txn).await?;
    let (_, due) = ledger::owed(ledger::child_balances(&txn, &[student.0]).await?.get(&student.0));
    if due <= 0 {
        return Err(DomainError::invalid("refund", "nothing_due"));
    }
    ledger::book(&txn, s.id, actor.account, &[Posting::new(PostingKind::RefundPaid, due, on).student(student.0).memo(reference.clone())], now).await?;
    let title = String::new();
    inbox::notify_guardians(&txn, [(student, About { application: None, student_name: &st.row.name, plan_title: &title }, &Notice::RefundPaid { amount_fen: due })], cx.now()).await?;
    audit::record(&txn, now, Event::new(Some(actor.account), "refund.paid", format!("student:{student}"), json!({"amount_fen": due, "on": on, "reference": reference}))).await?;
    txn.commit().await?;
    Ok(due)
}
