//! The tender board's shared pages: one tender, seen by the school, its
//! panel, the bureau, the bidders and the public, each with what they may
//! see and do. The lists other pages show are in `components::tenders`.
mod actions;
mod award;
mod bid_form;
mod compare;
mod page;

pub use page::{BidPage, TenderPage};
