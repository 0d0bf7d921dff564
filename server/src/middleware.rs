//! Request middleware: who is asking (session → actor, client address), and
//! the cross-site request forgery check on every state-changing request.
use crate::state::AppState;
use app::ssr::{RequestInfo, session_token_from};
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, Method, StatusCode, header};
use std::net::SocketAddr;

/// Resolves the session cookie to an actor once per request and puts it,
/// with the client's address, into the request for server functions and
/// pages. Static files skip it.
pub async fn request_info(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if path.starts_with("/pkg/") || path == "/healthz" || path == "/favicon.ico" || path == "/metrics" {
        return next.run(req).await;
    }
    // A test server's clock is the database's, whichever server moved it.
    if state.app.test_clock
        && let Err(e) = state.app.clock.sync(&state.app.db.read).await
    {
        tracing::error!(error = %e, "reading the test clock failed");
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    let token = session_token_from(req.headers());
    let actor = match &token {
        Some(t) => match domain::auth::load_actor(&state.app.db.read, t, domain::clock::real_now()).await {
            Ok(actor) => actor,
            Err(e) => {
                tracing::error!(error = %e, "loading the session failed");
                return StatusCode::SERVICE_UNAVAILABLE.into_response();
            }
        },
        None => None,
    };
    let client_address = client_address(&req, state.config.trust_forwarded_for);
    let https = state.config.trust_forwarded_for && forwarded(&req, "x-forwarded-proto").is_some_and(|p| p.eq_ignore_ascii_case("https"));
    // Only a registered server function names a span and a figure: a
    // made-up `/api/…` path matches no route.
    let server_fn = req.extensions().get::<MatchedPath>().and_then(|p| p.as_str().strip_prefix("/api/")).map(str::to_string);
    let span = server_fn.map(|name| (name, roles_of(actor.as_ref())));
    req.extensions_mut().insert(RequestInfo { actor, session_token: token, client_address, https });
    match span {
        Some((name, roles)) => crate::metrics::server_fn_span(&name, roles, req, next).await,
        None => next.run(req).await,
    }
}

/// The caller's roles for the log (`parent`, `school_admin,class_teacher`),
/// or `anonymous`.
fn roles_of(actor: Option<&domain::authz::Actor>) -> String {
    let Some(actor) = actor else { return "anonymous".into() };
    let mut roles: Vec<&str> = actor.grants.iter().map(|g| g.role.as_str()).collect();
    roles.sort_unstable();
    roles.dedup();
    roles.join(",")
}

/// The right-most value of a header our proxy adds; anything to its left
/// came from the client and could be forged.
fn forwarded<'a>(req: &'a Request, name: &str) -> Option<&'a str> {
    req.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

fn client_address(req: &Request, trust_forwarded_for: bool) -> String {
    if let Some(addr) = forwarded(req, "x-forwarded-for").filter(|_| trust_forwarded_for) {
        return addr.to_string();
    }
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// Refuses state-changing requests that a browser sent from another site.
/// Browsers mark every request with `Sec-Fetch-Site` or `Origin`, which a
/// page on another site cannot forge; together with `SameSite=Lax` session
/// cookies this stops cross-site request forgery without tokens in forms
/// (so forms also work before the page's script has loaded). Requests with
/// neither header come from non-browser clients, which carry no ambient
/// cookies of a victim.
pub async fn csrf(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    if cross_site(req.headers(), &state.config.allowed_origins) {
        tracing::warn!(path = %req.uri().path(), "cross-site state-changing request refused");
        return (StatusCode::FORBIDDEN, "cross-site request refused").into_response();
    }
    next.run(req).await
}

fn cross_site(headers: &HeaderMap, allowed_origins: &[String]) -> bool {
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let allowed = |o: &str| allowed_origins.iter().any(|a| a == o);
    match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        Some("same-origin") | Some("none") => false,
        Some(_) => !origin.is_some_and(allowed),
        None => match origin {
            None => false,
            Some(o) => {
                let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
                let own = o.strip_prefix("https://").or_else(|| o.strip_prefix("http://")) == Some(host);
                !(own || allowed(o))
            }
        },
    }
}

/// Who may keep a copy. Pages and server functions carry personal data: no
/// browser or proxy keeps one. The app's files are named by their content
/// (`beilei.<hash>.wasm`): they never change, so browsers keep them a year
/// and a second visit fetches only the page; any other file is checked again.
pub async fn cache_policy(req: Request, next: Next) -> Response {
    let asset = req.uri().path().strip_prefix("/pkg/").map(content_hashed);
    let mut res = next.run(req).await;
    let personal = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html") || t.starts_with("application/json") || t.starts_with("application/x-www-form-urlencoded"));
    let policy = match asset {
        Some(true) if res.status().is_success() => "public, max-age=31536000, immutable",
        Some(_) => "no-cache",
        None if personal => "no-store",
        None => return res,
    };
    res.headers_mut().insert(header::CACHE_CONTROL, http::HeaderValue::from_static(policy));
    res
}

