//! The public notice (公示, P4): after places are allocated the school puts
//! the admitted list on notice for the district's notice period, showing
//! only class and a masked name. Anyone at the school may object during the
//! period; the school answers; enrolment becomes final only after the period
//! with every objection answered.
use crate::audit::{self, Event};
use crate::authz::{Action, Actor, Target};
use crate::entities::{admission_notice, application, objection, plan, school, school_class, student};
use crate::error::{Clash, DomainError, DomainResult};
use crate::{fingerprint, limits};
use crate::ids::{DistrictId, ObjectionId, PlanId};
use crate::messages::inbox::{self, About, Notice};
use crate::places::school_place;
use crate::policy;
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};
use serde_json::json;
use std::collections::HashMap;
use wire::enrolment::ApplicationStatus;
pub use wire::notice::{NoticeEntry, NoticeView, ObjectionView, mask_name};

pub const MAX_TEXT_CHARS: usize = 1_000;

pub(crate) struct PlanAt {
    pub plan: plan::Model,
    pub school: school::Model,
    pub title: String,
}

pub(crate) async fn plan_at<C: ConnectionTrait>(db: &C, id: PlanId) -> DomainResult<PlanAt> {
    let plan = plan::Entity::find_by_id(id.0).one(db).await?.ok_or(DomainError::NotFound)?;
    let school = crate::scope::find_school(db, crate::ids::SchoolId(plan.school_id)).await?;
    let title = serde_json::from_str::<wire::plan::PlanContent>(&plan.content).map(|c| c.title).unwrap_or_default();
    Ok(PlanAt { plan, school, title })
}

/// Whether the actor belongs to the school: a role there (or over its
/// district), or a child in it.
async fn at_school<C: ConnectionTrait>(db: &C, actor: &Actor, s: &school::Model) -> DomainResult<bool> {
    let place = school_place(s);
    if actor.may(Action::ViewSchool, &Target::School(place)) {
        return Ok(true);
    }
    let children = crate::places::children_of(db, actor).await?;
    if children.is_empty() {
        return Ok(false);
    }
    Ok(student::Entity::find()
        .filter(student::Column::Id.is_in(children))
        .filter(student::Column::SchoolId.eq(s.id))
        .count(db)
        .await?
        > 0)
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Puts the plan's admitted list on notice for the district's notice period.
pub async fn publish(cx: &crate::Ctx, id: PlanId) -> DomainResult<DateTime<Utc>> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let txn = db.begin().await?;
    let at = plan_at(&txn, id).await?;
    actor.require(Action::ManageSchool, &Target::School(school_place(&at.school)))?;
    if admission_notice::Entity::find().filter(admission_notice::Column::PlanId.eq(id.0)).one(&txn).await?.is_some() {
        return Err(DomainError::Conflict(Clash::ListOnNotice));
    }
    let admitted = application::Entity::find()
        .filter(application::Column::PlanId.eq(id.0))
        .filter(application::Column::Status.eq(ApplicationStatus::Admitted.as_str()))
        .all(&txn)
        .await?;
    if admitted.is_empty() {
        return Err(DomainError::invalid("plan", "no_admitted_children"));
    }
    let (_, rules) = policy::in_force(&txn, DistrictId(at.school.district_id), at.plan.term_start).await?;
    let ends_at = now + Duration::days(i64::from(rules.notice_days));
    admission_notice::ActiveModel {
        plan_id: Set(id.0),
        published_at: Set(now),
        ends_at: Set(ends_at),
        finalized_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    notify_all(&txn, &admitted, &at.title, &Notice::OnNotice { ends_at: rfc3339(ends_at) }, cx.now()).await?;
    audit::record(&txn, now,
        Event::new(Some(actor.account), "notice.published", format!("plan:{id}"), json!({"ends_at": rfc3339(ends_at), "admitted": admitted.len()})),
    )
    .await?;
    txn.commit().await?;
    Ok(ends_at)
}

/// Tells the guardians of each application's child the same notice.
pub(crate) async fn notify_all<C: ConnectionTrait>(db: &C, apps: &[application::Model], plan_title: &str, notice: &Notice, now: chrono::DateTime<chrono::Utc>) -> DomainResult<()> {
    let students = crate::places::students_by_id(db, apps.iter().map(|a| a.student_id)).await?;
    let notes = apps.iter().map(|a| {
        let about = About {
            application: Some(crate::ids::ApplicationId(a.id)),
            student_name: students.get(&a.student_id).map(|s| s.name.as_str()).unwrap_or_default(),
            plan_title,
        };
        (crate::ids::StudentId(a.student_id), about, notice)
    });
    inbox::notify_guardians(db, notes, now).await?;
    Ok(())
}

/// The notice as people at the school see it: class and masked name only.
pub async fn view(cx: &crate::Ctx, id: PlanId) -> DomainResult<NoticeView> {
    let db = cx.reads();
    let actor = cx.actor()?;
    let now = cx.now();
    let at = plan_at(db, id).await?;
    if !at_school(db, actor, &at.school).await? {
        return Err(DomainError::Forbidden);
    }
    let notice = admission_notice::Entity::find()
        .filter(admission_notice::Column::PlanId.eq(id.0))
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let listed = application::Entity::find()
        .filter(application::Column::PlanId.eq(id.0))
        .filter(application::Column::Status.is_in([ApplicationStatus::Admitted.as_str(), ApplicationStatus::Enrolled.as_str()]))
        .order_by_asc(application::Column::AllocationRank)
        .all(db)
        .await?;
    let students = crate::places::students_by_id(db, listed.iter().map(|a| a.student_id)).await?;
    let classes: HashMap<i64, String> = school_class::Entity::find()
        .filter(school_class::Column::SchoolId.eq(at.school.id))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let admitted = listed
        .iter()
        .filter_map(|a| students.get(&a.student_id))
        .map(|s| NoticeEntry { class: classes.get(&s.class_id).cloned().unwrap_or_default(), masked_name: mask_name(&s.name) })
        .collect();
    let objections = objection::Entity::find()
        .filter(objection::Column::PlanId.eq(id.0))
        .order_by_asc(objection::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|o| ObjectionView { id: ObjectionId(o.id), text: o.text, answer: o.answer })
        .collect();
    Ok(NoticeView {
        plan: id,
        plan_title: at.title,
        ends_at: rfc3339(notice.ends_at),
        open: now < notice.ends_at,
        finalized: notice.finalized_at.is_some(),
        admitted,
        objections,
    })
}

fn checked_text(text: &str, field: &'static str) -> DomainResult<String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(DomainError::invalid(field, "required"));
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(DomainError::invalid(field, "too_long"));
    }
    Ok(text.to_string())
}

