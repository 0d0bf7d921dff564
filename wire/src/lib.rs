//! Types that cross the wire between the browser and the server. Plain serde
//! data, no behaviour that needs the server: this crate compiles to WASM.
pub mod agreement;
pub mod bureau;
pub mod enrolment;
pub mod errors;
pub mod families;
pub mod home;
pub mod inbox;
pub mod money;
pub mod ids;
pub mod notice;
pub mod operations;
pub mod org;
pub mod pickup;
pub mod plan;
pub mod roles;
pub mod records;
pub mod roster;
pub mod secret;
pub mod service_day;
pub mod tender;
mod text_enum;
