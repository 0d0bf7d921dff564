//! The school's pages (admins, teachers, staff, committee members): plans, review, roster, link codes, pickups, needs; the calendar, rooms and staff, the timetable; tenders.
pub(crate) mod bank_import;
pub(crate) mod calendar;
pub(crate) mod claims;
pub(crate) mod day;
pub(crate) mod families;
pub(crate) mod home;
pub(crate) mod money;
pub(crate) mod pay;
pub(crate) mod plan_editor;
pub(crate) mod plans;
pub(crate) mod resources;
pub(crate) mod safety;
pub(crate) mod settlement;
pub(crate) mod tenders;
pub(crate) mod review;
pub(crate) mod timetable;
pub(crate) mod workload;
