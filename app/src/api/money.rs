//! Money: fee schedules, billing, payments and bank statements, refunds,
//! staff pay, settlement, the monthly disclosure, the subsidy, and the
//! proof behind declared statuses.
use crate::error::AppError;
use leptos::prelude::*;
use wire::ids::{ApplicationId, ClaimId, DistrictId, FeeScheduleId, PlanId, PostingId, SchoolId, StudentId};
use wire::money::{
    Billing, ChildMoney, ClaimKind, ClaimQueue, ClaimsPage, Disclosure, MoneyDesk, NewBooking, NewFeeSchedule, NewPayment, PayRun, PostingView, RefundPreview, Settlement,
    StatementPreview, SubsidyReport,
};

/// `YYYY-MM` (or any date of the month) as the month's first day; this
/// month when none is given.
#[cfg(feature = "ssr")]
fn month_or_now(month: Option<String>, today: chrono::NaiveDate) -> Result<chrono::NaiveDate, AppError> {
    match month.filter(|m| !m.trim().is_empty()) {
        Some(m) => Ok(domain::dates::parse_month(m.get(..7).unwrap_or(&m))?),
        None => Ok(domain::dates::month_of(today).0),
    }
}

#[server(endpoint = "child_money")]
pub async fn money_of_child(student: StudentId) -> Result<ChildMoney, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::money::family::child(&cx, student).await?)
}

#[server(endpoint = "refund_preview")]
pub async fn preview_refund(application: ApplicationId, from: chrono::NaiveDate) -> Result<RefundPreview, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::money::withdrawal::preview(&cx, application, from).await?)
}

#[server(endpoint = "claims")]
pub async fn claims(application: ApplicationId) -> Result<ClaimsPage, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::enrolment::claims::page(&cx, application).await?)
}

/// The proof of a declared status: a photo the phone scaled to a JPEG, or
/// a PDF, as base64.
#[server(endpoint = "attach_proof")]
pub async fn attach_proof(application: ApplicationId, kind: ClaimKind, pdf: bool, content: String) -> Result<ClaimId, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    let bytes = decode_upload("proof", &content)?;
    Ok(domain::enrolment::claims::attach(&cx, application, kind, pdf, bytes).await?)
}

#[server(endpoint = "claim_queue")]
pub async fn claims_to_review(school: SchoolId) -> Result<ClaimQueue, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::enrolment::claims::queue(&cx, school).await?)
}

#[server(endpoint = "review_claim")]
pub async fn review_claim(claim: ClaimId, approve: Option<bool>, reason: String) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    domain::money::waivers::review(&cx, claim, approve.unwrap_or(false), &reason).await?;
    tell_page("claim_decided", &[]);
    Ok(())
}

#[server(endpoint = "money_desk")]
pub async fn school_money(school: SchoolId, month: Option<String>) -> Result<MoneyDesk, AppError> {
    use crate::ssr::*;
    let (ctx, cx) = (ctx()?, cx()?);
    let today = ctx.clock.today();
    Ok(domain::money::desk::desk(&cx, school, month_or_now(month, today)?).await?)
}

#[server(endpoint = "propose_fees")]
pub async fn propose_fees(plan: PlanId, schedule: NewFeeSchedule) -> Result<FeeScheduleId, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    let id = domain::money::fees::propose(&cx, plan, schedule).await?;
    tell_page("fees_proposed", &[]);
    Ok(id)
}

#[server(endpoint = "consent_fees")]
pub async fn consent_fees(schedule: FeeScheduleId) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    domain::money::fees::consent(&cx, schedule).await?;
    tell_page("fees_consented", &[]);
    Ok(())
}

#[server(endpoint = "decide_fees")]
pub async fn decide_fees(schedule: FeeScheduleId, approve: Option<bool>, note: String) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    domain::money::fees::decide(&cx, schedule, approve.unwrap_or(false), &note).await?;
    tell_page("fees_decided", &[]);
    Ok(())
}

#[server(endpoint = "bill_month")]
pub async fn bill_month(school: SchoolId, month: String) -> Result<Billing, AppError> {
    use crate::ssr::*;
    let (ctx, cx) = (ctx()?, cx()?);
    let today = ctx.clock.today();
    let month = month_or_now(Some(month), today)?;
    let b = domain::money::billing::run(&cx, school, month).await?;
    let (charged, waived) = (b.charged.to_string(), b.waived.to_string());
    tell_page("billed", &[("charged", charged.as_str()), ("waived", waived.as_str())]);
    Ok(b)
}

#[server(endpoint = "record_payment")]
pub async fn record_payment(school: SchoolId, payment: NewPayment) -> Result<PostingId, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    let id = domain::money::payments::record(&cx, school, payment).await?;
    tell_page("booked", &[]);
    Ok(id)
}

#[server(endpoint = "record_booking")]
pub async fn record_booking(school: SchoolId, booking: NewBooking) -> Result<PostingId, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    let id = domain::money::ledger::record(&cx, school, booking).await?;
    tell_page("booked", &[]);
    Ok(id)
}

