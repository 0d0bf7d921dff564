//! Server-side plumbing for server functions: the services in context, the
//! request's actor and client address (put there by the server's middleware),
//! session cookies, and the mapping of domain errors to HTTP answers.
use crate::error::AppError;
use domain::authz::Actor;
use domain::{Db, DomainError};
use http::{HeaderValue, StatusCode, header};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

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
    pub applications: domain::group_commit::Applications,
    /// Lets `advance_clock` move the clock: for browser tests only.
    pub test_clock: bool,
    /// Takes the outbox to phones (on a test server: into memory).
    pub delivery: domain::sender::Delivery,
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

pub fn ctx() -> Result<AppContext, AppError> {
    use_context::<AppContext>().ok_or_else(|| {
        tracing::error!("AppContext missing from the server function's context");
        AppError::Internal
    })
}

pub fn request_info() -> RequestInfo {
    use_context::<http::request::Parts>()
        .and_then(|p| p.extensions.get::<RequestInfo>().cloned())
        .unwrap_or_default()
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

/// Sets the response status, except for a form posted without script: that
/// browser must get the framework's redirect back to the form (which carries
/// the error for the page to show), not a bare error status.
fn set_status(status: StatusCode) {
    let plain_form_post = use_context::<http::request::Parts>().is_some_and(|p| {
        p.method == http::Method::POST
            && p.headers
                .get(header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|a| a.contains("text/html"))
    });
    if plain_form_post {
        return;
    }
    if let Some(res) = use_context::<ResponseOptions>() {
        res.set_status(status);
    }
}

/// Signs in and sets the session cookie. A session the browser already had
/// ends: signing in again always starts a new one.
pub async fn start_session(ctx: &AppContext, identifier: &str, password: wire::secret::Secret) -> Result<(), AppError> {
    let info = request_info();
    let signed = domain::auth::sign_in(&ctx.db.write, &ctx.auth, identifier, password.0, &info.client_address).await?;
    if let Some(old) = &info.session_token {
        domain::auth::sign_out(&ctx.db.write, old).await?;
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

fn append_cookie(value: &str) {
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
            DomainError::Conflict(what) => (StatusCode::CONFLICT, AppError::Conflict(what.to_string())),
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
