//! Operations: what a school does after admission. The year's calendar,
//! rooms and vetted staff, and each plan's weekly timetable with its
//! conflict finder (S1–S4); the service day runs on them (S5–S7):
//! attendance, notes, leave slips, handover, duty; and the records kept
//! (S7–S9): care log and incidents, inspections, visitors, workload.
pub mod attendance;
pub mod calendar;
pub mod care;
pub mod conflicts;
pub(crate) mod day;
pub mod day_views;
pub mod duty;
pub mod handover;
pub mod inspections;
pub mod leave;
pub mod notes;
pub mod photos;
pub mod rooms;
pub mod staff;
pub mod timetable;
pub mod visitors;
pub mod workload;
