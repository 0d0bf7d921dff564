//! The tender board (V1–V8, P10). A school with its family committee calls
//! for bids; vendors bid sealed; two panel members open them after the
//! opening time; the price-inquiry panel scores while supervision watches;
//! the award waits out a standstill for complaints, then goes up the
//! district's approval chain; a contract follows, then evaluations,
//! satisfaction, termination and the citywide blacklist.
pub mod award;
pub mod bids;
pub mod blacklist;
pub mod board;
pub mod contracts;
pub mod eligibility;
pub mod evaluation;
pub mod ocds;
pub mod opening;
pub mod seal;
pub(crate) mod seats;
pub mod survey;
pub(crate) mod terms;
pub mod vendors;
pub mod views;

pub use seal::BidKey;
