//! What islands need: their server actions, the page's script, and the
//! mark a browser test waits for.
use crate::error::AppError;
use leptos::prelude::*;

/// The server action of a form inside an island. On the server (and in the
/// static front end) it is `shared`, the page's own, when the page has one;
/// in the browser the island makes its own, which reads the error of a form
/// posted without script from the address as the page did (`?__err=`).
pub fn island_action<S>(shared: Option<ServerAction<S>>) -> ServerAction<S>
where
    S: leptos::server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
{
    if let Some(action) = shared {
        return action;
    }
    #[cfg(feature = "hydrate")]
    if let Ok(search) = window().location().search() {
        let pairs: Vec<(String, String)> = search
            .trim_start_matches('?')
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .filter_map(|(k, v)| Some((k.to_string(), js_sys::decode_uri_component(&v.replace('+', " ")).ok()?.as_string()?)))
            .collect();
        let get = |k: &str| pairs.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
        if let (Some(path), Some(err)) = (get("__path"), get("__err")) {
            provide_context(leptos::server::ServerActionError::new(&path, &err));
        }
    }
    ServerAction::new()
}

/// Marks the page ready for a browser test's clicks: the islands have
/// hydrated.
pub fn ready() {
    #[cfg(any(feature = "hydrate", feature = "csr"))]
    let _ = js_sys::Reflect::set(&window(), &"__beilei_hydrated".into(), &true.into());
}

/// Whether the page being rendered holds an island, and so needs the
/// islands' script (`IslandScripts`); a page without one loads no script.
#[derive(Clone, Copy)]
pub struct PageHasIslands(pub RwSignal<bool>);

/// A page that always shows an island inside `Suspense` calls this outside
/// it: the shell decides on the script before `Suspense` content renders.
pub fn expects_island() {
    if let Some(PageHasIslands(flag)) = use_context::<PageHasIslands>() {
        flag.set(true);
    }
}

/// Every island calls this first: on the server it tells the page to load
/// the script, in the browser it marks the page ready once hydrated.
pub fn island_here() {
    if let Some(PageHasIslands(flag)) = use_context::<PageHasIslands>() {
        flag.set(true);
    }
    Effect::new(|_| ready());
}
