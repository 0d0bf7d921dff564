//! The semester settlement (结算 [001]): after the term, the school sets
//! what came in (fees after waivers and refunds, subsidy, gifts) against
//! what was spent, from the day after its last settlement to the day before
//! its next term. Where the district gives a surplus back (结余部分应及时退还
//! [001]), it is shared among the term's families in proportion to what
//! their children's fees came to (largest remainder: the shares add up to
//! the surplus exactly); each share lowers what the family owes, and a
//! family left in credit is owed the money back. Every family gets a
//! statement. A term is settled once.
use crate::audit::{self, Event};
use crate::authz::Action;
use crate::entities::{charge, ledger_posting, plan, school, settlement, student};
use crate::error::{DomainError, DomainResult, duplicate_as};
use crate::money::ledger::{self, Posting, balances, between};
use crate::money::rounding::largest_remainder;
use crate::money::charges::given_back;
use crate::ids::{DistrictId, PlanId, StudentId};
use crate::policy;
use chrono::{NaiveDate, SecondsFormat};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait};
use serde_json::json;
use std::collections::{BTreeMap, HashMap};
use wire::money::{Account, FamilyStatement, PostingKind, Settlement};
use wire::plan::{PlanContent, PlanStatus};

async fn plan_school<C: ConnectionTrait>(db: &C, id: PlanId) -> DomainResult<(plan::Model, PlanContent, school::Model)> {
    let p = plan::Entity::find_by_id(id.0).one(db).await?.ok_or(DomainError::NotFound)?;
    let s = crate::scope::find_school(db, crate::ids::SchoolId(p.school_id)).await?;
    Ok((p.clone(), serde_json::from_str(&p.content)?, s))
}

/// The days a settlement of `p` covers, settled `today`.
async fn window<C: ConnectionTrait>(db: &C, p: &plan::Model, today: NaiveDate) -> DomainResult<(NaiveDate, NaiveDate)> {
    let previous = settlement::Entity::find()
        .filter(settlement::Column::SchoolId.eq(p.school_id))
        .filter(settlement::Column::PlanId.ne(p.id))
        .filter(settlement::Column::ToDate.lt(p.term_start))
        .order_by_desc(settlement::Column::ToDate)
        .one(db)
        .await?;
    let first_posting: Option<NaiveDate> = ledger_posting::Entity::find()
        .select_only()
        .column_as(Expr::cust("MIN(on_date)"), "first")
        .filter(ledger_posting::Column::SchoolId.eq(p.school_id))
        .into_tuple()
        .one(db)
        .await?
        .flatten();
    let from = match previous {
        Some(s) => s.to_date.succ_opt().unwrap_or(s.to_date),
        None => first_posting.map_or(p.term_start, |d| d.min(p.term_start)),
    };
    let next = plan::Entity::find()
        .filter(plan::Column::SchoolId.eq(p.school_id))
        .filter(plan::Column::Status.eq(PlanStatus::Published.as_str()))
        .filter(plan::Column::TermStart.gt(p.term_end))
        .order_by_asc(plan::Column::TermStart)
        .one(db)
        .await?;
    // Up to yesterday: the settlement's own postings, dated today, and
    // whatever is booked after it fall in the next period, still open.
    let yesterday = today.pred_opt().unwrap_or(today);
    let to = next.and_then(|n| n.term_start.pred_opt()).map_or(yesterday, |d| d.min(yesterday));
    Ok((from, to.max(p.term_end)))
}

/// Each child's payments (less reversals) dated in the window.
async fn paid<C: ConnectionTrait>(db: &C, school: i64, students: &[i64], from: NaiveDate, to: NaiveDate) -> DomainResult<HashMap<i64, i64>> {
    let rows = ledger_posting::Entity::find()
        .filter(between(school, from, to))
        .filter(ledger_posting::Column::StudentId.is_in(students.iter().copied()))
        .filter(ledger_posting::Column::Kind.is_in([PostingKind::Payment.as_str(), PostingKind::Reversal.as_str()]))
        .all(db)
        .await?;
    // A payment moves money from what the family owes into the bank; its
    // reversal the other way.
    let (bank, owed) = (Account::Bank.as_str(), Account::Receivable.as_str());
    let mut out: HashMap<i64, i64> = HashMap::new();
    for r in rows {
        let Some(s) = r.student_id else { continue };
        let sign = match (r.debit.as_str(), r.credit.as_str()) {
            (d, c) if d == bank && c == owed => 1,
            (d, c) if d == owed && c == bank => -1,
            _ => continue,
        };
        *out.entry(s).or_default() += sign * r.amount_fen;
    }
    Ok(out)
}

