//! Beilei's domain: every business rule and all data access. Server only:
//! no Leptos, no HTTP. Services take an actor and check authorization
//! (`authz`) before they read or write.
pub mod audit;
pub mod auth;
mod bulk;
pub mod authz;
pub mod clock;
pub mod db;
pub mod demo;
pub mod entities;
pub mod agreement;
pub mod enrolment;
pub mod pickup;
pub mod links;
pub mod error;
pub mod fingerprint;
pub mod group_commit;
pub mod home;
pub mod inbox;
pub mod limits;
pub use wire::ids;
pub mod notice;
pub mod org;
pub mod plan;
pub mod policy;
pub mod privacy;
pub mod registration;
pub mod roster;
pub mod setup;
pub mod sheet;
pub mod sender;
pub mod special_needs;
#[cfg(any(test, feature = "testing"))]
pub mod testing;

pub use db::Db;
pub use wire::secret::Secret;
pub use migration;
pub use error::{DomainError, DomainResult};
