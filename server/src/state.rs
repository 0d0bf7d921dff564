use crate::config::Config;
use app::ssr::AppContext;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use std::sync::Arc;

/// What the router's handlers share.
#[derive(Clone)]
pub struct AppState {
    pub leptos: LeptosOptions,
    pub app: AppContext,
    pub config: Arc<Config>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}
