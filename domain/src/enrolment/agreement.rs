//! The service agreement (P5) and accident insurance (P6). The school
//! publishes versioned texts per plan and signs each; the guardian signs the
//! version in force for each enrolment, with the child's acknowledgement and
//! the insurance declaration. A new version must be signed again before the
//! next service day. Consent can be withdrawn, ending enrolment from a date.
use crate::clock::local_date;
use crate::audit::{self, Event};
use crate::authz::{Action, Actor, Target};
use crate::entities::{account, agreement, application, signature};
use crate::error::{DomainError, DomainResult};
use crate::ids::{AgreementId, ApplicationId, PlanId, SignatureId, StudentId};
use crate::messages::inbox::{self, About, Notice};
use crate::enrolment::notice::{PlanAt, notify_all, plan_at};
use crate::places::{guardian_of, school_place, student_at};
use crate::policy::{self, InsuranceRule};
use chrono::{DateTime, Datelike, NaiveDate, SecondsFormat, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};
use serde_json::json;
use sha2::{Digest, Sha256};
use wire::agreement::CHANNEL_WEB;
pub use wire::agreement::{AccidentInsurance, AgreementPage, AgreementText, AgreementVersions, Party, Receipt, SignInput, SignatureView};
use wire::enrolment::ApplicationStatus;
use wire::ids::DistrictId;

pub const MAX_TEXT_CHARS: usize = 20_000;
pub const MAX_INSURER_CHARS: usize = 100;

