//! The agreement: the school publishes versions, guardians sign, receipts,
//! consent withdrawal.
use crate::error::AppError;
use leptos::prelude::*;
use wire::agreement::{AgreementPage, AgreementVersions, Receipt, SignInput};
use wire::ids::{ApplicationId, PlanId, SignatureId};

#[server(endpoint = "publish_agreement")]
pub async fn publish_agreement(plan: PlanId, text: String) -> Result<i32, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    let out = domain::enrolment::agreement::publish(&cx, plan, &text).await?;
    crate::ssr::tell_page("published", &[]);
    Ok(out)
}

#[server(endpoint = "agreement_versions")]
pub async fn list_agreement_versions(plan: PlanId) -> Result<AgreementVersions, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::enrolment::agreement::versions(&cx, plan).await?)
}

#[server(endpoint = "agreement")]
pub async fn agreement(application: ApplicationId) -> Result<AgreementPage, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::enrolment::agreement::page(&cx, application).await?)
}

#[server(endpoint = "sign_agreement")]
pub async fn sign_agreement(application: ApplicationId, input: SignInput) -> Result<SignatureId, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::enrolment::agreement::sign(&cx, application, input).await?)
}

#[server(endpoint = "receipt")]
pub async fn signature_receipt(signature: SignatureId) -> Result<Receipt, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::enrolment::agreement::receipt(&cx, signature).await?)
}

/// Withdraws the child from `from` and books the refund; `refund_fen` is
/// the refund the guardian was shown (the page always sends it).
#[server(endpoint = "withdraw_consent")]
pub async fn withdraw_consent(application: ApplicationId, from: chrono::NaiveDate, refund_fen: Option<i64>) -> Result<wire::money::RefundPreview, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    let done = domain::money::withdrawal::confirm(&cx, application, from, refund_fen).await?;
    tell_page("withdrawn", &[("withdraw_from", "")]);
    Ok(done)
}
