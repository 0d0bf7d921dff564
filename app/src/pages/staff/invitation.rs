//! `/my/invitation`: a person a school invited to sign in as one of its
//! staff types the code texted to them, signed in with their own account.
use crate::api::AcceptInvitation;
use crate::components::{FormError, failure};
use crate::i18n::{M, use_i18n};
use crate::outcome::said;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AcceptInvitationPage() -> impl IntoView {
    let i18n = use_i18n();
    let accept = ServerAction::<AcceptInvitation>::new();
    let query = use_query_map();
    let accepted = said(accept.value(), "invitation_accepted");
    let school = move || {
        accept.value().get().and_then(Result::ok).map(|a| a.school_name).or_else(|| query.read().get("school")).unwrap_or_default()
    };
    view! {
        <section class="narrow">
            <h1>{move || i18n.t(M::AcceptInvitation)}</h1>
            {move || accepted.get().then(|| view! {
                <p class="ok" role="status">{move || crate::i18n::msg::invitation_accepted(i18n.lang.get(), school())}</p>
                <p><A href="/my/timetable" attr:class="button">{move || i18n.t(M::MyTimetable)}</A></p>
            })}
            <FormError error=failure(accept.value())/>
            <p class="hint">{move || i18n.t(M::AcceptInvitationHint)}</p>
            <ActionForm action=accept attr:class="stack">
                <label>
                    <span>{move || i18n.t(M::InvitationCode)}</span>
                    <input name="code" autocomplete="one-time-code" autocapitalize="characters" maxlength="12" required/>
                </label>
                <button class="button" type="submit">{move || i18n.t(M::AcceptInvitation)}</button>
            </ActionForm>
        </section>
    }
}
