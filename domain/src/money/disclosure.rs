//! The monthly disclosure (M4, M5): each month a school publishes its
//! service money's income and spending by category, with the purpose of
//! every "other" spending and the staff-pay share against the district's
//! minimum (flagged when below), by the district's day of the next month.
//! A published disclosure is public and fixed (later corrections show in
//! the month they are booked); before that only the school's money keepers,
//! the supervision panel and the bureau see the draft. A month with money
//! booked and no disclosure past its day is overdue: the bureau's flags
//! read `overdue` here.
use crate::audit::{self, Event};
use crate::authz::{Action, Target};
use crate::entities::{disclosure, ledger_posting, school};
use crate::error::{DomainError, DomainResult, duplicate_as};
use crate::money::ledger::{self, balances, between};
use crate::dates::{month_key, month_of};
use crate::ids::{DistrictId, SchoolId};
use crate::places::school_place;
use crate::policy::{self, PolicySettings, StaffPayBasis};
use chrono::{Datelike, Months, NaiveDate, SecondsFormat};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait};
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
pub use wire::money::{Account, Correction, Disclosure, MonthFigures, PostingKind};

/// The day a month's disclosure is due: the district's day of the next month.
pub fn due(month: NaiveDate, rules: &PolicySettings) -> NaiveDate {
    let next = month_of(month).0.checked_add_months(Months::new(1)).unwrap_or(month);
    next.with_day(u32::from(rules.funding.disclosure_due_day.clamp(1, 28))).unwrap_or(next)
}

/// The figures from a month's sums per pair of accounts.
pub fn from_sums(month: NaiveDate, pairs: &[(Account, Account, i64)], bank_balance: i64, rules: &PolicySettings) -> MonthFigures {
    let b = balances(pairs.iter().copied());
    let debit = |a: Account| b.get(&a).copied().unwrap_or(0);
    let credit = |a: Account| -debit(a);
    let pair = |d: Account, c: Account| pairs.iter().filter(|(x, y, _)| *x == d && *y == c).map(|(.., n)| n).sum::<i64>();
    let fees_charged = credit(Account::FeeIncome);
    let (waived, refunded, surplus) = (debit(Account::Waivers), debit(Account::Refunds), debit(Account::SurplusRefunds));
    let fees_net = fees_charged - waived - refunded - surplus;
    let (city, district, sponsorship) = (credit(Account::SubsidyCity), credit(Account::SubsidyDistrict), credit(Account::Sponsorship));
    let income = fees_net + city + district + sponsorship;
    let spending: Vec<(Account, i64)> = Account::SPENDING.iter().map(|a| (*a, debit(*a))).collect();
    let spending_total: i64 = spending.iter().map(|(_, n)| n).sum();
    let staff_pay: i64 = spending.iter().filter(|(a, _)| a.is_staff_pay()).map(|(_, n)| n).sum();
    let on_income = rules.funding.staff_pay_basis == StaffPayBasis::Income;
    let basis = if on_income { income } else { spending_total };
    let share = (basis > 0).then(|| (i128::from(staff_pay) * 1000 / i128::from(basis)) as i64);
    MonthFigures {
        month: month_key(month),
        fees_charged_fen: fees_charged,
        waived_fen: waived,
        refunded_fen: refunded,
        surplus_refunded_fen: surplus,
        fees_net_fen: fees_net,
        fees_received_fen: pair(Account::Bank, Account::Receivable) - pair(Account::Receivable, Account::Bank),
        subsidy_city_fen: city,
        subsidy_district_fen: district,
        sponsorship_fen: sponsorship,
        income_fen: income,
        spending,
        spending_fen: spending_total,
        other_purposes: Vec::new(),
        staff_pay_fen: staff_pay,
        staff_share_permille: share,
        staff_min_percent: rules.staff_pay_min_percent,
        staff_share_on_income: on_income,
        below_minimum: share.is_some_and(|s| s < i64::from(rules.staff_pay_min_percent) * 10),
        bank_balance_fen: bank_balance,
        children_charged: 0,
        children_waived: 0,
        corrections: Vec::new(),
    }
}

