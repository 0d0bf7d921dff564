//! The government subsidy (M6): a school is owed the district's rate for
//! every child-day of actual attendance (the daily totals the registers
//! keep: a child present at least once that day, however many sessions),
//! at the rate in force each month, split between city and district by the
//! school's kind (6:4 for district schools, all from the city for
//! city-direct and private schools [000]): the city's share rounded down,
//! the district's the rest. The year-end reconciliation sets what each
//! school was owed against the subsidy it booked as received.
use crate::authz::{Action, Target};
use crate::entities::{attendance_total, ledger_posting, school};
use crate::error::{DomainError, DomainResult};
use crate::money::rounding::split_percent;
use crate::money::{disclosure, fees};
use crate::dates::month_of;
use crate::ids::{DistrictId, SchoolId};
use crate::policy::{self, PolicySettings};
use chrono::NaiveDate;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;
use wire::money::{Account, PostingKind, SchoolSubsidy, SubsidyReport};
use wire::org::SchoolKind;

/// The city's share in percent for a school of `kind`.
pub fn city_percent(rules: &PolicySettings, kind: SchoolKind) -> u8 {
    match kind {
        SchoolKind::District => rules.funding.city_share_percent_district_schools,
        SchoolKind::CityDirect | SchoolKind::Private => rules.funding.city_share_percent_other_schools,
    }
}

/// What `child_days` at `rate_fen` come to: (owed, the city's, the district's).
pub fn owed(child_days: i64, rate_fen: i64, city_percent: u8) -> (i64, i64, i64) {
    let total = child_days.saturating_mul(rate_fen.max(0));
    let (city, district) = split_percent(total, city_percent);
    (total, city, district)
}

/// Child-days per school and month (its first day) from the daily totals:
/// one grouped query.
async fn child_days<C: ConnectionTrait>(db: &C, schools: &[i64], from: NaiveDate, to: NaiveDate) -> DomainResult<HashMap<(i64, NaiveDate), i64>> {
    let rows: Vec<(i64, NaiveDate, i64)> = attendance_total::Entity::find()
        .select_only()
        .column(attendance_total::Column::SchoolId)
        .column(attendance_total::Column::OnDate)
        .column_as(Expr::cust("CAST(SUM(child_days) AS BIGINT)"), "days")
        .filter(attendance_total::Column::SchoolId.is_in(schools.iter().copied()))
        .filter(attendance_total::Column::OnDate.between(from, to))
        .group_by(attendance_total::Column::SchoolId)
        .group_by(attendance_total::Column::OnDate)
        .into_tuple()
        .all(db)
        .await?;
    let mut out: HashMap<(i64, NaiveDate), i64> = HashMap::new();
    for (s, day, n) in rows {
        *out.entry((s, month_of(day).0)).or_default() += n;
    }
    Ok(out)
}

/// Subsidy booked as received per school, city and district, in the year.
async fn received<C: ConnectionTrait>(db: &C, schools: &[i64], from: NaiveDate, to: NaiveDate) -> DomainResult<HashMap<i64, (i64, i64)>> {
    let rows: Vec<(i64, String, String, i64)> = ledger_posting::Entity::find()
        .select_only()
        .column(ledger_posting::Column::SchoolId)
        .column(ledger_posting::Column::Debit)
        .column(ledger_posting::Column::Credit)
        .column_as(Expr::cust("CAST(SUM(amount_fen) AS BIGINT)"), "total")
        .filter(ledger_posting::Column::SchoolId.is_in(schools.iter().copied()))
        .filter(ledger_posting::Column::OnDate.between(from, to))
        .filter(ledger_posting::Column::Kind.is_in([PostingKind::SubsidyCity.as_str(), PostingKind::SubsidyDistrict.as_str(), PostingKind::Reversal.as_str()]))
        .group_by(ledger_posting::Column::SchoolId)
        .group_by(ledger_posting::Column::Debit)
        .group_by(ledger_posting::Column::Credit)
        .into_tuple()
        .all(db)
        .await?;
    let mut out: HashMap<i64, (i64, i64)> = HashMap::new();
    for (s, debit, credit, n) in rows {
        let e = out.entry(s).or_default();
        for (account, sign) in [(credit.as_str(), 1), (debit.as_str(), -1)] {
            if account == Account::SubsidyCity.as_str() {
                e.0 += sign * n;
            } else if account == Account::SubsidyDistrict.as_str() {
                e.1 += sign * n;
            }
        }
    }
    Ok(out)
}

