//! Applications (P2–P4): a guardian applies per child to a published plan,
//! declaring priority groups and waiver eligibility; each step of the
//! district's review chain approves or rejects with a reason the guardian
//! sees. Submitting is idempotent: a double tap or a retried request finds
//! the application already made.
use crate::audit::{self, Event};
use crate::authz::{Action, Actor, Place, Target};
use crate::entities::{admission_notice, application, application_review, plan, school_class};
use crate::error::{Clash, DomainError, DomainResult};
use crate::fingerprint;
use crate::messages::inbox::{self, About, Notice};
use crate::places::{guardian_of, student_at};
use crate::ids::{ApplicationId, ClassId, DistrictId, GradeId, PlanId, SchoolId, StudentId};
use crate::policy::{self, PriorityGroup, ReviewStep, TieBreak};
use wire::money::ClaimKind;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionSession, TransactionTrait,
};
use serde_json::json;
pub use wire::enrolment::{Allocation, ApplicationStatus, ApplicationView, Declaration};

mod form;
mod submission;
pub use form::{MAX_NOTE_CHARS, NewApplication};
use form::{plan_title, status};

/// 128 random bits, hex: a key for one submission.
pub fn new_submission_key() -> DomainResult<String> {
    let mut raw = [0u8; 16];
    getrandom::fill(&mut raw).map_err(|e| DomainError::Internal(format!("no randomness: {e}")))?;
    Ok(hex::encode(raw))
}

/// Submits (or finds the already submitted) application of a child for a plan.
pub async fn apply<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    new: NewApplication,
    now: chrono::DateTime<chrono::Utc>,
) -> DomainResult<ApplicationId> {
    let (plan_id, student_id) = (new.plan.0, new.student.0);
    match apply_all(db, &[(actor, &new)], now).await {
        Ok(answers) => answers.into_iter().next().unwrap_or(Err(DomainError::NotFound)),
        // Two copies of one request raced and the other made it first: its
        // application is this one.
        Err(DomainError::Conflict(Clash::Duplicate)) => application::Entity::find()
            .filter(application::Column::PlanId.eq(plan_id))
            .filter(application::Column::StudentId.eq(student_id))
            .one(db)
            .await?
            .map(|a| ApplicationId(a.id))
            .ok_or(DomainError::Conflict(Clash::Duplicate)),
        Err(e) => Err(e),
    }
}

/// `apply` for many applications in one (nested) transaction, answering each.
/// The outer error means a statement failed and nothing was written.
pub async fn apply_all<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    batch: &[(&Actor, &NewApplication)],
    now: chrono::DateTime<chrono::Utc>,
) -> DomainResult<Vec<DomainResult<ApplicationId>>> {
    let txn = db.begin().await?;
    match submission::submit_all(&txn, batch, now).await {
        Ok(answers) => {
            txn.commit().await?;
            Ok(answers)
        }
        Err(e) => {
            txn.rollback().await?;
            Err(e)
        }
    }
}

/// Withdraws an application before a decision on places; the guardian may
/// apply again later.
pub async fn withdraw(cx: &crate::Ctx, id: ApplicationId) -> DomainResult<()> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let txn = db.begin().await?;
    let a = application::Entity::find_by_id(id.0).lock_exclusive().one(&txn).await?.ok_or(DomainError::Forbidden)?;
    let s = student_at(&txn, a.student_id).await?;
    guardian_of(actor, &s)?;
    if !matches!(status(&a), ApplicationStatus::InReview | ApplicationStatus::Approved | ApplicationStatus::Waitlisted) {
        return Err(DomainError::Conflict(Clash::NotWithdrawable));
    }
    let mut m: application::ActiveModel = a.into();
    m.status = Set(ApplicationStatus::Withdrawn.as_str().into());
    m.updated_at = Set(cx.now());
    m.update(&txn).await?;
    audit::record(&txn, cx.now(), Event::new(Some(actor.account), "application.withdrawn", format!("application:{id}"), json!({})))
        .await?;
    txn.commit().await?;
    Ok(())
}

/// The review chain that applies to a plan: the district policy in force on
/// the term's first day.
async fn chain_for<C: ConnectionTrait>(db: &C, plan_id: i64) -> DomainResult<Vec<ReviewStep>> {
    let p = plan::Entity::find_by_id(plan_id).one(db).await?.ok_or(DomainError::NotFound)?;
    let s = crate::scope::find_school(db, SchoolId(p.school_id)).await?;
    Ok(policy::in_force(db, DistrictId(s.district_id), p.term_start).await?.1.review_chain)
}

