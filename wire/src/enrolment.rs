//! Applications for after-school service and their review.
use crate::ids::{ApplicationId, PlanId, StudentId};
use crate::text_enum::text_enum;
use serde::{Deserialize, Serialize};

/// One step of the application review chain (a district policy setting).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewStep {
    ClassTeacher,
    ClassCommittee,
    GradeCommittee,
    SchoolCommittee,
    FamilyCommittee,
    School,
}
text_enum!(ReviewStep {
    ClassTeacher = "class_teacher",
    ClassCommittee = "class_committee",
    GradeCommittee = "grade_committee",
    SchoolCommittee = "school_committee",
    FamilyCommittee = "family_committee",
    School = "school",
});

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationStatus {
    /// Waiting for the review step `step` of the chain.
    InReview,
    /// Every step approved; waiting for places to be allocated.
    Approved,
    /// Given a place by the allocation.
    Admitted,
    /// Approved, but the places ran out before this child's turn.
    Waitlisted,
    /// Admitted and the notice period passed: enrolment is final.
    Enrolled,
    Rejected,
    Withdrawn,
}
text_enum!(ApplicationStatus {
    InReview = "in_review",
    Approved = "approved",
    Admitted = "admitted",
    Waitlisted = "waitlisted",
    Enrolled = "enrolled",
    Rejected = "rejected",
    Withdrawn = "withdrawn",
});

/// What the guardian declares with the application (P3); the school checks
/// the proof. Unticked boxes are simply absent from a form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Declaration {
    pub left_behind: bool,
    pub migrant_worker: bool,
    pub disabled: bool,
    pub low_income: bool,
    pub waiver_claimed: bool,
    pub note: String,
}

/// An application as its guardian and reviewers see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationView {
    pub id: ApplicationId,
    pub plan: PlanId,
    pub plan_title: String,
    pub student: StudentId,
    pub student_name: String,
    pub status: ApplicationStatus,
    /// The step waiting for a decision, while in review.
    pub waiting_for: Option<ReviewStep>,
    /// Why it was rejected, for the guardian.
    pub reason: Option<String>,
    pub declaration: Declaration,
    /// Place in the allocation order, once places were allocated.
    pub rank: Option<i32>,
    /// Whether a priority group counted in the allocation.
    pub priority: bool,
    /// Consent withdrawn: enrolment ends from this date.
    pub ended_on: Option<chrono::NaiveDate>,
}

/// How a plan's places were given out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allocation {
    pub capacity: u32,
    pub admitted: u32,
    pub waitlisted: u32,
}
