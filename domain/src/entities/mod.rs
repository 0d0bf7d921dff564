//! SeaORM entities, one per table, mirroring `migration/`. Plain data only:
//! behaviour lives in the service modules beside this folder.
pub mod account;
pub mod admission_notice;
pub mod application;
pub mod application_review;
pub mod audit_event;
pub mod city;
pub mod district;
pub mod district_policy;
pub mod grade;
pub mod guardian;
pub mod guardian_student;
pub mod inbox_message;
pub mod objection;
pub mod outbox_message;
pub mod plan;
pub mod role_grant;
pub mod school;
pub mod school_class;
pub mod session;
pub mod sign_in_attempt;
pub mod student;
pub mod vendor;
