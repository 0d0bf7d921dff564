//! Messages: the inbox every user reads and the outbox that takes texts to phones.
pub mod inbox;
pub mod sender;
