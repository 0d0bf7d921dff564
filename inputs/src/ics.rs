//! A year's public holidays and make-up workdays (调休) as an iCalendar
//! file, such as those of npm `chinese-days`.
//!
//! The `icalendar` crate's parser calls itself once per nested `BEGIN:`,
//! with no limit: a few thousand nested lines (18 KB) overflow a thread's
//! stack and abort the whole process, which no panic handler can catch.
//! So the text is unfolded here and its lines counted and measured first,
//! and the parser gets only a text whose nesting is known to be shallow:
//! every `BEGIN:`/`END:` at the start of a line (where the parser looks),
//! at most [`MAX_DEPTH`] open at once, at most [`MAX_COMPONENTS`] in all.
use crate::refused::{Read, Refused};
use chrono::{Datelike, NaiveDate};
use icalendar::{Calendar, CalendarComponent, Component, DatePerhapsTime};
use std::collections::BTreeMap;
pub use wire::operations::DayKind;

/// The largest file read.
pub const MAX_BYTES: usize = wire::operations::MAX_CALENDAR_BYTES;
/// Most days one file may name (two years of every day).
pub const MAX_DAYS: usize = 2 * 366;
/// Components open at once: a calendar, an event, an alarm in it (or a
/// time zone and its rule), and one more.
pub const MAX_DEPTH: usize = 4;
/// Components in all: an event a day, and a few time zones.
pub const MAX_COMPONENTS: usize = MAX_DAYS + 16;
/// Lines after unfolding, and the longest of them.
pub const MAX_LINES: usize = 20_000;
pub const MAX_LINE_BYTES: usize = 4_096;
/// The longest name kept for a day.
const MAX_NAME_CHARS: usize = 40;

/// A day as a file names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedDay {
    pub date: NaiveDate,
    pub kind: DayKind,
    pub name: String,
}

fn bad(rule: &'static str) -> Refused {
    Refused::new("calendar", rule)
}

/// The days an iCalendar file names, by date. Each event must be an all-day
/// event marked as a holiday (休, Holiday) or a make-up workday (班,
/// Workday), within the years [`crate::dates`] accepts; anything else
/// refuses the whole file, so that a foreign calendar changes nothing.
pub fn parse(bytes: &[u8]) -> Read<Vec<ParsedDay>> {
    if bytes.len() > MAX_BYTES {
        return Err(bad("too_large"));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| bad("not_text"))?;
    let unfolded = icalendar::parser::unfold(text);
    check_shape(&unfolded)?;
    let parsed = icalendar::parser::read_calendar(&unfolded).map_err(|_| bad("not_icalendar"))?;
    let calendar = Calendar::from(parsed);
    let mut days: BTreeMap<NaiveDate, ParsedDay> = BTreeMap::new();
    for component in &calendar.components {
        let CalendarComponent::Event(event) = component else { continue };
        let name = event.get_summary().unwrap_or_default().trim().to_string();
        let kind = kind_of(&name, event.get_description().unwrap_or_default()).ok_or(bad("not_a_holiday_calendar"))?;
        let (Some(DatePerhapsTime::Date(start)), end) = (event.get_start(), event.get_end()) else {
            return Err(bad("not_all_day"));
        };
        if !crate::dates::within(start) {
            return Err(bad("year_out_of_range"));
        }
        // DTEND of an all-day event is the day after the last (RFC 5545).
        let end = match end {
            Some(DatePerhapsTime::Date(end)) if end > start => end,
            None => start.succ_opt().ok_or(bad("bad_date"))?,
            _ => return Err(bad("not_all_day")),
        };
        for date in start.iter_days().take_while(|d| *d < end) {
            match days.get(&date) {
                Some(seen) if seen.kind != kind => return Err(bad("contradicts_itself")),
                Some(_) => {}
                None if days.len() >= MAX_DAYS => return Err(bad("too_many_days")),
                None => {
                    days.insert(date, ParsedDay { date, kind, name: label(&name) });
                }
            }
        }
    }
    if days.is_empty() {
        return Err(bad("no_days"));
    }
    Ok(days.into_values().collect())
}

/// The years a file's days fall in, in order, once each.
pub fn years(days: &[ParsedDay]) -> Vec<i32> {
    let mut years: Vec<i32> = days.iter().map(|d| d.date.year()).collect();
    years.dedup();
    years
}

