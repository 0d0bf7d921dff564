//! One application, as its guardian and its reviewers see it.
use crate::i18n::{self, M, use_i18n};
use leptos::prelude::*;
use leptos_router::components::A;
use wire::enrolment::{ApplicationStatus, ApplicationView, Declaration};

/// One application: child, plan, status, the step it waits for, the reason
/// if rejected, and what was declared.
#[component]
pub fn ApplicationCard(app: ApplicationView, children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let status = i18n::application_status(app.status);
    let waiting = app.waiting_for.map(i18n::review_step);
    let declared = declared(&app.declaration);
    view! {
        <li class="card application" data-status=app.status.as_str()>
            <h3>{app.student_name.clone()}</h3>
            <p><A href=format!("/plans/{}", app.plan)>{app.plan_title.clone()}</A></p>
            <p class="status">{move || i18n.t(status)}</p>
            {waiting.map(|w| view! { <p>{move || i18n::msg::waiting_for(i18n.lang.get(), i18n.t(w))}</p> })}
            {app.reason.clone().map(|r| view! { <p class="reason">{move || i18n::msg::reason(i18n.lang.get(), &r)}</p> })}
            {app.rank.map(|rank| {
                let priority = app.priority;
                view! {
                    <p class="rank">
                        {move || i18n::msg::rank(i18n.lang.get(), rank)}
                        {priority.then(|| view! { " "{move || i18n.t(M::PriorityCounted)} })}
                    </p>
                }
            })}
            {(!declared.is_empty()).then(|| view! {
                <p class="declared">
                    {move || i18n.t(M::Declared)}
                    {declared.iter().map(|m| { let m = *m; view! { <span class="chip">{move || i18n.t(m)}</span> } }).collect_view()}
                    " "<A href=format!("/applications/{}/proof", app.id)>{move || i18n.t(M::ProofOfStatus)}</A>
                </p>
            })}
            {(!app.declaration.note.is_empty()).then(|| view! { <p class="note">{app.declaration.note.clone()}</p> })}
            {app.ended_on.map(|d| view! { <p class="reason">{move || i18n::msg::consent_withdrawn_from(i18n.lang.get(), d)}</p> })}
            {matches!(app.status, ApplicationStatus::Admitted | ApplicationStatus::Enrolled).then(|| view! {
                <p class="actions">
                    <A href=format!("/plans/{}/notice", app.plan)>{move || i18n.t(M::PublicNotice)}</A>
                    <A href=format!("/applications/{}/agreement", app.id)>{move || i18n.t(M::Agreement)}</A>
                </p>
            })}
            {children()}
        </li>
    }
}

fn declared(d: &Declaration) -> Vec<M> {
    [
        (d.left_behind, M::DeclareLeftBehind),
        (d.migrant_worker, M::DeclareMigrantWorker),
        (d.disabled, M::DeclareDisabled),
        (d.low_income, M::DeclareLowIncome),
        (d.waiver_claimed, M::DeclareWaiver),
    ]
    .into_iter()
    .filter_map(|(yes, m)| yes.then_some(m))
    .collect()
}
