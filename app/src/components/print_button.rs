//! The print button.
use crate::components::islands::island_here;
use crate::i18n::{M, use_i18n};
use leptos::prelude::*;

/// Prints the page. A handler of the app's (an island), not an inline
/// `onclick`, which the page's Content-Security-Policy refuses.
#[island]
pub fn PrintButton() -> impl IntoView {
    let i18n = use_i18n();
    island_here();
    view! {
        <button class="button no-print" type="button" on:click=move |_| { let _ = window().print(); }>
            {move || i18n.t(M::Print)}
        </button>
    }
}
