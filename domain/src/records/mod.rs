//! The records a school keeps (S7–S9): the care log and incidents,
//! inspections and their findings, visitors, and the staff's served hours.
pub mod care;
pub mod inspections;
pub mod visitors;
pub mod workload;
