//! Families: registration, linking children, the school's roster, pickup persons and requests, special needs, and what a family can see of its data.
pub mod child;
pub mod consent;
pub mod links;
pub mod pickup;
pub mod privacy;
pub mod registration;
pub mod roster;
pub mod special_needs;
