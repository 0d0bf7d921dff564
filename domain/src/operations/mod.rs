//! Operations: how a school sets up its term after admission. The year's
//! calendar, rooms and vetted staff, and each plan's weekly timetable with
//! its conflict finder (S1–S4). The service day (`service_day`) runs on
//! them; the records kept on the way live in `records`.
pub mod calendar;
pub mod conflicts;
pub mod rooms;
pub mod staff;
pub mod timetable;
