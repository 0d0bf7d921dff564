//! A guardian registers with a phone number, the code texted to it, a name
//! and a password, and lands signed in on their page. Two forms that post
//! to the server: asking for the code brings the page back with the phone
//! filled in.
use crate::api::RequestPhoneCode;
use crate::components::{FormError, failure, island_action, island_here};
use crate::i18n::{M, use_i18n};
use crate::outcome::said;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn RegisterPage() -> impl IntoView {
    let i18n = use_i18n();
    let send = ServerAction::<RequestPhoneCode>::new();
    let query = use_query_map();
    let phone = RwSignal::new(query.read_untracked().get("phone").unwrap_or_default());
    let sent = said(send.value(), "code_sent");
    view! {
        <section class="narrow">
            <h1>{move || i18n.t(M::Register)}</h1>
            <p class="hint">{move || i18n.t(M::RegisterHint)}</p>
            <ActionForm action=send attr:class="stack">
                <label>
                    <span>{move || i18n.t(M::PhoneNumber)}</span>
                    <input name="phone" type="tel" inputmode="numeric" autocomplete="tel" required
                        value=phone.get_untracked() on:input:target=move |ev| phone.set(ev.target().value())/>
                </label>
                <button type="submit" class="button secondary" disabled=move || send.pending().get()>
                    {move || i18n.t(M::SendCode)}
                </button>
            </ActionForm>
            {move || sent.get().then(|| view! { <p class="ok" role="status">{move || i18n.t(M::CodeSent)}</p> })}
            <FormError error=failure(send.value())/>
            // The static front end has no server answer to fill it in: it
            // follows the field.
            {move || view! { <RegisterForm phone=phone.get()/> }}
        </section>
    }
}

/// The registration itself: an island, so that a wrong code keeps what was
/// typed (without its script, the form still posts and comes back).
#[cfg_attr(not(feature = "csr"), island(lazy))]
#[cfg_attr(feature = "csr", island)]
fn RegisterForm(phone: String) -> impl IntoView {
    let i18n = use_i18n();
    island_here();
    let register = island_action(use_context::<crate::session::Session>().map(|s| s.register));
    view! {
            <ActionForm action=register attr:class="stack">
                <input type="hidden" name="registration[phone]" value=phone/>
                <label>
                    <span>{move || i18n.t(M::PhoneCode)}</span>
                    <input name="registration[code]" inputmode="numeric" autocomplete="one-time-code" maxlength="6" required/>
                </label>
                <label>
                    <span>{move || i18n.t(M::YourName)}</span>
                    <input name="registration[name]" autocomplete="name" maxlength="40" required/>
                </label>
                <label>
                    <span>{move || i18n.t(M::PasswordHint)}</span>
                    <input name="registration[password]" type="password" autocomplete="new-password" minlength="8" required/>
                </label>
                <button type="submit" class="button" disabled=move || register.pending().get()>
                    {move || i18n.t(M::CreateAccount)}
                </button>
            </ActionForm>
            <FormError error=failure(register.value())/>
    }
}
