//! Roster import: classes and students from a spreadsheet, checked row by
//! row before anything is written.
use serde::{Deserialize, Serialize};

/// The largest roster file accepted: a school of 5,000 is about 200 KB.
pub const MAX_BYTES: usize = 1024 * 1024;

/// One student row of the sheet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterRow {
    /// The sheet's row number (the header is row 1).
    pub line: u32,
    pub grade: i32,
    pub class_name: String,
    pub name: String,
    pub student_no: String,
}

/// What is wrong with a row: `field` names the column, `rule` the problem
/// (stable keys the page translates).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    pub line: u32,
    pub field: String,
    pub rule: String,
}

/// The checked sheet: either every row is good (`errors` empty) and can be
/// imported, or nothing will be.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterPreview {
    pub rows: Vec<RosterRow>,
    pub errors: Vec<RowError>,
    pub new_classes: Vec<String>,
    pub imported: bool,
}
