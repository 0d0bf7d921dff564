//! Enrolment: plans, applications and their review chains, allocation and public notice, agreements; applications arrive through one group-committing writer.
pub mod agreement;
pub mod applications;
pub mod claims;
pub mod group_commit;
pub mod notice;
pub mod plan;
