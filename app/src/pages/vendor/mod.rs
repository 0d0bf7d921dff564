//! Vendors' pages: registration, and the vendor's own page.
pub mod home;
pub mod register;
