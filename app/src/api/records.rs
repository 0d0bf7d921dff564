//! The school's records: care log, incidents and their reports,
//! inspections and findings, visitors, served hours.
use crate::error::AppError;
use leptos::prelude::*;
use wire::ids::{DistrictId, FindingId, IncidentId, InspectionId, SchoolId, SessionId, VisitorId};
use wire::records::{DistrictRecords, NewFinding, NewIncident, NewIncidentReport, NewInspection, NewVisitor, SafetyRecords, Workload};

#[server(endpoint = "add_care_log")]
pub async fn add_care_log(session: SessionId, entry: String) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    domain::records::care::log(&cx, session, &entry).await?;
    tell_page("logged", &[]);
    Ok(())
}

#[server(endpoint = "report_incident")]
pub async fn report_incident(school: SchoolId, incident: NewIncident) -> Result<IncidentId, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    let id = domain::records::care::report(&cx, school, incident).await?;
    tell_page("incident_reported", &[]);
    Ok(id)
}

#[server(endpoint = "update_incident")]
pub async fn update_incident(incident: IncidentId, entry: String) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    domain::records::care::update(&cx, incident, &entry).await?;
    tell_page("incident_updated", &[]);
    Ok(())
}

#[server(endpoint = "file_incident_report")]
pub async fn file_incident_report(incident: IncidentId, report: NewIncidentReport) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    domain::records::care::file_report(&cx, incident, report).await?;
    tell_page("report_filed", &[]);
    Ok(())
}

#[server(endpoint = "close_incident")]
pub async fn close_incident(incident: IncidentId) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    domain::records::care::close(&cx, incident).await?;
    tell_page("incident_closed", &[]);
    Ok(())
}

#[server(endpoint = "school_safety")]
pub async fn school_safety(school: SchoolId) -> Result<SafetyRecords, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::service_day::views::safety(&cx, school).await?)
}

#[server(endpoint = "record_inspection")]
pub async fn record_inspection(school: SchoolId, inspection: NewInspection) -> Result<InspectionId, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    let id = domain::records::inspections::record(&cx, school, inspection).await?;
    tell_page("inspection_recorded", &[]);
    Ok(id)
}

#[server(endpoint = "add_finding")]
pub async fn add_finding(inspection: InspectionId, finding: NewFinding) -> Result<FindingId, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    let id = domain::records::inspections::add_finding(&cx, inspection, finding).await?;
    tell_page("finding_added", &[]);
    Ok(id)
}

/// The school fixes a finding, or (`escalate`) hands it up to the bureau.
#[server(endpoint = "resolve_finding")]
pub async fn resolve_finding(finding: FindingId, escalate: Option<bool>, note: String) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    domain::records::inspections::resolve(&cx, finding, escalate.unwrap_or(false), &note).await?;
    tell_page("finding_resolved", &[]);
    Ok(())
}

#[server(endpoint = "bureau_watch")]
pub async fn bureau_watch(district: DistrictId) -> Result<DistrictRecords, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::service_day::views::district_records(&cx, district).await?)
}

#[server(endpoint = "visitor_arrives")]
pub async fn visitor_arrives(school: SchoolId, visitor: NewVisitor) -> Result<VisitorId, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    let id = domain::records::visitors::arrive(&cx, school, visitor).await?;
    tell_page("visitor_in", &[]);
    Ok(id)
}

#[server(endpoint = "visitor_leaves")]
pub async fn visitor_leaves(visitor: VisitorId) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    domain::records::visitors::leave(&cx, visitor).await?;
    tell_page("visitor_out", &[]);
    Ok(())
}

/// Served hours in the month of `month` (this month when none is named).
#[server(endpoint = "workload_month")]
pub async fn workload_month(school: SchoolId, month: Option<chrono::NaiveDate>) -> Result<Workload, AppError> {
    use crate::ssr::*;
    let (ctx, cx) = (ctx()?, cx()?);
    Ok(domain::records::workload::month(&cx, school, month.unwrap_or_else(|| ctx.clock.today())).await?)
}