#[server(endpoint = "reverse_posting")]
pub async fn reverse_posting(posting: PostingId, reason: String) -> Result<PostingId, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    let id = domain::money::ledger::reverse(&cx, posting, &reason).await?;
    tell_page("reversed", &[]);
    Ok(id)
}

#[server(endpoint = "pay_refund")]
pub async fn pay_refund(student: StudentId, on_date: chrono::NaiveDate, reference: String) -> Result<i64, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    let paid = domain::money::withdrawal::pay_out(&cx, student, on_date, &reference).await?;
    tell_page("refund_paid", &[]);
    Ok(paid)
}

/// Checks (`import` false) or imports a bank statement, sent as base64.
#[server(endpoint = "bank_statement")]
pub async fn bank_statement(school: SchoolId, import: bool, file_name: String, content: String) -> Result<StatementPreview, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    let bytes = decode_upload("file", &content)?;
    Ok(if import {
        domain::money::payments::import(&cx, school, &file_name, &bytes).await?
    } else {
        domain::money::payments::preview(&cx, school, &file_name, &bytes).await?
    })
}

/// Hourly rates in yuan, as typed.
#[server(endpoint = "set_pay_rates")]
pub async fn set_pay_rates(school: SchoolId, teacher: String, worker: String, volunteer: String, vendor_staff: String) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    let fen = |v: &str| wire::money::fen(v).ok_or(domain::DomainError::invalid("rate", "format"));
    let rates = wire::money::PayRates { teacher: fen(&teacher)?, worker: fen(&worker)?, volunteer: fen(&volunteer)?, vendor_staff: fen(&vendor_staff)? };
    domain::money::pay::set_rates(&cx, school, rates).await?;
    tell_page("rates_set", &[]);
    Ok(())
}

#[server(endpoint = "pay_run")]
pub async fn pay_lines(school: SchoolId, month: Option<String>) -> Result<PayRun, AppError> {
    use crate::ssr::*;
    let (ctx, cx) = (ctx()?, cx()?);
    let month = month_or_now(month, ctx.clock.today())?;
    Ok(domain::money::pay::preview(&cx, school, month).await?)
}

#[server(endpoint = "book_pay")]
pub async fn book_pay(school: SchoolId, month: String, on_date: chrono::NaiveDate) -> Result<PayRun, AppError> {
    use crate::ssr::*;
    let (ctx, cx) = (ctx()?, cx()?);
    let today = ctx.clock.today();
    let month = month_or_now(Some(month), today)?;
    let run = domain::money::pay::book(&cx, school, month, on_date).await?;
    tell_page("pay_booked", &[]);
    Ok(run)
}

#[server(endpoint = "settlement")]
pub async fn term_settlement(plan: PlanId) -> Result<Settlement, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::money::settlement::view(&cx, plan).await?)
}

#[server(endpoint = "confirm_settlement")]
pub async fn confirm_settlement(plan: PlanId, surplus_fen: i64) -> Result<Settlement, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    let s = domain::money::settlement::confirm(&cx, plan, surplus_fen).await?;
    tell_page("settled", &[]);
    Ok(s)
}

/// A school's disclosure of a month: public once published.
#[server(endpoint = "disclosure")]
pub async fn month_disclosure(school: SchoolId, month: Option<String>) -> Result<Disclosure, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    let month = domain::dates::asked_or_last_month(month.as_deref(), cx.today())?;
    Ok(domain::money::disclosure::view(&cx, school, month).await?)
}

#[server(endpoint = "publish_disclosure")]
pub async fn publish_disclosure(school: SchoolId, month: String) -> Result<(), AppError> {
    use crate::ssr::*;
    let (ctx, cx) = (ctx()?, cx()?);
    let today = ctx.clock.today();
    domain::money::disclosure::publish(&cx, school, month_or_now(Some(month), today)?).await?;
    tell_page("published", &[]);
    Ok(())
}

#[server(endpoint = "ledger_month")]
pub async fn ledger_month(school: SchoolId, month: Option<String>) -> Result<Vec<PostingView>, AppError> {
    use crate::ssr::*;
    let (ctx, cx) = (ctx()?, cx()?);
    let month = month_or_now(month, ctx.clock.today())?;
    Ok(domain::money::ledger::month(&cx, school, month).await?.1)
}

#[server(endpoint = "subsidy_year")]
pub async fn subsidy_year(district: DistrictId, year: Option<i32>) -> Result<SubsidyReport, AppError> {
    use crate::ssr::*;
    use chrono::Datelike;
    let (ctx, cx) = (ctx()?, cx()?);
    let today = ctx.clock.today();
    Ok(domain::money::subsidy::district_year(&cx, district, year.unwrap_or(today.year())).await?)
}

#[server(endpoint = "school_subsidy_year")]
pub async fn school_subsidy_year(school: SchoolId, year: Option<i32>) -> Result<SubsidyReport, AppError> {
    use crate::ssr::*;
    use chrono::Datelike;
    let (ctx, cx) = (ctx()?, cx()?);
    Ok(domain::money::subsidy::school_year(&cx, school, year.unwrap_or(ctx.clock.today().year())).await?)
}
