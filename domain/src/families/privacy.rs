//! A family's own data (X3; PIPL Art. 45): everything kept on a guardian
//! and their children, with the consents given, in one answer to read or
//! take away.
use crate::authz::Action;
use crate::entities::{account, consent, guardian_student, pickup_person, pickup_request};
use crate::error::{DomainError, DomainResult};
use crate::ids::{PickupPersonId, StudentId};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use wire::families::{ChildData, ConsentRecord, FamilyData, PickupPerson, PickupPersonRecord};

/// Everything the platform holds on the actor's family: the guardian's
/// account, each linked child's record, consents, applications, pickup
/// persons (removed ones too) and requests, special needs with who read
/// them, and the inbox. For "my data" and its download.
pub async fn family_data(cx: &crate::Ctx) -> DomainResult<FamilyData> {
    let db = cx.reads();
    let actor = cx.actor()?;
    let families: Vec<i64> = actor.families().map(|g| g.0).collect();
    if families.is_empty() {
        return Err(DomainError::Forbidden);
    }
    let account = account::Entity::find_by_id(actor.account.0).one(db).await?.ok_or(DomainError::NotFound)?;
    let links = guardian_student::Entity::find().filter(guardian_student::Column::GuardianId.is_in(families.clone())).all(db).await?;
    let children = crate::places::students_at(db, &links.iter().map(|l| l.student_id).collect::<Vec<_>>()).await?;
    let applications = crate::enrolment::applications::my_applications(cx).await?;
    let mut out = Vec::new();
    for link in &links {
        let Some(s) = children.get(&link.student_id) else { continue };
        let child = StudentId(s.row.id);
        actor.require(Action::ViewStudent, &s.target())?;
        let (school, class) = crate::org::school_and_class_names(db, &s.row).await?;
        let consents = consent::Entity::find()
            .filter(consent::Column::StudentId.eq(child.0))
            .filter(consent::Column::GuardianId.is_in(families.clone()))
            .order_by_asc(consent::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .filter_map(|c| {
                Some(ConsentRecord { kind: crate::families::consent::Kind::parse(&c.kind)?, version: c.notice_version as u32, given_at: rfc3339(c.given_at) })
            })
            .collect();
        let persons = pickup_person::Entity::find()
            .filter(pickup_person::Column::StudentId.eq(child.0))
            .order_by_asc(pickup_person::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(|p| PickupPersonRecord {
                added_at: rfc3339(p.created_at),
                removed_at: p.removed_at.map(rfc3339),
                person: PickupPerson { id: PickupPersonId(p.id), name: p.name, relation: p.relation, phone: p.phone },
            })
            .collect();
        let requests = pickup_request::Entity::find()
            .filter(pickup_request::Column::StudentId.eq(child.0))
            .order_by_asc(pickup_request::Column::OnDate)
            .all(db)
            .await?;
        out.push(ChildData {
            student: child,
            name: s.row.name.clone(),
            school,
            class,
            student_no: s.row.student_no.clone(),
            relation: link.relation.clone(),
            consents,
            applications: applications.iter().filter(|a| a.student == child).cloned().collect(),
            pickup_persons: persons,
            pickup_requests: crate::families::pickup::views(db, requests).await?,
            needs: crate::families::special_needs::stored(db, child.0).await?,
            needs_reads: crate::families::special_needs::reads_of(db, child.0, None).await?,
        });
    }
    Ok(FamilyData {
        name: account.display_name,
        phone: account.phone.unwrap_or_default(),
        registered_at: rfc3339(account.created_at),
        children: out,
        inbox: crate::messages::inbox::list(cx).await?,
    })
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