/// Decides the step the application is waiting for. A rejection needs a
/// reason, which the guardian sees.
pub async fn review(cx: &crate::Ctx, id: ApplicationId, approve: bool, reason: &str) -> DomainResult<ApplicationStatus> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let reason = reason.trim();
    if !approve && reason.is_empty() {
        return Err(DomainError::invalid("reason", "required_when_rejecting"));
    }
    if reason.chars().count() > MAX_NOTE_CHARS {
        return Err(DomainError::invalid("reason", "too_long"));
    }
    let txn = db.begin().await?;
    // Locked: two reviewers deciding at once take turns.
    let a = application::Entity::find_by_id(id.0).lock_exclusive().one(&txn).await?.ok_or(DomainError::Forbidden)?;
    let s = student_at(&txn, a.student_id).await?;
    let chain = chain_for(&txn, a.plan_id).await?;
    let target = Target::Student { place: s.place, guardians: &s.guardians };
    // Outsiders learn nothing about the application's state.
    if !chain.iter().any(|step| actor.may(Action::Review(*step), &target)) {
        return Err(DomainError::Forbidden);
    }
    let step = usize::try_from(a.step).ok().and_then(|i| chain.get(i).copied());
    let Some(step) = step.filter(|_| status(&a) == ApplicationStatus::InReview) else {
        return Err(DomainError::Conflict(Clash::NotInReview));
    };
    // A reviewer of this chain whose step is not the one waiting: another
    // reviewer decided first (or it is not their turn yet).
    if !actor.may(Action::Review(step), &target) {
        return Err(DomainError::Conflict(Clash::NotYourStep));
    }
    // A teacher or committee member who is also the child's guardian does
    // not decide the child's application; a colleague does.
    if actor.families().any(|g| s.guardians.contains(&g)) {
        return Err(DomainError::invalid("application", "own_child"));
    }
    let now = cx.now();
    let next = if !approve {
        ApplicationStatus::Rejected
    } else if a.step as usize + 1 == chain.len() {
        ApplicationStatus::Approved
    } else {
        ApplicationStatus::InReview
    };
    application_review::ActiveModel {
        application_id: Set(a.id),
        step: Set(step.as_str().into()),
        approved: Set(approve),
        reason: Set(reason.into()),
        reviewer_account_id: Set(actor.account.0),
        at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let current_step = a.step;
    let plan_row = plan::Entity::find_by_id(a.plan_id).one(&txn).await?.ok_or(DomainError::NotFound)?;
    let mut m: application::ActiveModel = a.into();
    m.status = Set(next.as_str().into());
    if approve {
        m.step = Set(current_step + 1);
    } else {
        m.reason = Set(Some(reason.into()));
    }
    m.updated_at = Set(now);
    m.update(&txn).await?;
    audit::record(&txn, now,
        Event::new(
            Some(actor.account),
            if approve { "application.approved_step" } else { "application.rejected" },
            format!("application:{id}"),
            json!({"step": step.as_str(), "reason_fingerprint": fingerprint::of(&txn, &format!("student:{}", s.row.id), &json!(reason)).await?}),
        ),
    )
    .await?;
    let notice = match next {
        ApplicationStatus::Rejected => Notice::ApplicationRejected { step, reason: reason.into() },
        ApplicationStatus::Approved => Notice::ApplicationApproved,
        _ => Notice::StepApproved { step },
    };
    let title = plan_title(&plan_row);
    let about = About { application: Some(id), student_name: &s.row.name, plan_title: &title };
    inbox::notify_guardians(&txn, [(StudentId(s.row.id), about, &notice)], cx.now()).await?;
    txn.commit().await?;
    Ok(next)
}

