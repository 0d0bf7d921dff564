//! Money (M1–M6, P7): each school's service money is its own set of
//! accounts (专款专用), kept in a ledger whose every posting moves one amount
//! between two of them, so the books always balance. Fee schedules within
//! the district's cap, month or term charges per child, waivers from
//! approved proof, payments (by hand or from a bank statement), refunds on
//! withdrawal, staff pay from served hours, the term's settlement, the
//! monthly disclosure to parents and the government subsidy from actual
//! child-days.
pub mod billing;
pub mod desk;
pub mod disclosure;
pub mod export;
pub mod fees;
pub mod family;
pub mod ledger;
pub mod pay;
pub mod payments;
pub mod periods;
pub use inputs::money as rounding;
pub mod settlement;
pub mod subsidy;
pub mod waivers;
pub mod withdrawal;

use crate::error::{DomainError, DomainResult};
use chrono::{Datelike, Months, NaiveDate};

/// The longest memo, purpose or reference a form takes.
pub const MAX_MEMO_CHARS: usize = 200;
/// The largest single amount booked: a million yuan.
pub const MAX_AMOUNT_FEN: i64 = 100_000_000;

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
    crate::dates::require("month", first)
}

/// Yuan as typed, as a positive amount within bounds.
pub(crate) fn amount(field: &'static str, yuan: &str) -> DomainResult<i64> {
    match wire::money::fen(yuan) {
        Some(0) => Err(DomainError::invalid(field, "zero")),
        Some(f) if f > MAX_AMOUNT_FEN => Err(DomainError::invalid(field, "too_large")),
        Some(f) => Ok(f),
        None => Err(DomainError::invalid(field, "format")),
    }
}

/// Trimmed text of at most `MAX_MEMO_CHARS`.
pub(crate) fn memo(field: &'static str, text: &str) -> DomainResult<String> {
    let t = text.trim();
    if t.chars().count() > MAX_MEMO_CHARS {
        return Err(DomainError::invalid(field, "too_long"));
    }
    Ok(t.to_string())
}
