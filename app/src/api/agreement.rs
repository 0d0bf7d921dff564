//! The agreement: the school publishes versions, guardians sign, receipts,
//! consent withdrawal.
use crate::error::AppError;
use leptos::prelude::*;
use wire::agreement::{AgreementPage, AgreementVersions, Receipt, SignInput};
use wire::ids::{ApplicationId, PlanId, SignatureId};

#[server(endpoint = "publish_agreement")]
pub async fn publish_agreement(plan: PlanId, text: String) -> Result<i32, AppError> {
    use crate::ssr::*;
    let (ctx, actor) = (ctx()?, actor()?);
    let out = domain::enrolment::agreement::publish(&ctx.db.write, &actor, plan, &text).await?;
    crate::ssr::tell_page("published", &[]);
    Ok(out)
}

#[server(endpoint = "agreement_versions")]
pub async fn list_agreement_versions(plan: PlanId) -> Result<AgreementVersions, AppError> {
    use crate::ssr::*;
    let (ctx, actor) = (ctx()?, actor()?);
    Ok(domain::enrolment::agreement::versions(&ctx.db.read, &actor, plan).await?)
}

#[server(endpoint = "agreement")]
pub async fn agreement(application: ApplicationId) -> Result<AgreementPage, AppError> {
    use crate::ssr::*;
    let (ctx, actor) = (ctx()?, actor()?);
    Ok(domain::enrolment::agreement::page(&ctx.db.read, &actor, application, ctx.clock.now()).await?)
}

#[server(endpoint = "sign_agreement")]
pub async fn sign_agreement(application: ApplicationId, input: SignInput) -> Result<SignatureId, AppError> {
    use crate::ssr::*;
    let (ctx, actor) = (ctx()?, actor()?);
    Ok(domain::enrolment::agreement::sign(&ctx.db.write, &actor, application, input, ctx.clock.now()).await?)
}

#[server(endpoint = "receipt")]
pub async fn signature_receipt(signature: SignatureId) -> Result<Receipt, AppError> {
    use crate::ssr::*;
    let (ctx, actor) = (ctx()?, actor()?);
    Ok(domain::enrolment::agreement::receipt(&ctx.db.read, &actor, signature).await?)
}

/// Withdraws the child from `from` and books the refund; `refund_fen` is
/// the refund the guardian was shown (the page always sends it).
#[server(endpoint = "withdraw_consent")]
pub async fn withdraw_consent(application: ApplicationId, from: chrono::NaiveDate, refund_fen: Option<i64>) -> Result<wire::money::RefundPreview, AppError> {
    use crate::ssr::*;
    let (ctx, actor) = (ctx()?, actor()?);
    let done = domain::finance::withdrawal::confirm(&ctx.db.write, &actor, application, from, refund_fen, ctx.clock.now()).await?;
    tell_page("withdrawn", &[("withdraw_from", "")]);
    Ok(done)
}
