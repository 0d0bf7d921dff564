//! The year's calendar (S1): public holidays and make-up workdays (调休)
//! from an iCalendar file, such as those of npm `chinese-days`
//! (`data/calendar/`, MIT). Sessions exist only on service days: a plan's
//! weekday that is no holiday, or a make-up workday.
//!
//! WIP (issue 12): parsing and service days only; storing a year per
//! district, the import page and the vacation/term dates come next.
use crate::error::{DomainError, DomainResult};
use chrono::{Datelike, NaiveDate};
use icalendar::{Calendar, CalendarComponent, Component, DatePerhapsTime};

/// Largest calendar file read; a year of holidays is a few kilobytes.
pub const MAX_BYTES: usize = 256 * 1024;
/// Most days one file may name (two years of every day).
pub const MAX_DAYS: usize = 2 * 366;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayKind {
    /// No school, no service.
    Holiday,
    /// A weekend day that is a working day: school, and service.
    MakeUpWorkday,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalendarDay {
    pub date: NaiveDate,
    pub kind: DayKind,
    pub name: String,
}

fn bad(rule: &'static str) -> DomainError {
    DomainError::invalid("calendar", rule)
}

/// The days an iCalendar file names, by date. Each event must be an all-day
/// event marked as a holiday (休, Holiday) or a make-up workday (班,
/// Workday); anything else makes the whole file refused, so that a foreign
/// calendar changes nothing.
pub fn parse_ics(bytes: &[u8]) -> DomainResult<Vec<CalendarDay>> {
    if bytes.len() > MAX_BYTES {
        return Err(bad("too_large"));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| bad("not_text"))?;
    let calendar: Calendar = text.parse().map_err(|_| bad("not_icalendar"))?;
    let mut days: Vec<CalendarDay> = Vec::new();
    for component in &calendar.components {
        let CalendarComponent::Event(event) = component else { continue };
        let name = event.get_summary().unwrap_or_default().trim().to_string();
        let kind = kind_of(&name, event.get_description().unwrap_or_default()).ok_or(bad("not_a_holiday_calendar"))?;
        let (Some(DatePerhapsTime::Date(start)), end) = (event.get_start(), event.get_end()) else {
            return Err(bad("not_all_day"));
        };
        // DTEND of an all-day event is the day after the last (RFC 5545).
        let end = match end {
            Some(DatePerhapsTime::Date(end)) if end > start => end,
            None => start.succ_opt().ok_or(bad("bad_date"))?,
            _ => return Err(bad("not_all_day")),
        };
        for date in start.iter_days().take_while(|d| *d < end) {
            if days.len() >= MAX_DAYS {
                return Err(bad("too_many_days"));
            }
            match days.iter().find(|d| d.date == date) {
                Some(seen) if seen.kind != kind => return Err(bad("contradicts_itself")),
                Some(_) => {}
                None => days.push(CalendarDay { date, kind, name: label(&name) }),
            }
        }
    }
    if days.is_empty() {
        return Err(bad("no_days"));
    }
    days.sort_by_key(|d| d.date);
    Ok(days)
}

/// `春节(休)` / `Spring Festival(Holiday)` → holiday; `(班)` / `(Workday)` → make-up workday.
fn kind_of(summary: &str, description: &str) -> Option<DayKind> {
    let marks = [summary, description].join(" ");
    let holiday = marks.contains('休') || marks.contains("Holiday");
    let workday = marks.contains('班') || marks.contains("Workday");
    match (holiday, workday) {
        (true, false) => Some(DayKind::Holiday),
        (false, true) => Some(DayKind::MakeUpWorkday),
        _ => None,
    }
}

/// The name without its mark: `春节(休)` → `春节`.
fn label(summary: &str) -> String {
    summary.split(['(', '（']).next().unwrap_or(summary).trim().to_string()
}

/// The service days from `first` to `last` (inclusive): the plan's weekdays
/// (ISO, 1 = Monday) that are no holiday, and every make-up workday.
pub fn service_days(first: NaiveDate, last: NaiveDate, weekdays: &[u8], calendar: &[CalendarDay]) -> Vec<NaiveDate> {
    first
        .iter_days()
        .take_while(|d| *d <= last)
        .filter(|d| match calendar.iter().find(|c| c.date == *d).map(|c| c.kind) {
            Some(DayKind::Holiday) => false,
            Some(DayKind::MakeUpWorkday) => true,
            None => u8::try_from(d.weekday().number_from_monday()).is_ok_and(|w| weekdays.contains(&w)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn the_shipped_2026_file_has_spring_festival_and_its_make_up_days() {
        let days = parse_ics(include_bytes!("../../data/calendar/2026.ics")).expect("parses");
        let spring = days.iter().filter(|d| d.name == "春节" && d.kind == DayKind::Holiday).count();
        assert_eq!(spring, 9, "15–23 February 2026");
        assert!(days.contains(&CalendarDay { date: date(2026, 2, 28), kind: DayKind::MakeUpWorkday, name: "春节".into() }));
        assert!(days.contains(&CalendarDay { date: date(2026, 10, 1), kind: DayKind::Holiday, name: "国庆节".into() }));
    }

    #[test]
    fn service_days_skip_holidays_and_add_make_up_workdays() {
        let days = parse_ics(include_bytes!("../../data/calendar/2026.ics")).expect("parses");
        let weekdays = [1, 2, 3, 4, 5];
        // 28 Sep (Mon) – 11 Oct 2026: 1–7 Oct off, Sat 10 Oct a make-up workday.
        let got = service_days(date(2026, 9, 28), date(2026, 10, 11), &weekdays, &days);
        assert_eq!(got, [date(2026, 9, 28), date(2026, 9, 29), date(2026, 9, 30), date(2026, 10, 8), date(2026, 10, 9), date(2026, 10, 10)]);
    }

    #[test]
    fn a_foreign_or_broken_file_is_refused_whole() {
        let birthday = "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20260301\nSUMMARY:生日聚会\nEND:VEVENT\nEND:VCALENDAR\n";
        assert!(matches!(parse_ics(birthday.as_bytes()), Err(DomainError::Invalid { rule, .. }) if rule == "not_a_holiday_calendar"));
        assert!(parse_ics(b"\xff\xfe not text").is_err());
        assert!(parse_ics(b"hello").is_err());
        let timed = "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nDTSTART:20260301T090000\nSUMMARY:春节(休)\nEND:VEVENT\nEND:VCALENDAR\n";
        assert!(parse_ics(timed.as_bytes()).is_err(), "a holiday is whole days");
        let both = "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20260301\nSUMMARY:A(休)\nEND:VEVENT\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20260301\nSUMMARY:B(班)\nEND:VEVENT\nEND:VCALENDAR\n";
        assert!(matches!(parse_ics(both.as_bytes()), Err(DomainError::Invalid { rule, .. }) if rule == "contradicts_itself"));
        assert!(parse_ics(&vec![b' '; MAX_BYTES + 1]).is_err());
    }
}
