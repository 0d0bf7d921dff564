//! The year's calendar (S1): public holidays and make-up workdays (调休)
//! per year, for a district or one school, imported from an iCalendar file
//! such as those of npm `chinese-days` (shipped in `data/calendar/`, MIT).
//! Terms are the plans' terms, vacations the time between them. Sessions
//! exist only on service days: a plan's weekday that is no holiday, or a
//! make-up workday.
use crate::audit::{self, Event};
use crate::authz::{Action, Actor, Target};
use crate::entities::{calendar_day, plan, school};
use crate::error::{DomainError, DomainResult};
use crate::ids::{CalendarDayId, DistrictId, PlanId, SchoolId};
use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeSet, HashMap};
use crate::store::lock::take_turn;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait};
use serde_json::json;
use sha2::{Digest, Sha256};
pub use wire::operations::{CalendarDay, CalendarImport, CalendarYear, DayKind, Term};

pub use inputs::ics::{MAX_BYTES, MAX_DAYS, ParsedDay, parse as parse_ics};

/// Which weekday's timetable a date runs, if it is a service day: a plan's
/// weekday (ISO, 1 = Monday) that is no holiday, or a make-up workday,
/// which runs the weekday it follows.
pub fn runs(date: NaiveDate, weekdays: &[u8], calendar: &[CalendarDay]) -> Option<u8> {
    match calendar.iter().find(|c| c.date == date) {
        Some(c) if c.kind == DayKind::Holiday => None,
        Some(c) => Some(c.follows_weekday.unwrap_or_else(|| nearest_weekday(date))),
        None => Some(weekday(date)).filter(|w| weekdays.contains(w)),
    }
}

/// The service days from `first` to `last` (inclusive).
pub fn service_days(first: NaiveDate, last: NaiveDate, weekdays: &[u8], calendar: &[CalendarDay]) -> Vec<NaiveDate> {
    first.iter_days().take_while(|d| *d <= last).filter(|d| runs(*d, weekdays, calendar).is_some()).collect()
}

pub fn weekday(date: NaiveDate) -> u8 {
    date.weekday().number_from_monday() as u8
}

/// A make-up workday runs the nearest weekday's timetable until the school
/// chooses another: Saturday Friday's, Sunday Monday's.
pub fn nearest_weekday(date: NaiveDate) -> u8 {
    match weekday(date) {
        6 => 5,
        7 => 1,
        w => w,
    }
}

/// Who a calendar belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    District(DistrictId),
    School(SchoolId),
}

/// The years shipped with the product, from npm `chinese-days` 1.5.7 (MIT,
/// `data/calendar/LICENSE-chinese-days`).
pub const SHIPPED: &[(i32, &[u8])] = &[
    (2025, include_bytes!("../../data/calendar/2025.ics")),
    (2026, include_bytes!("../../data/calendar/2026.ics")),
];

async fn authorize<C: ConnectionTrait>(db: &C, actor: &Actor, scope: Scope) -> DomainResult<(i64, Option<i64>)> {
    match scope {
        Scope::District(d) => {
            // Unlike `authz::district`, an unknown district is `NotFound` here.
            crate::scope::find_district(db, d).await?;
            actor.require(Action::ManageDistrictCalendar, &Target::District(d))?;
            Ok((d.0, None))
        }
        Scope::School(s) => {
            let school = crate::scope::school(db, actor, s, Action::ManageSchool).await?;
            Ok((school.district_id, Some(school.id)))
        }
    }
}

