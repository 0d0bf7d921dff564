use crate::components::{FormError, failure, island_action, island_here};
use crate::i18n::{M, use_i18n};
use leptos::prelude::*;

/// Phone number (or user name) and password. The form posts to the server
/// and is sent home, also before (or without) the island's script; with
/// it, a wrong password keeps what was typed.
#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="narrow">
            <h1>{move || i18n.t(M::SignIn)}</h1>
            <SignInForm/>
            <p><a href="/register">{move || i18n.t(M::NoAccount)}</a></p>
        </section>
    }
}

#[cfg_attr(not(feature = "csr"), island(lazy))]
#[cfg_attr(feature = "csr", island)]
fn SignInForm() -> impl IntoView {
    let i18n = use_i18n();
    island_here();
    let action = island_action(use_context::<crate::Session>().map(|s| s.sign_in));
    view! {
        <ActionForm action attr:class="stack">
            <label>
                <span>{move || i18n.t(M::PhoneOrUsername)}</span>
                <input name="identifier" autocomplete="username" inputmode="text" required/>
            </label>
            <label>
                <span>{move || i18n.t(M::Password)}</span>
                <input name="password" type="password" autocomplete="current-password" required/>
            </label>
            <button type="submit" class="button" disabled=move || action.pending().get()>
                {move || if action.pending().get() { i18n.t(M::SigningIn) } else { i18n.t(M::SignIn) }}
            </button>
        </ActionForm>
        <FormError error=failure(action.value())/>
    }
}
