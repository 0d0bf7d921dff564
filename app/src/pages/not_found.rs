use crate::i18n::{M, use_i18n};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    view! {
        <section class="narrow">
            <h1>{move || i18n.t(M::NotFoundTitle)}</h1>
            <p>{move || i18n.t(M::ErrNotFound)}</p>
            <A href="/">{move || i18n.t(M::BackHome)}</A>
        </section>
    }
}
