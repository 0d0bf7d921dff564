//! The scope loader: a school, class, district, tender or child by id, with
//! the check that the actor may do an action to it. Every area loads these
//! here, so a missing object and a refused one are told apart the same way
//! everywhere: `NotFound` first, then `Forbidden` (a district, whose target
//! needs only its id, is checked first).
//!
//! The `find_*` and `maybe_*` loaders check nothing: they are for public
//! data, for internal steps, and for callers whose check is their own (they
//! call it right after the load).
use crate::authz::{Action, Actor, Place, Target};
use crate::entities::{district, school, school_class, tender};
use crate::error::{DomainError, DomainResult};
use crate::ids::{ClassId, DistrictId, GradeId, GuardianId, SchoolId, StudentId, TenderId};
use crate::places::{StudentAt, guardian_of, school_place, student_at};
use sea_orm::{ConnectionTrait, EntityTrait};

/// The school, once the actor may do `action` to it.
pub async fn school<C: ConnectionTrait>(db: &C, actor: &Actor, id: SchoolId, action: Action) -> DomainResult<school::Model> {
    let s = find_school(db, id).await?;
    actor.require(action, &Target::School(school_place(&s)))?;
    Ok(s)
}

/// The class and its school, once the actor may do `action` to the class.
pub async fn class<C: ConnectionTrait>(db: &C, actor: &Actor, id: ClassId, action: Action) -> DomainResult<(school_class::Model, school::Model)> {
    let c = find_class(db, id).await?;
    let s = find_school(db, SchoolId(c.school_id)).await?;
    let place = Place {
        district: Some(DistrictId(s.district_id)),
        school: Some(SchoolId(s.id)),
        grade: Some(GradeId(c.grade_id)),
        class: Some(ClassId(c.id)),
    };
    actor.require(action, &Target::Class(place))?;
    Ok((c, s))
}

/// The district, once the actor may do `action` to it. The check comes
/// before the load: an actor without the right learns nothing of which
/// districts exist.
pub async fn district<C: ConnectionTrait>(db: &C, actor: &Actor, id: DistrictId, action: Action) -> DomainResult<district::Model> {
    actor.require(action, &Target::District(id))?;
    find_district(db, id).await
}

/// The tender and its school, once the actor may do `action` to the school.
pub async fn tender<C: ConnectionTrait>(db: &C, actor: &Actor, id: TenderId, action: Action) -> DomainResult<(tender::Model, school::Model)> {
    let (t, s) = find_tender(db, id).await?;
    actor.require(action, &Target::School(school_place(&s)))?;
    Ok((t, s))
}

/// The child, once the actor is one of its guardians; with the actor's
/// guardian record.
pub(crate) async fn child<C: ConnectionTrait>(db: &C, actor: &Actor, id: StudentId) -> DomainResult<(StudentAt, GuardianId)> {
    let s = student_at(db, id.0).await?;
    let guardian = guardian_of(actor, &s)?;
    Ok((s, guardian))
}

/// The school, `NotFound` if there is none. No authorization: for public
/// data or after a check.
pub async fn find_school<C: ConnectionTrait>(db: &C, id: SchoolId) -> DomainResult<school::Model> {
    maybe_school(db, id).await?.ok_or(DomainError::NotFound)
}

/// The class, `NotFound` if there is none. No authorization: for public
/// data or after a check.
pub async fn find_class<C: ConnectionTrait>(db: &C, id: ClassId) -> DomainResult<school_class::Model> {
    maybe_class(db, id).await?.ok_or(DomainError::NotFound)
}

/// The district, `NotFound` if there is none. No authorization: for public
/// data or after a check.
pub async fn find_district<C: ConnectionTrait>(db: &C, id: DistrictId) -> DomainResult<district::Model> {
    maybe_district(db, id).await?.ok_or(DomainError::NotFound)
}

/// The tender and its school, `NotFound` if either is missing. No
/// authorization: for public data or after a check.
pub async fn find_tender<C: ConnectionTrait>(db: &C, id: TenderId) -> DomainResult<(tender::Model, school::Model)> {
    let t = tender::Entity::find_by_id(id.0).one(db).await?.ok_or(DomainError::NotFound)?;
    let s = find_school(db, SchoolId(t.school_id)).await?;
    Ok((t, s))
}

/// The school if there is one. No authorization: for names and places
/// shown to whoever was already checked.
pub async fn maybe_school<C: ConnectionTrait>(db: &C, id: SchoolId) -> DomainResult<Option<school::Model>> {
    Ok(school::Entity::find_by_id(id.0).one(db).await?)
}

/// The class if there is one. No authorization: for names and places
/// shown to whoever was already checked.
pub async fn maybe_class<C: ConnectionTrait>(db: &C, id: ClassId) -> DomainResult<Option<school_class::Model>> {
    Ok(school_class::Entity::find_by_id(id.0).one(db).await?)
}

/// The district if there is one. No authorization: for names and places
/// shown to whoever was already checked.
pub async fn maybe_district<C: ConnectionTrait>(db: &C, id: DistrictId) -> DomainResult<Option<district::Model>> {
    Ok(district::Entity::find_by_id(id.0).one(db).await?)
}

/// A contract and its school. No authorization.
pub(crate) async fn find_contract<C: ConnectionTrait>(db: &C, id: crate::ids::ContractId) -> DomainResult<(crate::entities::contract::Model, school::Model)> {
    let c = crate::entities::contract::Entity::find_by_id(id.0).one(db).await?.ok_or(DomainError::NotFound)?;
    let s = find_school(db, SchoolId(c.school_id)).await?;
    Ok((c, s))
}
