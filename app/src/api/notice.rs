//! The public notice of admitted lists, objections, final enrolment.
use crate::error::AppError;
use leptos::prelude::*;
use wire::ids::{ObjectionId, PlanId};
use wire::notice::NoticeView;

#[server(endpoint = "publish_notice")]
pub async fn publish_notice(plan: PlanId) -> Result<String, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    let ends = domain::enrolment::notice::publish(&cx, plan).await?;
    tell_page("on_notice", &[]);
    Ok(ends.to_rfc3339())
}

#[server(endpoint = "notice")]
pub async fn notice(plan: PlanId) -> Result<NoticeView, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::enrolment::notice::view(&cx, plan).await?)
}

#[server(endpoint = "file_objection")]
pub async fn file_objection(plan: PlanId, text: String) -> Result<ObjectionId, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::enrolment::notice::object(&cx, plan, &text).await?)
}

#[server(endpoint = "answer_objection")]
pub async fn answer_objection(objection: ObjectionId, text: String) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::enrolment::notice::answer(&cx, objection, &text).await?)
}

#[server(endpoint = "finalize_enrolment")]
pub async fn finalize_enrolment(plan: PlanId) -> Result<u32, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    let out = domain::enrolment::notice::finalize(&cx, plan).await?;
    crate::ssr::tell_page("finalized", &[]);
    Ok(out)
}

/// Moves the server's clock forward by `days` and answers the moved clock's
/// time (`days=0` reads it); exists only on a server started with
/// `test_clock`, for browser tests of notice periods and tender deadlines.
#[server(endpoint = "advance_clock")]
pub async fn advance_clock(days: i64) -> Result<chrono::DateTime<chrono::Utc>, AppError> {
    let ctx = crate::ssr::ctx()?;
    if !ctx.test_clock || !(0..=366).contains(&days) {
        return Err(domain::DomainError::NotFound.into());
    }
    ctx.clock.advance(&ctx.db.write, chrono::Duration::days(days)).await?;
    Ok(ctx.clock.now())
}
