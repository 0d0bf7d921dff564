//! Money (M1–M6, P7): each school's service money is its own set of
//! accounts (专款专用), kept in a ledger whose every posting moves one amount
//! between two of them, so the books always balance. Fee schedules within
//! the district's cap, month or term charges per child, waivers from
//! approved proof, payments (by hand or from a bank statement), refunds on
//! withdrawal, staff pay from served hours, the term's settlement, the
//! monthly disclosure to parents and the government subsidy from actual
//! child-days.
pub mod amounts;
pub mod billing;
pub mod charges;
pub mod desk;
pub mod disclosure;
pub mod export;
pub mod fees;
pub mod family;
pub mod ledger;
pub mod pay;
pub mod payments;
pub mod periods;
pub use inputs::money as rounding;
pub mod settlement;
pub mod subsidy;
pub mod waivers;
pub mod withdrawal;
