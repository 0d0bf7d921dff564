//! A school's money desk: the books' balances, each plan's fees, refunds
//! owed to families, the month's postings, the proof waiting for review,
//! the pay rates and the disclosures due.
use crate::authz::{Action, Target};
use crate::entities::{ledger_posting, plan, status_claim};
use crate::error::DomainResult;
use crate::money::{disclosure, fees, ledger, pay};
use crate::dates::month_of;
use crate::ids::{DistrictId, SchoolId, StudentId};
use crate::places::school_place;
use crate::policy;
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;
use wire::money::{Account, ClaimStatus, DESK_POSTINGS, MoneyDesk, RefundDue};
use wire::plan::PlanStatus;

pub async fn desk(cx: &crate::Ctx, school: SchoolId, month: NaiveDate) -> DomainResult<MoneyDesk> {
    let db = cx.reads();
    let actor = cx.actor()?;
    let today = cx.today();
    let s = crate::scope::school(db, actor, school, Action::ViewMoney).await?;
    let (first, last) = month_of(month);
    let all = ledger::balances(ledger::sums(db, Condition::all().add(ledger_posting::Column::SchoolId.eq(s.id))).await?);
    let plans = plan::Entity::find()
        .filter(plan::Column::SchoolId.eq(s.id))
        .filter(plan::Column::Status.eq(PlanStatus::Published.as_str()))
        .filter(plan::Column::TermEnd.gte(first))
        .order_by_asc(plan::Column::TermStart)
        .all(db)
        .await?;
    let rules = policy::in_force(db, DistrictId(s.district_id), today).await?.1;
    // Children with refunds owed: their refunds-payable balance.
    let owing: Vec<(i64, i64)> = {
        let rows = ledger_posting::Entity::find()
            .filter(ledger_posting::Column::SchoolId.eq(s.id))
            .filter(Condition::any().add(ledger_posting::Column::Debit.eq(Account::RefundsPayable.as_str())).add(ledger_posting::Column::Credit.eq(Account::RefundsPayable.as_str())))
            .all(db)
            .await?;
        let mut per: HashMap<i64, i64> = HashMap::new();
        for r in rows {
            let Some(st) = r.student_id else { continue };
            *per.entry(st).or_default() += if r.credit == Account::RefundsPayable.as_str() { r.amount_fen } else { -r.amount_fen };
        }
        let mut v: Vec<(i64, i64)> = per.into_iter().filter(|(_, n)| *n > 0).collect();
        v.sort();
        v
    };
    let names = crate::places::students_by_id(db, owing.iter().map(|(s, _)| *s)).await?;
    let month = ledger_posting::Entity::find().filter(ledger::between(s.id, first, last));
    let postings_in_month = month.clone().count(db).await?;
    let rows = month.order_by_desc(ledger_posting::Column::Id).limit(DESK_POSTINGS).all(db).await?;
    let may_manage = actor.may(Action::ManageMoney, &Target::School(school_place(&s)));
    Ok(MoneyDesk {
        school,
        school_name: s.name.clone(),
        month: first,
        may_manage,
        balances: all.into_iter().filter(|(_, n)| *n != 0).collect(),
        plans: fees::plan_fees(db, &plans, &rules).await?,
        refunds_due: owing.into_iter().map(|(st, n)| RefundDue { student: StudentId(st), student_name: names.get(&st).map(|x| x.name.clone()).unwrap_or_default(), amount_fen: n }).collect(),
        postings: ledger::views(db, rows).await?,
        postings_in_month,
        claims_waiting: status_claim::Entity::find()
            .filter(status_claim::Column::SchoolId.eq(s.id))
            .filter(status_claim::Column::Status.eq(ClaimStatus::Waiting.as_str()))
            .count(db)
            .await? as u32,
        pay_rates: pay::rates_of(db, s.id).await?,
        disclosures_due: disclosure::due_months(db, &s, today).await?,
    })
}
