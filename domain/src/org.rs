//! The organisation: districts, schools, classes, guardians and students,
//! read through authorization. Counts are aggregated in the database.
use crate::authz::{Action, Place, Target};
use crate::places::school_place;
use crate::entities::{district, grade, guardian_student, school, school_class, student};
use crate::error::{DomainError, DomainResult};
use crate::ids::{ClassId, DistrictId, GradeId, GuardianId, SchoolId, StudentId};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, JoinType, QueryFilter, QueryOrder, QuerySelect,
    RelationTrait,
};
pub use wire::org::{
    Child, ClassSummary, DistrictChoice, DistrictOverview, PublicSchool, SchoolCard, SchoolKind, SchoolOverview, SchoolSummary,
    WaiverStatus,
};

#[derive(FromQueryResult)]
struct CountRow {
    key: i64,
    n: i64,
}

/// Every district's id (for operators' commands).
pub async fn district_ids<C: ConnectionTrait>(db: &C) -> DomainResult<Vec<i64>> {
    Ok(district::Entity::find().select_only().column(district::Column::Id).order_by_asc(district::Column::Id).into_tuple().all(db).await?)
}

/// The bureau's first view of its district: every school with its counts.
pub async fn district_overview(cx: &crate::Ctx, id: DistrictId) -> DomainResult<DistrictOverview> {
    let db = cx.reads();
    let actor = cx.actor()?;
    let d = crate::scope::district(db, actor, id, Action::ViewDistrict).await?;
    let schools = school::Entity::find()
        .filter(school::Column::DistrictId.eq(id.0))
        .order_by_asc(school::Column::Id)
        .all(db)
        .await?;
    let school_ids: Vec<i64> = schools.iter().map(|s| s.id).collect();
    let students = counts(db, student::Entity::find(), student::Column::SchoolId, &school_ids).await?;
    let classes = counts(db, school_class::Entity::find(), school_class::Column::SchoolId, &school_ids).await?;
    let summaries: Vec<SchoolSummary> = schools
        .into_iter()
        .map(|s| SchoolSummary {
            id: SchoolId(s.id),
            kind: SchoolKind::parse(&s.kind).unwrap_or(SchoolKind::District),
            students: students.get(&s.id).copied().unwrap_or(0),
            classes: classes.get(&s.id).copied().unwrap_or(0),
            name: s.name,
            longitude: s.longitude,
            latitude: s.latitude,
        })
        .collect();
    Ok(DistrictOverview {
        id,
        name: d.name,
        students: summaries.iter().map(|s| s.students).sum(),
        schools: summaries,
    })
}

/// `SELECT key, COUNT(*) ... WHERE key IN (...) GROUP BY key`, as a map.
async fn counts<C, E>(
    db: &C,
    select: sea_orm::Select<E>,
    key: impl ColumnTrait,
    keys: &[i64],
) -> DomainResult<std::collections::HashMap<i64, i64>>
where
    C: ConnectionTrait,
    E: EntityTrait,
{
    let rows = select
        .select_only()
        .column_as(key, "key")
        .column_as(sea_orm::sea_query::Expr::cust("COUNT(*)"), "n")
        .filter(key.is_in(keys.iter().copied()))
        .group_by(key)
        .into_model::<CountRow>()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|r| (r.key, r.n)).collect())
}

/// A school's classes with their enrolment, for its staff and the bureau.
pub async fn school_overview(cx: &crate::Ctx, id: SchoolId) -> DomainResult<SchoolOverview> {
    let db = cx.reads();
    let actor = cx.actor()?;
    let s = crate::scope::school(db, actor, id, Action::ViewSchool).await?;
    let d = crate::scope::find_district(db, DistrictId(s.district_id)).await?;
    let classes = school_class::Entity::find()
        .filter(school_class::Column::SchoolId.eq(s.id))
        .all(db)
        .await?;
    let levels: std::collections::HashMap<i64, i32> = grade::Entity::find()
        .filter(grade::Column::SchoolId.eq(s.id))
        .all(db)
        .await?
        .into_iter()
        .map(|g| (g.id, g.level))
        .collect();
    let class_ids: Vec<i64> = classes.iter().map(|c| c.id).collect();
    let students = counts(db, student::Entity::find(), student::Column::ClassId, &class_ids).await?;
    let mut summaries: Vec<ClassSummary> = classes
        .into_iter()
        .map(|c| ClassSummary {
            id: ClassId(c.id),
            grade: levels.get(&c.grade_id).copied().unwrap_or(0),
            students: students.get(&c.id).copied().unwrap_or(0),
            name: c.name,
        })
        .collect();
    summaries.sort_by(|a, b| (a.grade, &a.name).cmp(&(b.grade, &b.name)));
    Ok(SchoolOverview {
        id,
        name: s.name,
        district: d.name,
        kind: SchoolKind::parse(&s.kind).unwrap_or(SchoolKind::District),
        address: s.address,
        classes: summaries,
    })
}

/// The districts that have schools, for the school finder (public).
pub async fn districts(cx: &crate::Ctx) -> DomainResult<Vec<DistrictChoice>> {
    let db = cx.reads();
    let with_schools: Vec<i64> = school::Entity::find().select_only().column(school::Column::DistrictId).distinct().into_tuple().all(db).await?;
    Ok(district::Entity::find()
        .filter(district::Column::Id.is_in(with_schools))
        .order_by_asc(district::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|d| DistrictChoice { id: DistrictId(d.id), name: d.name })
        .collect())
}

