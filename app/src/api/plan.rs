//! School plans: public reading, drafting and publishing by the school.
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use wire::ids::{PlanId, SchoolId};
use wire::plan::{self, EditablePlan, PlanContent, PlanSummary};

/// A published plan; anyone may read it, signed in or not.
#[server(endpoint = "published_plan")]
pub async fn published_plan(plan: PlanId) -> Result<plan::PublishedPlan, AppError> {
    let cx = crate::ssr::cx()?;
    Ok(domain::enrolment::plan::published(&cx, plan).await?)
}

/// A school's plans: published ones for everyone, drafts for its managers.
#[server(endpoint = "school_plans")]
pub async fn school_plans(school: SchoolId) -> Result<Vec<PlanSummary>, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::enrolment::plan::school_plans(&cx, school).await?)
}

#[server(endpoint = "plan_for_editing")]
pub async fn plan_for_editing(plan: PlanId) -> Result<EditablePlan, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    let (school, status, content) = domain::enrolment::plan::for_editing(&cx, plan).await?;
    Ok(EditablePlan { id: plan, school, status, content })
}

/// Creates a draft (no `plan`) or replaces a draft's content.
#[server(endpoint = "save_plan", input = Json)]
pub async fn save_plan(school: SchoolId, plan: Option<PlanId>, content: PlanContent) -> Result<PlanId, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::enrolment::plan::save_draft(&cx, school, plan, content).await?)
}

/// Publishes a draft; refused with every problem when the district's policy
/// does not allow it.
#[server(endpoint = "publish_plan")]
pub async fn publish_plan(plan: PlanId) -> Result<i32, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::enrolment::plan::publish(&cx, plan).await?)
}

/// The districts with schools, for the school finder (public).
#[server(endpoint = "districts")]
pub async fn districts() -> Result<Vec<wire::org::DistrictChoice>, AppError> {
    let cx = crate::ssr::cx()?;
    Ok(domain::org::districts(&cx).await?)
}

/// Schools by (part of) their name, in a district if given (public).
#[server(endpoint = "find_schools")]
pub async fn find_schools(district: Option<wire::ids::DistrictId>, q: String) -> Result<Vec<wire::org::SchoolCard>, AppError> {
    let cx = crate::ssr::cx()?;
    Ok(domain::org::find_schools(&cx, district, &q).await?)
}

/// A school's public page (`/schools/ID`).
#[server(endpoint = "public_school")]
pub async fn public_school(school: SchoolId) -> Result<wire::org::PublicSchool, AppError> {
    use crate::ssr::*;
    let (ctx, cx) = (ctx()?, cx()?);
    let mut p = domain::org::public_school(&cx, school).await?;
    p.qr = p.managed && ctx.public_url.is_some();
    Ok(p)
}
