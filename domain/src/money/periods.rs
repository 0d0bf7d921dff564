//! Closed periods stay closed (M2, M4). Once a month's disclosure is
//! published, parents have read its figures; once a term is settled, every
//! family has its statement. Money dated in either would change what they
//! read without anyone seeing it, so nothing more is booked there: a late
//! receipt or spending is booked on an open day (today) with its memo, and
//! a wrong posting of a closed month is undone by a reversal, dated today,
//! which the next disclosure lists as a correction of that month.
//!
//! Money is dated only in a school's terms (its published plans), with a
//! margin either side: families pay and the school buys ahead of a term,
//! and after it come the settlement, refunds and the last month's pay.
//! A date in none of them (a typo, year 1) is refused, so no month that
//! never was can be owed a disclosure.
use crate::entities::{disclosure, plan, settlement};
use crate::error::{DomainError, DomainResult};
use crate::dates::month_key;
use chrono::{Days, NaiveDate};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::BTreeSet;
use wire::plan::PlanStatus;

/// Days before a term's first day that its money may be dated (fees paid
/// and materials bought ahead).
pub const DAYS_BEFORE_TERM: u64 = 60;
/// Days after a term's last day: the settlement, refunds paid out, the
/// last month's pay, a late subsidy.
pub const DAYS_AFTER_TERM: u64 = 90;

/// What a school's books are closed to, and the terms they are open for.
pub(crate) struct OpenBooks {
    terms: Vec<(NaiveDate, NaiveDate)>,
    published: BTreeSet<String>,
    settled: Vec<(NaiveDate, NaiveDate)>,
}

impl OpenBooks {
    /// The school's terms, published months and settled periods.
    pub(crate) async fn load<C: ConnectionTrait>(db: &C, school: i64) -> DomainResult<OpenBooks> {
        let terms = plan::Entity::find()
            .select_only()
            .column(plan::Column::TermStart)
            .column(plan::Column::TermEnd)
            .filter(plan::Column::SchoolId.eq(school))
            .filter(plan::Column::Status.eq(PlanStatus::Published.as_str()))
            .into_tuple()
            .all(db)
            .await?;
        let published = disclosure::Entity::find().select_only().column(disclosure::Column::Month).filter(disclosure::Column::SchoolId.eq(school)).into_tuple().all(db).await?;
        let settled = settlement::Entity::find()
            .select_only()
            .column(settlement::Column::FromDate)
            .column(settlement::Column::ToDate)
            .filter(settlement::Column::SchoolId.eq(school))
            .into_tuple()
            .all(db)
            .await?;
        Ok(OpenBooks { terms, published: published.into_iter().collect(), settled })
    }

    /// As [`OpenBooks::load`], in a transaction that books money: the
    /// school's money takes turns from here to the commit, so a month is
    /// not published (nor a term settled) between this check and the
    /// booking.
    pub(crate) async fn for_booking<C: ConnectionTrait>(txn: &C, school: i64) -> DomainResult<OpenBooks> {
        take_turn(txn, school).await?;
        OpenBooks::load(txn, school).await
    }

    /// Why money may not be dated `on`, or `None` when it may.
    pub(crate) fn closed(&self, on: NaiveDate) -> Option<&'static str> {
        if self.published.contains(&month_key(on)) {
            return Some("month_published");
        }
        if self.settled.iter().any(|(from, to)| *from <= on && on <= *to) {
            return Some("period_settled");
        }
        let in_term = |(first, last): &(NaiveDate, NaiveDate)| {
            let from = first.checked_sub_days(Days::new(DAYS_BEFORE_TERM)).unwrap_or(*first);
            let to = last.checked_add_days(Days::new(DAYS_AFTER_TERM)).unwrap_or(*last);
            from <= on && on <= to
        };
        if !inputs::dates::within(on) || !self.terms.iter().any(in_term) {
            return Some("outside_terms");
        }
        None
    }

    /// Refuses a date the books are closed to, naming `field`.
    pub(crate) fn require(&self, field: &'static str, on: NaiveDate) -> DomainResult<()> {
        match self.closed(on) {
            Some(rule) => Err(DomainError::invalid(field, rule)),
            None => Ok(()),
        }
    }
}

/// The school's money takes turns: a booking, a disclosure's publication
/// and a settlement's confirmation do not overlap.
pub(crate) async fn take_turn<C: ConnectionTrait>(txn: &C, school: i64) -> DomainResult<()> {
    crate::store::lock::take_turn(txn, &format!("money:school:{school}")).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    fn books() -> OpenBooks {
        OpenBooks {
            terms: vec![(day(2027, 3, 1), day(2027, 7, 9))],
            published: ["2027-03".to_string()].into_iter().collect(),
            settled: vec![(day(2026, 12, 1), day(2027, 1, 31))],
        }
    }

    #[test]
    fn only_open_days_of_a_term_and_its_margins_take_money() {
        let b = books();
        assert_eq!(b.closed(day(2027, 4, 10)), None);
        assert_eq!(b.closed(day(2027, 3, 31)), Some("month_published"));
        assert_eq!(b.closed(day(2027, 1, 15)), Some("period_settled"));
        assert_eq!(b.closed(day(2027, 2, 1)), None, "paid ahead of the term");
        assert_eq!(b.closed(day(2026, 12, 30)), Some("period_settled"));
        assert_eq!(b.closed(day(2027, 10, 7)), None, "the settlement and refunds after the term");
        assert_eq!(b.closed(day(2027, 10, 8)), Some("outside_terms"));
        assert_eq!(b.closed(day(1, 1, 1)), Some("outside_terms"));
        assert_eq!(b.closed(NaiveDate::MAX), Some("outside_terms"));
        assert_eq!(OpenBooks { terms: vec![], published: BTreeSet::new(), settled: vec![] }.closed(day(2027, 4, 1)), Some("outside_terms"), "no term, no money");
    }
}
