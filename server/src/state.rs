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

impl AppState {
    /// A handler's way into the domain, as `actor` (or nobody).
    pub fn cx(&self, actor: Option<domain::authz::Actor>) -> domain::Ctx {
        domain::Ctx::new(self.app.db.clone(), self.app.clock.clone(), actor)
    }
}
