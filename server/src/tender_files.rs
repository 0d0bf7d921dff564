//! The tender board's plain-HTTP parts: a bid with its PDF documents as a
//! multipart form (the bid page's island sends it with an upload progress
//! bar; without script the browser posts the same form), the documents
//! themselves, and each tender's OCDS release package.
use crate::state::AppState;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::DomainError;
use domain::ids::{BidId, TenderId};
use domain::tender::bids::{MAX_FILE_BYTES, MAX_FILES, Upload};
use http::{HeaderMap, StatusCode, header};
use wire::tender::NewBid;

fn refused(e: DomainError, json: bool) -> Response {
    let status = match &e {
        DomainError::Forbidden => StatusCode::FORBIDDEN,
        DomainError::NotFound => StatusCode::NOT_FOUND,
        DomainError::Unauthenticated => StatusCode::UNAUTHORIZED,
        DomainError::Invalid { .. } => StatusCode::BAD_REQUEST,
        DomainError::Unreadable { rule: "too_large", .. } => StatusCode::PAYLOAD_TOO_LARGE,
        DomainError::Unreadable { .. } => StatusCode::BAD_REQUEST,
        other => {
            tracing::error!(error = %other, "tender file");
            StatusCode::INTERNAL_SERVER_ERROR
        }
    };
    match (json, e) {
        (true, DomainError::Invalid { field, rule } | DomainError::Unreadable { field, rule }) => (status, axum::Json(serde_json::json!({"field": field, "rule": rule}))).into_response(),
        _ => status.into_response(),
    }
}

fn wants_json(headers: &HeaderMap) -> bool {
    headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("application/json"))
}

/// `POST /tenders/{id}/bid`: fields `price_yuan`, `programme`, `staff_plan`
/// and up to `MAX_FILES` PDF `documents`. Answers the receipt as JSON to a
/// script, or sends a browser back to the tender page.
pub async fn submit_bid(State(state): State<AppState>, Path(id): Path<i64>, headers: HeaderMap, mut form: Multipart) -> Response {
    let json = wants_json(&headers);
    let actor = match super::exports::signed_in(&state, &headers).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let mut bid = NewBid { price_yuan: String::new(), programme: String::new(), staff_plan: String::new() };
    let mut uploads = Vec::new();
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => return refused(DomainError::unreadable("documents", "too_large"), json),
        };
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let Ok(bytes) = field.bytes().await else { return refused(DomainError::unreadable("documents", "too_large"), json) };
        match name.as_str() {
            "price_yuan" => bid.price_yuan = String::from_utf8_lossy(&bytes).into_owned(),
            "programme" => bid.programme = String::from_utf8_lossy(&bytes).into_owned(),
            "staff_plan" => bid.staff_plan = String::from_utf8_lossy(&bytes).into_owned(),
            // A file input left empty still sends a part with no bytes.
            "documents" if !bytes.is_empty() => {
                if uploads.len() == MAX_FILES {
                    return refused(DomainError::unreadable("documents", "too_many"), json);
                }
                if bytes.len() > MAX_FILE_BYTES {
                    return refused(DomainError::unreadable("documents", "too_large"), json);
                }
                uploads.push(Upload { name: file_name.unwrap_or_default(), bytes: bytes.to_vec() });
            }
            _ => {}
        }
    }
    let app = &state.app;
    match domain::tender::bids::submit(&state.cx(Some(actor)), &app.bid_key, TenderId(id), bid, uploads).await {
        Ok(receipt) if json => axum::Json(receipt).into_response(),
        Ok(_) => Redirect::to(&format!("/tenders/{id}?done=bid_sealed")).into_response(),
        Err(e) => refused(e, json),
    }
}

/// `GET /tenders/{id}/documents/{bid}/{no}` (after the opening) or
/// `/tenders/{id}/documents/mine/{no}` (the bidder's own).
pub async fn document(State(state): State<AppState>, Path((id, bid, no)): Path<(i64, String, u32)>, headers: HeaderMap) -> Response {
    let actor = match super::exports::signed_in(&state, &headers).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let bid = match bid.as_str() {
        "mine" => None,
        n => match n.parse::<i64>() {
            Ok(b) => Some(BidId(b)),
            Err(_) => return StatusCode::NOT_FOUND.into_response(),
        },
    };
    match domain::tender::opening::document(&state.cx(Some(actor)), &state.app.bid_key, TenderId(id), bid, no).await {
        Ok((name, bytes)) => {
            let ascii: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' }).collect();
            let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{}", url_escape(&name));
            ([(header::CONTENT_TYPE, "application/pdf".to_string()), (header::CONTENT_DISPOSITION, disposition), (header::CACHE_CONTROL, "private, no-store".into())], bytes).into_response()
        }
        Err(e) => refused(e, false),
    }
}

fn url_escape(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() || b"-._~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

/// `GET /tenders/{id}/ocds.json`: the tender's OCDS release package
/// (public). Its addresses are the site's configured public address; a
/// site without one publishes no open data.
pub async fn ocds(State(state): State<AppState>, Path(id): Path<i64>) -> Response {
    let Some(base) = state.app.public_url.as_deref() else { return StatusCode::NOT_FOUND.into_response() };
    match domain::tender::ocds::package(&state.cx(None), TenderId(id), base).await {
        Ok(p) => ([(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, "no-cache")], axum::Json(p)).into_response(),
        Err(e) => refused(e, false),
    }
}
