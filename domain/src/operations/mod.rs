//! Operations: what a school does after admission. The year's calendar,
//! rooms and vetted staff, and each plan's weekly timetable with its
//! conflict finder (S1–S4); the service day builds on them.
pub mod attendance;
pub mod calendar;
pub mod conflicts;
pub mod rooms;
pub mod staff;
pub mod timetable;
