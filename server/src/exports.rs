//! Files a signed-in reader downloads with a plain GET and the session
//! cookie: spreadsheets in the reader's language, pickup photos.
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use domain::DomainError;
use http::{HeaderMap, StatusCode, header};
use std::collections::HashMap;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn refused(e: DomainError) -> Response {
    match e {
        DomainError::Forbidden => StatusCode::FORBIDDEN.into_response(),
        DomainError::NotFound => StatusCode::NOT_FOUND.into_response(),
        DomainError::Invalid { .. } => StatusCode::BAD_REQUEST.into_response(),
        e => {
            tracing::error!(error = %e, "export");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// The signed-in actor of a plain GET, or the answer to send instead.
pub(crate) async fn signed_in(state: &AppState, headers: &HeaderMap) -> Result<domain::authz::Actor, Response> {
    let token = app::ssr::session_token_from(headers).ok_or_else(|| StatusCode::UNAUTHORIZED.into_response())?;
    match domain::auth::load_actor(&state.app.db.read, &token).await {
        Ok(Some(a)) => Ok(a),
        Ok(None) => Err(StatusCode::UNAUTHORIZED.into_response()),
        Err(e) => Err(refused(e)),
    }
}

/// `/photos/{child}/{collector}.jpg`: a collector's photo, for the child's
/// guardians and the staff who serve the child; never cached by a proxy.
pub async fn photo(State(state): State<AppState>, Path((child, file)): Path<(String, String)>, headers: HeaderMap) -> Response {
    let (Ok(child), Some(collector)) = (child.parse::<i64>(), file.strip_suffix(".jpg")) else { return StatusCode::NOT_FOUND.into_response() };
    let actor = match signed_in(&state, &headers).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    match domain::operations::photos::read(&state.app.db.read, &actor, domain::ids::StudentId(child), collector, state.app.clock.now()).await {
        Ok(jpeg) => ([(header::CONTENT_TYPE, "image/jpeg"), (header::CACHE_CONTROL, "private, no-store")], jpeg).into_response(),
        Err(e) => refused(e),
    }
}

/// `/school/{id}/workload.xlsx?month=YYYY-MM`: served hours per person.
pub async fn workload(State(state): State<AppState>, Path(id): Path<String>, Query(q): Query<HashMap<String, String>>, headers: HeaderMap) -> Response {
    use app::i18n::{Lang, M};
    let Ok(id) = id.parse::<i64>() else { return StatusCode::NOT_FOUND.into_response() };
    let db = &state.app.db.read;
    let actor = match signed_in(&state, &headers).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let day = match q.get("month") {
        Some(m) => match chrono::NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d") {
            Ok(d) => d,
            Err(_) => return StatusCode::BAD_REQUEST.into_response(),
        },
        None => state.app.clock.today(),
    };
    let w = match domain::operations::workload::month(db, &actor, domain::ids::SchoolId(id), day).await {
        Ok(w) => w,
        Err(e) => return refused(e),
    };
    let lang = Lang::from_cookie_header(headers.get(header::COOKIE).and_then(|v| v.to_str().ok()).unwrap_or_default());
    let titles = [M::Name.text(lang), M::Kind.text(lang), M::SessionsServed.text(lang), M::HoursServed.text(lang)];
    match domain::operations::workload::to_xlsx(&w, titles, |k| app::i18n::staff_kind(k).text(lang).to_string()) {
        Ok(bytes) => {
            let name = format!("attachment; filename=\"workload-{}-{}.xlsx\"", w.school, w.month.format("%Y-%m"));
            ([(header::CONTENT_TYPE, XLSX.to_string()), (header::CONTENT_DISPOSITION, name), (header::CACHE_CONTROL, "no-store".into())], bytes).into_response()
        }
        Err(e) => refused(e),
    }
}
