//! `/vendors/register`: a vendor registers its organisation and its
//! manager's sign-in; it bids once a district's bureau approves its entry.
use crate::api::RegisterVendor;
use crate::components::{FormError, failure, said};
use crate::i18n::{self, M, use_i18n};
use leptos::prelude::*;
use leptos_router::components::A;
use wire::tender::VendorKind;

#[component]
pub fn RegisterVendorPage() -> impl IntoView {
    let i18n = use_i18n();
    let register = ServerAction::<RegisterVendor>::new();
    let cities = Resource::new(|| (), |_| crate::api::cities());
    view! {
        <section class="narrow">
            <h1>{move || i18n.t(M::RegisterVendor)}</h1>
            <p class="hint">{move || i18n.t(M::RegisterVendorHint)}</p>
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
                <label><span>{move || i18n.t(M::Phone)}</span><input name="vendor[phone]" type="tel" inputmode="numeric" required/></label>
                <label><span>{move || i18n.t(M::UserName)}</span><input name="vendor[login]" autocomplete="username" maxlength="40" required/></label>
                <label><span>{move || i18n.t(M::Password)}</span><input name="vendor[password]" type="password" autocomplete="new-password" minlength="8" required/></label>
                <button class="button" type="submit">{move || i18n.t(M::RegisterVendor)}</button>
            </ActionForm>
        </section>
    }
}