/// Whether a file name carries cargo-leptos's content hash: a 22-character
/// base64url part (`beilei.XAzDVQDAQ-LkvMYBE9qD6A.js`).
fn content_hashed(name: &str) -> bool {
    name.split('.').any(|part| {
        part.len() == 22 && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') && part.bytes().any(|b| b.is_ascii_alphanumeric())
    })
}

/// `Strict-Transport-Security` on every answer of a site served over HTTPS
/// (its configured public address is https, or its cookies are `Secure`),
/// and on each answer to a request a trusted proxy says came over HTTPS:
/// a browser that once reached the site securely never again tries plain
/// HTTP, where the first request could be intercepted. Browsers ignore the
/// header over plain HTTP.
pub async fn strict_transport(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let https = state.config.serves_https() || (state.config.trust_forwarded_for && forwarded(&req, "x-forwarded-proto").is_some_and(|p| p.eq_ignore_ascii_case("https")));
    let mut res = next.run(req).await;
    if https {
        res.headers_mut().insert(header::STRICT_TRANSPORT_SECURITY, http::HeaderValue::from_static(HSTS));
    }
    res
}

/// A year, the subdomains left to their own operators.
pub const HSTS: &str = "max-age=31536000";

/// The answer to a request whose handler panicked: 500, and the panic in
/// the log. The process and every other request go on. (A stack overflow
/// cannot be caught; `inputs` makes it impossible by bounding every
/// parser's depth before it runs.)
pub fn panicked(err: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let what = err.downcast_ref::<String>().map(String::as_str).or_else(|| err.downcast_ref::<&str>().copied()).unwrap_or("unknown");
    tracing::error!(panic = what, "a request's handler panicked");
    (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
}

/// The page's `Content-Security-Policy`: scripts only from the site and the
/// page's own inline hydration scripts (by their nonce), WebAssembly allowed
/// to compile, nothing else from anywhere else, no framing.
pub fn content_security_policy(nonce: &str, dev_reload: Option<u32>) -> String {
    let reload = dev_reload.map(|port| format!(" ws://127.0.0.1:{port} ws://localhost:{port}")).unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self' 'nonce-{nonce}'; img-src 'self' data:; \
         font-src 'self'; connect-src 'self'{reload}; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().expect("header"));
        }
        h
    }

    #[test]
    fn the_forwarded_address_is_the_one_our_proxy_added() {
        let req = Request::builder()
            .header("x-forwarded-for", "6.6.6.6, 203.0.113.7")
            .body(axum::body::Body::empty())
            .expect("request");
        assert_eq!(client_address(&req, true), "203.0.113.7");
        assert_eq!(client_address(&req, false), "unknown");
    }

    #[tokio::test]
    async fn a_panicking_handler_answers_500_and_the_service_goes_on() {
        use tower::ServiceExt;
        let app = axum::Router::new()
            .route("/boom", axum::routing::get(|| async { if true { panic!("a bug") } else { "never" } }))
            .route("/fine", axum::routing::get(|| async { "fine" }))
            .layer(tower_http::catch_panic::CatchPanicLayer::custom(panicked));
        let get = |path: &str| Request::builder().uri(path).body(axum::body::Body::empty()).expect("request");
        assert_eq!(app.clone().oneshot(get("/boom")).await.expect("answered").status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(app.oneshot(get("/fine")).await.expect("answered").status(), StatusCode::OK);
    }

    #[test]
    fn only_content_hashed_files_are_kept_for_a_year() {
        assert!(content_hashed("beilei.XAzDVQDAQ-LkvMYBE9qD6A.js"));
        assert!(content_hashed("chunk_10.y5QQTf5GZzII8SgOrxbOLw.wasm"));
        assert!(!content_hashed("beilei.wasm"));
        assert!(!content_hashed("__wasm_split.______________________.js"), "the unhashed placeholder name");
    }

    #[test]
    fn same_origin_and_non_browser_requests_pass() {
        assert!(!cross_site(&headers(&[("sec-fetch-site", "same-origin")]), &[]));
        assert!(!cross_site(&headers(&[]), &[]));
        assert!(!cross_site(&headers(&[("origin", "http://a.cn"), ("host", "a.cn")]), &[]));
    }

    #[test]
    fn other_sites_are_refused_unless_allowed() {
        assert!(cross_site(&headers(&[("sec-fetch-site", "cross-site"), ("origin", "https://evil.cn")]), &[]));
        assert!(cross_site(&headers(&[("sec-fetch-site", "same-site"), ("origin", "https://x.a.cn")]), &[]));
        assert!(cross_site(&headers(&[("origin", "https://evil.cn"), ("host", "a.cn")]), &[]));
        let cdn = vec!["https://m.a.cn".to_string()];
        assert!(!cross_site(&headers(&[("sec-fetch-site", "same-site"), ("origin", "https://m.a.cn")]), &cdn));
    }
}
