//! Pages for the people who serve in the service: their own week and each
//! session's day.
pub(crate) mod invitation;
pub(crate) mod session_day;
pub(crate) mod week;
