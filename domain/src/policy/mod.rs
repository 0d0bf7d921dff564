//! District policy (REQUIREMENTS §2): the rules on which the five seed
//! documents differ are data, versioned per district. Rules read the version
//! in force on a date; a new version never rewrites an old one.
mod presets;
mod settings;
mod versions;

pub use presets::preset;
pub use settings::*;
pub use versions::{in_force, publish};
