//! Beilei's domain: every business rule and all data access. Server only:
//! no Leptos, no HTTP. Services take an actor and check authorization
//! (`authz`) before they read or write.
//!
//! One folder per area (`families`, `enrolment`, `messages`, `store`; the
//! school's operations, tenders, money and supervision follow the same
//! way); below them what every area shares: organisation, accounts,
//! authorization, the audit trail, the district policy, the clock.
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
