//! Store: connecting to SQLite or PostgreSQL, and the batched statements that several areas share.
pub(crate) mod batch;
pub mod bulk;
pub mod db;
pub(crate) mod lock;
pub mod stale;
