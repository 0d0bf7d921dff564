//! Where people and things sit: a school's place in city, district and
//! school, a student with their class, grade and guardians, and the names
//! the pages show. Below every area; no authorization here.
use crate::authz::{Action, Actor, Place, Target};
use crate::entities::{guardian_student, school, school_class, student};
use crate::error::{DomainError, DomainResult};
use crate::ids::{ClassId, DistrictId, GradeId, GuardianId, SchoolId};
use crate::store::batch;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

pub fn school_place(s: &school::Model) -> Place {
    Place { district: Some(DistrictId(s.district_id)), school: Some(SchoolId(s.id)), ..Place::default() }
}

impl StudentAt {
    pub(crate) fn target(&self) -> Target<'_> {
        Target::Student { place: self.place, guardians: &self.guardians }
    }
}

/// A student with everything authorization needs.
#[derive(Clone)]
pub(crate) struct StudentAt {
    pub row: student::Model,
    pub place: Place,
    pub guardians: Vec<GuardianId>,
}

pub(crate) async fn student_at<C: ConnectionTrait>(db: &C, id: i64) -> DomainResult<StudentAt> {
    students_at(db, &[id]).await?.remove(&id).ok_or(DomainError::NotFound)
}

/// `student_at` for many students, with two queries in all. Ids of missing
/// students are left out.
pub(crate) async fn students_at<C: ConnectionTrait>(db: &C, ids: &[i64]) -> DomainResult<HashMap<i64, StudentAt>> {
    let rows = student::Entity::find()
        .find_also_related(school_class::Entity)
        .find_also_related(school::Entity)
        .filter(batch::one_of(db.get_database_backend(), student::Column::Id, ids.iter().copied()))
        .all(db)
        .await?;
    let mut guardians: HashMap<i64, Vec<GuardianId>> = HashMap::new();
    for link in guardian_student::Entity::find()
        .filter(batch::one_of(db.get_database_backend(), guardian_student::Column::StudentId, ids.iter().copied()))
        .all(db)
        .await?
    {
        guardians.entry(link.student_id).or_default().push(GuardianId(link.guardian_id));
    }
    Ok(rows
        .into_iter()
        .filter_map(|(row, class, school)| {
            let (class, school) = (class?, school?);
            let place = Place {
                district: Some(DistrictId(school.district_id)),
                school: Some(SchoolId(school.id)),
                grade: Some(GradeId(class.grade_id)),
                class: Some(ClassId(class.id)),
            };
            let guardians = guardians.remove(&row.id).unwrap_or_default();
            Some((row.id, StudentAt { row, place, guardians }))
        })
        .collect())
}

/// The actor's guardian record linked to the student: the actor must be one
/// of the child's guardians.
pub(crate) fn guardian_of(actor: &Actor, s: &StudentAt) -> DomainResult<GuardianId> {
    actor.require(Action::ViewStudent, &s.target())?;
    actor.families().find(|g| s.guardians.contains(g)).ok_or(DomainError::Forbidden)
}


/// The students with these ids, by id, in one query.
pub(crate) async fn students_by_id<C: ConnectionTrait>(
    db: &C,
    ids: impl IntoIterator<Item = i64>,
) -> DomainResult<HashMap<i64, student::Model>> {
    Ok(student::Entity::find()
        .filter(student::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect())
}

/// The ids of the children linked to the actor's guardian records.
pub(crate) async fn children_of<C: ConnectionTrait>(db: &C, actor: &Actor) -> DomainResult<Vec<i64>> {
    let families: Vec<i64> = actor.families().map(|g| g.0).collect();
    if families.is_empty() {
        return Ok(Vec::new());
    }
    Ok(guardian_student::Entity::find()
        .filter(guardian_student::Column::GuardianId.is_in(families))
        .all(db)
        .await?
        .into_iter()
        .map(|l| l.student_id)
        .collect())
}

/// The names of these classes, by id, in one query.
pub(crate) async fn class_names<C: ConnectionTrait>(db: &C, ids: impl IntoIterator<Item = i64>) -> DomainResult<HashMap<i64, String>> {
    Ok(school_class::Entity::find().filter(school_class::Column::Id.is_in(ids)).all(db).await?.into_iter().map(|c| (c.id, c.name)).collect())
}

/// The display names of these accounts, by id, in one query.
pub(crate) async fn account_names<C: ConnectionTrait>(db: &C, ids: impl IntoIterator<Item = i64>) -> DomainResult<HashMap<i64, String>> {
    Ok(crate::entities::account::Entity::find().filter(crate::entities::account::Column::Id.is_in(ids)).all(db).await?.into_iter().map(|a| (a.id, a.display_name)).collect())
}
