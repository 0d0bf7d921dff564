//! The school's pages (admins, teachers, staff, committee members): plans, review, roster, link codes, pickups, needs.
pub(crate) mod families;
pub(crate) mod home;
pub(crate) mod plan_editor;
pub(crate) mod plans;
pub(crate) mod review;
