//! Operators' figures in Prometheus's text format, and a `tracing` span for
//! each server function call.
//!
//! `/metrics` answers on the private listener (`metrics_addr`), or on the
//! public address only to the bearer of `metrics_token`; anyone else gets
//! the site's 404. Request counts and latencies are recorded as requests
//! pass; the gauges (pools, hashing queue, outbox backlog, audit chain) are
//! read when Prometheus scrapes.
use crate::state::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, StatusCode, header};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;
use std::time::Instant;
use tracing::Instrument;

/// Seconds: most requests take milliseconds; a group commit waits for a
/// disk flush; a report may take a second or more.
const LATENCY_BUCKETS: &[f64] = &[0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];
const BATCH_BUCKETS: &[f64] = &[1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0];

/// A call slower than this is logged at `info` even when it succeeds.
const SLOW: std::time::Duration = std::time::Duration::from_secs(1);

/// The process's recorder, installed once (a test process builds many
/// servers; they share it).
pub fn handle() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let builder = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), LATENCY_BUCKETS)
                .and_then(|b| b.set_buckets_for_metric(Matcher::Full("group_commit_batch_size".into()), BATCH_BUCKETS));
            match builder {
                Ok(b) => {
                    let recorder = b.build_recorder();
                    let handle = recorder.handle();
                    if metrics::set_global_recorder(recorder).is_err() {
                        tracing::warn!("another metrics recorder is installed; /metrics shows this one's empty figures");
                    }
                    handle
                }
                Err(e) => {
                    tracing::error!(error = %e, "metrics buckets refused; figures without them");
                    PrometheusBuilder::new().build_recorder().handle()
                }
            }
        })
        .clone()
}

/// Counts each request and its latency by route (a page's pattern such as
/// `/school/{id}/reports`, or a server function's `/api/name`), method and
/// status. A path no route knows counts as `unmatched`, so a scanner cannot
/// invent label values.
pub async fn count_requests(req: Request, next: Next) -> Response {
    let route = req.extensions().get::<MatchedPath>().map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    let method = req.method().as_str().to_string();
    let started = Instant::now();
    let res = next.run(req).await;
    let status = res.status().as_u16().to_string();
    metrics::counter!("http_requests_total", "route" => route.clone(), "method" => method, "status" => status).increment(1);
    metrics::histogram!("http_request_duration_seconds", "route" => route).record(started.elapsed().as_secs_f64());
    res
}

/// Runs a server function's call in a span naming the function, the
/// caller's roles and the outcome, and logs the calls that failed or were
/// slow (the rest at `debug`).
pub async fn server_fn_span(name: &str, roles: String, req: Request, next: Next) -> Response {
    let span = tracing::info_span!("server_fn", name, roles = %roles, outcome = tracing::field::Empty);
    let started = Instant::now();
    let res = next.run(req).instrument(span.clone()).await;
    let elapsed = started.elapsed();
    let outcome = match res.status() {
        s if s.is_success() || s.is_redirection() => "ok",
        s if s.is_client_error() => "refused",
        _ => "error",
    };
    span.record("outcome", outcome);
    metrics::counter!("server_fn_calls_total", "name" => name.to_string(), "outcome" => outcome).increment(1);
    let (ms, status) = (elapsed.as_millis() as u64, res.status().as_u16());
    span.in_scope(|| match outcome {
        "error" => tracing::warn!(ms, status, "server function failed"),
        _ if elapsed >= SLOW => tracing::info!(ms, status, "server function slow"),
        "refused" => tracing::info!(ms, status, "server function refused"),
        _ => tracing::debug!(ms, status, "server function"),
    });
    res
}

/// The figures read at scrape time, then the whole text.
pub async fn render(state: &AppState) -> String {
    let db = &state.app.db;
    for p in db.pools() {
        metrics::gauge!("db_pool_connections", "pool" => p.pool, "state" => "in_use").set((p.size as usize).saturating_sub(p.idle) as f64);
        metrics::gauge!("db_pool_connections", "pool" => p.pool, "state" => "idle").set(p.idle as f64);
        metrics::gauge!("db_pool_max_connections", "pool" => p.pool).set(f64::from(p.max));
    }
    metrics::gauge!("password_hash_waiting").set(domain::auth::password::hashes_waiting() as f64);
    match domain::messages::sender::backlog(&db.read).await {
        Ok(n) => metrics::gauge!("outbox_backlog").set(n as f64),
        Err(e) => tracing::warn!(error = %e, "metrics: reading the outbox backlog failed"),
    }
    match domain::audit::length(&db.read).await {
        Ok(n) => metrics::gauge!("audit_chain_length").set(n as f64),
        Err(e) => tracing::warn!(error = %e, "metrics: reading the audit chain failed"),
    }
    handle().render()
}

fn text(body: String) -> Response {
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], body).into_response()
}

/// `/metrics` on the private listener.
pub async fn private(State(state): State<AppState>) -> Response {
    text(render(&state).await)
}

/// `/metrics` on the public address: only with the configured token.
pub async fn public(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if !bearer_matches(&headers, &state.config.metrics_token.0) {
        return StatusCode::NOT_FOUND.into_response();
    }
    text(render(&state).await)
}

/// Whether the request carries `Authorization: Bearer <token>` for a
/// configured (non-empty) token, compared in constant time.
fn bearer_matches(headers: &HeaderMap, token: &str) -> bool {
    use subtle::ConstantTimeEq;
    let given = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    !token.is_empty() && given.is_some_and(|g| bool::from(g.as_bytes().ct_eq(token.as_bytes())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_configured_token_opens_the_public_metrics() {
        let with = |v: &'static str| {
            let mut h = HeaderMap::new();
            h.insert(header::AUTHORIZATION, v.parse().expect("header"));
            h
        };
        assert!(bearer_matches(&with("Bearer 0123456789abcdef"), "0123456789abcdef"));
        assert!(!bearer_matches(&with("Bearer 0123456789abcdeX"), "0123456789abcdef"));
        assert!(!bearer_matches(&with("Bearer "), ""), "no token configured: closed");
        assert!(!bearer_matches(&HeaderMap::new(), "0123456789abcdef"));
    }
}
