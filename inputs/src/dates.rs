//! Calendar arithmetic on dates that come from users (a week to show, a
//! month to bill, a term, a year of subsidy). chrono's dates reach from
//! year −262143 to 262142, and adding a day to the last one panics; a loop
//! over the months to a far year never ends. Every date a request brings
//! is therefore held to the years the service can mean, [`FIRST_YEAR`] to
//! [`LAST_YEAR`], before any arithmetic, and the arithmetic here is checked:
//! outside the window it answers `None`, inside it never overflows.
use chrono::{Datelike, Days, Months, NaiveDate};

/// The first and last years a date of the service may fall in.
pub const FIRST_YEAR: i32 = 2000;
pub const LAST_YEAR: i32 = 2100;

/// Whether `d` falls in the years of the service.
pub fn within(d: NaiveDate) -> bool {
    (FIRST_YEAR..=LAST_YEAR).contains(&d.year())
}

/// `d`, when it falls in the years of the service.
pub fn checked(d: NaiveDate) -> Option<NaiveDate> {
    within(d).then_some(d)
}

/// The first and last day of `year`.
pub fn year(year: i32) -> Option<(NaiveDate, NaiveDate)> {
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return None;
    }
    Some((NaiveDate::from_ymd_opt(year, 1, 1)?, NaiveDate::from_ymd_opt(year, 12, 31)?))
}

/// The Monday and Sunday of `d`'s week.
pub fn week(d: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let monday = checked(d)?.checked_sub_days(Days::new(u64::from(d.weekday().num_days_from_monday())))?;
    Some((monday, monday.checked_add_days(Days::new(6))?))
}

/// The Monday of `d`'s week.
pub fn monday_of(d: NaiveDate) -> Option<NaiveDate> {
    week(d).map(|(monday, _)| monday)
}

/// The first and last day of `d`'s month.
pub fn month(d: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let first = checked(d)?.with_day(1)?;
    Some((first, first.checked_add_months(Months::new(1))?.pred_opt()?))
}

/// `YYYY-MM` as its month's first day.
pub fn parse_month(text: &str) -> Option<NaiveDate> {
    let (y, m) = text.trim().split_once('-')?;
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(y, 4) || !(digits(m, 2) || digits(m, 1)) {
        return None;
    }
    checked(NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)?)
}

/// `d` moved by `days` (either way), when both fall in the window.
pub fn add_days(d: NaiveDate, days: i64) -> Option<NaiveDate> {
    let moved = if days >= 0 { checked(d)?.checked_add_days(Days::new(days as u64)) } else { checked(d)?.checked_sub_days(Days::new(days.unsigned_abs())) };
    checked(moved?)
}

/// The first days of the months from `first`'s to `last`'s, both
/// included; the window bounds their number.
pub fn months(first: NaiveDate, last: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    let start = month(first).map(|(m, _)| m);
    let end = checked(last);
    std::iter::successors(start, |m| m.checked_add_months(Months::new(1))).take_while(move |m| end.is_some_and(|e| *m <= e) && within(*m))
}

/// The days from `first` to `last`, both included, within the window.
pub fn days(first: NaiveDate, last: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    let end = checked(last);
    checked(first).into_iter().flat_map(|f| f.iter_days()).take_while(move |d| end.is_some_and(|e| *d <= e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn the_ends_of_chronos_range_answer_none() {
        for d in [NaiveDate::MIN, NaiveDate::MAX, date(1999, 12, 31), date(2101, 1, 1)] {
            assert_eq!((week(d), month(d), add_days(d, 1), add_days(d, -1)), (None, None, None, None), "{d}");
            assert_eq!(months(d, NaiveDate::MAX).count(), 0);
            assert_eq!(days(d, NaiveDate::MAX).count(), 0);
        }
        assert_eq!(year(262_142), None);
        assert_eq!(year(-262_143), None);
        assert_eq!(parse_month("+262142-12"), None);
        assert_eq!(parse_month("-262143-01"), None);
        assert_eq!(parse_month("1999-12"), None);
    }

    #[test]
    fn weeks_and_months_inside_the_window() {
        assert_eq!(week(date(2026, 12, 9)), Some((date(2026, 12, 7), date(2026, 12, 13))));
        assert_eq!(week(date(2000, 1, 1)), Some((date(1999, 12, 27), date(2000, 1, 2))), "a week may begin in the year before");
        assert_eq!(month(date(2024, 2, 10)), Some((date(2024, 2, 1), date(2024, 2, 29))));
        assert_eq!(month(date(2100, 12, 31)), Some((date(2100, 12, 1), date(2100, 12, 31))));
        assert_eq!(parse_month(" 2026-03 "), Some(date(2026, 3, 1)));
        assert_eq!(parse_month("2026-13"), None);
        assert_eq!(months(date(2026, 11, 30), date(2027, 2, 1)).collect::<Vec<_>>(), [date(2026, 11, 1), date(2026, 12, 1), date(2027, 1, 1), date(2027, 2, 1)]);
        assert_eq!(months(date(2100, 12, 5), date(2100, 12, 31)).count(), 1);
        assert_eq!(days(date(2100, 12, 30), NaiveDate::MAX).count(), 0, "an end outside the window is no end");
        assert_eq!(days(date(2100, 12, 30), date(2100, 12, 31)).count(), 2);
        assert_eq!(year(2026), Some((date(2026, 1, 1), date(2026, 12, 31))));
    }

    proptest! {
        #[test]
        fn no_day_of_chronos_range_panics(days_from_ce in NaiveDate::MIN.num_days_from_ce()..=NaiveDate::MAX.num_days_from_ce(), by in any::<i64>(), y in any::<i32>()) {
            let d = NaiveDate::from_num_days_from_ce_opt(days_from_ce).expect("in range");
            let _ = (week(d), month(d), add_days(d, by), year(y), parse_month(&format!("{y}-{}", by.rem_euclid(14))));
            prop_assert!(months(d, NaiveDate::MAX).count() <= 12 * 101);
            if let Some((monday, sunday)) = week(d) {
                prop_assert!(monday <= d && d <= sunday && (sunday - monday).num_days() == 6);
            }
            if let Some(moved) = add_days(d, by) {
                prop_assert!(within(moved) && within(d));
            }
        }
    }
}
