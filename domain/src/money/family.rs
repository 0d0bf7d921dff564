//! A child's money as the guardian sees it on the phone (P7): what was
//! charged, waived, given back and paid, what is owed now or owed back,
//! each charge and payment, the statements of settled terms, and the
//! school's latest monthly disclosure.
use crate::entities::{charge, ledger_posting, plan};
use crate::error::DomainResult;
use crate::money::{disclosure, ledger, settlement};
use crate::ids::{SchoolId, StudentId};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;
use wire::money::{Account, ChargeLine, ChildMoney, PaymentLine, PostingKind};
use wire::plan::PlanContent;

pub async fn child(cx: &crate::Ctx, id: StudentId) -> DomainResult<ChildMoney> {
    let db = cx.reads();
    let actor = cx.actor()?;
    let (st, _) = crate::scope::child(db, actor, id).await?;
    let school = crate::scope::maybe_school(db, SchoolId(st.row.school_id)).await?.map(|s| s.name).unwrap_or_default();
    let charges = charge::Entity::find().filter(charge::Column::StudentId.eq(id.0)).order_by_asc(charge::Column::CoversFrom).all(db).await?;
    let postings = ledger_posting::Entity::find().filter(ledger_posting::Column::StudentId.eq(id.0)).order_by_asc(ledger_posting::Column::Id).all(db).await?;
    let titles: HashMap<i64, String> = plan::Entity::find()
        .filter(plan::Column::Id.is_in(charges.iter().map(|c| c.plan_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, serde_json::from_str::<PlanContent>(&p.content).map(|c| c.title).unwrap_or_default()))
        .collect();
    let on_charge = |c: i64, kinds: &[PostingKind]| -> i64 {
        postings.iter().filter(|p| p.charge_id == Some(c) && kinds.iter().any(|k| p.kind == k.as_str())).map(|p| p.amount_fen).sum()
    };
    let lines: Vec<ChargeLine> = charges
        .iter()
        .map(|c| ChargeLine {
            plan_title: titles.get(&c.plan_id).cloned().unwrap_or_default(),
            period: c.period.clone(),
            covers_from: c.covers_from,
            covers_to: c.covers_to,
            days: c.days as i32,
            amount_fen: c.amount_fen,
            waived_fen: on_charge(c.id, &[PostingKind::Waiver]),
            refunded_fen: on_charge(c.id, &[PostingKind::Refund]),
        })
        .collect();
    let sum = |k: PostingKind| -> i64 { postings.iter().filter(|p| p.kind == k.as_str()).map(|p| p.amount_fen).sum() };
    // A reversal of a payment takes it back out of the bank.
    let reversed_payments: i64 = postings.iter().filter(|p| p.kind == PostingKind::Reversal.as_str() && p.credit == Account::Bank.as_str() && p.debit == Account::Receivable.as_str()).map(|p| p.amount_fen).sum();
    let b = ledger::child_balances(db, &[id.0]).await?;
    let (owed, due) = ledger::owed(b.get(&id.0));
    let payments = postings
        .iter()
        .filter(|p| p.debit == Account::Bank.as_str() || p.credit == Account::Bank.as_str())
        .filter_map(|p| {
            Some(PaymentLine { on_date: p.on_date, kind: PostingKind::parse(&p.kind)?, amount_fen: if p.credit == Account::Bank.as_str() { -p.amount_fen } else { p.amount_fen }, reference: p.reference.clone() })
        })
        .collect();
    let plans: Vec<i64> = titles.keys().copied().collect();
    Ok(ChildMoney {
        student: id,
        student_name: st.row.name.clone(),
        school: SchoolId(st.row.school_id),
        school_name: school,
        payment_reference: st.row.student_no.clone(),
        charged_fen: lines.iter().map(|l| l.amount_fen).sum(),
        waived_fen: sum(PostingKind::Waiver),
        refunded_fen: sum(PostingKind::Refund) + sum(PostingKind::SurplusRefund),
        paid_fen: sum(PostingKind::Payment) - reversed_payments,
        owed_fen: owed,
        refund_due_fen: due,
        refund_paid_fen: sum(PostingKind::RefundPaid),
        charges: lines,
        payments,
        statements: settlement::statements_of(db, id.0, &plans).await?,
        latest_disclosure: disclosure::latest_published(db, &[st.row.school_id]).await?.remove(&st.row.school_id),
    })
}
