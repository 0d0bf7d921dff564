//! Operations: what a school does after admission — the calendar first;
//! rooms, staff and the timetable, then the service day, follow (issue 12, 13).
pub mod calendar;
