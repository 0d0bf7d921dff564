//! `/vendors/register`: a vendor registers its organisation and its
//! manager's sign-in, the manager's mobile number proved by a texted code
//! (as a guardian registers); it bids once a district's bureau approves
//! its entry.
use crate::api::{RegisterVendor, RequestPhoneCode};
use crate::components::{FormError, failure};
use crate::i18n::{self, M, use_i18n};
use crate::outcome::said;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use wire::tender::VendorKind;

#[component]
pub fn RegisterVendorPage() -> impl IntoView {
    let i18n = use_i18n();
    let send = ServerAction::<RequestPhoneCode>::new();
    let register = ServerAction::<RegisterVendor>::new();
    let cities = Resource::new(|| (), |_| crate::api::cities());
    let query = use_query_map();
    let phone = RwSignal::new(query.read_untracked().get("phone").unwrap_or_default());
    view! {
        <section class="narrow">
            <h1>{move || i18n.t(M::RegisterVendor)}</h1>
            <p class="hint">{move || i18n.t(M::RegisterVendorHint)}</p>
            <ActionForm action=send attr:class="stack">
                <label>
                    <span>{move || i18n.t(M::ManagerPhone)}</span>
                    <input name="phone" type="tel" inputmode="numeric" autocomplete="tel" required
                        value=phone.get_untracked() on:input:target=move |ev| phone.set(ev.target().value())/>
                </label>
                <button type="submit" class="button secondary">{move || i18n.t(M::SendCode)}</button>
            </ActionForm>
            {move || said(send.value(), "code_sent").get().then(|| view! { <p class="ok" role="status">{move || i18n.t(M::CodeSent)}</p> })}
            <FormError error=failure(send.value())/>
            <FormError error=failure(register.value())/>
            {move || said(register.value(), "vendor_registered").get().then(|| view! {
                <p class="ok" role="status">{move || i18n.t(M::VendorRegistered)}" "<A href="/login">{move || i18n.t(M::SignIn)}</A></p>
            })}
            <ActionForm action=register attr:class="stack">
                <label>
                    <span>{move || i18n.t(M::City)}</span>
                    <select name="vendor[city]">
                        <Suspense>
                            {move || cities.get().and_then(Result::ok).map(|cs| cs.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view())}
                        </Suspense>
                    </select>
                </label>
                <label><span>{move || i18n.t(M::OrganisationName)}</span><input name="vendor[name]" maxlength="100" required/></label>
                <label><span>{move || i18n.t(M::CreditCode)}</span><input name="vendor[credit_code]" maxlength="18" minlength="18" required/></label>
                <label>
                    <span>{move || i18n.t(M::Kind)}</span>
                    <select name="vendor[kind]">
                        {VendorKind::ALL.iter().map(|k| {
                            let m = i18n::vendor_kind(*k);
                            view! { <option value=k.as_str()>{move || i18n.t(m)}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <input type="hidden" name="vendor[phone]" value=move || phone.get()/>
                <label><span>{move || i18n.t(M::PhoneCode)}</span><input name="vendor[code]" inputmode="numeric" autocomplete="one-time-code" maxlength="6" required/></label>
                <label><span>{move || i18n.t(M::Password)}</span><input name="vendor[password]" type="password" autocomplete="new-password" minlength="8" required/></label>
                <button class="button" type="submit">{move || i18n.t(M::RegisterVendor)}</button>
            </ActionForm>
        </section>
    }
}
