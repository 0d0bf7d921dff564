//! The QR code of a school's public page (`/schools/ID/qr.svg`), drawn as
//! SVG on the server for the school gate and the class's group chat.
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, StatusCode, header};
use qrcode::QrCode;
use qrcode::render::svg;

pub async fn school_qr(State(state): State<AppState>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    use sea_orm::EntityTrait;
    match domain::entities::school::Entity::find_by_id(id).one(&state.app.db.read).await {
        Ok(Some(_)) => {}
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "school for a QR code");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    }
    let url = format!("{}/schools/{id}", origin(&state, &headers));
    match QrCode::new(url.as_bytes()) {
        Ok(code) => {
            let image = code.render::<svg::Color<'_>>().min_dimensions(240, 240).quiet_zone(true).build();
            ([(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "public, max-age=86400")], image).into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "QR code");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// Where guardians reach the site: `public_url` if set, otherwise the host
/// this request came to, over HTTPS when the site is served so.
fn origin(state: &AppState, headers: &HeaderMap) -> String {
    if !state.config.public_url.is_empty() {
        return state.config.public_url.trim_end_matches('/').to_string();
    }
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("localhost");
    let forwarded_https = state.config.trust_forwarded_for
        && headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()).is_some_and(|p| p.eq_ignore_ascii_case("https"));
    let scheme = if state.config.secure_cookies || forwarded_https { "https" } else { "http" };
    format!("{scheme}://{host}")
}
