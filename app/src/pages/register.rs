//! A guardian registers with a phone number, the code texted to it, a name
//! and a password, and lands signed in on their page.
use crate::api::RequestPhoneCode;
use crate::components::{FormError, failure, succeeded};
use crate::i18n::{M, use_i18n};
use leptos::prelude::*;

#[component]
pub fn RegisterPage() -> impl IntoView {
    let i18n = use_i18n();
    let send = ServerAction::<RequestPhoneCode>::new();
    let register = crate::use_session().register;
    let phone = RwSignal::new(String::new());
    let sent = succeeded(send.value());
    view! {
        <section class="narrow">
            <h1>{move || i18n.t(M::Register)}</h1>
            <p class="hint">{move || i18n.t(M::RegisterHint)}</p>
            <ActionForm action=register attr:class="stack">
                <label>
                    <span>{move || i18n.t(M::PhoneNumber)}</span>
                    <input name="registration[phone]" type="tel" inputmode="numeric" autocomplete="tel" required
                        bind:value=phone/>
                </label>
                <button type="button" class="button secondary" disabled=move || send.pending().get()
                    on:click=move |_| { send.dispatch(RequestPhoneCode { phone: phone.get_untracked() }); }>
                    {move || i18n.t(M::SendCode)}
                </button>
                {move || sent.get().then(|| view! { <p class="ok" role="status">{move || i18n.t(M::CodeSent)}</p> })}
                <FormError error=failure(send.value())/>
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
        </section>
    }
}
