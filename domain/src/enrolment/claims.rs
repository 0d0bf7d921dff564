//! Proof of a declared status (P3): where the district's policy asks for it,
//! a guardian's declared priority group or fee waiver counts only once the
//! school (and the family committee, where the policy says) has seen the
//! proof and approved it. The guardian attaches a photo (scaled on the
//! phone) or a PDF of the certificate; only the child's guardians and the
//! school's reviewers can open it, each reviewer's read is on the audit
//! trail, and the file is removed after the term. Allocation and billing
//! read the approved statuses from here.
use crate::audit::{self, Event};
use crate::authz::{Action, Actor, Place, Target};
use crate::entities::{application, status_claim};
use crate::enrolment::agreement::guardians_application;
use crate::enrolment::notice::plan_at;
use crate::error::{DomainError, DomainResult};
use crate::ids::{ApplicationId, ClaimId, DistrictId, PlanId, SchoolId, StudentId};
use crate::messages::inbox::{self, About, Notice};
use crate::places::{school_place, student_at, students_at};
use crate::policy::{self, PolicySettings, ProofStep};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QuerySelect, Set, TransactionSession, TransactionTrait};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
pub use wire::money::{Claim, ClaimKind, ClaimQueue, ClaimStatus, ClaimToReview, ClaimsPage, MAX_PROOF_JPEG_BYTES, MAX_PROOF_PDF_BYTES};

pub const MAX_REASON_CHARS: usize = 500;

/// The statuses an application declares.
pub(crate) fn declared(a: &application::Model) -> Vec<ClaimKind> {
    [
        (a.left_behind, ClaimKind::LeftBehind),
        (a.migrant_worker, ClaimKind::MigrantWorker),
        (a.disabled, ClaimKind::Disabled),
        (a.low_income, ClaimKind::LowIncome),
        (a.waiver_claimed, ClaimKind::Waiver),
    ]
    .into_iter()
    .filter_map(|(on, k)| on.then_some(k))
    .collect()
}

/// The statuses that count for each of these applications (all of one
/// plan, under `rules`): as declared where the district asks no proof,
/// otherwise those whose proof was approved.
pub(crate) async fn counted<C: ConnectionTrait>(db: &C, apps: &[application::Model], rules: &PolicySettings) -> DomainResult<HashMap<i64, Vec<ClaimKind>>> {
    if rules.proof_review.is_empty() {
        return Ok(apps.iter().map(|a| (a.id, declared(a))).collect());
    }
    let mut out: HashMap<i64, Vec<ClaimKind>> = HashMap::new();
    for chunk in apps.chunks(10_000) {
        let rows: Vec<(i64, String)> = status_claim::Entity::find()
            .select_only()
            .column(status_claim::Column::ApplicationId)
            .column(status_claim::Column::Kind)
            .filter(status_claim::Column::ApplicationId.is_in(chunk.iter().map(|a| a.id)))
            .filter(status_claim::Column::Status.eq(ClaimStatus::Approved.as_str()))
            .into_tuple()
            .all(db)
            .await?;
        for (app, kind) in rows {
            if let Some(k) = ClaimKind::parse(&kind) {
                out.entry(app).or_default().push(k);
            }
        }
    }
    Ok(out)
}

async fn rules_for<C: ConnectionTrait>(db: &C, plan: i64) -> DomainResult<(PolicySettings, crate::enrolment::notice::PlanAt)> {
    let at = plan_at(db, PlanId(plan)).await?;
    let rules = policy::in_force(db, DistrictId(at.school.district_id), at.plan.term_start).await?.1;
    Ok((rules, at))
}

fn view(application: i64, kind: ClaimKind, row: Option<&status_claim::Model>, review: &[ProofStep]) -> Claim {
    let status = row.and_then(|r| ClaimStatus::parse(&r.status)).unwrap_or(ClaimStatus::Declared);
    Claim {
        id: row.map(|r| ClaimId(r.id)),
        application: ApplicationId(application),
        kind,
        status,
        waiting_for: (status == ClaimStatus::Waiting).then(|| row.and_then(|r| usize::try_from(r.step).ok()).and_then(|i| review.get(i).copied())).flatten(),
        reason: row.and_then(|r| r.reason.clone()),
        has_proof: row.is_some_and(|r| r.proof.is_some()),
        proof_pdf: row.is_some_and(|r| r.proof_pdf),
        removed_after_term: row.is_some_and(|r| r.proof.is_none() && r.uploaded_at.is_some()),
    }
}