/// Schools whose name holds `name` (any part of it), in `district` if
/// given; at most `MAX_FOUND`. Public: names and addresses only.
pub async fn find_schools(cx: &crate::Ctx, district: Option<DistrictId>, name: &str) -> DomainResult<Vec<SchoolCard>> {
    let db = cx.reads();
    let name = name.trim();
    if name.chars().count() > wire::org::MAX_QUERY_CHARS {
        return Err(DomainError::invalid("q", "too_long"));
    }
    if name.is_empty() && district.is_none() {
        return Ok(Vec::new());
    }
    let mut query = school::Entity::find().find_also_related(district::Entity);
    if let Some(d) = district {
        query = query.filter(school::Column::DistrictId.eq(d.0));
    }
    if !name.is_empty() {
        let escaped: String = name.chars().flat_map(|c| if matches!(c, '%' | '_' | '\\') { vec!['\\', c] } else { vec![c] }).collect();
        use sea_orm::sea_query::ExprTrait;
        query = query.filter(sea_orm::sea_query::Expr::col((school::Entity, school::Column::Name)).like(
            sea_orm::sea_query::LikeExpr::new(format!("%{escaped}%")).escape('\\'),
        ));
    }
    Ok(query
        .order_by_asc(school::Column::Name)
        .limit(wire::org::MAX_FOUND)
        .all(db)
        .await?
        .into_iter()
        .map(|(s, d)| card(s, d.map(|d| d.name).unwrap_or_default()))
        .collect())
}

fn card(s: school::Model, district: String) -> SchoolCard {
    SchoolCard { id: SchoolId(s.id), name: s.name, district, address: s.address }
}

/// A school's public page: its published plans that have not ended by
/// `today`, newest term first.
pub async fn public_school(cx: &crate::Ctx, id: SchoolId) -> DomainResult<PublicSchool> {
    let db = cx.reads();
    let actor = cx.acting();
    let today = cx.today();
    let s = crate::scope::find_school(db, id).await?;
    let d = crate::scope::maybe_district(db, DistrictId(s.district_id)).await?.map(|d| d.name).unwrap_or_default();
    let managed = actor.is_some_and(|a| a.may(Action::ManageSchool, &Target::School(school_place(&s))));
    let plans = crate::enrolment::plan::plans_of(db, &s, false).await?.into_iter().filter(|p| p.term_end >= today).collect();
    Ok(PublicSchool { school: card(s, d), plans, managed, qr: false })
}

#[derive(FromQueryResult)]
struct ChildRow {
    id: i64,
    name: String,
    school_id: i64,
    class_id: i64,
    district_id: i64,
    grade_id: i64,
    school_name: String,
    class_name: String,
    guardian_id: i64,
}

/// The children linked to the actor's guardian record(s), with their school
/// and class, in one query.
pub async fn my_children(cx: &crate::Ctx) -> DomainResult<Vec<Child>> {
    let db = cx.reads();
    let actor = cx.actor()?;
    let families: Vec<i64> = actor.families().map(|g| g.0).collect();
    if families.is_empty() {
        return Err(DomainError::Forbidden);
    }
    let rows = guardian_student::Entity::find()
        .select_only()
        .column_as(student::Column::Id, "id")
        .column_as(student::Column::Name, "name")
        .column_as(student::Column::SchoolId, "school_id")
        .column_as(student::Column::ClassId, "class_id")
        .column_as(school::Column::DistrictId, "district_id")
        .column_as(school_class::Column::GradeId, "grade_id")
        .column_as(school::Column::Name, "school_name")
        .column_as(school_class::Column::Name, "class_name")
        .column_as(guardian_student::Column::GuardianId, "guardian_id")
        .join(JoinType::InnerJoin, guardian_student::Relation::Student.def())
        .join(JoinType::InnerJoin, student::Relation::School.def())
        .join(JoinType::InnerJoin, student::Relation::Class.def())
        .filter(guardian_student::Column::GuardianId.is_in(families))
        .order_by_asc(student::Column::Id)
        .into_model::<ChildRow>()
        .all(db)
        .await?;
    let mut children = Vec::with_capacity(rows.len());
    for r in rows {
        let place = Place {
            district: Some(DistrictId(r.district_id)),
            school: Some(SchoolId(r.school_id)),
            grade: Some(GradeId(r.grade_id)),
            class: Some(ClassId(r.class_id)),
        };
        // Belt and braces: the query is already scoped to the actor's families.
        actor.require(Action::ViewStudent, &Target::Student { place, guardians: &[GuardianId(r.guardian_id)] })?;
        if children.iter().any(|c: &Child| c.id.0 == r.id) {
            continue;
        }
        children.push(Child {
            id: StudentId(r.id),
            name: r.name,
            school_id: SchoolId(r.school_id),
            school: r.school_name,
            class: r.class_name,
        });
    }
    Ok(children)
}

/// The names of a student's school and class.
pub(crate) async fn school_and_class_names<C: ConnectionTrait>(db: &C, s: &student::Model) -> DomainResult<(String, String)> {
    let school = crate::scope::maybe_school(db, SchoolId(s.school_id)).await?.map(|x| x.name).unwrap_or_default();
    let class = crate::scope::maybe_class(db, ClassId(s.class_id)).await?.map(|x| x.name).unwrap_or_default();
    Ok((school, class))
}