/// The year's subsidy for these schools of one district.
async fn rows<C: ConnectionTrait>(db: &C, district: DistrictId, schools: &[school::Model], year: i32) -> DomainResult<(Vec<SchoolSubsidy>, Option<i64>)> {
    let (first, last) = crate::dates::year("year", year)?;
    let ids: Vec<i64> = schools.iter().map(|s| s.id).collect();
    let days = child_days(db, &ids, first, last).await?;
    let got = received(db, &ids, first, last).await?;
    // The policy in force at each month's start (none before the district's first).
    let mut month_rules: Vec<(NaiveDate, Option<PolicySettings>)> = Vec::new();
    for m in crate::dates::months(first, last) {
        let rules = match policy::in_force(db, district, m).await {
            Ok((_, p)) => Some(p),
            Err(DomainError::NotFound) => None,
            Err(e) => return Err(e),
        };
        month_rules.push((m, rules));
    }
    let rate_now = month_rules.last().and_then(|(_, r)| r.as_ref()).and_then(|r| r.funding.subsidy_fen_per_student_day);
    let mut out = Vec::with_capacity(schools.len());
    for s in schools {
        let kind = SchoolKind::parse(&s.kind).unwrap_or(SchoolKind::District);
        let (mut n, mut total, mut city, mut dist) = (0, 0, 0, 0);
        for (month, rules) in &month_rules {
            let d = days.get(&(s.id, *month)).copied().unwrap_or(0);
            n += d;
            if let Some(rules) = rules {
                let (t, c, di) = owed(d, rules.funding.subsidy_fen_per_student_day.unwrap_or(0), city_percent(rules, kind));
                total += t;
                city += c;
                dist += di;
            }
        }
        let (rc, rd) = got.get(&s.id).copied().unwrap_or_default();
        out.push(SchoolSubsidy {
            school: SchoolId(s.id),
            school_name: s.name.clone(),
            kind,
            child_days: n,
            entitled_fen: total,
            city_fen: city,
            district_fen: dist,
            received_city_fen: rc,
            received_district_fen: rd,
            outstanding_fen: total - rc - rd,
        });
    }
    Ok((out, rate_now))
}

fn report_of(district_name: String, year: i32, rate: Option<i64>, schools: Vec<SchoolSubsidy>) -> SubsidyReport {
    SubsidyReport {
        district_name,
        year,
        rate_fen: rate,
        child_days: schools.iter().map(|s| s.child_days).sum(),
        entitled_fen: schools.iter().map(|s| s.entitled_fen).sum(),
        city_fen: schools.iter().map(|s| s.city_fen).sum(),
        district_fen: schools.iter().map(|s| s.district_fen).sum(),
        received_fen: schools.iter().map(|s| s.received_city_fen + s.received_district_fen).sum(),
        outstanding_fen: schools.iter().map(|s| s.outstanding_fen).sum(),
        schools,
        fee_approvals: Vec::new(),
        overdue_disclosures: Vec::new(),
    }
}

/// A district's year: every school's subsidy owed and received, with the
/// fee rises waiting for the bureau and the overdue disclosures.
pub async fn district_year(cx: &crate::Ctx, id: DistrictId, year: i32) -> DomainResult<SubsidyReport> {
    let db = cx.reads();
    let actor = cx.actor()?;
    let today = cx.today();
    let d = crate::scope::district(db, actor, id, Action::ViewMoney).await?;
    let schools = school::Entity::find().filter(school::Column::DistrictId.eq(id.0)).all(db).await?;
    let (rows, rate) = rows(db, id, &schools, year).await?;
    let mut r = report_of(d.name, year, rate, rows);
    if actor.may(Action::ApproveFees, &Target::District(id)) {
        r.fee_approvals = fees::waiting_approval(db, id).await?;
    }
    r.overdue_disclosures = disclosure::overdue(db, id, today).await?;
    Ok(r)
}

/// One school's year, for its money keepers.
pub async fn school_year(cx: &crate::Ctx, id: SchoolId, year: i32) -> DomainResult<SubsidyReport> {
    let db = cx.reads();
    let actor = cx.actor()?;
    let s = crate::scope::school(db, actor, id, Action::ViewMoney).await?;
    let d = crate::scope::find_district(db, DistrictId(s.district_id)).await?;
    let (rows, rate) = rows(db, DistrictId(s.district_id), std::slice::from_ref(&s), year).await?;
    Ok(report_of(d.name, year, rate, rows))
}

/// The year as a spreadsheet; `headers` and school kinds in the reader's
/// language.
pub fn to_xlsx(r: &SubsidyReport, headers: [&str; 9], kind: impl Fn(SchoolKind) -> String) -> DomainResult<Vec<u8>> {
    use crate::money::export::{Cell, Sheet};
    let mut sheet = Sheet::new(&r.year.to_string())?;
    sheet.row(&headers.map(String::from))?;
    for s in &r.schools {
        sheet.cells(&[
            Cell::Text(s.school_name.clone()),
            Cell::Text(kind(s.kind)),
            Cell::Number(s.child_days as f64),
            Cell::Money(s.entitled_fen),
            Cell::Money(s.city_fen),
            Cell::Money(s.district_fen),
            Cell::Money(s.received_city_fen),
            Cell::Money(s.received_district_fen),
            Cell::Money(s.outstanding_fen),
        ])?;
    }
    sheet.finish()
}