/// Imports a calendar file: the years it covers replace what the scope held
/// for them. A file that is refused changes nothing.
pub async fn import(cx: &crate::Ctx, scope: Scope, bytes: &[u8]) -> DomainResult<CalendarImport> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let (district_id, school_id) = authorize(db, actor, scope).await?;
    let days = parse_ics(bytes)?;
    let years = inputs::ics::years(&days);
    let txn = db.begin().await?;
    take_turn(&txn, &turn(scope)).await?;
    for year in &years {
        let (first, last) = year_bounds(*year)?;
        calendar_day::Entity::delete_many()
            .filter(calendar_day::Column::DistrictId.eq(district_id))
            .filter(match school_id {
                Some(s) => calendar_day::Column::SchoolId.eq(s),
                None => calendar_day::Column::SchoolId.is_null(),
            })
            .filter(calendar_day::Column::Day.between(first, last))
            .exec(&txn)
            .await?;
    }
    let rows: Vec<calendar_day::ActiveModel> = days
        .iter()
        .map(|d| calendar_day::ActiveModel {
            district_id: Set(district_id),
            school_id: Set(school_id),
            day: Set(d.date),
            kind: Set(d.kind.as_str().into()),
            name: Set(d.name.clone()),
            follows_weekday: Set((d.kind == DayKind::MakeUpWorkday).then(|| i32::from(nearest_weekday(d.date)))),
            imported_by: Set(actor.account.0),
            imported_at: Set(now),
            ..Default::default()
        })
        .collect();
    crate::store::bulk::insert(&txn, rows).await?;
    let holidays = days.iter().filter(|d| d.kind == DayKind::Holiday).count() as u32;
    let report = CalendarImport { years: years.clone(), holidays, workdays: days.len() as u32 - holidays };
    audit::record(&txn, now,
        Event::new(
            Some(actor.account),
            "calendar.imported",
            scope_subject(scope),
            json!({"years": years, "holidays": report.holidays, "workdays": report.workdays, "sha256": hex::encode(Sha256::digest(bytes))}),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(report)
}

/// Imports one of the years shipped with the product.
pub async fn import_shipped(cx: &crate::Ctx, scope: Scope, year: i32) -> DomainResult<CalendarImport> {
    let (_, bytes) = SHIPPED.iter().find(|(y, _)| *y == year).ok_or(DomainError::invalid("year", "not_shipped"))?;
    import(cx, scope, bytes).await
}

fn scope_subject(scope: Scope) -> String {
    match scope {
        Scope::District(d) => format!("district:{d}"),
        Scope::School(s) => format!("school:{s}"),
    }
}

fn year_bounds(year: i32) -> DomainResult<(NaiveDate, NaiveDate)> {
    inputs::dates::year(year).ok_or(DomainError::invalid("year", "outside_years"))
}

fn school_or_district(s: &school::Model) -> sea_orm::Select<calendar_day::Entity> {
    calendar_day::Entity::find().filter(calendar_day::Column::DistrictId.eq(s.district_id)).filter(
        sea_orm::Condition::any().add(calendar_day::Column::SchoolId.is_null()).add(calendar_day::Column::SchoolId.eq(s.id)),
    )
}

/// The calendar a school runs on from `first` to `last`: per year, the
/// school's own where it imported one, else its district's.
pub(crate) async fn days_for<C: ConnectionTrait>(db: &C, s: &school::Model, first: NaiveDate, last: NaiveDate) -> DomainResult<Vec<CalendarDay>> {
    Ok(days_for_many(db, std::slice::from_ref(s), first, last).await?.remove(&s.id).unwrap_or_default())
}

/// [`days_for`] for many schools at once, in one statement.
pub(crate) async fn days_for_many<C: ConnectionTrait>(db: &C, schools: &[school::Model], first: NaiveDate, last: NaiveDate) -> DomainResult<HashMap<i64, Vec<CalendarDay>>> {
    let districts: BTreeSet<i64> = schools.iter().map(|s| s.district_id).collect();
    let rows = calendar_day::Entity::find()
        .filter(calendar_day::Column::DistrictId.is_in(districts))
        .filter(sea_orm::Condition::any().add(calendar_day::Column::SchoolId.is_null()).add(calendar_day::Column::SchoolId.is_in(schools.iter().map(|s| s.id))))
        .filter(calendar_day::Column::Day.between(first, last))
        .order_by_asc(calendar_day::Column::Day)
        .all(db)
        .await?;
    Ok(schools
        .iter()
        .map(|s| {
            let own_years: Vec<i32> = rows.iter().filter(|r| r.school_id == Some(s.id)).map(|r| r.day.year()).collect();
            let days = rows
                .iter()
                .filter(|r| r.district_id == s.district_id)
                .filter(|r| r.school_id == Some(s.id) || (r.school_id.is_none() && !own_years.contains(&r.day.year())))
                .map(|r| CalendarDay {
                    id: CalendarDayId(r.id),
                    date: r.day,
                    kind: DayKind::parse(&r.kind).unwrap_or(DayKind::Holiday),
                    name: r.name.clone(),
                    follows_weekday: r.follows_weekday.and_then(|w| u8::try_from(w).ok()),
                    own: r.school_id.is_some(),
                })
                .collect();
            (s.id, days)
        })
        .collect())
}

/// A school's calendar for a year, with the terms of its plans.
pub async fn year(cx: &crate::Ctx, id: SchoolId, year: i32) -> DomainResult<CalendarYear> {
    let db = cx.reads();
    let actor = cx.actor()?;
    let s = crate::scope::school(db, actor, id, Action::ViewSchool).await?;
    let (first, last) = year_bounds(year)?;
    let days = days_for(db, &s, first, last).await?;
    let mut years: Vec<i32> = school_or_district(&s).all(db).await?.into_iter().map(|d| d.day.year()).collect();
    years.sort_unstable();
    years.dedup();
    let mut terms = Vec::new();
    for p in plan::Entity::find()
        .filter(plan::Column::SchoolId.eq(s.id))
        .filter(plan::Column::PublishedAt.is_not_null())
        .filter(plan::Column::TermStart.lte(last))
        .filter(plan::Column::TermEnd.gte(first))
        .order_by_asc(plan::Column::TermStart)
        .all(db)
        .await?
    {
        let content: wire::plan::PlanContent = serde_json::from_str(&p.content)?;
        let calendar = days_for(db, &s, p.term_start, p.term_end).await?;
        let n = service_days(p.term_start, p.term_end, &content.weekdays, &calendar).len() as u32;
        terms.push(Term { plan: PlanId(p.id), title: content.title, first_day: p.term_start, last_day: p.term_end, service_days: n });
    }
    Ok(CalendarYear { school: id, school_name: s.name, year, days, years, shipped: SHIPPED.iter().map(|(y, _)| *y).collect(), terms })
}

/// Chooses whose timetable a make-up workday runs; the calendar's owner
/// decides (the school for its own, the bureau for the district's). An
/// import of the same calendar takes turns with it: the day is read again
/// once it is this change's turn, and is gone if the import replaced it.
pub async fn set_follows(cx: &crate::Ctx, day: CalendarDayId, weekday: u8) -> DomainResult<()> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let row = calendar_day::Entity::find_by_id(day.0).one(db).await?.ok_or(DomainError::NotFound)?;
    let scope = match row.school_id {
        Some(s) => Scope::School(SchoolId(s)),
        None => Scope::District(DistrictId(row.district_id)),
    };
    authorize(db, actor, scope).await?;
    if !(1..=5).contains(&weekday) {
        return Err(DomainError::invalid("weekday", "not_a_weekday"));
    }
    let txn = db.begin().await?;
    take_turn(&txn, &turn(scope)).await?;
    let row = calendar_day::Entity::find_by_id(day.0).one(&txn).await?.ok_or(DomainError::NotFound)?;
    if row.kind != DayKind::MakeUpWorkday.as_str() {
        return Err(DomainError::invalid("day", "not_a_make_up_workday"));
    }
    calendar_day::Entity::update_many()
        .col_expr(calendar_day::Column::FollowsWeekday, Expr::value(i32::from(weekday)))
        .filter(calendar_day::Column::Id.eq(row.id))
        .exec(&txn)
        .await?;
    audit::record(&txn, cx.now(), Event::new(Some(actor.account), "calendar.follows_set", scope_subject(scope), json!({"day": row.day, "weekday": weekday})))
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Whose turn it is to change a calendar.
fn turn(scope: Scope) -> String {
    format!("calendar:{}", scope_subject(scope))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn service_days_skip_holidays_and_add_make_up_workdays() {
        let days: Vec<CalendarDay> = parse_ics(include_bytes!("../../data/calendar/2026.ics"))
            .expect("parses")
            .into_iter()
            .enumerate()
            .map(|(i, d)| CalendarDay {
                id: CalendarDayId(i as i64),
                follows_weekday: None,
                own: false,
                date: d.date,
                kind: d.kind,
                name: d.name,
            })
            .collect();
        let weekdays = [1, 2, 3, 4, 5];
        // 28 Sep (Mon) – 11 Oct 2026: 1–7 Oct off, Sat 10 Oct a make-up workday.
        let got = service_days(date(2026, 9, 28), date(2026, 10, 11), &weekdays, &days);
        assert_eq!(got, [date(2026, 9, 28), date(2026, 9, 29), date(2026, 9, 30), date(2026, 10, 8), date(2026, 10, 9), date(2026, 10, 10)]);
        assert_eq!(runs(date(2026, 10, 10), &weekdays, &days), Some(5), "a Saturday runs Friday's timetable");
        assert_eq!(runs(date(2026, 10, 1), &weekdays, &days), None);
    }
}