/// Refuses, before the parser sees it, a text whose lines are too many or
/// too long or whose components nest too deep. The parser opens a
/// component only at a line's start (after `\n`), on `BEGIN:` in any case,
/// and every `END:` it meets closes the innermost one or fails; so with
/// no second `BEGIN:`/`END:` on such a line, the count of lines opened less lines
/// closed is exactly the parser's depth of recursion. (A line's name
/// takes in every letter and digit after `BEGIN:`; only the exact name
/// after `END:` can be followed, on the same line, by another component.)
fn check_shape(unfolded: &str) -> Read<()> {
    let (mut depth, mut components) = (0usize, 0usize);
    for (n, line) in unfolded.split('\n').enumerate() {
        if n >= MAX_LINES {
            return Err(bad("too_many_lines"));
        }
        if line.len() > MAX_LINE_BYTES {
            return Err(bad("line_too_long"));
        }
        let upper = line.to_ascii_uppercase();
        let (begins, ends) = (upper.starts_with("BEGIN:"), upper.starts_with("END:"));
        // After `END:NAME` the parser goes on without a line break.
        if (begins || ends) && upper.matches("BEGIN:").count() + upper.matches("END:").count() > 1 {
            return Err(bad("not_icalendar"));
        }
        if begins {
            depth += 1;
            components += 1;
            if depth > MAX_DEPTH {
                return Err(bad("too_deep"));
            }
            if components > MAX_COMPONENTS {
                return Err(bad("too_many_components"));
            }
        } else if ends {
            depth = depth.checked_sub(1).ok_or(bad("not_icalendar"))?;
        }
    }
    Ok(())
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

/// The name without its mark, `春节(休)` → `春节`, and at most
/// [`MAX_NAME_CHARS`] long.
fn label(summary: &str) -> String {
    summary.split(['(', '（']).next().unwrap_or(summary).trim().chars().take(MAX_NAME_CHARS).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    fn rule(bytes: &[u8]) -> &'static str {
        parse(bytes).expect_err("refused").rule
    }

    const SHIPPED_2026: &[u8] = include_bytes!("../../domain/data/calendar/2026.ics");

    #[test]
    fn the_shipped_2026_file_has_spring_festival_and_its_make_up_days() {
        let days = parse(SHIPPED_2026).expect("parses");
        let spring = days.iter().filter(|d| d.name == "春节" && d.kind == DayKind::Holiday).count();
        assert_eq!(spring, 9, "15–23 February 2026");
        assert!(days.contains(&ParsedDay { date: date(2026, 2, 28), kind: DayKind::MakeUpWorkday, name: "春节".into() }));
        assert!(days.contains(&ParsedDay { date: date(2026, 10, 1), kind: DayKind::Holiday, name: "国庆节".into() }));
        assert_eq!(years(&days), [2026]);
    }

    #[test]
    fn a_foreign_or_broken_file_is_refused_whole() {
        let birthday = "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20260301\nSUMMARY:生日聚会\nEND:VEVENT\nEND:VCALENDAR\n";
        assert_eq!(rule(birthday.as_bytes()), "not_a_holiday_calendar");
        assert_eq!(rule(b"\xff\xfe not text"), "not_text");
        assert_eq!(rule(b"hello"), "not_icalendar");
        let timed = "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nDTSTART:20260301T090000\nSUMMARY:春节(休)\nEND:VEVENT\nEND:VCALENDAR\n";
        assert_eq!(rule(timed.as_bytes()), "not_all_day", "a holiday is whole days");
        let both = "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20260301\nSUMMARY:A(休)\nEND:VEVENT\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20260301\nSUMMARY:B(班)\nEND:VEVENT\nEND:VCALENDAR\n";
        assert_eq!(rule(both.as_bytes()), "contradicts_itself");
        assert_eq!(rule(&vec![b' '; MAX_BYTES + 1]), "too_large");
        let ancient = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:00010301\nSUMMARY:A(休)\nEND:VEVENT\nEND:VCALENDAR\n";
        assert_eq!(rule(ancient.as_bytes()), "year_out_of_range");
    }

    /// What aborted the server: a few thousand nested components.
    #[test]
    fn deep_nesting_is_refused_before_the_parser_recurses() {
        let nested = "BEGIN:VCALENDAR\n".to_string() + &"BEGIN:X\n".repeat(2_500);
        assert!(nested.len() < 21_000);
        assert_eq!(rule(nested.as_bytes()), "too_deep");
        // Folded lines are unfolded first, as the parser does; lower case counts.
        let folded = "BEGIN:VCALENDAR\r\n".to_string() + &"BEG\r\n IN:x\r\n".repeat(10);
        assert_eq!(rule(folded.as_bytes()), "too_deep");
        assert_eq!(rule("begin:a\nbegin:b\nbegin:c\nbegin:d\nbegin:e\n".as_bytes()), "too_deep");
        // A BEGIN the parser could meet inside a line is refused outright.
        assert_eq!(rule(b"BEGIN:VCALENDAR\nBEGIN:A\nEND:ABEGIN:B\nEND:B\nEND:VCALENDAR\n"), "not_icalendar");
    }

    #[test]
    fn many_siblings_long_lines_and_many_lines_are_refused() {
        let event = "BEGIN:VEVENT\nDTSTART;VALUE=DATE:20260301\nSUMMARY:A(休)\nEND:VEVENT\n";
        let many = "BEGIN:VCALENDAR\n".to_string() + &event.repeat(MAX_COMPONENTS) + "END:VCALENDAR\n";
        assert_eq!(rule(many.as_bytes()), "too_many_components");
        let long = format!("BEGIN:VCALENDAR\nX-NOTE:{}\nEND:VCALENDAR\n", "a".repeat(MAX_LINE_BYTES));
        assert_eq!(rule(long.as_bytes()), "line_too_long");
        assert_eq!(rule(&b"\n".repeat(MAX_LINES + 1)), "too_many_lines");
    }

    #[test]
    fn a_long_event_stops_at_the_day_limit() {
        let long = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20260101\nDTEND;VALUE=DATE:20991231\nSUMMARY:A(休)\nEND:VEVENT\nEND:VCALENDAR\n";
        assert_eq!(rule(long.as_bytes()), "too_many_days");
    }
}