/// A guardian's declared statuses on one application, with their proof's
/// review.
pub async fn page(cx: &crate::Ctx, id: ApplicationId) -> DomainResult<ClaimsPage> {
    let db = cx.reads();
    let actor = cx.actor()?;
    let (a, at, student_name) = guardians_application(db, actor, id).await?;
    let rules = policy::in_force(db, DistrictId(at.school.district_id), at.plan.term_start).await?.1;
    let rows = status_claim::Entity::find().filter(status_claim::Column::ApplicationId.eq(a.id)).all(db).await?;
    let claims = declared(&a)
        .into_iter()
        .map(|k| view(a.id, k, rows.iter().find(|r| r.kind == k.as_str()), &rules.proof_review))
        .collect();
    Ok(ClaimsPage { application: id, student_name, plan_title: at.title, review: rules.proof_review, claims, purge_after: at.plan.term_end })
}

/// Checks a proof file: a JPEG (the phone scaled the photo) or a PDF.
fn check_proof(pdf: bool, bytes: &[u8]) -> DomainResult<()> {
    Ok(if pdf { inputs::files::pdf("proof", bytes, MAX_PROOF_PDF_BYTES) } else { inputs::files::jpeg("proof", bytes, MAX_PROOF_JPEG_BYTES) }?)
}

/// Attaches (or replaces) the proof of a declared status; the review starts
/// again from its first step.
pub async fn attach(cx: &crate::Ctx, id: ApplicationId, kind: ClaimKind, pdf: bool, bytes: Vec<u8>) -> DomainResult<ClaimId> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let (a, at, _) = guardians_application(db, actor, id).await?;
    let (rules, _) = rules_for(db, a.plan_id).await?;
    if rules.proof_review.is_empty() {
        return Err(DomainError::invalid("proof", "not_needed"));
    }
    if !declared(&a).contains(&kind) {
        return Err(DomainError::invalid("proof", "not_declared"));
    }
    if crate::clock::local_date(now) > at.plan.term_end {
        return Err(DomainError::invalid("proof", "term_over"));
    }
    check_proof(pdf, &bytes)?;
    let digest = hex::encode(Sha256::digest(&bytes));
    let size = bytes.len();
    let txn = db.begin().await?;
    let existing = status_claim::Entity::find()
        .filter(status_claim::Column::ApplicationId.eq(a.id))
        .filter(status_claim::Column::Kind.eq(kind.as_str()))
        .lock_exclusive()
        .one(&txn)
        .await?;
    let claim = match existing {
        Some(c) if c.status == ClaimStatus::Approved.as_str() => return Err(DomainError::invalid("proof", "already_approved")),
        Some(c) => {
            let mut m = c.into_active_model();
            m.proof = Set(Some(bytes));
            m.proof_pdf = Set(pdf);
            m.status = Set(ClaimStatus::Waiting.as_str().into());
            m.step = Set(0);
            m.uploaded_at = Set(Some(now));
            m.reason = Set(None);
            m.decided_by = Set(None);
            m.decided_at = Set(None);
            m.update(&txn).await?
        }
        None => status_claim::ActiveModel {
            school_id: Set(a.school_id),
            application_id: Set(a.id),
            student_id: Set(a.student_id),
            kind: Set(kind.as_str().into()),
            status: Set(ClaimStatus::Waiting.as_str().into()),
            step: Set(0),
            proof: Set(Some(bytes)),
            proof_pdf: Set(pdf),
            purge_after: Set(at.plan.term_end),
            uploaded_at: Set(Some(now)),
            reason: Set(None),
            decided_by: Set(None),
            decided_at: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(crate::error::duplicate_as("proof", "sent_twice"))?,
    };
    // The trail keeps that proof came and its digest, never the file.
    audit::record(&txn, now, Event::new(Some(actor.account), "claim.proof_attached", format!("application:{id}"), json!({"kind": kind.as_str(), "pdf": pdf, "bytes": size, "sha256": digest}))).await?;
    txn.commit().await?;
    Ok(ClaimId(claim.id))
}

