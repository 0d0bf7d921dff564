//! The school's records (S7–S9, 痕迹管理): the daily care log, incidents
//! and their written reports, safety inspections (the school's own or the
//! bureau's) with findings, visitors, and each person's served hours.
use crate::ids::{FindingId, IncidentId, InspectionId, SchoolId, SessionId, StaffId, VisitorId};
use crate::text_enum::text_enum;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Minor,
    Moderate,
    /// Told to the bureau at once; a written report is due [000 att.2 §22].
    Serious,
}
text_enum!(Severity { Minor = "minor", Moderate = "moderate", Serious = "serious" });

/// Who inspected: the school itself, or the bureau (B5) on the same record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Inspector {
    School,
    Bureau,
}
text_enum!(Inspector { School = "school", Bureau = "bureau" });

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CareLogEntry {
    pub entry: String,
    pub by: String,
    /// RFC 3339, UTC.
    pub at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewIncident {
    /// The session it happened in, if any.
    #[serde(default)]
    pub session: Option<SessionId>,
    pub severity: Severity,
    pub summary: String,
    pub people: String,
    pub actions: String,
    /// Which guardians were told, how and when.
    #[serde(default)]
    pub guardians_told: String,
}

/// The written report's parts: 事故经过、原因分析、处理结果、反思教训、改进措施.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewIncidentReport {
    pub course: String,
    pub causes: String,
    pub outcome: String,
    pub lessons: String,
    pub improvements: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Incident {
    pub id: IncidentId,
    pub school: SchoolId,
    pub school_name: String,
    pub severity: Severity,
    pub summary: String,
    pub people: String,
    pub actions: String,
    pub guardians_told: String,
    /// RFC 3339, UTC.
    pub reported_at: String,
    pub reported_by: String,
    pub updates: Vec<CareLogEntry>,
    pub report: Option<NewIncidentReport>,
    pub report_due: Option<NaiveDate>,
    /// A serious incident past its due date without its report.
    pub report_overdue: bool,
    pub closed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewInspection {
    pub on_date: NaiveDate,
    pub scope: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewFinding {
    pub description: String,
    pub responsible: String,
    pub due: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub id: FindingId,
    pub school: SchoolId,
    pub school_name: String,
    pub description: String,
    pub responsible: String,
    pub due: NaiveDate,
    pub fixed: Option<String>,
    pub escalated: Option<String>,
    /// Not fixed, and past its deadline.
    pub overdue: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inspection {
    pub id: InspectionId,
    pub inspector: Inspector,
    pub on_date: NaiveDate,
    /// Set by the bureau for a day still to come.
    #[serde(default)]
    pub scheduled: bool,
    pub scope: String,
    pub by: String,
    pub findings: Vec<Finding>,
}

/// A school's safety records, for its staff and the bureau.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SafetyRecords {
    pub school: SchoolId,
    pub school_name: String,
    pub incidents: Vec<Incident>,
    pub inspections: Vec<Inspection>,
    /// Whether the reader may change them (the school) or inspects (the bureau).
    pub inspector: Inspector,
}

/// What the bureau sees across the district: every incident, and findings
/// escalated or overdue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DistrictRecords {
    pub incidents: Vec<Incident>,
    pub findings: Vec<Finding>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewVisitor {
    pub name: String,
    pub phone: String,
    pub visiting: String,
    pub purpose: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visitor {
    pub id: VisitorId,
    pub name: String,
    pub phone: String,
    pub visiting: String,
    pub purpose: String,
    /// RFC 3339, UTC.
    pub in_at: String,
    pub out_at: Option<String>,
}

/// One person's served sessions and minutes in a month (S4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkloadRow {
    pub staff: StaffId,
    pub name: String,
    pub kind: crate::operations::StaffKind,
    pub sessions: u32,
    pub minutes: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workload {
    pub school: SchoolId,
    pub school_name: String,
    /// The month's first day.
    pub month: NaiveDate,
    pub rows: Vec<WorkloadRow>,
}
