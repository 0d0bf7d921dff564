//! The daily care log (托管工作日志) and incidents (S8). Every incident is
//! visible to the district bureau [000 att.2 §16]; a serious one is texted to
//! the bureau's officials at once and needs a written report, in the seed's
//! parts, within the district's days [000 att.2 §22]; overdue is flagged.
//! Entries are only added: a later action on an incident is an update.
use crate::audit::{self, Event};
use crate::authz::{Action, Actor, Role, Target};
use crate::entities::{account, care_log, incident, incident_report, incident_update, role_grant, school};
use crate::error::{DomainError, DomainResult, duplicate_as};
use crate::ids::{DistrictId, IncidentId, SchoolId, SessionId};
use crate::messages::inbox;
use crate::service_day::day::{published, serving, staff_or_admin};
use crate::places::{account_names, school_place};
use chrono::{Duration, NaiveDate};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait};
use serde_json::json;
use std::collections::HashMap;
pub use wire::records::{CareLogEntry, Incident, NewIncident, NewIncidentReport, Severity};

pub const MAX_ENTRY_CHARS: usize = 2000;

fn text(value: &str, field: &'static str, required: bool) -> DomainResult<String> {
    let v = value.trim();
    if required && v.is_empty() {
        return Err(DomainError::invalid(field, "required"));
    }
    if v.chars().count() > MAX_ENTRY_CHARS {
        return Err(DomainError::invalid(field, "too_long"));
    }
    Ok(v.to_string())
}

/// Adds an entry to the session's care log today.
pub async fn log(cx: &crate::Ctx, session: SessionId, entry: &str) -> DomainResult<()> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let entry = text(entry, "entry", true)?;
    let on = crate::clock::local_date(now);
    let p = published(db, session).await?;
    serving(db, actor, &p, on, true).await?;
    crate::service_day::day::runs_on(db, &p, on).await?;
    let txn = db.begin().await?;
    care_log::ActiveModel { school_id: Set(p.school.id), session_id: Set(session.0), on_date: Set(on), entry: Set(entry), account_id: Set(actor.account.0), at: Set(now), ..Default::default() }
        .insert(&txn)
        .await?;
    audit::record(&txn, now, Event::new(Some(actor.account), "care_log.added", format!("session:{session}"), json!({"on": on}))).await?;
    txn.commit().await?;
    Ok(())
}

/// The session's care log on a date, oldest first.
pub(crate) async fn log_of<C: ConnectionTrait>(db: &C, session: SessionId, on: NaiveDate) -> DomainResult<Vec<CareLogEntry>> {
    let rows = care_log::Entity::find().filter(care_log::Column::SessionId.eq(session.0)).filter(care_log::Column::OnDate.eq(on)).order_by_asc(care_log::Column::Id).all(db).await?;
    let by = account_names(db, rows.iter().map(|r| r.account_id)).await?;
    Ok(rows.into_iter().map(|r| CareLogEntry { by: by.get(&r.account_id).cloned().unwrap_or_default(), entry: r.entry, at: r.at.to_rfc3339() }).collect())
}

/// Records an incident at a school; a serious one is texted to the
/// district's officials at once and gets its report deadline.
pub async fn report(cx: &crate::Ctx, school: SchoolId, new: NewIncident) -> DomainResult<IncidentId> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let s = crate::scope::find_school(db, school).await?;
    staff_or_admin(db, actor, &s).await?;
    let (summary, people, actions) = (text(&new.summary, "summary", true)?, text(&new.people, "people", true)?, text(&new.actions, "actions", true)?);
    let told = text(&new.guardians_told, "guardians_told", false)?;
    if let Some(session) = new.session {
        let p = published(db, session).await.map_err(|_| DomainError::invalid("session", "unknown"))?;
        if p.school.id != s.id {
            return Err(DomainError::invalid("session", "unknown"));
        }
    }
    let today = crate::clock::local_date(now);
    let (_, policy) = crate::policy::in_force(db, DistrictId(s.district_id), today).await?;
    let due = (new.severity == Severity::Serious).then(|| today + Duration::days(i64::from(policy.incident_report_days)));
    let txn = db.begin().await?;
    let row = incident::ActiveModel {
        school_id: Set(s.id),
        district_id: Set(s.district_id),
        session_id: Set(new.session.map(|x| x.0)),
        occurred_at: Set(now),
        severity: Set(new.severity.as_str().into()),
        summary: Set(summary.clone()),
        people: Set(people),
        actions: Set(actions),
        guardians_told: Set(told),
        account_id: Set(actor.account.0),
        reported_at: Set(now),
        report_due: Set(due),
        closed_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, now, Event::new(Some(actor.account), "incident.reported", format!("school:{school}"), json!({"incident": row.id, "severity": new.severity.as_str(), "due": due})))
        .await?;
    crate::store::stale::touch(&txn, s.id, crate::clock::local_date(row.occurred_at)).await?;
    if new.severity == Severity::Serious {
        for phone in bureau_phones(&txn, s.district_id).await? {
            inbox::text_to(&txn, &phone, format!("【贝蕾】{} 报告严重安全事故：{}。书面报告应于 {} 前提交。", s.name, summary.chars().take(40).collect::<String>(), due.unwrap_or(today)), cx.now())
                .await?;
        }
    }
    txn.commit().await?;
    Ok(IncidentId(row.id))
}

