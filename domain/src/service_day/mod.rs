//! The service day (S5–S7): the sessions running today, attendance, notes,
//! leave slips, the pickup-code handover and duty, and the views of the day.
pub mod attendance;
pub(crate) mod collectors;
pub(crate) mod day;
pub mod duty;
pub mod handover;
pub mod leave;
pub mod notes;
pub mod photos;
pub mod views;
