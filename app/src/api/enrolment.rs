//! Applications: guardians apply and follow them; reviewers decide steps.
use crate::error::AppError;
use leptos::prelude::*;
use wire::enrolment::{ApplicationView, Declaration};
use wire::ids::{ApplicationId, PlanId, StudentId};

/// A fresh key for one submission: the form carries it, so a retried or
/// doubled request is recognised as the same application.
#[server(endpoint = "submission_key")]
pub async fn submission_key() -> Result<String, AppError> {
    Ok(domain::enrolment::applications::new_submission_key()?)
}

#[server(endpoint = "apply")]
pub async fn apply(
    plan: PlanId,
    student: StudentId,
    declaration: Declaration,
    idempotency_key: String,
) -> Result<ApplicationId, AppError> {
    use crate::ssr::*;
    let (ctx, cx) = (ctx()?, cx()?);
    let new = domain::enrolment::applications::NewApplication { plan, student, declaration, idempotency_key };
    let id = ctx.applications.apply(&cx, new).await?;
    tell_page("applied", &[]);
    Ok(id)
}

#[server(endpoint = "withdraw_application")]
pub async fn withdraw_application(application: ApplicationId) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::enrolment::applications::withdraw(&cx, application).await?)
}

#[server(endpoint = "my_applications")]
pub async fn my_applications() -> Result<Vec<ApplicationView>, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::enrolment::applications::my_applications(&cx).await?)
}

#[server(endpoint = "review_queue")]
pub async fn review_queue(plan: PlanId) -> Result<Vec<ApplicationView>, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::enrolment::applications::review_queue(&cx, plan).await?)
}

/// Approves (`approve = true`) or rejects, with a reason, the step the
/// application waits for.
#[server(endpoint = "review_application")]
pub async fn review_application(application: ApplicationId, approve: bool, reason: String) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    domain::enrolment::applications::review(&cx, application, approve, &reason).await?;
    Ok(())
}

/// Gives out the plan's places: priority groups first, then the district's
/// tie-break. For the school's admin.
#[server(endpoint = "allocate_places")]
pub async fn allocate_places(plan: PlanId) -> Result<wire::enrolment::Allocation, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    let a = domain::enrolment::applications::allocate(&cx, plan).await?;
    let (admitted, waitlisted, capacity) = (a.admitted.to_string(), a.waitlisted.to_string(), a.capacity.to_string());
    tell_page("allocated", &[("admitted", &admitted), ("waitlisted", &waitlisted), ("capacity", &capacity)]);
    Ok(a)
}