struct Computed {
    view: Settlement,
    shares: Vec<(i64, i64)>,
}

async fn compute<C: ConnectionTrait>(db: &C, p: &plan::Model, content: &PlanContent, s: &school::Model, today: NaiveDate) -> DomainResult<Computed> {
    let rules = policy::in_force(db, DistrictId(s.district_id), content.term_start).await?.1;
    let (from, to) = window(db, p, today).await?;
    let b = balances(ledger::sums(db, between(s.id, from, to)).await?);
    let get = |a: Account| b.get(&a).copied().unwrap_or(0);
    let income = -get(Account::FeeIncome) - get(Account::Waivers) - get(Account::Refunds) - get(Account::SurplusRefunds) - get(Account::SubsidyCity) - get(Account::SubsidyDistrict) - get(Account::Sponsorship);
    let spending: i64 = Account::SPENDING.iter().map(|a| get(*a)).sum();
    let surplus = income - spending;
    // Each child's charges of this plan and what they came to.
    let charges = charge::Entity::find().filter(charge::Column::PlanId.eq(p.id)).order_by_asc(charge::Column::StudentId).all(db).await?;
    let given = given_back(db, &charges).await?;
    // Per child: (charged, waived, refunded).
    let mut per: BTreeMap<i64, (i64, i64, i64)> = BTreeMap::new();
    for c in &charges {
        let g = given.get(&c.id).copied().unwrap_or_default();
        let e = per.entry(c.student_id).or_default();
        (e.0, e.1, e.2) = (e.0 + c.amount_fen, e.1 + g.waived, e.2 + g.refunded);
    }
    let students: Vec<i64> = per.keys().copied().collect();
    // What each child's fees came to.
    let weights: Vec<i64> = per.values().map(|(charged, waived, refunded)| charged - waived - refunded).collect();
    let shares = if rules.funding.surplus_refunded { largest_remainder(surplus, &weights) } else { vec![0; weights.len()] };
    let names: HashMap<i64, String> = student::Entity::find().filter(student::Column::Id.is_in(students.iter().copied())).all(db).await?.into_iter().map(|s| (s.id, s.name)).collect();
    let paid = paid(db, s.id, &students, from, to).await?;
    let balances = ledger::child_balances(db, &students).await?;
    let statements = students
        .iter()
        .zip(&shares)
        .map(|(st, share)| {
            let (charged, waived, refunded) = per[st];
            FamilyStatement {
                plan: PlanId(p.id),
                plan_title: content.title.clone(),
                student: StudentId(*st),
                student_name: names.get(st).cloned().unwrap_or_default(),
                charged_fen: charged,
                waived_fen: waived,
                refunded_fen: refunded,
                surplus_share_fen: *share,
                paid_fen: paid.get(st).copied().unwrap_or(0),
                balance_fen: ledger::owed(balances.get(st)).0 - share,
            }
        })
        .collect();
    Ok(Computed {
        shares: students.into_iter().zip(shares).filter(|(_, n)| *n > 0).collect(),
        view: Settlement {
            plan: PlanId(p.id),
            plan_title: content.title.clone(),
            school_name: s.name.clone(),
            from,
            to,
            income_fen: income,
            spending_fen: spending,
            surplus_fen: surplus,
            refunded: rules.funding.surplus_refunded,
            statements,
            confirmed_at: None,
            may_confirm: false,
        },
    })
}

