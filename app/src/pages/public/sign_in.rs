use crate::components::{FormError, failure};
use crate::i18n::{M, use_i18n};
use leptos::prelude::*;

/// Phone number (or user name) and password: a form that posts to the
/// server, which sends the guardian home or back here with the reason. No
/// island: the page every returning guardian passes loads no script (the
/// browser's own autofill keeps the name after a wrong password).
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

#[component]
fn SignInForm() -> impl IntoView {
    let i18n = use_i18n();
    let action = crate::session::use_session().sign_in;
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
