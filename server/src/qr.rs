//! The QR code of a school's public page (`/schools/ID/qr.svg`), drawn as
//! SVG on the server for the school gate and the class's group chat.
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use http::{StatusCode, header};
use qrcode::QrCode;
use qrcode::render::svg;

pub async fn school_qr(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    // The code carries the site's configured address, never the one a
    // request names: without one there is no code to draw.
    let (Ok(id), Some(origin)) = (id.parse::<i64>(), state.app.public_url.as_deref()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match domain::scope::find_school(&state.app.db.read, domain::ids::SchoolId(id)).await {
        Ok(_) => {}
        Err(domain::DomainError::NotFound) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "school for a QR code");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    }
    let url = format!("{origin}/schools/{id}");
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