/// A school's month computed from its books: grouped sums, never the rows.
pub(crate) async fn figures<C: ConnectionTrait>(db: &C, s: &school::Model, month: NaiveDate, rules: &PolicySettings) -> DomainResult<MonthFigures> {
    let (first, last) = month_of(month);
    let pairs = ledger::sums(db, between(s.id, first, last)).await?;
    let bank = ledger::sums(
        db,
        Condition::all()
            .add(ledger_posting::Column::SchoolId.eq(s.id))
            .add(ledger_posting::Column::OnDate.lte(last))
            .add(Condition::any().add(ledger_posting::Column::Debit.eq(Account::Bank.as_str())).add(ledger_posting::Column::Credit.eq(Account::Bank.as_str()))),
    )
    .await?;
    let bank_balance = balances(bank).get(&Account::Bank).copied().unwrap_or(0);
    let mut f = from_sums(first, &pairs, bank_balance, rules);
    let purposes: Vec<(String, i64)> = ledger_posting::Entity::find()
        .select_only()
        .column(ledger_posting::Column::Memo)
        .column_as(Expr::cust("CAST(SUM(amount_fen) AS BIGINT)"), "total")
        .filter(between(s.id, first, last))
        .filter(ledger_posting::Column::Kind.eq(PostingKind::Other.as_str()))
        .group_by(ledger_posting::Column::Memo)
        .into_tuple()
        .all(db)
        .await?;
    f.other_purposes = purposes;
    let counts: Vec<(String, i64)> = ledger_posting::Entity::find()
        .select_only()
        .column(ledger_posting::Column::Kind)
        .column_as(Expr::cust("COUNT(DISTINCT student_id)"), "n")
        .filter(between(s.id, first, last))
        .filter(ledger_posting::Column::Kind.is_in([PostingKind::Charge.as_str(), PostingKind::Waiver.as_str()]))
        .group_by(ledger_posting::Column::Kind)
        .into_tuple()
        .all(db)
        .await?;
    for (kind, n) in counts {
        if kind == PostingKind::Charge.as_str() {
            f.children_charged = n as u32;
        } else {
            f.children_waived = n as u32;
        }
    }
    f.corrections = corrections(db, s.id, first, last).await?;
    Ok(f)
}

/// The month's reversals of postings dated in earlier months.
async fn corrections<C: ConnectionTrait>(db: &C, school: i64, first: NaiveDate, last: NaiveDate) -> DomainResult<Vec<Correction>> {
    let reversals = ledger_posting::Entity::find()
        .filter(between(school, first, last))
        .filter(ledger_posting::Column::Kind.eq(PostingKind::Reversal.as_str()))
        .order_by_asc(ledger_posting::Column::Id)
        .all(db)
        .await?;
    let originals: HashMap<i64, ledger_posting::Model> = ledger_posting::Entity::find()
        .filter(ledger_posting::Column::Id.is_in(reversals.iter().filter_map(|r| r.reverses)))
        .filter(ledger_posting::Column::OnDate.lt(first))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    Ok(reversals
        .into_iter()
        .filter_map(|r| {
            let o = originals.get(&r.reverses?)?;
            Some(Correction { of_month: month_key(o.on_date), kind: PostingKind::parse(&o.kind)?, amount_fen: o.amount_fen, reason: r.memo })
        })
        .collect())
}

async fn rules_of<C: ConnectionTrait>(db: &C, s: &school::Model, on: NaiveDate) -> DomainResult<PolicySettings> {
    Ok(policy::in_force(db, DistrictId(s.district_id), on).await?.1)
}

/// The months a school has booked money in, from its postings' dates (in
/// the service's years: a date outside them, booked before they were
/// checked, owes no disclosure).
async fn months_booked<C: ConnectionTrait>(db: &C, school: i64) -> DomainResult<BTreeSet<NaiveDate>> {
    let dates: Vec<NaiveDate> = ledger_posting::Entity::find()
        .select_only()
        .column(ledger_posting::Column::OnDate)
        .distinct()
        .filter(ledger_posting::Column::SchoolId.eq(school))
        .into_tuple()
        .all(db)
        .await?;
    Ok(dates.into_iter().filter(|d| inputs::dates::within(*d)).map(|d| month_of(d).0).collect())
}

