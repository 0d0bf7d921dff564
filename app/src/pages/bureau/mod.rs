//! The education bureau's pages.
pub(crate) mod home;
pub(crate) mod money;
pub(crate) mod vendors;
