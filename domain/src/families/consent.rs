//! Consent to the children's data (X3; PIPL Art. 31 and 29). A guardian
//! linking a child reads the privacy notice and consents for the child;
//! health and other special needs get their own, separate consent. Each
//! consent is kept with the version of the notice it answered.
use crate::entities::consent;
use crate::error::{DomainError, DomainResult};
use crate::ids::{GuardianId, StudentId};
use chrono::{DateTime, Utc};
pub use wire::families::ConsentKind as Kind;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

/// The guardian's answer on the form: the version of the notice they
/// consented to, or nothing.
pub fn check_consent(kind: Kind, given: Option<u32>) -> DomainResult<()> {
    match given {
        None => Err(DomainError::invalid("consent", "required")),
        Some(v) if v != kind.version() => Err(DomainError::invalid("consent", "outdated")),
        Some(_) => Ok(()),
    }
}

/// Whether `guardian` consented for `student` to the notice in force.
pub async fn has_consent<C: ConnectionTrait>(db: &C, guardian: GuardianId, student: StudentId, kind: Kind) -> DomainResult<bool> {
    Ok(consent::Entity::find()
        .filter(consent::Column::GuardianId.eq(guardian.0))
        .filter(consent::Column::StudentId.eq(student.0))
        .filter(consent::Column::Kind.eq(kind.as_str()))
        .filter(consent::Column::NoticeVersion.eq(kind.version() as i32))
        .filter(consent::Column::WithdrawnAt.is_null())
        .count(db)
        .await?
        > 0)
}

/// Records the consent (once per notice version), in the caller's
/// transaction.
pub async fn record_consent<C: ConnectionTrait>(
    db: &C,
    guardian: GuardianId,
    student: StudentId,
    kind: Kind,
    now: DateTime<Utc>,
) -> DomainResult<()> {
    if has_consent(db, guardian, student, kind).await? {
        return Ok(());
    }
    consent::ActiveModel {
        guardian_id: Set(guardian.0),
        student_id: Set(student.0),
        kind: Set(kind.as_str().into()),
        notice_version: Set(kind.version() as i32),
        given_at: Set(now),
        withdrawn_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consent_must_answer_the_notice_in_force() {
        assert!(matches!(check_consent(Kind::ChildData, None), Err(DomainError::Invalid { rule: "required", .. })));
        let stale = Kind::ChildData.version() + 1;
        assert!(matches!(check_consent(Kind::ChildData, Some(stale)), Err(DomainError::Invalid { rule: "outdated", .. })));
        check_consent(Kind::SpecialNeeds, Some(Kind::SpecialNeeds.version())).expect("current");
    }
}
