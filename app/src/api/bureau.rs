//! The bureau's supervision: the district dashboard and map, a school's
//! record, the city's districts, and the schools' reports.
use crate::error::AppError;
use leptos::prelude::*;
use wire::bureau::{CityView, Dashboard, Report, SchoolDrill, SchoolReports};
use wire::ids::{CityId, DistrictId, SchoolId};

#[server(endpoint = "bureau_dashboard")]
pub async fn district_dashboard(district: DistrictId, month: Option<String>) -> Result<Dashboard, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::bureau::dashboard(&cx, district, month.as_deref()).await?)
}

#[server(endpoint = "supervision_record")]
pub async fn supervision_record(school: SchoolId, month: Option<String>) -> Result<SchoolDrill, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::bureau::school(&cx, school, month.as_deref()).await?)
}

#[server(endpoint = "city_view")]
pub async fn city_overview(city: CityId, month: Option<String>) -> Result<CityView, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::bureau::city(&cx, city, month.as_deref()).await?)
}

#[server(endpoint = "school_reports")]
pub async fn reports_of_school(school: SchoolId) -> Result<SchoolReports, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::bureau::reports::of_school(&cx, school).await?)
}

#[server(endpoint = "send_report")]
pub async fn send_report(school: SchoolId, period: String, narrative: String) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    domain::bureau::reports::submit(&cx, school, &period, &narrative).await?;
    tell_page("report_sent", &[]);
    Ok(())
}

#[server(endpoint = "reports_waiting")]
pub async fn reports_waiting(district: DistrictId) -> Result<Vec<Report>, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::bureau::reports::waiting(&cx, district).await?)
}

#[server(endpoint = "review_report")]
pub async fn review_report(report: i64, accept: Option<bool>, note: String) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    domain::bureau::reports::review(&cx, report, accept.unwrap_or(false), &note).await?;
    tell_page("report_reviewed", &[]);
    Ok(())
}
