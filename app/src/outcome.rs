//! What a posted form did, as the page learns it: the server answers with
//! the page marked `?done=<what>` (`ssr::tell_page`), or a script caller's
//! action holds the value.
use crate::error::AppError;
use leptos::prelude::*;

/// Whether a form did `what`: the page the server answered the posted form
/// with says so (`?done=what`, from `ssr::tell_page`), or, when a script sent
/// it (the static front end), the action's last value is a success.
pub fn said<T: 'static>(value: impl Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static, what: &'static str) -> Signal<bool> {
    let query = leptos_router::hooks::use_query_map();
    Signal::derive(move || value.get().is_some_and(|r| r.is_ok()) || query.read().get(DONE).as_deref() == Some(what))
}

/// The query parameter `ssr::tell_page` sets.
pub const DONE: &str = "done";
