//! Start-up: open and migrate the database, load demo data into an empty
//! one, build the router, bind. `Application::build` returns before serving
//! so tests can bind port 0 and read the address.
use crate::config::Config;
use crate::middleware;
use crate::state::AppState;
use anyhow::Context;
use app::ssr::AppContext;
use app::{App, shell};
use axum::Router;
use axum::extract::State;
use axum::middleware::from_fn_with_state;
use axum::routing::get;
use domain::Db;
use http::{HeaderValue, StatusCode, header};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub struct Application {
    listener: TcpListener,
    /// The private `/metrics` listener, where configured.
    metrics: Option<TcpListener>,
    router: Router,
    state: AppState,
}

/// The Leptos options: cargo-leptos's `LEPTOS_*` variables where set,
/// otherwise the workspace's defaults.
pub fn leptos_options() -> anyhow::Result<LeptosOptions> {
    let conf = get_configuration(None).context("reading the LEPTOS_* settings")?;
    let mut options = conf.leptos_options;
    if options.output_name.is_empty() {
        options.output_name = "beilei".into();
    }
    // Started without cargo-leptos (which says so in LEPTOS_HASH_FILES): the
    // build's hash file beside the binary says the files are hashed.
    let hash_file = std::env::current_exe().ok().and_then(|exe| Some(exe.parent()?.join(options.hash_file.as_ref())));
    if hash_file.is_some_and(|f| f.is_file()) {
        options.hash_files = true;
    }
    Ok(options)
}

/// The built stylesheet (`<site>/pkg/beilei[.hash].css`), to inline in pages;
/// empty where none was built (server tests).
fn stylesheet(options: &LeptosOptions) -> String {
    let hash = options
        .hash_files
        .then(|| std::env::current_exe().ok()?.parent().map(|d| d.join(options.hash_file.as_ref())))
        .flatten()
        .and_then(|f| std::fs::read_to_string(f).ok())
        .and_then(|h| h.lines().find_map(|l| l.trim().strip_prefix("css:").map(|v| format!(".{}", v.trim()))))
        .unwrap_or_default();
    let file = std::path::Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref()).join(format!("{}{hash}.css", options.output_name));
    std::fs::read_to_string(&file).unwrap_or_else(|e| {
        tracing::warn!(file = %file.display(), error = %e, "no stylesheet to inline");
        String::new()
    })
}

pub async fn open_database(config: &Config) -> anyhow::Result<Db> {
    let shown = domain::store::db::redact_url(&config.database_url);
    let db = Db::connect(&config.database_url)
        .await
        .with_context(|| format!("opening the database {shown}"))?;
    db.migrate().await.with_context(|| format!("migrating the database {shown}"))?;
    tracing::info!(database = %shown, "database ready");
    if config.database_read_url.is_empty() {
        return Ok(db);
    }
    let replica = domain::store::db::redact_url(&config.database_read_url);
    let db = db.with_replica(&config.database_read_url).await.with_context(|| format!("opening the read replica {replica}"))?;
    tracing::info!(replica = %replica, "dashboards read from the replica");
    Ok(db)
}

/// The demo data into an empty database (`demo_when_empty`).
#[cfg(feature = "demo")]
async fn load_demo(db: &Db) -> anyhow::Result<()> {
    let report = demo::load(db, demo::Scale::Demo, domain::clock::Clock::default().now()).await?;
    crate::console::print_demo(&report);
    Ok(())
}

/// A server built without the demo data starts as if `demo_when_empty`
/// were unset.
#[cfg(not(feature = "demo"))]
async fn load_demo(_: &Db) -> anyhow::Result<()> {
    tracing::warn!("demo_when_empty is set, but this build has no demo data (the server's `demo` feature): starting without it");
    crate::console::print_first_steps();
    Ok(())
}