/// Where a claim's child sits, for the reviewers' rights (which never
/// depend on guardianship).
async fn place_of<C: ConnectionTrait>(db: &C, c: &status_claim::Model) -> DomainResult<(Place, Vec<crate::ids::GuardianId>, String)> {
    let s = student_at(db, c.student_id).await?;
    Ok((s.place, s.guardians, s.row.name))
}

fn may_review_any(actor: &Actor, place: Place, review: &[ProofStep]) -> bool {
    review.iter().any(|step| actor.may(Action::ReviewProof(*step), &Target::Student { place, guardians: &[] }))
}

/// Decides the step a claim waits for; a rejection needs a reason, which
/// the guardians are told.
pub async fn review<C: ConnectionTrait + TransactionTrait>(db: &C, actor: &Actor, id: ClaimId, approve: bool, reason: &str, now: DateTime<Utc>) -> DomainResult<ClaimStatus> {
    let reason = reason.trim();
    if !approve && reason.is_empty() {
        return Err(DomainError::invalid("reason", "required_when_rejecting"));
    }
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(DomainError::invalid("reason", "too_long"));
    }
    let txn = db.begin().await?;
    let c = status_claim::Entity::find_by_id(id.0).lock_exclusive().one(&txn).await?.ok_or(DomainError::NotFound)?;
    let a = application::Entity::find_by_id(c.application_id).one(&txn).await?.ok_or(DomainError::NotFound)?;
    let (rules, at) = rules_for(&txn, a.plan_id).await?;
    let (place, guardians, student_name) = place_of(&txn, &c).await?;
    if !may_review_any(actor, place, &rules.proof_review) {
        return Err(DomainError::NotFound);
    }
    let step = usize::try_from(c.step).ok().and_then(|i| rules.proof_review.get(i).copied());
    let Some(step) = step.filter(|_| c.status == ClaimStatus::Waiting.as_str()) else {
        return Err(DomainError::invalid("claim", "not_waiting"));
    };
    actor.require(Action::ReviewProof(step), &Target::Student { place, guardians: &[] })?;
    if actor.families().any(|g| guardians.contains(&g)) {
        return Err(DomainError::invalid("application", "own_child"));
    }
    let kind = ClaimKind::parse(&c.kind).ok_or_else(|| DomainError::Internal(format!("claim {} kind", c.id)))?;
    let last = c.step as usize + 1 == rules.proof_review.len();
    let next = if !approve {
        ClaimStatus::Rejected
    } else if last {
        ClaimStatus::Approved
    } else {
        ClaimStatus::Waiting
    };
    let mut m = c.clone().into_active_model();
    m.status = Set(next.as_str().into());
    if approve {
        m.step = Set(c.step + 1);
    }
    m.reason = Set((!reason.is_empty()).then(|| reason.to_string()));
    m.decided_by = Set(Some(actor.account.0));
    m.decided_at = Set(Some(now));
    m.update(&txn).await?;
    audit::record(&txn, now,
        Event::new(Some(actor.account), if approve { "claim.approved_step" } else { "claim.rejected" }, format!("application:{}", a.id), json!({"kind": kind.as_str(), "step": step.as_str()})),
    )
    .await?;
    if next != ClaimStatus::Waiting {
        let notice = Notice::ClaimDecided { claim: kind, approved: next == ClaimStatus::Approved, reason: reason.to_string() };
        let about = About { application: Some(ApplicationId(a.id)), student_name: &student_name, plan_title: &at.title };
        inbox::notify_guardians(&txn, [(StudentId(a.student_id), about, &notice)], now).await?;
    }
    crate::store::stale::touch_months(&txn, a.school_id, at.plan.term_start, at.plan.term_end).await?;
    txn.commit().await?;
    Ok(next)
}

