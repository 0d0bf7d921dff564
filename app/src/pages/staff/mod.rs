//! Pages for the people who serve in the service: their own week.
pub(crate) mod week;
