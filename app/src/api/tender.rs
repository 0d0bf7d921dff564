//! The tender board: tenders, sealed bids (sealed through `/tenders/ID/bid`,
//! which takes the documents), the opening, scores, the award, contracts,
//! vendors, satisfaction and the blacklist.
use crate::error::AppError;
use leptos::prelude::*;
use wire::ids::{AwardId, BidId, CityId, ComplaintId, ContractId, DistrictId, SchoolId, TenderId, VendorEntryId, VendorId};
use wire::tender::{Bar, CriterionScore, EndCause, NewDocument, NewTender, NewVendor, Receipt, SchoolTenders, SurveyAsk, TenderSummary, TenderView, VendorDesk, VendorProfile};

/// A form's yes/no choice (`approve` / `reject`, `yes` / `no`).
#[cfg(feature = "ssr")]
fn yes(choice: &str) -> Result<bool, AppError> {
    match choice {
        "approve" | "yes" => Ok(true),
        "reject" | "no" => Ok(false),
        _ => Err(AppError::Invalid { field: "decision".into(), rule: "required".into() }),
    }
}

#[server(endpoint = "tender_board")]
pub async fn tender_board(school: SchoolId) -> Result<SchoolTenders, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::tender::views::school_tenders(&cx, school).await?)
}

#[server(endpoint = "public_tenders")]
pub async fn public_tenders(district: Option<DistrictId>) -> Result<Vec<TenderSummary>, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::tender::views::public_list(&cx, district).await?)
}

#[server(endpoint = "create_tender")]
pub async fn create_tender(school: SchoolId, tender: NewTender) -> Result<TenderId, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    let id = domain::tender::board::create(&cx, school, tender).await?;
    if plain_form_post() {
        leptos_axum::redirect(&format!("/tenders/{id}"));
    }
    Ok(id)
}

#[server(endpoint = "change_tender")]
pub async fn change_tender(tender: TenderId, terms: NewTender) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    domain::tender::board::change_terms(&cx, tender, terms).await?;
    tell_page("terms_changed", &[]);
    Ok(())
}

#[server(endpoint = "reissue_tender")]
pub async fn reissue_tender(tender: TenderId, bid_deadline: String, opening_at: String) -> Result<TenderId, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    let id = domain::tender::board::reissue(&cx, tender, &bid_deadline, &opening_at).await?;
    if plain_form_post() {
        leptos_axum::redirect(&format!("/tenders/{id}"));
    }
    Ok(id)
}

/// A tender as the reader may see it (anyone: the terms are public).
#[server(endpoint = "tender_page")]
pub async fn tender_page(tender: TenderId) -> Result<TenderView, AppError> {
    use crate::ssr::*;
    let (ctx, cx) = (ctx()?, cx()?);
    let mut t = domain::tender::views::tender_view(&cx, &ctx.bid_key, tender).await?;
    t.open_data = ctx.public_url.is_some();
    Ok(t)
}

#[server(endpoint = "withdraw_bid")]
pub async fn withdraw_bid(tender: TenderId) -> Result<(), AppError> {
    use crate::ssr::*;
    let (ctx, cx) = (ctx()?, cx()?);
    domain::tender::bids::withdraw(&cx, &ctx.bid_key, tender).await?;
    tell_page("bid_withdrawn", &[]);
    Ok(())
}

#[server(endpoint = "confirm_bid")]
pub async fn confirm_bid(tender: TenderId) -> Result<Receipt, AppError> {
    use crate::ssr::*;
    let (ctx, cx) = (ctx()?, cx()?);
    let r = domain::tender::bids::confirm(&cx, &ctx.bid_key, tender).await?;
    tell_page("bid_sealed", &[]);
    Ok(r)
}

/// A panel member's act to open; the second opens the bids.
#[server(endpoint = "open_bids")]
pub async fn open_bids(tender: TenderId) -> Result<bool, AppError> {
    use crate::ssr::*;
    let (ctx, cx) = (ctx()?, cx()?);
    let opened = domain::tender::opening::open(&cx, &ctx.bid_key, tender).await?;
    tell_page(if opened { "opened" } else { "opening_act" }, &[]);
    Ok(opened)
}

#[server(endpoint = "score_bid")]
pub async fn score_bid(bid: BidId, scores: Vec<CriterionScore>) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    domain::tender::evaluation::score(&cx, bid, scores).await?;
    tell_page("scored", &[]);
    Ok(())
}

#[server(endpoint = "declare_relation")]
pub async fn declare_relation(bid: BidId, note: String) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    domain::tender::evaluation::declare(&cx, bid, &note).await?;
    tell_page("declared", &[]);
    Ok(())
}

#[server(endpoint = "object_to_tender")]
pub async fn object_to_tender(tender: TenderId, bid: Option<BidId>, body: String) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    domain::tender::evaluation::object(&cx, tender, bid, &body).await?;
    tell_page("objected", &[]);
    Ok(())
}

