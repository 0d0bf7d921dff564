//! Pages anyone may open: the landing page and school finder, a school, a plan, its public notice, signing in and registering; tender notices and the blacklist.
pub(crate) mod disclosure;
pub(crate) mod home;
pub(crate) mod notice;
pub(crate) mod plan;
pub(crate) mod register;
pub(crate) mod schools;
pub(crate) mod sign_in;
pub(crate) mod tenders;
