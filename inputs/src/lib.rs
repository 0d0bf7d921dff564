//! What users send, read without trusting it: uploaded files (a year's
//! calendar, spreadsheets, photos and PDFs) and the dates and amounts typed
//! into forms, with the arithmetic done on them.
//!
//! Every reader checks its bounds (bytes, depth, lines, rows, columns,
//! inflated size) before the work they bound, and nothing here recurses
//! on what it reads, so no input can exhaust the stack, the memory or the
//! time of a request. Pure functions without a database: the fuzz targets
//! in `fuzz/` drive all of it.
pub mod dates;
pub mod files;
pub mod ics;
pub mod money;
mod refused;
pub mod sheet;

pub use refused::{Read, Refused};
