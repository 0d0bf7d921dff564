//! The education bureau's pages.
pub(crate) mod home;
pub(crate) mod money;
mod parts;
pub(crate) mod supervision;
pub(crate) mod vendors;
