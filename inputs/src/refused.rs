//! The one error every reader answers with.

/// Why an input was not read: `field` names the input, `rule` the problem
/// (a stable key the user interface translates).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Refused {
    pub field: &'static str,
    pub rule: &'static str,
}

impl Refused {
    pub const fn new(field: &'static str, rule: &'static str) -> Self {
        Refused { field, rule }
    }

    /// The input is larger than its limit (HTTP 413 rather than 400).
    pub fn too_large(&self) -> bool {
        self.rule == "too_large"
    }
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} refused: {}", self.field, self.rule)
    }
}

impl std::error::Error for Refused {}

pub type Read<T> = Result<T, Refused>;
