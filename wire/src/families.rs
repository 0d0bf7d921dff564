//! A family's own records: registration, linking children, special needs
//! (P11), and all of it gathered for the guardian; pickup persons and
//! requests (P8) are in `pickup`.
use crate::ids::{ClassId, LinkCodeId, LinkId, StudentId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use crate::secret::Secret;

// Named here too, where the domain has always taken them from.
pub use crate::pickup::{NewPickupPerson, NewPickupRequest, PickupKind, PickupPerson, PickupRequest};

/// What a guardian fills in to register, after asking for a phone code.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registration {
    pub phone: String,
    pub code: String,
    pub name: String,
    pub password: Secret,
}

/// What a guardian consents to for a child, each after reading its own
/// notice (PIPL Art. 31: a guardian consents for a child under 14; Art. 29:
/// sensitive data, such as health, needs a separate consent).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConsentKind {
    /// The child's record at all: name, school, class, applications.
    ChildData,
    /// Health, allergies and other special needs.
    SpecialNeeds,
}

impl ConsentKind {
    pub const ALL: &[ConsentKind] = &[ConsentKind::ChildData, ConsentKind::SpecialNeeds];

    pub fn as_str(self) -> &'static str {
        match self {
            ConsentKind::ChildData => "child_data",
            ConsentKind::SpecialNeeds => "special_needs",
        }
    }

    pub fn parse(s: &str) -> Option<ConsentKind> {
        Self::ALL.iter().copied().find(|k| k.as_str() == s)
    }

    /// The version of the notice's text in force: a changed text gets a new
    /// one, and consent is asked for again.
    pub const fn version(self) -> u32 {
        match self {
            ConsentKind::ChildData => 1,
            ConsentKind::SpecialNeeds => 1,
        }
    }
}

/// Linking a child: the school's one-time code plus the child's name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkRequest {
    pub code: String,
    pub child_name: String,
    pub relation: String,
    /// The version of the privacy notice the guardian read and consented
    /// to; `None` when the box was left unticked.
    #[serde(default)]
    pub consent_version: Option<u32>,
}

/// A student's link code as the school prints it, with who has linked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudentLinks {
    pub student: StudentId,
    pub name: String,
    pub student_no: String,
    /// The code a family can still use, if any.
    pub open_code: Option<OpenCode>,
    pub guardians: Vec<LinkedGuardian>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenCode {
    pub id: LinkCodeId,
    pub code: String,
    /// The last day (the school's date) the code can be used.
    pub valid_until: Option<NaiveDate>,
    /// Past its term: the school issues a new one.
    pub expired: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedGuardian {
    pub link: LinkId,
    pub name: String,
    /// Masked: `138****0000`.
    pub phone: String,
    pub relation: String,
}

/// One class's codes and links, for the school to print and manage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassLinks {
    pub class: ClassId,
    pub school_id: crate::ids::SchoolId,
    pub school: String,
    pub class_name: String,
    /// How many days a new code of the school stays valid.
    pub link_code_days: i32,
    pub students: Vec<StudentLinks>,
}

/// The longest a school may let a link code stay valid.
pub const MAX_LINK_CODE_DAYS: i32 = 365;

/// Everything about one child a guardian manages on the child's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildCare {
    pub student: StudentId,
    pub name: String,
    pub pickup_persons: Vec<PickupPerson>,
    pub pickup_requests: Vec<PickupRequest>,
    pub needs: SpecialNeeds,
    /// Which staff read the needs, when (newest first).
    pub needs_reads: Vec<NeedsRead>,
    /// This week's sessions from the published timetable.
    pub week: crate::operations::Week,
    /// The pickup code, leave slips and the recent days.
    pub service: crate::service_day::ChildService,
}

/// Sensitive (P11): shown only to the guardian and the school staff who
/// serve the child; every staff read is logged.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpecialNeeds {
    pub allergies: String,
    pub conditions: String,
    pub needs: String,
}

impl SpecialNeeds {
    pub fn is_empty(&self) -> bool {
        self.allergies.is_empty() && self.conditions.is_empty() && self.needs.is_empty()
    }
}

/// A child's special needs as staff see them, with the read log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedsForStaff {
    pub student: StudentId,
    pub name: String,
    pub class_name: String,
    pub needs: SpecialNeeds,
    pub reads: Vec<NeedsRead>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedsRead {
    pub reader: String,
    /// RFC 3339, UTC.
    pub at: String,
}

/// A consent as recorded: which notice, which version, when (RFC 3339).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentRecord {
    pub kind: ConsentKind,
    pub version: u32,
    pub given_at: String,
}

/// A pickup person as recorded, also after removal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PickupPersonRecord {
    pub person: PickupPerson,
    pub added_at: String,
    pub removed_at: Option<String>,
}

/// Everything the platform holds on one linked child, for the guardian.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildData {
    pub student: StudentId,
    pub name: String,
    pub school: String,
    pub class: String,
    pub student_no: String,
    /// How this guardian is related to the child, as linked.
    pub relation: String,
    pub consents: Vec<ConsentRecord>,
    pub applications: Vec<crate::enrolment::ApplicationView>,
    pub pickup_persons: Vec<PickupPersonRecord>,
    pub pickup_requests: Vec<PickupRequest>,
    pub needs: SpecialNeeds,
    /// Who read the needs, when.
    pub needs_reads: Vec<NeedsRead>,
}

/// Everything the platform holds on a guardian's family: what the guardian
/// sees on "my data" and downloads as JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FamilyData {
    pub name: String,
    pub phone: String,
    pub registered_at: String,
    pub children: Vec<ChildData>,
    pub inbox: Vec<crate::inbox::InboxItem>,
}
