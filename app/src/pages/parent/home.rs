use crate::api::{LinkChild, RateService, my_children, my_surveys};
use crate::components::{FormError, Loading, failure, show};
use crate::i18n::{M, use_i18n};
use crate::outcome::said;
use leptos::prelude::*;
use leptos_router::components::A;
use wire::families::ConsentKind;

/// A guardian's children, each with school and class, and the form that
/// links another child by the school's code.
#[component]
pub fn ParentPage() -> impl IntoView {
    let i18n = use_i18n();
    let link = ServerAction::<LinkChild>::new();
    let children = Resource::new(move || link.version().get(), |_| my_children());
    view! {
        <section>
            <h1>{move || i18n.t(M::MyChildren)}</h1>
            <p class="actions">
                <A href="/inbox" attr:class="button">{move || i18n.t(M::Inbox)}</A>
                <A href="/parent/data" attr:class="button secondary">{move || i18n.t(M::MyData)}</A>
            </p>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || show(children.get(), |list| {
                    if list.is_empty() {
                        return view! { <p>{move || i18n.t(M::NoChildren)}</p> }.into_any();
                    }
                    view! {
                        <ul class="cards">
                            {list.into_iter().map(|c| view! {
                                <li class="card child" data-child=c.id.to_string()>
                                    <h3>{c.name}</h3>
                                    <p>{move || i18n.t(M::School)}": "{c.school}</p>
                                    <p>{move || i18n.t(M::Class)}": "{c.class}</p>
                                    <p class="actions">
                                        <A href=format!("/schools/{}", c.school_id)>{move || i18n.t(M::Plans)}</A>
                                        <A href=format!("/children/{}", c.id)>{move || i18n.t(M::CareAndPickup)}</A>
                                        <A href=format!("/children/{}/money", c.id)>{move || i18n.t(M::Fees)}</A>
                                    </p>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                })}
            </Suspense>
            <section class="card link-child">
                <h2>{move || i18n.t(M::LinkChild)}</h2>
                <p class="hint">{move || i18n.t(M::LinkChildHint)}</p>
                <ActionForm action=link attr:class="stack">
                    <label>
                        <span>{move || i18n.t(M::LinkCode)}</span>
                        <input name="request[code]" autocapitalize="characters" autocomplete="off" maxlength="12" required/>
                    </label>
                    <label>
                        <span>{move || i18n.t(M::ChildName)}</span>
                        <input name="request[child_name]" maxlength="40" required/>
                    </label>
                    <label>
                        <span>{move || i18n.t(M::Relation)}</span>
                        <input name="request[relation]" maxlength="20" placeholder=move || i18n.t(M::RelationExamples)/>
                    </label>
                    <crate::pages::parent::child::ConsentBox
                        kind=ConsentKind::ChildData name="request[consent_version]"
                        title=M::PrivacyNoticeTitle notice=M::PrivacyNotice consent=M::PrivacyConsent/>
                    <button type="submit" class="button" disabled=move || link.pending().get()>{move || i18n.t(M::LinkChild)}</button>
                </ActionForm>
                {move || said(link.value(), "linked").get().then(|| view! { <p class="ok" role="status">{move || i18n.t(M::Linked)}</p> })}
                <FormError error=failure(link.value())/>
            </section>
            <crate::pages::parent::applications::MyApplications/>
            <Surveys/>
        </section>
    }
}

/// This month's satisfaction survey (P10), one short form per school of the
/// guardian's children; answering again in the month replaces the answer.
#[component]
fn Surveys() -> impl IntoView {
    let i18n = use_i18n();
    let rate = ServerAction::<RateService>::new();
    let asks = Resource::new(move || rate.version().get(), |_| my_surveys());
    let stars = move |name: &'static str, label: M, given: Option<u8>| {
        view! {
            <label>
                <span>{move || i18n.t(label)}</span>
                <select name=name required>
                    {(1..=5u8).rev().map(|n| view! { <option value=n.to_string() selected=given == Some(n)>{"★".repeat(n.into())}</option> }).collect_view()}
                </select>
            </label>
        }
    };
    view! {
        <Suspense>
            {move || asks.get().and_then(Result::ok).filter(|a| !a.is_empty()).map(|list| view! {
                <section class="card survey">
                    <h2>{move || i18n.t(M::RateService)}</h2>
                    {move || said(rate.value(), "rated").get().then(|| view! { <p class="ok" role="status">{move || i18n.t(M::ThanksForRating)}</p> })}
                    <FormError error=failure(rate.value())/>
                    {list.into_iter().map(|a| view! {
                        <ActionForm action=rate attr:class="stack">
                            <input type="hidden" name="school" value=a.school.to_string()/>
                            <p><strong>{a.school_name.clone()}</strong>" · "{a.period.clone()}</p>
                            {stars("service", M::RateTheService, a.given.map(|g| g.0))}
                            {stars("staff", M::RateTheStaff, a.given.map(|g| g.1))}
                            <label><span>{move || i18n.t(M::Comment)}</span><input name="comment" maxlength="500"/></label>
                            <button class="button" type="submit">{move || i18n.t(if a.given.is_some() { M::UpdateRating } else { M::SendRating })}</button>
                        </ActionForm>
                    }).collect_view()}
                </section>
            })}
        </Suspense>
    }
}
