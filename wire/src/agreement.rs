//! The service agreement (P5) and the accident-insurance declaration (P6).
use crate::ids::{AgreementId, ApplicationId, PlanId, SignatureId};
use crate::text_enum::text_enum;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Party {
    Guardian,
    /// The child's acknowledgement, given with the guardian.
    Student,
    School,
}
text_enum!(Party { Guardian = "guardian", Student = "student", School = "school" });

/// How a signature was given.
pub const CHANNEL_WEB: &str = "web";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccidentInsurance {
    /// The family has accident insurance for the child.
    Insured,
    Declined,
}
text_enum!(AccidentInsurance { Insured = "insured", Declined = "declined" });

/// One version of a plan's agreement text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementText {
    pub id: AgreementId,
    pub plan: PlanId,
    pub version: i32,
    pub text: String,
    /// SHA-256 of the text, hex.
    pub hash: String,
    /// RFC 3339, UTC.
    pub published_at: String,
}

/// What the guardian sends to sign.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SignInput {
    /// The version the guardian read; signing an outdated version is refused.
    pub version: i32,
    /// The child has been told the rules and acknowledges them.
    pub student_acknowledges: bool,
    pub insurance: Option<AccidentInsurance>,
    pub insurer: String,
}

/// A signature as its receipt shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureView {
    pub id: SignatureId,
    pub party: Party,
    pub signer: String,
    pub channel: String,
    pub version: i32,
    pub hash: String,
    /// RFC 3339, UTC.
    pub signed_at: String,
    pub insurance: Option<AccidentInsurance>,
    pub insurer: Option<String>,
}

/// The agreement as the guardian of one enrolment sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementPage {
    pub application: ApplicationId,
    pub student_name: String,
    pub school: String,
    pub plan_title: String,
    pub liability_insurance: String,
    /// Whether policy requires accident insurance (else it is encouraged).
    pub insurance_required: bool,
    /// The version in force; `None` until the school publishes one.
    pub current: Option<AgreementText>,
    /// Signatures of the current version (guardian, student, school).
    pub signatures: Vec<SignatureView>,
    /// The current version is not yet signed by the guardian.
    pub needs_signing: bool,
    /// The guardian signed an earlier version, which no longer holds.
    pub resign: bool,
    /// Sign before this service day.
    pub sign_by: Option<NaiveDate>,
    /// Consent withdrawn: enrolment ends from this date.
    pub ended_on: Option<NaiveDate>,
    pub may_withdraw_consent: bool,
    /// The school's date today: a withdrawal is from today or later.
    #[serde(default)]
    pub today: Option<NaiveDate>,
}

/// A printable receipt of the guardian's signature.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub signature: SignatureView,
    pub student_acknowledged: bool,
    pub student_name: String,
    pub school: String,
    pub plan_title: String,
    pub text: String,
}

/// The school admin's view of a plan's agreement: every version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementVersions {
    pub plan: PlanId,
    pub plan_title: String,
    pub versions: Vec<AgreementText>,
    /// Enrolments whose guardian has signed the current version / all.
    pub signed: i64,
    pub enrolled: i64,
}