/// The settlement of a plan's term: as confirmed, or as it would be now.
pub async fn view(cx: &crate::Ctx, id: PlanId) -> DomainResult<Settlement> {
    let db = cx.reads();
    let actor = cx.actor()?;
    let today = cx.today();
    let (p, content, s) = plan_school(db, id).await?;
    crate::scope::school(db, actor, crate::ids::SchoolId(s.id), Action::ViewMoney).await?;
    if let Some(done) = settlement::Entity::find().filter(settlement::Column::PlanId.eq(p.id)).one(db).await? {
        return confirmed(&done, &content, &s);
    }
    let mut v = compute(db, &p, &content, &s, today).await?.view;
    v.may_confirm = today > content.term_end && actor.may(Action::ManageMoney, &crate::authz::Target::School(crate::places::school_place(&s)));
    Ok(v)
}

fn confirmed(done: &settlement::Model, content: &PlanContent, s: &school::Model) -> DomainResult<Settlement> {
    Ok(Settlement {
        plan: PlanId(done.plan_id),
        plan_title: content.title.clone(),
        school_name: s.name.clone(),
        from: done.from_date,
        to: done.to_date,
        income_fen: done.income_fen,
        spending_fen: done.spending_fen,
        surplus_fen: done.surplus_fen,
        refunded: done.refunded,
        statements: serde_json::from_str(&done.statements)?,
        confirmed_at: Some(done.confirmed_at.to_rfc3339_opts(SecondsFormat::Secs, true)),
        may_confirm: false,
    })
}

/// Confirms a term's settlement after its end: books each family's share
/// of a surplus the district gives back, and what is then owed back in
/// money. `expected_surplus` is what the school saw.
pub async fn confirm(cx: &crate::Ctx, id: PlanId, expected_surplus: i64) -> DomainResult<Settlement> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let today = cx.today();
    let now = cx.now();
    let (p, content, s) = plan_school(db, id).await?;
    crate::scope::school(db, actor, crate::ids::SchoolId(s.id), Action::ManageMoney).await?;
    if today <= content.term_end {
        return Err(DomainError::invalid("settlement", "term_not_over"));
    }
    let txn = db.begin().await?;
    super::periods::take_turn(&txn, s.id).await?;
    let c = compute(&txn, &p, &content, &s, today).await?;
    if c.view.surplus_fen != expected_surplus {
        return Err(DomainError::invalid("settlement", "changed"));
    }
    let mut postings: Vec<Posting> = c.shares.iter().map(|(st, n)| Posting::new(PostingKind::SurplusRefund, *n, today).student(*st).memo(content.title.clone())).collect();
    for st in &c.view.statements {
        if st.balance_fen < 0 {
            postings.push(Posting::new(PostingKind::RefundDue, -st.balance_fen, today).student(st.student.0).memo(content.title.clone()));
        }
    }
    ledger::book(&txn, s.id, actor.account, &postings, now).await?;
    settlement::ActiveModel {
        plan_id: Set(p.id),
        school_id: Set(s.id),
        from_date: Set(c.view.from),
        to_date: Set(c.view.to),
        income_fen: Set(c.view.income_fen),
        spending_fen: Set(c.view.spending_fen),
        surplus_fen: Set(c.view.surplus_fen),
        refunded: Set(c.view.refunded),
        statements: Set(serde_json::to_string(&c.view.statements)?),
        confirmed_by: Set(actor.account.0),
        confirmed_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(duplicate_as("settlement", "already_confirmed"))?;
    audit::record(&txn, now,
        Event::new(Some(actor.account), "settlement.confirmed", format!("plan:{}", p.id), json!({"from": c.view.from, "to": c.view.to, "income_fen": c.view.income_fen, "spending_fen": c.view.spending_fen, "surplus_fen": c.view.surplus_fen, "shared": c.shares.len()})),
    )
    .await?;
    txn.commit().await?;
    let mut v = c.view;
    v.confirmed_at = Some(now.to_rfc3339_opts(SecondsFormat::Secs, true));
    Ok(v)
}

/// A family's statements of settled terms, for the guardian's page.
pub(crate) async fn statements_of<C: ConnectionTrait>(db: &C, student: i64, plans: &[i64]) -> DomainResult<Vec<FamilyStatement>> {
    let rows = settlement::Entity::find().filter(settlement::Column::PlanId.is_in(plans.iter().copied())).all(db).await?;
    let mut out = Vec::new();
    for r in rows {
        let all: Vec<FamilyStatement> = serde_json::from_str(&r.statements)?;
        out.extend(all.into_iter().filter(|s| s.student.0 == student));
    }
    Ok(out)
}