/// A school's months with money booked and no disclosure, each with its
/// due day and whether it is past.
pub(crate) async fn due_months<C: ConnectionTrait>(db: &C, s: &school::Model, today: NaiveDate) -> DomainResult<Vec<(String, NaiveDate, bool)>> {
    let rules = rules_of(db, s, today).await?;
    let published: HashSet<String> = disclosure::Entity::find().filter(disclosure::Column::SchoolId.eq(s.id)).all(db).await?.into_iter().map(|d| d.month).collect();
    Ok(months_booked(db, s.id)
        .await?
        .into_iter()
        .filter(|m| month_of(*m).1 < today && !published.contains(&month_key(*m)))
        .map(|m| {
            let due = due(m, &rules);
            (month_key(m), due, today > due)
        })
        .collect())
}

/// Every school of a district whose disclosure of a month is past its day:
/// (school, its name, month, due day). The bureau's flags list this.
pub async fn overdue<C: ConnectionTrait>(db: &C, district: DistrictId, today: NaiveDate) -> DomainResult<Vec<(SchoolId, String, String, NaiveDate)>> {
    let rules = policy::in_force(db, district, today).await?.1;
    let schools: HashMap<i64, String> = school::Entity::find().filter(school::Column::DistrictId.eq(district.0)).all(db).await?.into_iter().map(|s| (s.id, s.name)).collect();
    let dates: Vec<(i64, NaiveDate)> = ledger_posting::Entity::find()
        .select_only()
        .column(ledger_posting::Column::SchoolId)
        .column(ledger_posting::Column::OnDate)
        .distinct()
        .filter(ledger_posting::Column::SchoolId.is_in(schools.keys().copied()))
        .into_tuple()
        .all(db)
        .await?;
    let booked: BTreeSet<(i64, NaiveDate)> = dates.into_iter().filter(|(_, d)| inputs::dates::within(*d)).map(|(s, d)| (s, month_of(d).0)).collect();
    let published: HashSet<(i64, String)> =
        disclosure::Entity::find().filter(disclosure::Column::SchoolId.is_in(schools.keys().copied())).all(db).await?.into_iter().map(|d| (d.school_id, d.month)).collect();
    Ok(booked
        .into_iter()
        .filter(|(s, m)| today > due(*m, &rules) && !published.contains(&(*s, month_key(*m))))
        .map(|(s, m)| (SchoolId(s), schools.get(&s).cloned().unwrap_or_default(), month_key(m), due(m, &rules)))
        .collect())
}

/// A school's disclosure of a month: the published one for anyone; the
/// draft for the school's money keepers, its supervision panel and the
/// bureau; nothing for anyone else.
pub async fn view(cx: &crate::Ctx, school: SchoolId, month: NaiveDate) -> DomainResult<Disclosure> {
    let db = cx.reads();
    let actor = cx.acting();
    let today = cx.today();
    let s = crate::scope::find_school(db, school).await?;
    let rules = rules_of(db, &s, month_of(month).0).await?;
    let target = Target::School(school_place(&s));
    let may_manage = actor.is_some_and(|a| a.may(Action::ManageMoney, &target));
    let row = disclosure::Entity::find().filter(disclosure::Column::SchoolId.eq(s.id)).filter(disclosure::Column::Month.eq(month_key(month))).one(db).await?;
    let due = due(month, &rules);
    let (figures, published_at) = match row {
        Some(r) => (serde_json::from_str(&r.figures)?, Some(r.published_at.to_rfc3339_opts(SecondsFormat::Secs, true))),
        None if actor.is_some_and(|a| a.may(Action::ViewMoney, &target)) => (figures(db, &s, month, &rules).await?, None),
        None => return Err(DomainError::NotFound),
    };
    let overdue = published_at.is_none() && today > due && months_booked(db, s.id).await?.contains(&month_of(month).0);
    Ok(Disclosure {
        school,
        school_name: s.name,
        figures,
        overdue,
        may_publish: may_manage && published_at.is_none() && month_of(month).1 < today,
        published_at,
        due,
    })
}