/// Views of many applications with a fixed number of queries: their plans,
/// review chains and students are loaded once each.
async fn views<C: ConnectionTrait>(db: &C, rows: Vec<application::Model>) -> DomainResult<Vec<ApplicationView>> {
    use std::collections::HashMap;
    let plans: HashMap<i64, plan::Model> = plan::Entity::find()
        .filter(plan::Column::Id.is_in(rows.iter().map(|a| a.plan_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let students = crate::places::students_by_id(db, rows.iter().map(|a| a.student_id)).await?;
    let mut chains: HashMap<i64, Vec<ReviewStep>> = HashMap::new();
    for id in plans.keys() {
        chains.insert(*id, chain_for(db, *id).await?);
    }
    Ok(rows
        .into_iter()
        .map(|a| {
            let st = status(&a);
            let chain = chains.get(&a.plan_id).map(Vec::as_slice).unwrap_or_default();
            ApplicationView {
                id: ApplicationId(a.id),
                plan: PlanId(a.plan_id),
                plan_title: plans.get(&a.plan_id).map(plan_title).unwrap_or_default(),
                student: StudentId(a.student_id),
                student_name: students.get(&a.student_id).map(|s| s.name.clone()).unwrap_or_default(),
                status: st,
                waiting_for: (st == ApplicationStatus::InReview)
                    .then(|| usize::try_from(a.step).ok().and_then(|i| chain.get(i).copied()))
                    .flatten(),
                reason: a.reason,
                rank: a.allocation_rank,
                priority: a.priority,
                ended_on: a.ended_on,
                declaration: Declaration {
                    left_behind: a.left_behind,
                    migrant_worker: a.migrant_worker,
                    disabled: a.disabled,
                    low_income: a.low_income,
                    waiver_claimed: a.waiver_claimed,
                    note: a.note,
                },
            }
        })
        .collect())
}

/// The applications of the actor's children, newest first.
pub async fn my_applications(cx: &crate::Ctx) -> DomainResult<Vec<ApplicationView>> {
    let db = cx.reads();
    let actor = cx.actor()?;
    if actor.families().next().is_none() {
        return Err(DomainError::Forbidden);
    }
    let children = crate::places::children_of(db, actor).await?;
    let rows = application::Entity::find()
        .filter(application::Column::StudentId.is_in(children))
        .order_by_desc(application::Column::SubmittedAt)
        .all(db)
        .await?;
    views(db, rows).await
}

/// The applications to a plan waiting for a step this actor may decide.
pub async fn review_queue(cx: &crate::Ctx, plan_id: PlanId) -> DomainResult<Vec<ApplicationView>> {
    let db = cx.reads();
    let actor = cx.actor()?;
    use std::collections::HashMap;
    let chain = chain_for(db, plan_id.0).await?;
    let rows = application::Entity::find()
        .filter(application::Column::PlanId.eq(plan_id.0))
        .filter(application::Column::Status.eq(ApplicationStatus::InReview.as_str()))
        .order_by_asc(application::Column::SubmittedAt)
        .all(db)
        .await?;
    // Every application of a plan is in the plan's school: one school, and
    // the classes of the students, decide where each one sits.
    let Some(first) = rows.first() else { return Ok(Vec::new()) };
    let s = crate::scope::find_school(db, SchoolId(first.school_id)).await?;
    let students = crate::places::students_by_id(db, rows.iter().map(|a| a.student_id)).await?;
    let grades: HashMap<i64, i64> = school_class::Entity::find()
        .filter(school_class::Column::SchoolId.eq(s.id))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.grade_id))
        .collect();
    let mine = rows
        .into_iter()
        .filter(|a| {
            let step = usize::try_from(a.step).ok().and_then(|i| chain.get(i).copied());
            let class = students.get(&a.student_id).map(|st| st.class_id);
            let place = Place {
                district: Some(DistrictId(s.district_id)),
                school: Some(SchoolId(s.id)),
                grade: class.and_then(|c| grades.get(&c)).map(|g| GradeId(*g)),
                class: class.map(ClassId),
            };
            // Reviewing never depends on guardianship.
            step.is_some_and(|step| actor.may(Action::Review(step), &Target::Student { place, guardians: &[] }))
        })
        .collect();
    views(db, mine).await
}

/// Whether the statuses that count for an application (declared, or
/// approved from proof where the district asks for it) put it in one of
/// the district's priority groups.
fn has_priority(counted: Option<&Vec<ClaimKind>>, groups: &[PriorityGroup]) -> bool {
    let has = |k| counted.is_some_and(|c| c.contains(&k));
    groups.iter().any(|g| match g {
        PriorityGroup::LeftBehind => has(ClaimKind::LeftBehind),
        PriorityGroup::MigrantWorker => has(ClaimKind::MigrantWorker),
        PriorityGroup::Disabled => has(ClaimKind::Disabled),
        PriorityGroup::LowIncome => has(ClaimKind::LowIncome),
    })
}

/// Gives out the plan's free places to approved applications: priority
/// groups first, then the district's tie-break; the rest wait. Run again
/// after withdrawals, it fills freed places from the waiting list. Each
/// application keeps its rank, so every child's outcome can be explained.
pub async fn allocate(cx: &crate::Ctx, plan_id: PlanId) -> DomainResult<Allocation> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let txn = db.begin().await?;
    let p = plan::Entity::find_by_id(plan_id.0).one(&txn).await?.ok_or(DomainError::NotFound)?;
    let s = crate::scope::school(&txn, actor, SchoolId(p.school_id), Action::ManageSchool).await?;
    let content: wire::plan::PlanContent = serde_json::from_str(&p.content)?;
    let (_, rules) = policy::in_force(&txn, DistrictId(s.district_id), p.term_start).await?;
    if admission_notice::Entity::find().filter(admission_notice::Column::PlanId.eq(p.id)).one(&txn).await?.is_some() {
        return Err(DomainError::Conflict(Clash::ListOnNotice));
    }
    let rows = application::Entity::find()
        .filter(application::Column::PlanId.eq(p.id))
        .lock_exclusive()
        .all(&txn)
        .await?;
    let admitted = rows
        .iter()
        .filter(|a| matches!(status(a), ApplicationStatus::Admitted | ApplicationStatus::Enrolled))
        .count() as u32;
    let mut waiting: Vec<application::Model> = rows
        .into_iter()
        .filter(|a| matches!(status(a), ApplicationStatus::Approved | ApplicationStatus::Waitlisted))
        .collect();
    use sha2::Digest;
    let draw = |a: &application::Model| -> Vec<u8> {
        match rules.tie_break {
            TieBreak::SubmissionOrder => Vec::new(),
            TieBreak::Lottery => sha2::Sha256::digest(format!("{}:{}", p.id, a.id).as_bytes()).to_vec(),
        }
    };
    let counted = crate::enrolment::claims::counted(&txn, &waiting, &rules).await?;
    let priority = |a: &application::Model| has_priority(counted.get(&a.id), &rules.priority_groups);
    waiting.sort_by_cached_key(|a| (!priority(a), draw(a), a.submitted_at, a.id));
    let free = content.capacity.saturating_sub(admitted) as usize;
    let now = cx.now();
    let title = content.title.clone();
    let students = crate::places::students_by_id(&txn, waiting.iter().map(|a| a.student_id)).await?;
    let mut outcome = Vec::with_capacity(waiting.len());
    let mut told = Vec::new();
    for (i, a) in waiting.into_iter().enumerate() {
        let priority = priority(&a);
        let next = if i < free { ApplicationStatus::Admitted } else { ApplicationStatus::Waitlisted };
        let id = a.id;
        let rank = admitted as i32 + i as i32 + 1;
        let (child, was_waiting) = (StudentId(a.student_id), status(&a) == ApplicationStatus::Waitlisted);
        let name = students.get(&a.student_id).map(|s| s.name.clone()).unwrap_or_default();
        let mut m: application::ActiveModel = a.into();
        m.status = Set(next.as_str().into());
        m.allocation_rank = Set(Some(rank));
        m.priority = Set(priority);
        m.updated_at = Set(now);
        m.update(&txn).await?;
        // A child still waiting hears only when the outcome changes.
        if !(was_waiting && next == ApplicationStatus::Waitlisted) {
            let notice = if next == ApplicationStatus::Admitted { Notice::Admitted { rank } } else { Notice::Waitlisted { rank } };
            told.push((child, ApplicationId(id), name, notice));
        }
        outcome.push(json!({"application": id, "status": next.as_str(), "priority": priority}));
    }
    let notes = told.iter().map(|(child, id, name, notice)| {
        (*child, About { application: Some(*id), student_name: name.as_str(), plan_title: &title }, notice)
    });
    inbox::notify_guardians(&txn, notes, cx.now()).await?;
    let newly = outcome.len().min(free) as u32;
    let result = Allocation {
        capacity: content.capacity,
        admitted: admitted + newly,
        waitlisted: (outcome.len() as u32).saturating_sub(newly),
    };
    audit::record(&txn, now,
        Event::new(
            Some(actor.account),
            "plan.allocated",
            format!("plan:{plan_id}"),
            json!({"capacity": result.capacity, "admitted": result.admitted, "waitlisted": result.waitlisted,
                   "tie_break": format!("{:?}", rules.tie_break), "order": outcome}),
        ),
    )
    .await?;
    crate::store::stale::touch_months(&txn, p.school_id, content.term_start, content.term_end).await?;
    txn.commit().await?;
    Ok(result)
}
