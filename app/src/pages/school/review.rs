//! Reviewers decide the step an application waits for (P4).
use crate::api::{AllocatePlaces, PublishNotice, ReviewApplication, review_queue};
use crate::components::{ApplicationCard, Loading, show};
use crate::i18n::{self, M, use_i18n};
use crate::outcome::said;
use crate::pages::params::id_param;
use leptos::prelude::*;
use leptos_router::components::A;
use wire::ids::PlanId;

#[component]
pub fn ReviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let decide = ServerAction::<ReviewApplication>::new();
    let queue = Resource::new(move || (id.get(), decide.version().get()), |(id, _)| review_queue(PlanId(id.unwrap_or(0))));
    let allocate = ServerAction::<AllocatePlaces>::new();
    let publish = ServerAction::<PublishNotice>::new();
    let is_admin = crate::session::is_school_admin();
    // The counts come with the page the server answered the form with, or
    // in the action's value (a script caller).
    let query = leptos_router::hooks::use_query_map();
    let allocation = move || match allocate.value().get() {
        Some(Ok(a)) => Some((i64::from(a.admitted), i64::from(a.waitlisted), i64::from(a.capacity))),
        _ => said(allocate.value(), "allocated").get().then(|| {
            let q = query.read();
            let n = |k: &str| q.get(k).and_then(|v| v.parse().ok()).unwrap_or_default();
            (n("admitted"), n("waitlisted"), n("capacity"))
        }),
    };
    let error = move || {
        decide.value().get().and_then(|r| r.err()).or_else(|| allocate.value().get().and_then(|r| r.err())).or_else(|| publish.value().get().and_then(|r| r.err()))
    };
    view! {
        <section>
            <h1>{move || i18n.t(M::ReviewApplications)}</h1>
            // Offered to school admins; the server refuses anyone else. (Inside
            // Suspense: it reads the signed-in person's resource.)
            <Suspense fallback=|| ()>
            {move || is_admin().then(|| view! {
                <ActionForm action=allocate>
                    <input type="hidden" name="plan" value=move || id.get().unwrap_or(0).to_string()/>
                    <button class="button secondary" type="submit">{move || i18n.t(M::AllocatePlaces)}</button>
                </ActionForm>
                <ActionForm action=publish>
                    <input type="hidden" name="plan" value=move || id.get().unwrap_or(0).to_string()/>
                    <button class="button secondary" type="submit">{move || i18n.t(M::PublishNotice)}</button>
                </ActionForm>
            })}
            </Suspense>
            <p class="actions">
                <A href=move || format!("/plans/{}/notice", id.get().unwrap_or(0))>{move || i18n.t(M::PublicNotice)}</A>
                <A href=move || format!("/plans/{}/agreement", id.get().unwrap_or(0))>{move || i18n.t(M::ManageAgreement)}</A>
            </p>
            {move || allocation().map(|(admitted, waitlisted, capacity)| view! {
                <p class="ok" role="status">{move || i18n::msg::allocation_done(i18n.lang.get(), admitted, waitlisted, capacity)}</p>
            })}
            {move || error().map(|e| { let m = e.message(); view! { <p class="error" role="alert">{move || i18n.t(m)}</p> } })}
            <Suspense fallback=|| view! { <Loading/> }>
                {move || show(queue.get(), |apps| {
                    if apps.is_empty() {
                        return view! { <p>{move || i18n.t(M::NothingToReview)}</p> }.into_any();
                    }
                    view! {
                        <ul class="cards">
                            {apps.into_iter().map(|app| {
                                let id = app.id.to_string();
                                view! {
                                    <ApplicationCard app>
                                        <ActionForm action=decide attr:class="stack">
                                            <input type="hidden" name="application" value=id.clone()/>
                                            <label>
                                                <span>{move || i18n.t(M::RejectReason)}</span>
                                                <input name="reason" maxlength="500"/>
                                            </label>
                                            <div class="row">
                                                <button class="button" type="submit" name="approve" value="true">{move || i18n.t(M::Approve)}</button>
                                                <button class="button secondary" type="submit" name="approve" value="false">{move || i18n.t(M::Reject)}</button>
                                            </div>
                                        </ActionForm>
                                    </ApplicationCard>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}
