//! Beilei's domain: every business rule and all data access. Server only:
//! no Leptos, no HTTP. Every service takes the request's [`Ctx`] (the
//! database, the clock, who acts), decides itself whether it reads or
//! writes, and checks authorization (`authz`, through the `scope` loader)
//! before it reads or writes.
//!
//! One folder per area, named as in `wire` and the app's server functions:
//! `families`, `enrolment`, `operations` (the term's set-up), `service_day`,
//! `records`, `tender`, `money`, `messages`, `bureau`. Below them what every
//! area shares: the context, the scope loader, where things sit (`places`),
//! organisation, accounts, authorization, the audit trail, the district
//! policy, dates and the clock, the store. Imports only point down
//! (`scripts/structure.py` counts the exceptions: none).
pub mod enrolment;
pub mod families;
pub mod money;
pub mod messages;
pub mod operations;
pub mod records;
pub mod service_day;
pub mod store;
pub mod tender;

pub mod audit;
pub mod bureau;
pub mod auth;
pub mod authz;
pub mod clock;
pub mod codes;
pub mod context;
pub mod dates;
pub mod entities;
pub mod error;
pub mod fingerprint;
pub mod home;
pub mod invitations;
pub mod limits;
pub use wire::ids;
pub mod org;
pub mod places;
pub mod scope;
pub mod policy;
pub mod setup;
#[cfg(any(test, feature = "testing"))]
pub mod testing;

pub use store::db::Db;
pub use context::Ctx;
pub use wire::secret::Secret;
pub use migration;
pub use error::{Clash, DomainError, DomainResult};
