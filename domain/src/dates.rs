//! Every date a request brings (a week to show, a day, a month, a term, a
//! year) is held to the service's years, `inputs::dates::FIRST_YEAR` to
//! `LAST_YEAR`, before any arithmetic; these name the input that was not,
//! so the user reads which date to change. Loops over the days or months
//! between two such dates are then bounded by the window too.
use crate::error::{DomainError, DomainResult};
use chrono::{Datelike, Months, NaiveDate};
pub use inputs::dates::{FIRST_YEAR, LAST_YEAR, days, months};

fn outside(field: &'static str) -> DomainError {
    DomainError::invalid(field, "outside_years")
}

/// `d`, when it falls in the service's years.
pub fn require(field: &'static str, d: NaiveDate) -> DomainResult<NaiveDate> {
    inputs::dates::checked(d).ok_or(outside(field))
}

/// The Monday and Sunday of the week of `d`.
pub fn week(field: &'static str, d: NaiveDate) -> DomainResult<(NaiveDate, NaiveDate)> {
    inputs::dates::week(d).ok_or(outside(field))
}

/// The first and last day of the month of `d`.
pub fn month(field: &'static str, d: NaiveDate) -> DomainResult<(NaiveDate, NaiveDate)> {
    inputs::dates::month(d).ok_or(outside(field))
}

/// The first and last day of `year`.
pub fn year(field: &'static str, year: i32) -> DomainResult<(NaiveDate, NaiveDate)> {
    inputs::dates::year(year).ok_or(outside(field))
}

/// `first` to `last`, both in the service's years and in order.
pub fn span(field: &'static str, first: NaiveDate, last: NaiveDate) -> DomainResult<(NaiveDate, NaiveDate)> {
    let (first, last) = (require(field, first)?, require(field, last)?);
    if last < first {
        return Err(DomainError::invalid(field, "ends_before_start"));
    }
    Ok((first, last))
}

/// The first and last day of `any_day`'s month.
pub fn month_of(any_day: NaiveDate) -> (NaiveDate, NaiveDate) {
    let first = any_day.with_day(1).unwrap_or(any_day);
    let last = first.checked_add_months(Months::new(1)).and_then(|d| d.pred_opt()).unwrap_or(first);
    (first, last)
}

/// `YYYY-MM`.
pub fn month_key(any_day: NaiveDate) -> String {
    any_day.format("%Y-%m").to_string()
}

/// `YYYY-MM` as its first day, in the service's years.
pub fn parse_month(text: &str) -> DomainResult<NaiveDate> {
    let first = NaiveDate::parse_from_str(&format!("{}-01", text.trim()), "%Y-%m-%d").map_err(|_| DomainError::invalid("month", "format"))?;
    require("month", first)
}

/// The month a page asks for (`YYYY-MM`, or a date in it), or else the
/// month just ended: the one a family looks for.
pub fn asked_or_last_month(asked: Option<&str>, today: NaiveDate) -> DomainResult<NaiveDate> {
    match asked.filter(|m| !m.trim().is_empty()) {
        Some(m) => parse_month(m.get(..7).unwrap_or(m)),
        None => Ok(month_of(month_of(today).0.pred_opt().unwrap_or(today)).0),
    }
}
