//! Districts, schools, classes and children as pages show them.
use crate::ids::{ClassId, DistrictId, SchoolId, StudentId};
use crate::text_enum::text_enum;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SchoolKind {
    /// Run by the district.
    District,
    /// Run directly by the city.
    CityDirect,
    Private,
}

text_enum!(SchoolKind { District = "district", CityDirect = "city_direct", Private = "private" });

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WaiverStatus {
    None,
    Claimed,
    Approved,
    Rejected,
}

text_enum!(WaiverStatus { None = "none", Claimed = "claimed", Approved = "approved", Rejected = "rejected" });

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SchoolSummary {
    pub id: SchoolId,
    pub name: String,
    pub kind: SchoolKind,
    pub longitude: f64,
    pub latitude: f64,
    pub classes: i64,
    pub students: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DistrictOverview {
    pub id: DistrictId,
    pub name: String,
    pub schools: Vec<SchoolSummary>,
    pub students: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClassSummary {
    pub id: ClassId,
    pub grade: i32,
    pub name: String,
    pub students: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SchoolOverview {
    pub id: SchoolId,
    pub name: String,
    pub district: String,
    pub kind: SchoolKind,
    pub address: String,
    pub classes: Vec<ClassSummary>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Child {
    pub id: StudentId,
    pub name: String,
    pub school_id: SchoolId,
    pub school: String,
    pub class: String,
}


/// A district a guardian can choose in the school finder.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DistrictChoice {
    pub id: DistrictId,
    pub name: String,
}

/// A school the finder found: what anyone may know of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolCard {
    pub id: SchoolId,
    pub name: String,
    pub district: String,
    pub address: String,
}

/// Most schools the finder lists at once; a longer name narrows it.
pub const MAX_FOUND: u64 = 50;
/// Longest name part the finder takes.
pub const MAX_QUERY_CHARS: usize = 40;

/// A school's public page: where it is and its plans for this term and the
/// next (`/schools/ID`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicSchool {
    pub school: SchoolCard,
    pub plans: Vec<crate::plan::PlanSummary>,
    /// The viewer runs the school.
    pub managed: bool,
    /// The school's QR code can be printed here: the viewer runs the school
    /// and the site's public address is configured.
    #[serde(default)]
    pub qr: bool,
}