impl Application {
    pub async fn build(config: Config, leptos: LeptosOptions) -> anyhow::Result<Application> {
        if config.public_url.is_empty() {
            tracing::warn!("public_url is not set: no QR codes or open data until it is (BEILEI_PUBLIC_URL=https://…)");
        }
        let db = open_database(&config).await?;
        if domain::setup::is_empty(&db.read).await? {
            if config.demo_when_empty {
                load_demo(&db).await?;
            } else {
                crate::console::print_first_steps();
            }
        }
        let state = AppState {
            app: AppContext {
                applications: domain::enrolment::group_commit::Applications::start(&db),
                db,
                auth: config.auth(),
                secure_cookies: config.secure_cookies,
                clock: domain::clock::Clock::default(),
                test_clock: config.test_clock,
                stylesheet: stylesheet(&leptos).into(),
                bid_key: Arc::new(config.bid_key().map_err(anyhow::Error::msg)?),
                public_url: config.public_url()?.map(Arc::from),
                delivery: if config.test_clock {
                    domain::messages::sender::Delivery::capturing()
                } else {
                    domain::messages::sender::Delivery::new(config.sender().map_err(anyhow::Error::msg)?)
                },
            },
            config: Arc::new(config),
            leptos: leptos.clone(),
        };
        if state.config.test_clock {
            tracing::warn!("test_clock is on: anyone can move this server's clock forward");
        }
        let listener = TcpListener::bind(leptos.site_addr)
            .await
            .with_context(|| format!("binding {}", leptos.site_addr))?;
        let metrics = match state.config.metrics_addr()? {
            Some(addr) => Some(TcpListener::bind(addr).await.with_context(|| format!("binding the metrics listener {addr}"))?),
            None => None,
        };
        crate::metrics::handle();
        Ok(Application { router: router(state.clone()), listener, metrics, state })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().unwrap_or(self.state.leptos.site_addr)
    }

    /// Where the private `/metrics` listener is bound, if configured.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics.as_ref().and_then(|l| l.local_addr().ok())
    }

    pub fn router(&self) -> Router {
        self.router.clone()
    }

    /// Serves until `shutdown` resolves, then finishes the requests in
    /// flight and closes the database.
    pub async fn run_until(self, shutdown: impl Future<Output = ()> + Send + 'static) -> anyhow::Result<()> {
        let purge = tokio::spawn(purge_expired(self.state.clone()));
        let deliver = tokio::spawn(deliver_outbox(self.state.clone()));
        let escalate = tokio::spawn(escalate_stranded(self.state.clone()));
        let upkeep = tokio::spawn(async {
            let mut every = tokio::time::interval(Duration::from_secs(5));
            loop {
                every.tick().await;
                crate::metrics::handle().run_upkeep();
            }
        });
        let metrics = self.metrics.map(|listener| {
            let private = Router::new().route("/metrics", get(crate::metrics::private)).with_state(self.state.clone());
            tokio::spawn(async move { axum::serve(listener, private).await })
        });
        axum::serve(self.listener, self.router.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(shutdown)
            .await?;
        purge.abort();
        deliver.abort();
        escalate.abort();
        upkeep.abort();
        if let Some(m) = metrics {
            m.abort();
        }
        self.state.app.db.close().await;
        Ok(())
    }
}

/// Drops expired sessions and old sign-in attempts, and the proof files of
/// ended terms, every ten minutes.
async fn purge_expired(state: AppState) {
    let mut every = tokio::time::interval(Duration::from_secs(600));
    loop {
        every.tick().await;
        sync_test_clock(&state).await;
        match domain::auth::purge_expired(&state.app.db.write, state.app.clock.now()).await {
            Ok(n) if n > 0 => tracing::info!(rows = n, "purged expired sessions and attempts"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "purging expired sessions failed"),
        }
        match domain::enrolment::claims::purge_after_term(&state.app.db.write, state.app.clock.today()).await {
            Ok(n) if n > 0 => tracing::info!(files = n, "removed the proof of terms that have ended"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "removing ended terms' proof failed"),
        }
    }
}

/// A test server's background work runs on the clock every server shares
/// (requests read it in `middleware::request_info`).
async fn sync_test_clock(state: &AppState) {
    if state.app.test_clock
        && let Err(e) = state.app.clock.sync(&state.app.db.read).await
    {
        tracing::warn!(error = %e, "reading the test clock failed");
    }
}