/// The phones of the district's officials.
async fn bureau_phones<C: ConnectionTrait>(db: &C, district: i64) -> DomainResult<Vec<String>> {
    let grants = role_grant::Entity::find()
        .filter(role_grant::Column::Role.eq(Role::BureauOfficial.as_str()))
        .filter(role_grant::Column::ScopeId.eq(district))
        .all(db)
        .await?;
    Ok(account::Entity::find().filter(account::Column::Id.is_in(grants.iter().map(|g| g.account_id))).all(db).await?.into_iter().filter_map(|a| a.phone).collect())
}

async fn incident_for_school<C: ConnectionTrait>(db: &C, actor: &Actor, id: IncidentId) -> DomainResult<(incident::Model, school::Model)> {
    let row = incident::Entity::find_by_id(id.0).one(db).await?.ok_or(DomainError::NotFound)?;
    let s = crate::scope::find_school(db, SchoolId(row.school_id)).await?;
    staff_or_admin(db, actor, &s).await?;
    Ok((row, s))
}

/// Adds what was done later (an addendum, never an edit).
pub async fn update(cx: &crate::Ctx, id: IncidentId, entry: &str) -> DomainResult<()> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let entry = text(entry, "entry", true)?;
    let (row, _) = incident_for_school(db, actor, id).await?;
    let txn = db.begin().await?;
    incident_update::ActiveModel { incident_id: Set(row.id), entry: Set(entry), account_id: Set(actor.account.0), at: Set(now), ..Default::default() }.insert(&txn).await?;
    audit::record(&txn, now, Event::new(Some(actor.account), "incident.updated", format!("incident:{id}"), json!({}))).await?;
    txn.commit().await?;
    Ok(())
}

/// Files the written report: every part is required; once filed it stands.
pub async fn file_report(cx: &crate::Ctx, id: IncidentId, r: NewIncidentReport) -> DomainResult<()> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let (row, s) = incident_for_school(db, actor, id).await?;
    actor.require(Action::ManageSchool, &Target::School(school_place(&s)))?;
    let parts = [
        text(&r.course, "course", true)?,
        text(&r.causes, "causes", true)?,
        text(&r.outcome, "outcome", true)?,
        text(&r.lessons, "lessons", true)?,
        text(&r.improvements, "improvements", true)?,
    ];
    let [course, causes, outcome, lessons, improvements] = parts;
    let txn = db.begin().await?;
    incident_report::ActiveModel {
        incident_id: Set(row.id),
        course: Set(course),
        causes: Set(causes),
        outcome: Set(outcome),
        lessons: Set(lessons),
        improvements: Set(improvements),
        account_id: Set(actor.account.0),
        at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(duplicate_as("report", "already_filed"))?;
    audit::record(&txn, now, Event::new(Some(actor.account), "incident.report_filed", format!("incident:{id}"), json!({}))).await?;
    txn.commit().await?;
    Ok(())
}

