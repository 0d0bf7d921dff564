//! The school's records: care log, incidents and their reports,
//! inspections and findings, visitors, served hours.
use crate::error::AppError;
use leptos::prelude::*;
use wire::ids::{DistrictId, FindingId, IncidentId, InspectionId, SchoolId, SessionId, VisitorId};
use wire::records::{DistrictRecords, NewFinding, NewIncident, NewIncidentReport, NewInspection, NewVisitor, SafetyRecords, Workload};

#[server(endpoint = "add_care_log")]
pub async fn add_care_log(session: SessionId, entry: String) -> Result<(), AppError> {
    use crate::ssr::*;
    let (ctx, actor) = (ctx()?, actor()?);
    domain::operations::care::log(&ctx.db.write, &actor, session, &entry, ctx.clock.now()).await?;
    tell_page("logged", &[]);
    Ok(())
}

#[server(endpoint = "report_incident")]
pub async fn report_incident(school: SchoolId, incident: NewIncident) -> Result<IncidentId, AppError> {
    use crate::ssr::*;
    let (ctx, actor) = (ctx()?, actor()?);
    let id = domain::operations::care::report(&ctx.db.write, &actor, school, incident, ctx.clock.now()).await?;
    tell_page("incident_reported", &[]);
    Ok(id)
}

#[server(endpoint = "update_incident")]
pub async fn update_incident(incident: IncidentId, entry: String) -> Result<(), AppError> {
    use crate::ssr::*;
    let (ctx, actor) = (ctx()?, actor()?);
    domain::operations::care::update(&ctx.db.write, &actor, incident, &entry, ctx.clock.now()).await?;
    tell_page("incident_updated", &[]);
    Ok(())
}

#[server(endpoint = "file_incident_report")]
pub async fn file_incident_report(incident: IncidentId, report: NewIncidentReport) -> Result<(), AppError> {
    use crate::ssr::*;
    let (ctx, actor) = (ctx()?, actor()?);
    domain::operations::care::file_report(&ctx.db.write, &actor, incident, report, ctx.clock.now()).await?;
    tell_page("report_filed", &[]);
    Ok(())
}

#[server(endpoint = "close_incident")]
pub async fn close_incident(incident: IncidentId) -> Result<(), AppError> {
    use crate::ssr::*;
    let (ctx, actor) = (ctx()?, actor()?);
    domain::operations::care::close(&ctx.db.write, &actor, incident, ctx.clock.now()).await?;
    tell_page("incident_closed", &[]);
    Ok(())
}

#[server(endpoint = "school_safety")]
pub async fn school_safety(school: SchoolId) -> Result<SafetyRecords, AppError> {
    use crate::ssr::*;
    let (ctx, actor) = (ctx()?, actor()?);
    Ok(domain::operations::day_views::safety(&ctx.db.read, &actor, school, ctx.clock.now()).await?)
}

#[server(endpoint = "record_inspection")]
pub async fn record_inspection(school: SchoolId, inspection: NewInspection) -> Result<InspectionId, AppError> {
    use crate::ssr::*;
    let (ctx, actor) = (ctx()?, actor()?);
    let id = domain::operations::inspections::record(&ctx.db.write, &actor, school, inspection, ctx.clock.now()).await?;
    tell_page("inspection_recorded", &[]);
    Ok(id)
}

#[server(endpoint = "add_finding")]
pub async fn add_finding(inspection: InspectionId, finding: NewFinding) -> Result<FindingId, AppError> {
    use crate::ssr::*;
    let (ctx, actor) = (ctx()?, actor()?);
    let id = domain::operations::inspections::add_finding(&ctx.db.write, &actor, inspection, finding).await?;
    tell_page("finding_added", &[]);
    Ok(id)
}

/// The school fixes a finding, or (`escalate`) hands it up to the bureau.
#[server(endpoint = "resolve_finding")]
pub async fn resolve_finding(finding: FindingId, escalate: Option<bool>, note: String) -> Result<(), AppError> {
    use crate::ssr::*;
    let (ctx, actor) = (ctx()?, actor()?);
    domain::operations::inspections::resolve(&ctx.db.write, &actor, finding, escalate.unwrap_or(false), &note, ctx.clock.now()).await?;
    tell_page("finding_resolved", &[]);
    Ok(())
}

#[server(endpoint = "bureau_watch")]
pub async fn bureau_watch(district: DistrictId) -> Result<DistrictRecords, AppError> {
    use crate::ssr::*;
    let (ctx, actor) = (ctx()?, actor()?);
    Ok(domain::operations::day_views::district_records(&ctx.db.read, &actor, district, ctx.clock.now()).await?)
}

#[server(endpoint = "visitor_arrives")]
pub async fn visitor_arrives(school: SchoolId, visitor: NewVisitor) -> Result<VisitorId, AppError> {
    use crate::ssr::*;
    let (ctx, actor) = (ctx()?, actor()?);
    let id = domain::operations::visitors::arrive(&ctx.db.write, &actor, school, visitor, ctx.clock.now()).await?;
    tell_page("visitor_in", &[]);
    Ok(id)
}

#[server(endpoint = "visitor_leaves")]
pub async fn visitor_leaves(visitor: VisitorId) -> Result<(), AppError> {
    use crate::ssr::*;
    let (ctx, actor) = (ctx()?, actor()?);
    domain::operations::visitors::leave(&ctx.db.write, &actor, visitor, ctx.clock.now()).await?;
    tell_page("visitor_out", &[]);
    Ok(())
}

/// Served hours in the month of `month` (this month when none is named).
#[server(endpoint = "workload_month")]
pub async fn workload_month(school: SchoolId, month: Option<chrono::NaiveDate>) -> Result<Workload, AppError> {
    use crate::ssr::*;
    let (ctx, actor) = (ctx()?, actor()?);
    Ok(domain::operations::workload::month(&ctx.db.read, &actor, school, month.unwrap_or_else(|| ctx.clock.today())).await?)
}
