//! Server-side plumbing for server functions: the services in context, the
//! request's actor and client address (put there by the server's middleware),
//! session cookies, and the mapping of domain errors to HTTP answers.
use crate::error::AppError;
use crate::response::set_status;
use domain::authz::Actor;
use domain::{Db, DomainError};
use http::{HeaderValue, StatusCode, header};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

// Server functions take it from here with the rest (`use crate::ssr::*`).
pub use crate::response::plain_form_post;

pub const SESSION_COOKIE: &str = "beilei_session";

/// What server functions need from the server, provided as context.
#[derive(Clone, Debug)]
pub struct AppContext {
    pub db: Db,
    pub auth: domain::auth::AuthSettings,
    /// Mark cookies `Secure` (the site is served over HTTPS).
    pub secure_cookies: bool,
    pub clock: domain::clock::Clock,
    /// Applications share commits (registration day).
    pub applications: domain::enrolment::group_commit::Applications,
    /// Lets `advance_clock` move the clock: for browser tests only.
    pub test_clock: bool,
    /// Takes the outbox to phones (on a test server: into memory).
    pub delivery: domain::messages::sender::Delivery,
    /// The site's stylesheet, inlined in every page.
    pub stylesheet: std::sync::Arc<str>,
    /// Seals bids until their opening; never stored in the database.
    pub bid_key: std::sync::Arc<domain::tender::BidKey>,
    /// The site's configured public address (`https://beilei.example.cn`),
    /// on which every absolute address it hands out is built; `None`: it
    /// hands out none (no QR code, no open data).
    pub public_url: Option<std::sync::Arc<str>>,
}

/// Put into each request's extensions by the server's middleware.
#[derive(Clone, Debug, Default)]
pub struct RequestInfo {
    pub actor: Option<Actor>,
    pub session_token: Option<String>,
    pub client_address: String,
    /// The browser reached the site over HTTPS (said by a trusted proxy's
    /// `X-Forwarded-Proto`), so cookies are marked `Secure`.
    pub https: bool,
}

/// The app's context. Missing only where nothing waits for the answer: a
/// server render walks a page's view closures more than once (Leptos 0.8's
/// `Suspense` re-checks its children), and a resource made on such a walk
/// loads in a scope already cleaned up. It fails here, before any query,
/// and its result is dropped; a server function that really lacked the
/// context would fail every request, which every test would show.
pub fn ctx() -> Result<AppContext, AppError> {
    use_context::<AppContext>().ok_or_else(|| {
        tracing::debug!("no AppContext: a resource of a discarded view");
        AppError::Internal
    })
}

pub fn request_info() -> RequestInfo {
    use_context::<http::request::Parts>()
        .and_then(|p| p.extensions.get::<RequestInfo>().cloned())
        .unwrap_or_default()
}

/// The request's way into the domain: the database, the clock and whoever
/// is signed in. The domain answers `Unauthenticated` where it needs someone.
pub fn cx() -> Result<domain::Ctx, AppError> {
    let ctx = ctx()?;
    Ok(domain::Ctx::new(ctx.db, ctx.clock, request_info().actor))
}

/// The signed-in actor, or `Unauthenticated`.
pub fn actor() -> Result<Actor, AppError> {
    request_info().actor.ok_or(AppError::Unauthenticated).inspect_err(|_| set_status(StatusCode::UNAUTHORIZED))
}

/// Reads the session token from a `Cookie` header.
pub fn session_token_from(headers: &http::HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == SESSION_COOKIE)
        .map(|(_, v)| v.to_string())
}

use crate::outcome::DONE;

/// Answers a posted form with the page it came from, marked
/// `?done=<what>` (and `also`'s pairs) so the page can say what happened
/// (`crate::outcome::said`). A script caller (an island, the static
/// front end) gets the server function's value instead.
pub fn tell_page(what: &str, also: &[(&str, &str)]) {
    if !plain_form_post() {
        return;
    }
    let back = use_context::<http::request::Parts>()
        .and_then(|p| p.headers.get(header::REFERER).and_then(|v| v.to_str().ok()).map(str::to_string))
        .and_then(|r| url::Url::parse(&r).ok());
    let Some(mut back) = back else { return };
    let kept: Vec<(String, String)> =
        back.query_pairs().filter(|(k, _)| !matches!(k.as_ref(), DONE | "__path" | "__err") && !also.iter().any(|(a, _)| a == k)).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    back.query_pairs_mut().clear().extend_pairs(kept).append_pair(DONE, what).extend_pairs(also);
    let path = match back.query() {
        Some(q) => format!("{}?{q}", back.path()),
        None => back.path().to_string(),
    };
    leptos_axum::redirect(&path);
}

