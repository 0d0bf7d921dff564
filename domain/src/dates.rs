//! Every date a request brings (a week to show, a day, a month, a term, a
//! year) is held to the service's years, `inputs::dates::FIRST_YEAR` to
//! `LAST_YEAR`, before any arithmetic; these name the input that was not,
//! so the user reads which date to change. Loops over the days or months
//! between two such dates are then bounded by the window too.
use crate::error::{DomainError, DomainResult};
use chrono::NaiveDate;
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
