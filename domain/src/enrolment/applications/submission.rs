//! Submitting a batch of applications with a handful of statements in all:
//! the rules are checked against rows read once for the whole batch, and
//! the new applications, their notices and audit events are inserted
//! together. One application or 256 cost nearly the same round trips.
use super::form::{NewApplication, plan_title, status, validate};
use crate::audit::{self, Event};
use crate::authz::Actor;
use crate::store::batch::one_of;
use crate::store::bulk;
use crate::entities::{application, plan};
use crate::error::{Clash, DomainError, DomainResult};
use crate::fingerprint;
use crate::ids::{ApplicationId, GuardianId};
use crate::messages::inbox::{self, About, Notice};
use crate::places::{StudentAt, guardian_of, students_at};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;
use std::collections::HashMap;
use wire::enrolment::ApplicationStatus;
use wire::plan::PlanStatus;

type Pair = (i64, i64);

enum Outcome {
    Answered(DomainResult<ApplicationId>),
    /// The same application as an earlier one in the batch (a double tap
    /// landing in one batch).
    SameAs(Pair),
    Write { pair: Pair, guardian: GuardianId },
}

/// What the batch found in the database, read once.
struct Known {
    students: HashMap<i64, StudentAt>,
    plans: HashMap<i64, plan::Model>,
    by_key: HashMap<String, application::Model>,
    by_pair: HashMap<Pair, application::Model>,
}

/// Submits every application in `batch`: the outer error is a failed
/// statement (the caller rolls the batch back), the inner ones are each
/// application's own answer.
pub(super) async fn submit_all<C: ConnectionTrait>(
    db: &C,
    batch: &[(&Actor, &NewApplication)],
    now: chrono::DateTime<chrono::Utc>,
) -> DomainResult<Vec<DomainResult<ApplicationId>>> {
    let known = read(db, batch).await?;
    let (mut by_key_here, mut fresh, mut reopened) = (HashMap::new(), Vec::new(), Vec::new());
    let mut outcomes = Vec::with_capacity(batch.len());
    for (actor, new) in batch {
        let outcome = match decide(&known, &by_key_here, actor, new) {
            Ok(Decision::Done(outcome)) => outcome,
            Ok(Decision::Write(m, guardian)) => {
                let pair = (new.plan.0, new.student.0);
                by_key_here.insert(new.idempotency_key.as_str(), pair);
                let m = fill(m, guardian, new, now);
                if m.id.is_unchanged() { reopened.push(m) } else { fresh.push(m) }
                Outcome::Write { pair, guardian }
            }
            Err(e) => Outcome::Answered(Err(e)),
        };
        outcomes.push(outcome);
    }
    let mut ids: HashMap<Pair, i64> = HashMap::new();
    for a in bulk::insert_returning(db, fresh).await? {
        ids.insert((a.plan_id, a.student_id), a.id);
    }
    for m in reopened {
        let a = m.update(db).await?;
        ids.insert((a.plan_id, a.student_id), a.id);
    }
    tell(db, batch, &known, &outcomes, &ids, now).await?;
    let id_of = |pair: &Pair| ids.get(pair).map(|id| ApplicationId(*id)).ok_or(DomainError::Internal("an application was not stored".into()));
    Ok(outcomes
        .into_iter()
        .map(|o| match o {
            Outcome::Answered(r) => r,
            Outcome::SameAs(pair) | Outcome::Write { pair, .. } => id_of(&pair),
        })
        .collect())
}

async fn read<C: ConnectionTrait>(db: &C, batch: &[(&Actor, &NewApplication)]) -> DomainResult<Known> {
    let mut student_ids: Vec<i64> = batch.iter().map(|(_, n)| n.student.0).collect();
    student_ids.sort_unstable();
    student_ids.dedup();
    let mut plan_ids: Vec<i64> = batch.iter().map(|(_, n)| n.plan.0).collect();
    plan_ids.sort_unstable();
    plan_ids.dedup();
    let students = students_at(db, &student_ids).await?;
    let backend = db.get_database_backend();
    let plans = plan::Entity::find().filter(one_of(backend, plan::Column::Id, plan_ids.iter().copied())).all(db).await?;
    let keys = batch.iter().map(|(_, n)| n.idempotency_key.clone());
    // Both halves use a unique index: the key's, and (plan, student)'s.
    let applications = application::Entity::find()
        .filter(
            Condition::any().add(one_of(backend, application::Column::IdempotencyKey, keys)).add(
                Condition::all()
                    .add(one_of(backend, application::Column::PlanId, plan_ids))
                    .add(one_of(backend, application::Column::StudentId, student_ids)),
            ),
        )
        .all(db)
        .await?;
    let mut known = Known {
        students,
        plans: plans.into_iter().map(|p| (p.id, p)).collect(),
        by_key: HashMap::new(),
        by_pair: HashMap::new(),
    };
    for a in applications {
        known.by_key.insert(a.idempotency_key.clone(), a.clone());
        known.by_pair.insert((a.plan_id, a.student_id), a);
    }
    Ok(known)
}

enum Decision {
    Done(Outcome),
    Write(application::ActiveModel, GuardianId),
}

