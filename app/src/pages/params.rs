//! What the address says to a page: the route's `:id`, the `?week=`.
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The numeric `:id` of the current route, if it is one.
pub(crate) fn id_param() -> Memo<Option<i64>> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("id").and_then(|s| s.parse().ok()))
}

/// The `?week=` a reader chose (any day of the week), if any.
pub fn week_param() -> Memo<Option<chrono::NaiveDate>> {
    let query = leptos_router::hooks::use_query_map();
    Memo::new(move |_| query.read().get("week").and_then(|w| w.parse().ok()))
}