/// Files an objection to the notice while it is open.
pub async fn object(cx: &crate::Ctx, id: PlanId, text: &str) -> DomainResult<ObjectionId> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let text = checked_text(text, "objection")?;
    let _ = limits::OBJECTIONS.take(db, &actor.account.to_string(), now).await?;
    let txn = db.begin().await?;
    let at = plan_at(&txn, id).await?;
    if !at_school(&txn, actor, &at.school).await? {
        return Err(DomainError::Forbidden);
    }
    let notice = admission_notice::Entity::find()
        .filter(admission_notice::Column::PlanId.eq(id.0))
        .one(&txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    if now >= notice.ends_at {
        return Err(DomainError::invalid("objection", "notice_period_over"));
    }
    let row = objection::ActiveModel {
        plan_id: Set(id.0),
        author_account_id: Set(actor.account.0),
        text: Set(text.clone()),
        filed_at: Set(now),
        answer: Set(None),
        answered_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let fingerprint = fingerprint::of(&txn, &format!("account:{}", actor.account), &json!(text)).await?;
    audit::record(&txn, now,
        Event::new(Some(actor.account), "notice.objection_filed", format!("objection:{}", row.id), json!({"plan": id.0, "fingerprint": fingerprint})),
    )
    .await?;
    txn.commit().await?;
    Ok(ObjectionId(row.id))
}

/// The school's answer to an objection, shown with it.
pub async fn answer(cx: &crate::Ctx, id: ObjectionId, text: &str) -> DomainResult<()> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let text = checked_text(text, "answer")?;
    let txn = db.begin().await?;
    let o = objection::Entity::find_by_id(id.0).one(&txn).await?.ok_or(DomainError::NotFound)?;
    let at = plan_at(&txn, PlanId(o.plan_id)).await?;
    actor.require(Action::ManageSchool, &Target::School(school_place(&at.school)))?;
    if o.answer.is_some() {
        return Err(DomainError::Conflict(Clash::ObjectionAnswered));
    }
    let author = o.author_account_id;
    let mut m: objection::ActiveModel = o.into();
    m.answer = Set(Some(text.clone()));
    m.answered_at = Set(Some(now));
    m.update(&txn).await?;
    let fingerprint = fingerprint::of(&txn, &format!("account:{author}"), &json!(text)).await?;
    audit::record(&txn, now, Event::new(Some(actor.account), "notice.objection_answered", format!("objection:{id}"), json!({"fingerprint": fingerprint})))
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Makes enrolment final once the notice period is over and every objection
/// is answered: admitted children become enrolled and their guardians hear.
pub async fn finalize(cx: &crate::Ctx, id: PlanId) -> DomainResult<u32> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let txn = db.begin().await?;
    let at = plan_at(&txn, id).await?;
    actor.require(Action::ManageSchool, &Target::School(school_place(&at.school)))?;
    let notice = admission_notice::Entity::find()
        .filter(admission_notice::Column::PlanId.eq(id.0))
        .one(&txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    if notice.finalized_at.is_some() {
        return Err(DomainError::Conflict(Clash::EnrolmentFinal));
    }
    if now < notice.ends_at {
        return Err(DomainError::invalid("notice", "period_not_over"));
    }
    let unanswered = objection::Entity::find()
        .filter(objection::Column::PlanId.eq(id.0))
        .filter(objection::Column::Answer.is_null())
        .count(&txn)
        .await?;
    if unanswered > 0 {
        return Err(DomainError::invalid("notice", "objections_unanswered"));
    }
    let admitted = application::Entity::find()
        .filter(application::Column::PlanId.eq(id.0))
        .filter(application::Column::Status.eq(ApplicationStatus::Admitted.as_str()))
        .all(&txn)
        .await?;
    application::Entity::update_many()
        .col_expr(application::Column::Status, sea_orm::sea_query::Expr::value(ApplicationStatus::Enrolled.as_str()))
        .col_expr(application::Column::UpdatedAt, sea_orm::sea_query::Expr::value(now))
        .filter(application::Column::Id.is_in(admitted.iter().map(|a| a.id)))
        .exec(&txn)
        .await?;
    notify_all(&txn, &admitted, &at.title, &Notice::Enrolled, cx.now()).await?;
    let mut m: admission_notice::ActiveModel = notice.into();
    m.finalized_at = Set(Some(now));
    m.update(&txn).await?;
    audit::record(&txn, now, Event::new(Some(actor.account), "notice.finalized", format!("plan:{id}"), json!({"enrolled": admitted.len()})))
        .await?;
    txn.commit().await?;
    Ok(admitted.len() as u32)
}

