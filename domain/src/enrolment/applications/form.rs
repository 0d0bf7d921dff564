//! What a guardian sends to apply, and how it and a stored application read.
use wire::enrolment::{ApplicationStatus, Declaration};
use crate::entities::{application, plan};
use crate::error::{DomainError, DomainResult};
use crate::ids::{PlanId, StudentId};

pub const MAX_NOTE_CHARS: usize = 500;

#[derive(Clone, Debug)]
pub struct NewApplication {
    pub plan: PlanId,
    pub student: StudentId,
    pub declaration: Declaration,
    /// Chosen by the client for this submission; retries send the same key.
    pub idempotency_key: String,
}

pub(super) fn status(row: &application::Model) -> ApplicationStatus {
    ApplicationStatus::parse(&row.status).unwrap_or(ApplicationStatus::InReview)
}

pub(super) fn validate(d: &Declaration, key: &str) -> DomainResult<()> {
    if d.note.chars().count() > MAX_NOTE_CHARS {
        return Err(DomainError::invalid("note", "too_long"));
    }
    if key.is_empty() || key.len() > 100 {
        return Err(DomainError::invalid("idempotency_key", "required"));
    }
    Ok(())
}

pub(super) fn plan_title(p: &plan::Model) -> String {
    serde_json::from_str::<wire::plan::PlanContent>(&p.content).map(|c| c.title).unwrap_or_default()
}