/// Hands queued messages (phone codes, notices) to the sender every two
/// seconds: the SMS gateway if one is configured, otherwise the log.
async fn deliver_outbox(state: AppState) {
    let mut every = tokio::time::interval(Duration::from_secs(2));
    loop {
        every.tick().await;
        if let Err(e) = state.app.delivery.drain(&state.app.db.write, state.app.clock.now()).await {
            tracing::warn!(error = %e, "delivering the outbox failed");
        }
    }
}

/// Tells the duty leader and the guardians about children still at school
/// past the end, every minute. Safe with several servers: each child is
/// escalated once (a unique row decides).
async fn escalate_stranded(state: AppState) {
    let mut every = tokio::time::interval(Duration::from_secs(60));
    loop {
        every.tick().await;
        sync_test_clock(&state).await;
        match domain::service_day::handover::escalate(&state.app.db.write, state.app.clock.now()).await {
            Ok(n) if n > 0 => tracing::info!(children = n, "escalated children not collected"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "escalating children not collected failed"),
        }
    }
}

/// Largest request body: a roster file of `wire::roster::MAX_BYTES`, as
/// base64 in a form, fits with room to spare. Beyond it: 413.
pub const MAX_BODY_BYTES: usize = 3 * 1024 * 1024;
/// Longest a request may take, its body's upload included (3 MiB on a slow
/// phone line): past it the work is dropped and the client gets 503. Every
/// loop a request runs is bounded by its checked input; this is the net
/// beneath them.
pub const MAX_REQUEST_TIME: Duration = Duration::from_secs(120);

pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let dev_reload = std::env::var("LEPTOS_WATCH").is_ok().then_some(u32::from(state.leptos.reload_port));
    let context = {
        let app = state.app.clone();
        move || {
            provide_context(app.clone());
            // Pages get a policy naming their own hydration scripts' nonce.
            if let (Some(nonce), Some(res)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>()) {
                if let Ok(v) = HeaderValue::from_str(&middleware::content_security_policy(&nonce, dev_reload)) {
                    res.insert_header(header::CONTENT_SECURITY_POLICY, v);
                }
            }
        }
    };
    let page = {
        let options = state.leptos.clone();
        move || shell(options.clone())
    };
    Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(crate::metrics::public))
        .route("/schools/{id}/qr.svg", get(crate::qr::school_qr))
        .route("/school/{id}/workload.xlsx", get(crate::exports::workload))
        .route("/school/{id}/ledger.xlsx", get(crate::exports::ledger))
        .route("/schools/{id}/disclosure.xlsx", get(crate::exports::disclosure))
        .route("/bureau/{id}/subsidy.xlsx", get(crate::exports::subsidy))
        .route("/bureau/{id}/schools.xlsx", get(crate::exports::dashboard_schools))
        .route("/bureau/{id}/flags.xlsx", get(crate::exports::dashboard_flags))
        .route("/proofs/{id}", get(crate::exports::proof))
        .route("/photos/{child}/{file}", get(crate::exports::photo))
        .route("/tenders/{id}/bid", axum::routing::post(crate::tender_files::submit_bid))
        .route("/tenders/{id}/documents/{bid}/{no}", get(crate::tender_files::document))
        .route("/tenders/{id}/ocds.json", get(crate::tender_files::ocds))
        .leptos_routes_with_context(&state, routes, context.clone(), page)
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, shell))
        .layer(from_fn_with_state(state.clone(), middleware::request_info))
        .layer(from_fn_with_state(state.clone(), middleware::csrf))
        .layer(axum::middleware::from_fn(middleware::cache_policy))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(CompressionLayer::new())
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(from_fn_with_state(state.clone(), middleware::strict_transport))
        .layer(TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, MAX_REQUEST_TIME))
        .layer(CatchPanicLayer::custom(middleware::panicked))
        .layer(TraceLayer::new_for_http())
        .layer(axum::middleware::from_fn(crate::metrics::count_requests))
        .with_state(state)
}

async fn healthz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.app.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
        }
    }
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
