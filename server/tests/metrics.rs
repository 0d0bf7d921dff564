//! Operators' figures: the private listener shows requests by route and
//! server function, group commits, pools, the hashing queue, the outbox and
//! the audit chain; the public address shows them only to the token.
mod common;

use common::{Live, Site};
use domain::testing::registration_day_at;

const TOKEN: &str = "a-long-metrics-token-for-tests";

#[tokio::test]
async fn figures_move_on_the_private_listener_and_stay_private() {
    let live = Live::start(|c| {
        c.metrics_addr = "127.0.0.1:0".into();
        c.metrics_token = TOKEN.into();
    })
    .await;
    let private = Site::at(format!("http://{}", live.metrics.expect("a metrics listener")));
    let day = registration_day_at(&live.db, "metrics", 2, 2).await;
    let (cookie, form) = day.apply_request(0, "metrics-0");
    let applied = live.call("apply", &form, &[("cookie", &cookie)]).await;
    assert!(applied.status.is_success(), "{} {}", applied.status, applied.body);
    let refused = live.call("apply", &form, &[]).await;
    assert!(refused.status.is_client_error());

    let text = private.get("/metrics", &[]).await;
    assert!(text.status.is_success());
    for figure in [
        r#"http_requests_total{route="/api/apply",method="POST",status="200"}"#,
        r#"server_fn_calls_total{name="apply",outcome="ok"}"#,
        r#"server_fn_calls_total{name="apply",outcome="refused"}"#,
        "http_request_duration_seconds_bucket{route=\"/api/apply\"",
        "group_commit_batch_size_count",
        "group_commit_wait_seconds_count",
        r#"db_pool_connections{pool="write",state="in_use"}"#,
        "db_pool_max_connections",
        "password_hash_waiting",
        "outbox_backlog",
        "audit_chain_length",
    ] {
        assert!(text.body.contains(figure), "{figure} in:\n{}", text.body);
    }
    // A scanner's made-up paths add no label values.
    live.get("/no/such/page/12345", &[]).await;
    live.call("no_such_function_12345", "", &[]).await;
    let text = private.get("/metrics", &[]).await.body;
    assert!(!text.contains("12345") && text.contains(r#"route="unmatched""#));

    for auth in [None, Some("Bearer wrong-token-of-some-length"), Some("Basic YTpi")] {
        let headers: Vec<(&str, &str)> = auth.map(|v| ("authorization", v)).into_iter().collect();
        let a = live.get("/metrics", &headers).await;
        assert_eq!(a.status, http::StatusCode::NOT_FOUND, "{auth:?}");
        assert!(!a.body.contains("http_requests_total"));
    }
    let bearer = format!("Bearer {TOKEN}");
    let a = live.get("/metrics", &[("authorization", &bearer)]).await;
    assert!(a.status.is_success() && a.body.contains("audit_chain_length"), "the token opens it: {}", a.status);
}

#[tokio::test]
async fn without_a_listener_or_token_nobody_reads_figures() {
    let live = Live::start(|_| {}).await;
    assert!(live.metrics.is_none());
    for auth in [None, Some("Bearer "), Some("Bearer anything-at-all-here")] {
        let headers: Vec<(&str, &str)> = auth.map(|v| ("authorization", v)).into_iter().collect();
        let a = live.get("/metrics", &headers).await;
        assert_eq!(a.status, http::StatusCode::NOT_FOUND);
        assert!(!a.body.contains("http_requests_total"));
    }
}
