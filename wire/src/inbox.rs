//! The guardian's inbox (P9): what happened, as data; each page and each
//! sender renders it in the reader's language.
use crate::enrolment::ReviewStep;
use crate::ids::{ApplicationId, MessageId};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Notice {
    ApplicationSubmitted,
    StepApproved { step: ReviewStep },
    ApplicationApproved,
    ApplicationRejected { step: ReviewStep, reason: String },
    Admitted { rank: i32 },
    Waitlisted { rank: i32 },
    /// The admitted list is on public notice until `ends_at` (RFC 3339).
    OnNotice { ends_at: String },
    Enrolled,
    /// A new agreement version to sign (`resign`: an earlier one was signed).
    AgreementPublished { version: i32, resign: bool },
    AgreementSigned { version: i32 },
    /// Consent withdrawn: enrolment ends from this date (ISO 8601).
    ConsentWithdrawn { from: String },
    /// A guardian asked for an early (or late) pickup on `on` (ISO 8601) at
    /// `at` (HH:MM), by `collector` (empty: the guardian).
    PickupRequested { on: String, early: bool, at: String, collector: String },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxItem {
    pub id: MessageId,
    pub notice: Notice,
    pub application: Option<ApplicationId>,
    pub student_name: String,
    pub plan_title: String,
    /// RFC 3339, UTC.
    pub at: String,
    pub read: bool,
}
