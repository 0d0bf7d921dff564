use crate::i18n::{M, use_i18n};
use crate::use_session;
use leptos::prelude::*;
use leptos_router::components::A;

/// Phone number (or user name) and password. Works before the page's script
/// has loaded: the form posts to the server function and is redirected home.
#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = use_session().sign_in;
    let error = move || action.value().get().and_then(|r| r.err());
    view! {
        <section class="narrow">
            <h1>{move || i18n.t(M::SignIn)}</h1>
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
            {move || error().map(|e| {
                let m = e.message();
                view! { <p class="error" role="alert">{move || i18n.t(m)}</p> }
            })}
            <p><A href="/register">{move || i18n.t(M::NoAccount)}</A></p>
        </section>
    }
}