/// The claims of a school waiting for a step the actor may decide.
pub async fn queue(cx: &crate::Ctx, school: SchoolId) -> DomainResult<ClaimQueue> {
    let db = cx.reads();
    let actor = cx.actor()?;
    let s = crate::scope::find_school(db, school).await?;
    let place = school_place(&s);
    let steps = [ProofStep::FamilyCommittee, ProofStep::School];
    if !steps.iter().any(|step| actor.may(Action::ReviewProof(*step), &Target::School(place))) {
        return Err(DomainError::Forbidden);
    }
    let rows = status_claim::Entity::find()
        .filter(status_claim::Column::SchoolId.eq(s.id))
        .filter(status_claim::Column::Status.eq(ClaimStatus::Waiting.as_str()))
        .all(db)
        .await?;
    let apps: HashMap<i64, application::Model> =
        application::Entity::find().filter(application::Column::Id.is_in(rows.iter().map(|r| r.application_id))).all(db).await?.into_iter().map(|a| (a.id, a)).collect();
    let students = students_at(db, &rows.iter().map(|r| r.student_id).collect::<Vec<_>>()).await?;
    let classes = crate::places::class_names(db, students.values().map(|st| st.row.class_id)).await?;
    let mut plans: HashMap<i64, (PolicySettings, String)> = HashMap::new();
    for plan in apps.values().map(|a| a.plan_id).collect::<HashSet<_>>() {
        let (rules, at) = rules_for(db, plan).await?;
        plans.insert(plan, (rules, at.title));
    }
    let mut waiting = Vec::new();
    for r in &rows {
        let (Some(a), Some(st), Some(kind)) = (apps.get(&r.application_id), students.get(&r.student_id), ClaimKind::parse(&r.kind)) else { continue };
        let Some((rules, title)) = plans.get(&a.plan_id) else { continue };
        let step = usize::try_from(r.step).ok().and_then(|i| rules.proof_review.get(i).copied());
        if !step.is_some_and(|step| actor.may(Action::ReviewProof(step), &Target::Student { place: st.place, guardians: &[] })) {
            continue;
        }
        waiting.push(ClaimToReview {
            claim: view(a.id, kind, Some(r), &rules.proof_review),
            student_name: st.row.name.clone(),
            class_name: classes.get(&st.row.class_id).cloned().unwrap_or_default(),
            plan_title: title.clone(),
        });
    }
    Ok(ClaimQueue { school, school_name: s.name, waiting })
}

/// Whether a reviewer reads a claim's proof: while the claim waits at a
/// step they decide, and the last step's reviewer (the school, which keeps
/// the decision) until the proof is deleted after the term. A reviewer of
/// an earlier step who has decided, or of a step not yet reached, does not.
fn reads_proof(actor: &Actor, place: Place, review: &[ProofStep], c: &status_claim::Model) -> bool {
    let may = |step: &ProofStep| actor.may(Action::ReviewProof(*step), &Target::Student { place, guardians: &[] });
    let waiting_at = usize::try_from(c.step).ok().and_then(|i| review.get(i)).filter(|_| c.status == ClaimStatus::Waiting.as_str());
    waiting_at.is_some_and(may) || review.last().is_some_and(may)
}

/// A claim's proof file and whether it is a PDF: for the child's guardians
/// and the reviewers who need it (`reads_proof`; each read of theirs is
/// logged); anyone else is told it does not exist.
pub async fn proof(cx: &crate::Ctx, id: ClaimId) -> DomainResult<(Vec<u8>, bool)> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let c = status_claim::Entity::find_by_id(id.0).one(db).await?.ok_or(DomainError::NotFound)?;
    let a = application::Entity::find_by_id(c.application_id).one(db).await?.ok_or(DomainError::NotFound)?;
    let (rules, _) = rules_for(db, a.plan_id).await?;
    let (place, guardians, _) = place_of(db, &c).await?;
    let guardian = actor.families().any(|g| guardians.contains(&g));
    if !guardian && !reads_proof(actor, place, &rules.proof_review, &c) {
        return Err(DomainError::NotFound);
    }
    let bytes = c.proof.clone().ok_or(DomainError::NotFound)?;
    if !guardian {
        let txn = db.begin().await?;
        audit::record(&txn, now, Event::new(Some(actor.account), "claim.proof_read", format!("application:{}", a.id), json!({"kind": c.kind, "at": now}))).await?;
        txn.commit().await?;
    }
    Ok((bytes, c.proof_pdf))
}

/// Removes the proof files of terms that have ended; the decisions stay.
pub async fn purge_after_term<C: ConnectionTrait>(db: &C, today: NaiveDate) -> DomainResult<u64> {
    let done = status_claim::Entity::update_many()
        .col_expr(status_claim::Column::Proof, sea_orm::sea_query::Expr::value(Option::<Vec<u8>>::None))
        .filter(status_claim::Column::PurgeAfter.lt(today))
        .filter(status_claim::Column::Proof.is_not_null())
        .exec(db)
        .await?;
    Ok(done.rows_affected)
}
