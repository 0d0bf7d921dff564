//! Demo data: the five seed districts with their policies, schools, classes,
//! staff, families and children, and sign-ins for every role. `Scale::City`
//! adds generated schools up to a city-sized data set (about 1,000 schools and
//! 500,000 students) with batched inserts, for benchmarks.
//!
//! A crate of its own, beside the domain: `beilei demo`, the demo-when-empty
//! start-up, the benches and tests use it; a server built without its `demo`
//! feature does not link it.
mod city;
mod load;
mod seeds;
mod sql;

pub use domain::setup::is_empty;
pub use load::{DemoReport, DemoSignIn, load};
pub use seeds::{DEMO_PASSWORD, Scale};