#[server(endpoint = "propose_award")]
pub async fn propose_award(tender: TenderId) -> Result<AwardId, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    let id = domain::tender::award::propose(&cx, tender).await?;
    tell_page("award_proposed", &[]);
    Ok(id)
}

#[server(endpoint = "file_complaint")]
pub async fn file_complaint(award: AwardId, body: String) -> Result<ComplaintId, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    let id = domain::tender::award::complain(&cx, award, &body).await?;
    tell_page("complained", &[]);
    Ok(id)
}

#[server(endpoint = "answer_complaint")]
pub async fn answer_complaint(complaint: ComplaintId, upheld: String, answer: String) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    domain::tender::award::answer(&cx, complaint, yes(&upheld)?, &answer).await?;
    tell_page("answered", &[]);
    Ok(())
}

#[server(endpoint = "decide_award")]
pub async fn decide_award(award: AwardId, decision: String, note: String) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    domain::tender::award::decide(&cx, award, yes(&decision)?, &note).await?;
    tell_page("decided", &[]);
    Ok(())
}

#[server(endpoint = "sign_contract")]
pub async fn sign_contract(award: AwardId, starts_on: chrono::NaiveDate, ends_on: chrono::NaiveDate, service: String) -> Result<ContractId, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    let id = domain::tender::contracts::sign(&cx, award, starts_on, ends_on, &service).await?;
    tell_page("contract_signed", &[]);
    Ok(id)
}

#[server(endpoint = "evaluate_vendor")]
pub async fn evaluate_vendor(contract: ContractId, score: u8, note: String) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    domain::tender::contracts::evaluate(&cx, contract, score, &note).await?;
    tell_page("evaluated", &[]);
    Ok(())
}

#[server(endpoint = "end_contract")]
pub async fn end_contract(contract: ContractId, cause: EndCause, note: String) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    domain::tender::contracts::terminate(&cx, contract, cause, &note).await?;
    tell_page("contract_ended", &[]);
    Ok(())
}

#[server(endpoint = "bar_vendor")]
pub async fn bar_vendor(contract: ContractId, reason: String) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    domain::tender::blacklist::bar(&cx, contract, &reason).await?;
    tell_page("barred", &[]);
    Ok(())
}

/// The public blacklist, of one city or all.
#[server(endpoint = "blacklist")]
pub async fn blacklist(city: Option<CityId>) -> Result<Vec<Bar>, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::tender::blacklist::blacklist(&cx, city).await?)
}

#[server(endpoint = "rate_service")]
pub async fn rate_service(school: SchoolId, service: u8, staff: u8, comment: String) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    domain::tender::survey::rate(&cx, school, service, staff, &comment).await?;
    tell_page("rated", &[]);
    Ok(())
}

#[server(endpoint = "my_surveys")]
pub async fn my_surveys() -> Result<Vec<SurveyAsk>, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::tender::survey::asks(&cx).await?)
}

#[server(endpoint = "register_vendor")]
pub async fn register_vendor(vendor: NewVendor) -> Result<VendorId, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    let id = domain::tender::vendors::register(&cx, vendor).await?;
    tell_page("vendor_registered", &[]);
    Ok(id)
}

#[server(endpoint = "vendor_page")]
pub async fn vendor_page(vendor: VendorId) -> Result<VendorProfile, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::tender::vendors::profile(&cx, vendor).await?)
}

#[server(endpoint = "add_vendor_document")]
pub async fn add_vendor_document(document: NewDocument) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    domain::tender::vendors::add_document(&cx, document).await?;
    tell_page("document_added", &[]);
    Ok(())
}

#[server(endpoint = "request_entry")]
pub async fn request_entry(district: DistrictId) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    domain::tender::vendors::request_entry(&cx, district).await?;
    tell_page("entry_requested", &[]);
    Ok(())
}

#[server(endpoint = "decide_entry")]
pub async fn decide_entry(entry: VendorEntryId, decision: String, note: String) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    domain::tender::vendors::decide_entry(&cx, entry, yes(&decision)?, &note).await?;
    tell_page("decided", &[]);
    Ok(())
}

#[server(endpoint = "district_vendor_desk")]
pub async fn district_vendor_desk(district: DistrictId) -> Result<VendorDesk, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::tender::vendors::district_desk(&cx, district).await?)
}

#[server(endpoint = "city_vendor_desk")]
pub async fn city_vendor_desk(city: CityId) -> Result<VendorDesk, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::tender::vendors::city_desk(&cx, city).await?)
}

/// The cities a vendor may register in (public).
#[server(endpoint = "cities")]
pub async fn cities() -> Result<Vec<(CityId, String)>, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::tender::vendors::cities(&cx).await?)
}
