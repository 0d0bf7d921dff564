//! The browser entry points. `hydrate` brings the server-rendered page's
//! islands to life (the rest stays server HTML); `main` (feature `csr`,
//! built by trunk) renders the app alone for static hosting.
#[cfg(any(feature = "hydrate", feature = "csr"))]
use wasm_bindgen::prelude::wasm_bindgen;

#[cfg(feature = "hydrate")]
#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // `hydrate_lazy`'s steps, then the flag: with lazy routes, hydration
    // ends only once the route's chunk has arrived.
    leptos::mount::hydrate_islands();
    // A server function's redirect (signed in: go home) is a page load here.
    let _ = leptos::server_fn::redirect::set_redirect_hook(|to| {
        let _ = leptos::prelude::window().location().set_href(to);
    });
    // A page without islands is ready now; one with islands once they have
    // hydrated (`app::components::ready`).
    let has_islands = leptos::prelude::document().query_selector("leptos-island").ok().flatten().is_some();
    if !has_islands {
        app::components::ready();
    }
}

#[cfg(all(feature = "csr", not(feature = "hydrate")))]
#[wasm_bindgen(start)]
pub fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