fn text_hash(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

fn text_view(a: &agreement::Model) -> AgreementText {
    AgreementText {
        id: AgreementId(a.id),
        plan: PlanId(a.plan_id),
        version: a.version,
        text: a.text.clone(),
        hash: a.text_hash.clone(),
        published_at: a.published_at.to_rfc3339_opts(SecondsFormat::Secs, true),
    }
}

fn signature_view(s: &signature::Model, version: i32) -> SignatureView {
    SignatureView {
        id: SignatureId(s.id),
        party: Party::parse(&s.party).unwrap_or(Party::Guardian),
        signer: s.signer_name.clone(),
        channel: s.channel.clone(),
        version,
        hash: s.text_hash.clone(),
        signed_at: s.signed_at.to_rfc3339_opts(SecondsFormat::Secs, true),
        insurance: s.accident_insurance.as_deref().and_then(AccidentInsurance::parse),
        insurer: s.insurer.clone(),
    }
}

async fn current<C: ConnectionTrait>(db: &C, plan: i64) -> DomainResult<Option<agreement::Model>> {
    Ok(agreement::Entity::find()
        .filter(agreement::Column::PlanId.eq(plan))
        .order_by_desc(agreement::Column::Version)
        .one(db)
        .await?)
}

fn holds_place(a: &application::Model) -> bool {
    matches!(ApplicationStatus::parse(&a.status), Some(ApplicationStatus::Admitted | ApplicationStatus::Enrolled))
        && a.ended_on.is_none()
}

/// The children of a plan who hold a place and whose guardian signed the
/// agreement version in force: only they may attend [000].
pub(crate) async fn attending<C: ConnectionTrait>(db: &C, plan: i64) -> DomainResult<std::collections::HashSet<i64>> {
    let Some(cur) = current(db, plan).await? else { return Ok(Default::default()) };
    let holders: std::collections::HashMap<i64, i64> = application::Entity::find()
        .filter(application::Column::PlanId.eq(plan))
        .all(db)
        .await?
        .into_iter()
        .filter(holds_place)
        .map(|a| (a.id, a.student_id))
        .collect();
    let signed = signature::Entity::find()
        .filter(signature::Column::AgreementId.eq(cur.id))
        .filter(signature::Column::Party.eq(Party::Guardian.as_str()))
        .filter(signature::Column::ApplicationId.is_in(holders.keys().copied().collect::<Vec<_>>()))
        .all(db)
        .await?;
    Ok(signed.into_iter().filter_map(|s| s.application_id.and_then(|a| holders.get(&a).copied())).collect())
}

/// Publishes a new version of a plan's agreement, signed by the school, and
/// asks every family holding a place to sign it.
pub async fn publish(cx: &crate::Ctx, plan: PlanId, text: &str) -> DomainResult<i32> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let text = text.trim();
    if text.is_empty() {
        return Err(DomainError::invalid("text", "required"));
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(DomainError::invalid("text", "too_long"));
    }
    let txn = db.begin().await?;
    let at = plan_at(&txn, plan).await?;
    actor.require(Action::ManageSchool, &Target::School(school_place(&at.school)))?;
    if at.plan.published_at.is_none() {
        return Err(DomainError::invalid("plan", "not_published"));
    }
    let previous = current(&txn, plan.0).await?;
    let version = previous.as_ref().map_or(1, |a| a.version + 1);
    if previous.as_ref().is_some_and(|a| a.text == text) {
        return Err(DomainError::invalid("text", "unchanged"));
    }
    let now = cx.now();
    let hash = text_hash(text);
    let a = agreement::ActiveModel {
        plan_id: Set(plan.0),
        version: Set(version),
        text: Set(text.into()),
        text_hash: Set(hash.clone()),
        published_by: Set(actor.account.0),
        published_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    insert_signature(&txn, &a, None, Party::School, actor, &actor.display_name, None, cx.now()).await?;
    let holders: Vec<application::Model> = application::Entity::find()
        .filter(application::Column::PlanId.eq(plan.0))
        .all(&txn)
        .await?
        .into_iter()
        .filter(holds_place)
        .collect();
    notify_all(&txn, &holders, &at.title, &Notice::AgreementPublished { version, resign: previous.is_some() }, cx.now()).await?;
    audit::record(&txn, now,
        Event::new(Some(actor.account), "agreement.published", format!("plan:{plan}"), json!({"version": version, "hash": hash})),
    )
    .await?;
    txn.commit().await?;
    Ok(version)
}

async fn insert_signature<C: ConnectionTrait>(
    db: &C,
    a: &agreement::Model,
    application: Option<i64>,
    party: Party,
    actor: &Actor,
    signer_name: &str,
    insurance: Option<(AccidentInsurance, Option<String>)>,
    now: chrono::DateTime<chrono::Utc>,
) -> DomainResult<signature::Model> {
    Ok(signature::ActiveModel {
        agreement_id: Set(a.id),
        application_id: Set(application),
        party: Set(party.as_str().into()),
        account_id: Set(actor.account.0),
        signer_name: Set(signer_name.into()),
        channel: Set(CHANNEL_WEB.into()),
        text_hash: Set(a.text_hash.clone()),
        signed_at: Set(now),
        accident_insurance: Set(insurance.as_ref().map(|(i, _)| i.as_str().into())),
        insurer: Set(insurance.and_then(|(_, name)| name)),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// An application the actor is the guardian of, with its plan.
pub(crate) async fn guardians_application<C: ConnectionTrait>(db: &C, actor: &Actor, id: ApplicationId) -> DomainResult<(application::Model, PlanAt, String)> {
    let a = application::Entity::find_by_id(id.0).one(db).await?.ok_or(DomainError::NotFound)?;
    let (s, _) = crate::scope::child(db, actor, StudentId(a.student_id)).await?;
    let at = plan_at(db, PlanId(a.plan_id)).await?;
    Ok((a, at, s.row.name))
}

/// Signatures of one version for one enrolment, plus the school's.
async fn signatures_of<C: ConnectionTrait>(db: &C, a: &agreement::Model, application: i64) -> DomainResult<Vec<signature::Model>> {
    Ok(signature::Entity::find()
        .filter(signature::Column::AgreementId.eq(a.id))
        .filter(
            sea_orm::Condition::any()
                .add(signature::Column::ApplicationId.eq(application))
                .add(signature::Column::ApplicationId.is_null()),
        )
        .order_by_asc(signature::Column::Id)
        .all(db)
        .await?)
}

/// The first day on or after `today` that the plan serves.
fn next_service_day(content: &wire::plan::PlanContent, today: NaiveDate) -> Option<NaiveDate> {
    crate::dates::days(today.max(content.term_start), content.term_end).find(|day| content.weekdays.contains(&(day.weekday().number_from_monday() as u8)))
}

async fn insurance_rule<C: ConnectionTrait>(db: &C, at: &PlanAt, today: NaiveDate) -> DomainResult<InsuranceRule> {
    Ok(policy::in_force(db, DistrictId(at.school.district_id), today).await?.1.accident_insurance)
}

/// The agreement of one enrolment as its guardian sees it.
pub async fn page(cx: &crate::Ctx, id: ApplicationId) -> DomainResult<AgreementPage> {
    let db = cx.reads();
    let actor = cx.actor()?;
    let now = cx.now();
    let (a, at, student_name) = guardians_application(db, actor, id).await?;
    let content: wire::plan::PlanContent = serde_json::from_str(&at.plan.content)?;
    let today = local_date(now);
    let cur = current(db, a.plan_id).await?;
    let signatures = match &cur {
        Some(c) => signatures_of(db, c, a.id).await?.iter().map(|s| signature_view(s, c.version)).collect(),
        None => Vec::new(),
    };
    let signed_now = signatures.iter().any(|s: &SignatureView| s.party == Party::Guardian);
    let signed_before = signature::Entity::find()
        .filter(signature::Column::ApplicationId.eq(a.id))
        .filter(signature::Column::Party.eq(Party::Guardian.as_str()))
        .count(db)
        .await?
        > 0;
    let needs_signing = cur.is_some() && holds_place(&a) && !signed_now;
    Ok(AgreementPage {
        application: id,
        student_name,
        school: at.school.name.clone(),
        plan_title: at.title.clone(),
        liability_insurance: content.liability_insurance.clone(),
        insurance_required: insurance_rule(db, &at, today).await? == InsuranceRule::Required,
        current: cur.as_ref().map(text_view),
        signatures,
        needs_signing,
        resign: needs_signing && signed_before,
        sign_by: needs_signing.then(|| next_service_day(&content, today)).flatten(),
        ended_on: a.ended_on,
        may_withdraw_consent: holds_place(&a),
        today: Some(today),
    })
}

/// The guardian signs the version in force for an enrolment, with the
/// child's acknowledgement and the insurance declaration. Signing the same
/// version again returns the first signature.
pub async fn sign(cx: &crate::Ctx, id: ApplicationId, input: SignInput) -> DomainResult<SignatureId> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let txn = db.begin().await?;
    let (a, at, student_name) = guardians_application(&txn, actor, id).await?;
    if !holds_place(&a) {
        return Err(DomainError::invalid("application", "not_admitted"));
    }
    let cur = current(&txn, a.plan_id).await?.ok_or(DomainError::NotFound)?;
    if input.version != cur.version {
        return Err(DomainError::invalid("agreement", "outdated"));
    }
    if let Some(done) = signatures_of(&txn, &cur, a.id).await?.into_iter().find(|s| s.party == Party::Guardian.as_str()) {
        return Ok(SignatureId(done.id));
    }
    if !input.student_acknowledges {
        return Err(DomainError::invalid("student_acknowledges", "required"));
    }
    let insurance = input.insurance.ok_or(DomainError::invalid("insurance", "required"))?;
    let insurer = input.insurer.trim().to_string();
    match insurance {
        AccidentInsurance::Declined if insurance_rule(&txn, &at, local_date(now)).await? == InsuranceRule::Required => {
            return Err(DomainError::invalid("insurance", "required_by_policy"));
        }
        AccidentInsurance::Insured if insurer.is_empty() => return Err(DomainError::invalid("insurer", "required")),
        _ if insurer.chars().count() > MAX_INSURER_CHARS => return Err(DomainError::invalid("insurer", "too_long")),
        _ => {}
    }
    let guardian_name = account::Entity::find_by_id(actor.account.0).one(&txn).await?.map(|acc| acc.display_name).unwrap_or_default();
    let insurer = (insurance == AccidentInsurance::Insured).then_some(insurer);
    let signed = insert_signature(&txn, &cur, Some(a.id), Party::Guardian, actor, &guardian_name, Some((insurance, insurer.clone())), cx.now()).await?;
    insert_signature(&txn, &cur, Some(a.id), Party::Student, actor, &student_name, None, cx.now()).await?;
    let about = About { application: Some(id), student_name: &student_name, plan_title: &at.title };
    inbox::notify_guardians(&txn, [(StudentId(a.student_id), about, &Notice::AgreementSigned { version: cur.version })], cx.now()).await?;
    audit::record(&txn, now,
        Event::new(
            Some(actor.account),
            "agreement.signed",
            format!("application:{id}"),
            json!({"version": cur.version, "hash": cur.text_hash, "insurance": insurance.as_str(), "insurer": insurer,
                   "student_acknowledged": true, "channel": CHANNEL_WEB}),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(SignatureId(signed.id))
}

/// The printable receipt of a guardian's signature, for that guardian or
/// the school's admin.
pub async fn receipt(cx: &crate::Ctx, id: SignatureId) -> DomainResult<Receipt> {
    let db = cx.reads();
    let actor = cx.actor()?;
    let s = signature::Entity::find_by_id(id.0).one(db).await?.ok_or(DomainError::NotFound)?;
    let app_id = s.application_id.filter(|_| s.party == Party::Guardian.as_str()).ok_or(DomainError::NotFound)?;
    let a = application::Entity::find_by_id(app_id).one(db).await?.ok_or(DomainError::NotFound)?;
    let st = student_at(db, a.student_id).await?;
    if guardian_of(actor, &st).is_err() {
        actor.require(Action::ManageSchool, &Target::School(st.place))?;
    }
    let ag = agreement::Entity::find_by_id(s.agreement_id).one(db).await?.ok_or(DomainError::NotFound)?;
    let at = plan_at(db, PlanId(a.plan_id)).await?;
    let student_acknowledged = signature::Entity::find()
        .filter(signature::Column::AgreementId.eq(ag.id))
        .filter(signature::Column::ApplicationId.eq(a.id))
        .filter(signature::Column::Party.eq(Party::Student.as_str()))
        .count(db)
        .await?
        > 0;
    Ok(Receipt {
        signature: signature_view(&s, ag.version),
        student_acknowledged,
        student_name: st.row.name,
        school: at.school.name,
        plan_title: at.title,
        text: ag.text,
    })
}

/// The guardian withdraws consent: the enrolment ends from `from` (today
/// or later). In the caller's transaction: `finance::withdrawal` books the
/// refund with it.
pub(crate) async fn end_consent<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    id: ApplicationId,
    from: NaiveDate,
    now: DateTime<Utc>,
) -> DomainResult<(application::Model, PlanAt, String)> {
    let (a, at, student_name) = guardians_application(txn, actor, id).await?;
    if !holds_place(&a) {
        return Err(DomainError::invalid("application", "not_admitted"));
    }
    if from < local_date(now) {
        return Err(DomainError::invalid("from", "in_the_past"));
    }
    let mut m: application::ActiveModel = a.clone().into();
    m.ended_on = Set(Some(from));
    m.updated_at = Set(now);
    let a = m.update(txn).await?;
    crate::store::stale::touch_months(txn, a.school_id, from, at.plan.term_end).await?;
    let about = About { application: Some(id), student_name: &student_name, plan_title: &at.title };
    inbox::notify_guardians(txn, [(StudentId(a.student_id), about, &Notice::ConsentWithdrawn { from: from.to_string() })], now).await?;
    audit::record(txn, now, Event::new(Some(actor.account), "consent.withdrawn", format!("application:{id}"), json!({"from": from})))
        .await?;
    Ok((a, at, student_name))
}

/// Every version of a plan's agreement, with how many families holding a
/// place have signed the current one. For the school's admin.
pub async fn versions(cx: &crate::Ctx, plan: PlanId) -> DomainResult<AgreementVersions> {
    let db = cx.reads();
    let actor = cx.actor()?;
    let at = plan_at(db, plan).await?;
    actor.require(Action::ManageSchool, &Target::School(school_place(&at.school)))?;
    let rows = agreement::Entity::find()
        .filter(agreement::Column::PlanId.eq(plan.0))
        .order_by_desc(agreement::Column::Version)
        .all(db)
        .await?;
    let holders: Vec<i64> = application::Entity::find()
        .filter(application::Column::PlanId.eq(plan.0))
        .all(db)
        .await?
        .into_iter()
        .filter(holds_place)
        .map(|a| a.id)
        .collect();
    let signed = match rows.first() {
        Some(cur) => signature::Entity::find()
            .filter(signature::Column::AgreementId.eq(cur.id))
            .filter(signature::Column::Party.eq(Party::Guardian.as_str()))
            .filter(signature::Column::ApplicationId.is_in(holders.clone()))
            .count(db)
            .await? as i64,
        None => 0,
    };
    Ok(AgreementVersions {
        plan,
        plan_title: at.title,
        versions: rows.iter().map(text_view).collect(),
        signed,
        enrolled: holders.len() as i64,
    })
}
