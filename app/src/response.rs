//! The answer a server function writes besides its value: its status,
//! which a form posted without script must not get.
use http::{StatusCode, header};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

/// Whether this request is a form the browser posted itself (every form
/// outside an island): it wants the next page, not data.
pub fn plain_form_post() -> bool {
    use_context::<http::request::Parts>().is_some_and(|p| {
        p.method == http::Method::POST
            && p.headers
                .get(header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|a| a.contains("text/html"))
    })
}

/// Sets the response status, except for a form posted without script: that
/// browser must get the framework's redirect back to the form (which carries
/// the error for the page to show), not a bare error status.
pub(crate) fn set_status(status: StatusCode) {
    if plain_form_post() {
        return;
    }
    if let Some(res) = use_context::<ResponseOptions>() {
        res.set_status(status);
    }
}
