//! The Beilei server: configuration, command line, start-up, middleware.
pub mod cli;
pub mod config;
pub mod console;
pub mod metrics;
pub mod middleware;
mod exports;
mod tender_files;
mod qr;
pub mod startup;
pub mod state;

/// Logs to standard error; `RUST_LOG` chooses what (default `info`).
pub fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn,tower_http=info"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}
