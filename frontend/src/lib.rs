//! The browser entry points. `hydrate` takes over the page the server
//! rendered; `main` (feature `csr`, built by trunk) renders the app alone for
//! static hosting.
#[cfg(any(feature = "hydrate", feature = "csr"))]
use wasm_bindgen::prelude::wasm_bindgen;

#[cfg(feature = "hydrate")]
#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // `hydrate_lazy`'s steps, then the flag: with lazy routes, hydration
    // ends only once the route's chunk has arrived.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    leptos::task::spawn_local(async {
        let body = leptos::prelude::document().body().expect("a page has a body");
        leptos::mount::hydrate_from_async(body, app::App).await.forget();
        // Lets browser tests wait until clicks reach the app, not the bare HTML.
        let _ = js_sys::Reflect::set(&leptos::prelude::window(), &"__beilei_hydrated".into(), &true.into());
    });
}

#[cfg(all(feature = "csr", not(feature = "hydrate")))]
#[wasm_bindgen(start)]
pub fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