/// Publishes a finished month's disclosure, once.
pub async fn publish(cx: &crate::Ctx, school: SchoolId, month: NaiveDate) -> DomainResult<()> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let today = cx.today();
    let now = cx.now();
    let s = crate::scope::school(db, actor, school, Action::ManageMoney).await?;
    let (first, last) = month_of(month);
    if last >= today {
        return Err(DomainError::invalid("month", "not_over"));
    }
    let rules = rules_of(db, &s, first).await?;
    let txn = db.begin().await?;
    // No booking slips in between the figures and their publication.
    super::periods::take_turn(&txn, s.id).await?;
    let f = figures(&txn, &s, first, &rules).await?;
    disclosure::ActiveModel {
        school_id: Set(s.id),
        month: Set(month_key(first)),
        figures: Set(serde_json::to_string(&f)?),
        published_by: Set(actor.account.0),
        published_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(duplicate_as("month", "already_published"))?;
    audit::record(&txn, now, Event::new(Some(actor.account), "disclosure.published", format!("school:{}", s.id), json!({"month": month_key(first), "income_fen": f.income_fen, "spending_fen": f.spending_fen, "below_minimum": f.below_minimum}))).await?;
    txn.commit().await?;
    Ok(())
}

/// Every school's figures for a month (the month-end job; the bureau's
/// totals), each from grouped sums.
pub async fn all_schools<C: ConnectionTrait>(db: &C, month: NaiveDate) -> DomainResult<Vec<(SchoolId, MonthFigures)>> {
    let mut rules: HashMap<i64, PolicySettings> = HashMap::new();
    let mut out = Vec::new();
    for s in school::Entity::find().all(db).await? {
        let r = match rules.entry(s.district_id) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(rules_of(db, &s, month_of(month).0).await?),
        };
        out.push((SchoolId(s.id), figures(db, &s, month, r).await?));
    }
    Ok(out)
}

/// The latest published month of each of these schools.
pub(crate) async fn latest_published<C: ConnectionTrait>(db: &C, schools: &[i64]) -> DomainResult<BTreeMap<i64, String>> {
    let mut out: BTreeMap<i64, String> = BTreeMap::new();
    for d in disclosure::Entity::find().filter(disclosure::Column::SchoolId.is_in(schools.iter().copied())).all(db).await? {
        let e = out.entry(d.school_id).or_default();
        if d.month > *e {
            *e = d.month;
        }
    }
    Ok(out)
}

/// A month's disclosure as a spreadsheet; `label` names each line in the
/// reader's language.
pub fn to_xlsx(d: &Disclosure, label: impl Fn(&str) -> String, account: impl Fn(Account) -> String) -> DomainResult<Vec<u8>> {
    use crate::money::export::{Cell, Sheet};
    let f = &d.figures;
    let mut sheet = Sheet::new(&f.month)?;
    sheet.row(&[d.school_name.clone(), f.month.clone()])?;
    sheet.row(&[label("item"), label("amount")])?;
    let lines = [
        ("fees_charged", f.fees_charged_fen),
        ("waived", f.waived_fen),
        ("refunded", f.refunded_fen),
        ("surplus_refunded", f.surplus_refunded_fen),
        ("fees_net", f.fees_net_fen),
        ("fees_received", f.fees_received_fen),
        ("subsidy_city", f.subsidy_city_fen),
        ("subsidy_district", f.subsidy_district_fen),
        ("sponsorship", f.sponsorship_fen),
        ("income", f.income_fen),
    ];
    for (key, n) in lines {
        sheet.cells(&[Cell::Text(label(key)), Cell::Money(n)])?;
    }
    for (a, n) in &f.spending {
        sheet.cells(&[Cell::Text(account(*a)), Cell::Money(*n)])?;
    }
    sheet.cells(&[Cell::Text(label("spending")), Cell::Money(f.spending_fen)])?;
    for (purpose, n) in &f.other_purposes {
        sheet.cells(&[Cell::Text(format!("{} · {purpose}", account(Account::Other))), Cell::Money(*n)])?;
    }
    sheet.cells(&[Cell::Text(label("staff_pay")), Cell::Money(f.staff_pay_fen)])?;
    if let Some(p) = f.staff_share_permille {
        sheet.cells(&[Cell::Text(label("staff_share")), Cell::Number(p as f64 / 10.0)])?;
    }
    sheet.cells(&[Cell::Text(label("bank_balance")), Cell::Money(f.bank_balance_fen)])?;
    for c in &f.corrections {
        sheet.cells(&[Cell::Text(format!("{} {} · {}", label("correction"), c.of_month, c.reason)), Cell::Money(-c.amount_fen)])?;
    }
    sheet.finish()
}