/// The rules for one application, in the order a guardian's retry meets
/// them: who may apply, then whether this request was already answered,
/// then the plan.
fn decide(known: &Known, by_key_here: &HashMap<&str, Pair>, actor: &Actor, new: &NewApplication) -> DomainResult<Decision> {
    validate(&new.declaration, &new.idempotency_key)?;
    let pair = (new.plan.0, new.student.0);
    let s = known.students.get(&new.student.0).ok_or(DomainError::Forbidden)?;
    let guardian = guardian_of(actor, s)?;
    let key_used_for = known
        .by_key
        .get(&new.idempotency_key)
        .map(|a| ((a.plan_id, a.student_id), Outcome::Answered(Ok(ApplicationId(a.id)))))
        .or_else(|| by_key_here.get(new.idempotency_key.as_str()).map(|p| (*p, Outcome::SameAs(*p))));
    if let Some((used_for, outcome)) = key_used_for {
        return if used_for == pair {
            Ok(Decision::Done(outcome))
        } else {
            Err(DomainError::Conflict(Clash::KeyReused))
        };
    }
    let p = known
        .plans
        .get(&new.plan.0)
        .filter(|p| PlanStatus::parse(&p.status) == Some(PlanStatus::Published))
        .ok_or(DomainError::NotFound)?;
    if p.school_id != s.row.school_id {
        return Err(DomainError::invalid("plan", "not_the_childs_school"));
    }
    if by_key_here.values().any(|p| *p == pair) {
        return Ok(Decision::Done(Outcome::SameAs(pair)));
    }
    Ok(match known.by_pair.get(&pair) {
        Some(a) if status(a) != ApplicationStatus::Withdrawn => Decision::Done(Outcome::Answered(Ok(ApplicationId(a.id)))),
        // Applying again after withdrawing reopens it; the review starts over.
        Some(a) => Decision::Write(a.clone().into(), guardian),
        None => Decision::Write(
            application::ActiveModel { plan_id: Set(p.id), school_id: Set(s.row.school_id), student_id: Set(s.row.id), ..Default::default() },
            guardian,
        ),
    })
}

fn fill(mut m: application::ActiveModel, guardian: GuardianId, new: &NewApplication, now: chrono::DateTime<Utc>) -> application::ActiveModel {
    let d = &new.declaration;
    m.guardian_id = Set(guardian.0);
    m.status = Set(ApplicationStatus::InReview.as_str().into());
    m.step = Set(0);
    m.left_behind = Set(d.left_behind);
    m.migrant_worker = Set(d.migrant_worker);
    m.disabled = Set(d.disabled);
    m.low_income = Set(d.low_income);
    m.waiver_claimed = Set(d.waiver_claimed);
    m.note = Set(d.note.clone());
    m.idempotency_key = Set(new.idempotency_key.clone());
    m.reason = Set(None);
    m.allocation_rank = Set(None);
    m.priority = Set(false);
    m.submitted_at = Set(now);
    m.updated_at = Set(now);
    m
}

/// The guardians' notices and the audit events for the applications written.
async fn tell<C: ConnectionTrait>(
    db: &C,
    batch: &[(&Actor, &NewApplication)],
    known: &Known,
    outcomes: &[Outcome],
    ids: &HashMap<Pair, i64>,
    now: chrono::DateTime<chrono::Utc>,
) -> DomainResult<()> {
    let titles: HashMap<i64, String> = known.plans.values().map(|p| (p.id, plan_title(p))).collect();
    let submitted = Notice::ApplicationSubmitted;
    let mut notes = Vec::new();
    let mut written = Vec::new();
    let mut events = Vec::new();
    for ((actor, new), outcome) in batch.iter().zip(outcomes) {
        let Outcome::Write { pair, guardian } = outcome else { continue };
        let (Some(&id), Some(s)) = (ids.get(pair), known.students.get(&pair.1)) else { continue };
        let about = About {
            application: Some(ApplicationId(id)),
            student_name: &s.row.name,
            plan_title: titles.get(&pair.0).map(String::as_str).unwrap_or_default(),
        };
        // Every guardian of the child hears, not only the one who applied.
        notes.extend(s.guardians.iter().map(|g| (*g, about, &submitted)));
        written.push((actor.account, id, *pair, *guardian, &new.declaration));
    }
    inbox::notify_all(db, notes, now).await?;
    // The declaration (priority groups, a free-text note) stays out of the
    // trail; its fingerprint under the child's key goes in.
    let keys = fingerprint::keys(db, written.iter().map(|w| format!("student:{}", w.2.1))).await?;
    for (account, id, pair, guardian, d) in written {
        let declaration = json!({
            "left_behind": d.left_behind, "migrant_worker": d.migrant_worker, "disabled": d.disabled,
            "low_income": d.low_income, "waiver_claimed": d.waiver_claimed, "note": d.note,
        });
        events.push(Event::new(
            Some(account),
            "application.submitted",
            format!("application:{id}"),
            json!({"plan": pair.0, "student": pair.1, "guardian": guardian.0,
                   "declaration_fingerprint": keys.of(&format!("student:{}", pair.1), &declaration)?}),
        ));
    }
    if !events.is_empty() {
        audit::record_all(db, now, events).await?;
    }
    Ok(())
}
