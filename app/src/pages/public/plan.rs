use crate::api::published_plan;
use crate::components::{Loading, show};
use crate::i18n::{self, M, use_i18n};
use crate::pages::params::id_param;
use leptos::prelude::*;
use leptos_router::components::A;
use wire::ids::PlanId;
use wire::plan::PublishedPlan;

/// A school's published plan, readable by anyone before applying (P1).
#[component]
pub fn PlanPage() -> impl IntoView {
    let id = id_param();
    let plan = Resource::new(move || id.get(), |id| published_plan(PlanId(id.unwrap_or(0))));
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || show(plan.get(), |p| view! { <PlanView plan=p/> })}
        </Suspense>
    }
}

/// For the school's staff and committee: where this plan's applications
/// are reviewed (the server decides what each of them may decide).
#[component]
fn ReviewLink(plan: PlanId, school: wire::ids::SchoolId) -> impl IntoView {
    let i18n = use_i18n();
    let session = crate::session::use_session();
    move || {
        let staff = session.holds(|r| r.school == Some(school) && r.role != wire::roles::Role::Parent);
        staff.then(|| view! { <p><A href=format!("/plans/{plan}/review") attr:class="button">{move || i18n.t(M::ReviewApplications)}</A></p> })
    }
}

/// The application forms, for a signed-in guardian only (so that nobody
/// else's page asks for children it cannot have).
#[component]
fn ForGuardians(plan: PlanId, school: wire::ids::SchoolId) -> impl IntoView {
    let session = crate::session::use_session();
    move || {
        let guardian = session.holds(|r| r.role == wire::roles::Role::Parent);
        guardian.then(|| view! { <crate::components::ApplySection plan school/> })
    }
}

#[component]
fn PlanView(plan: PublishedPlan) -> impl IntoView {
    let i18n = use_i18n();
    let c = plan.content;
    let t = move |m: M| i18n.t(m);
    let days = c.weekdays.clone();
    let hours = move || {
        format!(
            "{} {}–{} · {} {}–{}",
            t(M::Summer),
            c.dismissal_time.format("%H:%M"),
            c.end_time_summer.format("%H:%M"),
            t(M::Winter),
            c.dismissal_time.format("%H:%M"),
            c.end_time_winter.format("%H:%M"),
        )
    };
    let fee = c.fee_fen_per_month;
    let billing = i18n::billing_period(c.billing_period);
    let filing = match c.fee_filing_date {
        Some(on) if !c.fee_filing_reference.is_empty() => format!("{} ({on})", c.fee_filing_reference),
        _ => c.fee_filing_reference.clone(),
    };
    let row = |label: M, value: AnyView| view! { <div><dt>{move || i18n.t(label)}</dt><dd>{value}</dd></div> };
    view! {
        <article class="plan">
            <p class="eyebrow">
                <A href=format!("/school/{}", plan.school)>{plan.school_name.clone()}</A>
                " · "{plan.district_name.clone()}
            </p>
            <h1>{c.title.clone()}</h1>
            <dl class="facts">
                {row(M::Term, view! { {format!("{} — {}", c.term_start, c.term_end)} }.into_any())}
                {row(M::ServiceDays, view! {
                    {days.iter().map(|d| { let m = i18n::weekday(*d); view! { <span class="chip">{move || i18n.t(m)}</span> } }).collect_view()}
                }.into_any())}
                {row(M::ServiceHours, view! { {hours} }.into_any())}
                {row(M::ServiceTypes, view! {
                    {c.service_types.iter().map(|s| { let m = i18n::service_type(*s); view! { <span class="chip">{move || i18n.t(m)}</span> } }).collect_view()}
                }.into_any())}
                {row(M::Activities, view! {
                    {c.activities.iter().map(|a| { let m = i18n::activity(*a); view! { <span class="chip">{move || i18n.t(m)}</span> } }).collect_view()}
                }.into_any())}
                {row(M::Capacity, view! { {c.capacity} }.into_any())}
                {row(M::Fee, view! {
                    {move || if fee == 0 {
                        t(M::FeeFree).to_string()
                    } else {
                        format!("{} {} · {} {}", i18n::yuan(fee), t(M::YuanPerMonth), t(M::BilledBy), t(billing))
                    }}
                }.into_any())}
                {(!filing.is_empty()).then(|| row(M::FeeFiling, view! { {filing.clone()} }.into_any()))}
                {row(M::LiabilityInsurance, view! { {c.liability_insurance.clone()} }.into_any())}
                {row(M::PickupRules, view! { {c.pickup_rules.clone()} }.into_any())}
                {row(M::SafetyMeasures, view! { {c.safety_measures.clone()} }.into_any())}
                {row(M::EmergencyPlan, view! { {c.emergency_plan.clone()} }.into_any())}
            </dl>
            <p class="eyebrow">{move || i18n.t(M::CheckedAgainstPolicy)}" "{plan.policy_version}</p>
            <ReviewLink plan=plan.id school=plan.school/>
            <ForGuardians plan=plan.id school=plan.school/>
        </article>
    }
}
