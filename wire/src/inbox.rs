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
    /// `absent`: the child does not come that day (请假).
    PickupRequested {
        on: String,
        early: bool,
        at: String,
        collector: String,
        #[serde(default)]
        absent: bool,
    },
    /// The child did not come to a session on `on` and no leave was asked
    /// for (非正常缺席); `session` is its start time and activity.
    Absent { on: String, starts_at: String },
    /// Staff noted something about the child on `on` [000 att.2 §18].
    DayNote { on: String, note_kind: crate::service_day::NoteKind, note: String },
    /// Someone not authorised tried to collect the child.
    PickupRefused { on: String, claimed: String },
    /// The school issued a leave slip for `on` at `at`: confirm it on the child's page.
    LeaveSlipIssued { on: String, at: String, reason: String },
    /// The child is still at school after the end at `ended_at`.
    Stranded { on: String, ended_at: String },
    /// The review of a declared status's proof ended.
    ClaimDecided { claim: crate::money::ClaimKind, approved: bool, reason: String },
    /// A withdrawal gave back `amount_fen` of the fees; `paid_back_fen` of it
    /// is owed to the family in money.
    RefundBooked { amount_fen: i64, paid_back_fen: i64 },
    /// The school paid a refund out.
    RefundPaid { amount_fen: i64 },
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