/// Closes an incident; a serious one only once its report is filed.
pub async fn close(cx: &crate::Ctx, id: IncidentId) -> DomainResult<()> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let (row, s) = incident_for_school(db, actor, id).await?;
    actor.require(Action::ManageSchool, &Target::School(school_place(&s)))?;
    if row.report_due.is_some() && incident_report::Entity::find().filter(incident_report::Column::IncidentId.eq(row.id)).one(db).await?.is_none() {
        return Err(DomainError::invalid("report", "missing"));
    }
    let txn = db.begin().await?;
    let done = incident::Entity::update_many()
        .col_expr(incident::Column::ClosedAt, Expr::value(now))
        .filter(incident::Column::Id.eq(row.id))
        .filter(incident::Column::ClosedAt.is_null())
        .exec(&txn)
        .await?;
    if done.rows_affected == 1 {
        audit::record(&txn, now, Event::new(Some(actor.account), "incident.closed", format!("incident:{id}"), json!({}))).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Incident rows as views, with updates, reports and overdue flags.
pub(crate) async fn views<C: ConnectionTrait>(db: &C, rows: Vec<incident::Model>, today: NaiveDate) -> DomainResult<Vec<Incident>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let updates = incident_update::Entity::find().filter(incident_update::Column::IncidentId.is_in(ids.clone())).order_by_asc(incident_update::Column::Id).all(db).await?;
    let reports: HashMap<i64, incident_report::Model> =
        incident_report::Entity::find().filter(incident_report::Column::IncidentId.is_in(ids)).all(db).await?.into_iter().map(|r| (r.incident_id, r)).collect();
    let by = account_names(db, rows.iter().map(|r| r.account_id).chain(updates.iter().map(|u| u.account_id))).await?;
    let schools: HashMap<i64, String> =
        school::Entity::find().filter(school::Column::Id.is_in(rows.iter().map(|r| r.school_id))).all(db).await?.into_iter().map(|s| (s.id, s.name)).collect();
    Ok(rows
        .into_iter()
        .map(|r| {
            let report = reports.get(&r.id).map(|x| NewIncidentReport {
                course: x.course.clone(),
                causes: x.causes.clone(),
                outcome: x.outcome.clone(),
                lessons: x.lessons.clone(),
                improvements: x.improvements.clone(),
            });
            Incident {
                id: IncidentId(r.id),
                school: SchoolId(r.school_id),
                school_name: schools.get(&r.school_id).cloned().unwrap_or_default(),
                severity: Severity::parse(&r.severity).unwrap_or(Severity::Minor),
                report_overdue: report.is_none() && r.report_due.is_some_and(|d| today > d),
                summary: r.summary,
                people: r.people,
                actions: r.actions,
                guardians_told: r.guardians_told,
                reported_at: r.reported_at.to_rfc3339(),
                reported_by: by.get(&r.account_id).cloned().unwrap_or_default(),
                updates: updates
                    .iter()
                    .filter(|u| u.incident_id == r.id)
                    .map(|u| CareLogEntry { entry: u.entry.clone(), by: by.get(&u.account_id).cloned().unwrap_or_default(), at: u.at.to_rfc3339() })
                    .collect(),
                report,
                report_due: r.report_due,
                closed: r.closed_at.is_some(),
            }
        })
        .collect())
}

/// A school's incidents, newest first.
pub(crate) async fn of_school<C: ConnectionTrait>(db: &C, school: i64, today: NaiveDate) -> DomainResult<Vec<Incident>> {
    let rows = incident::Entity::find().filter(incident::Column::SchoolId.eq(school)).order_by_desc(incident::Column::Id).all(db).await?;
    views(db, rows, today).await
}

/// Every incident in a district that is open or whose report is missing,
/// newest first, for the bureau.
pub(crate) async fn of_district<C: ConnectionTrait>(db: &C, actor: &Actor, district: DistrictId, today: NaiveDate) -> DomainResult<Vec<Incident>> {
    actor.require(Action::ViewDistrict, &Target::District(district))?;
    in_district(db, district, today).await
}

/// Every incident of a district, for a caller that checked the reader.
pub(crate) async fn in_district<C: ConnectionTrait>(db: &C, district: DistrictId, today: NaiveDate) -> DomainResult<Vec<Incident>> {
    let rows = incident::Entity::find().filter(incident::Column::DistrictId.eq(district.0)).order_by_desc(incident::Column::Id).all(db).await?;
    views(db, rows, today).await
}