/// An uploaded file sent as base64 in a form (a plain form keeps multipart
/// code out of the browser); `field` names it in the error.
pub fn decode_upload(field: &'static str, content: &str) -> Result<Vec<u8>, AppError> {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD.decode(content.trim()).map_err(|_| DomainError::unreadable(field, "unreadable"))?;
    if bytes.is_empty() {
        return Err(DomainError::unreadable(field, "empty").into());
    }
    Ok(bytes)
}

/// Signs in and sets the session cookie. A session the browser already had
/// ends: signing in again always starts a new one.
pub async fn start_session(ctx: &AppContext, identifier: &str, password: wire::secret::Secret) -> Result<(), AppError> {
    let info = request_info();
    let signed = domain::auth::sign_in(&ctx.db.write, &ctx.auth, identifier, password.0, &info.client_address, domain::clock::real_now()).await?;
    if let Some(old) = &info.session_token {
        domain::auth::sign_out(&ctx.db.public(), old).await?;
    }
    set_session_cookie(ctx, &signed.token, ctx.auth.session_ttl.num_seconds());
    Ok(())
}

pub fn set_session_cookie(ctx: &AppContext, token: &str, max_age_seconds: i64) {
    let secure = if ctx.secure_cookies || request_info().https { "; Secure" } else { "" };
    let value = format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_seconds}{secure}");
    append_cookie(&value);
}

pub fn clear_session_cookie(ctx: &AppContext) {
    set_session_cookie(ctx, "", 0);
}

/// When a client told `Busy` should come back.
const RETRY_BUSY_SECONDS: u32 = 2;

fn retry_after(seconds: u32) {
    if let Some(res) = use_context::<ResponseOptions>() {
        res.insert_header(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
}

pub(crate) fn append_cookie(value: &str) {
    if let (Some(res), Ok(v)) = (use_context::<ResponseOptions>(), HeaderValue::from_str(value)) {
        res.append_header(header::SET_COOKIE, v);
    }
}

impl From<DomainError> for AppError {
    /// Maps a domain error to what the user may know, and sets the HTTP status.
    /// Internal failures are logged here with their detail and shown as a
    /// plain "something went wrong".
    fn from(e: DomainError) -> Self {
        let (status, err) = match e {
            DomainError::Unauthenticated => (StatusCode::UNAUTHORIZED, AppError::Unauthenticated),
            DomainError::Forbidden => (StatusCode::FORBIDDEN, AppError::Forbidden),
            DomainError::NotFound => (StatusCode::NOT_FOUND, AppError::NotFound),
            DomainError::SignInFailed => (StatusCode::UNAUTHORIZED, AppError::SignInFailed),
            DomainError::RateLimited => (StatusCode::TOO_MANY_REQUESTS, AppError::RateLimited),
            DomainError::Busy => {
                retry_after(RETRY_BUSY_SECONDS);
                (StatusCode::SERVICE_UNAVAILABLE, AppError::Busy)
            }
            DomainError::Invalid { field, rule } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                AppError::Invalid { field: field.to_string(), rule: rule.to_string() },
            ),
            DomainError::Unreadable { field, rule } => (
                if rule == "too_large" { StatusCode::PAYLOAD_TOO_LARGE } else { StatusCode::BAD_REQUEST },
                AppError::Invalid { field: field.to_string(), rule: rule.to_string() },
            ),
            DomainError::Conflict(why) => (StatusCode::CONFLICT, AppError::Conflict(why)),
            DomainError::PlanRefused(problems) => (StatusCode::UNPROCESSABLE_ENTITY, AppError::PlanRefused(problems)),
            DomainError::Database(e) => {
                tracing::error!(error = %e, "database error");
                (StatusCode::INTERNAL_SERVER_ERROR, AppError::Internal)
            }
            DomainError::Internal(e) => {
                tracing::error!(error = %e, "internal error");
                (StatusCode::INTERNAL_SERVER_ERROR, AppError::Internal)
            }
        };
        set_status(status);
        err
    }
}
