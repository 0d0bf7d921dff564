//! A school admin drafts and publishes the term's plan (S1). Publishing is
//! refused with every problem the district's policy finds, listed here.
use crate::api::{PublishPlan, SavePlan, plan_for_editing};
use crate::components::{Loading, show};
use crate::error::AppError;
use crate::i18n::{self, M, use_i18n};
use crate::pages::params::id_param;
use chrono::{NaiveDate, NaiveTime};
use leptos::prelude::*;
use wire::ids::{PlanId, SchoolId};
use wire::money::fen;
use wire::plan::{ActivityKind, BillingPeriod, PlanContent, ServiceType};

/// A new plan for the school in the route.
#[component]
pub fn NewPlanPage() -> impl IntoView {
    let id = id_param();
    move || id.get().map(|school| view! { <PlanEditor school=SchoolId(school) plan=None content=starting_point()/> })
}

/// An existing draft.
#[component]
pub fn EditPlanPage() -> impl IntoView {
    crate::components::expects_island();
    let id = id_param();
    let plan = Resource::new(move || id.get(), |id| plan_for_editing(PlanId(id.unwrap_or(0))));
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || show(plan.get(), |p| view! { <PlanEditor school=p.school plan=Some(p.id) content=p.content/> })}
        </Suspense>
    }
}

fn starting_point() -> PlanContent {
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
    let time = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default();
    PlanContent {
        title: String::new(),
        term_start: date(2027, 3, 1),
        term_end: date(2027, 7, 9),
        weekdays: vec![1, 2, 3, 4, 5],
        dismissal_time: time(16, 30),
        end_time_summer: time(18, 0),
        end_time_winter: time(18, 0),
        service_types: vec![ServiceType::AfterSchool],
        activities: vec![ActivityKind::HomeworkHelp],
        capacity: 100,
        fee_fen_per_month: 0,
        billing_period: BillingPeriod::Semester,
        fee_filing_reference: String::new(),
        fee_filing_date: None,
        liability_insurance: String::new(),
        pickup_rules: String::new(),
        safety_measures: String::new(),
        emergency_plan: String::new(),
    }
}

fn toggle<T: PartialEq + Copy>(list: &mut Vec<T>, item: T, on: bool) {
    list.retain(|x| *x != item);
    if on {
        list.push(item);
    }
}

/// The editor runs in the browser (an island, loaded only on this page): the
/// plan is edited in place, saved and published by server functions.
// The static front end (trunk) cannot split the bundle: a plain island there.
#[cfg_attr(not(feature = "csr"), island(lazy))]
#[cfg_attr(feature = "csr", island)]
fn PlanEditor(school: SchoolId, plan: Option<PlanId>, content: PlanContent) -> impl IntoView {
    let i18n = use_i18n();
    crate::components::island_here();
    let c = RwSignal::new(content);
    let id = RwSignal::new(plan);
    let save = ServerAction::<SavePlan>::new();
    let publish = ServerAction::<PublishPlan>::new();
    Effect::new(move |_| {
        if let Some(Ok(saved)) = save.value().get() {
            id.set(Some(saved));
        }
    });
    let published = move || publish.value().get().is_some_and(|r| r.is_ok());
    let problems = move || match publish.value().get().or_else(|| save.value().get().map(|r| r.map(|_| 0))) {
        Some(Err(AppError::PlanRefused(found))) => found,
        _ => Vec::new(),
    };
    let other_error = move || {
        [save.value().get().and_then(|r| r.err()), publish.value().get().and_then(|r| r.err())]
            .into_iter()
            .flatten()
            .find(|e| !matches!(e, AppError::PlanRefused(_)))
    };
    let text = move |label: M, get: fn(&PlanContent) -> &String, set: fn(&mut PlanContent, String)| {
        view! {
            <label>
                <span>{move || i18n.t(label)}</span>
                <textarea rows="2"
                    prop:value=move || c.with(|c| get(c).clone())
                    on:input=move |ev| c.update(|c| set(c, event_target_value(&ev)))></textarea>
            </label>
        }
    };
    let date = move |label: M, get: fn(&PlanContent) -> NaiveDate, set: fn(&mut PlanContent, NaiveDate)| {
        view! {
            <label>
                <span>{move || i18n.t(label)}</span>
                <input type="date" prop:value=move || c.with(|c| get(c).to_string())
                    on:change=move |ev| if let Ok(d) = event_target_value(&ev).parse() { c.update(|c| set(c, d)) }/>
            </label>
        }
    };
    let time = move |label: M, get: fn(&PlanContent) -> NaiveTime, set: fn(&mut PlanContent, NaiveTime)| {
        view! {
            <label>
                <span>{move || i18n.t(label)}</span>
                <input type="time" prop:value=move || c.with(|c| get(c).format("%H:%M").to_string())
                    on:change=move |ev| if let Ok(t) = NaiveTime::parse_from_str(&event_target_value(&ev), "%H:%M") { c.update(|c| set(c, t)) }/>
            </label>
        }
    };
    view! {
        <section class="editor">
            <h1>{move || i18n.t(M::EditPlan)}</h1>
            <div class="stack">
                <label>
                    <span>{move || i18n.t(M::PlanTitle)}</span>
                    <input prop:value=move || c.with(|c| c.title.clone()) on:input=move |ev| c.update(|c| c.title = event_target_value(&ev))/>
                </label>
                {date(M::TermStart, |c| c.term_start, |c, d| c.term_start = d)}
                {date(M::TermEnd, |c| c.term_end, |c, d| c.term_end = d)}
                <fieldset>
                    <legend>{move || i18n.t(M::ServiceDays)}</legend>
                    {(1u8..=7).map(|d| { let m = i18n::weekday(d); view! {
                        <label class="check">
                            <input type="checkbox" prop:checked=move || c.with(|c| c.weekdays.contains(&d))
                                on:change=move |ev| c.update(|c| toggle(&mut c.weekdays, d, event_target_checked(&ev)))/>
                            <span>{move || i18n.t(m)}</span>
                        </label>
                    }}).collect_view()}
                </fieldset>
                {time(M::DismissalTime, |c| c.dismissal_time, |c, t| c.dismissal_time = t)}
                {time(M::EndSummer, |c| c.end_time_summer, |c, t| c.end_time_summer = t)}
                {time(M::EndWinter, |c| c.end_time_winter, |c, t| c.end_time_winter = t)}
                <fieldset>
                    <legend>{move || i18n.t(M::ServiceTypes)}</legend>
                    {ServiceType::ALL.iter().map(|t| { let t = *t; let m = i18n::service_type(t); view! {
                        <label class="check">
                            <input type="checkbox" prop:checked=move || c.with(|c| c.service_types.contains(&t))
                                on:change=move |ev| c.update(|c| toggle(&mut c.service_types, t, event_target_checked(&ev)))/>
                            <span>{move || i18n.t(m)}</span>
                        </label>
                    }}).collect_view()}
                </fieldset>
                <fieldset>
                    <legend>{move || i18n.t(M::Activities)}</legend>
                    {ActivityKind::ALL.iter().map(|a| { let a = *a; let m = i18n::activity(a); view! {
                        <label class="check">
                            <input type="checkbox" prop:checked=move || c.with(|c| c.activities.contains(&a))
                                on:change=move |ev| c.update(|c| toggle(&mut c.activities, a, event_target_checked(&ev)))/>
                            <span>{move || i18n.t(m)}</span>
                        </label>
                    }}).collect_view()}
                </fieldset>
                <label>
                    <span>{move || i18n.t(M::Capacity)}</span>
                    <input type="number" min="1" prop:value=move || c.with(|c| c.capacity.to_string())
                        on:change=move |ev| if let Ok(n) = event_target_value(&ev).parse() { c.update(|c| c.capacity = n) }/>
                </label>
                <label>
                    <span>{move || i18n.t(M::Fee)}" ("{move || i18n.t(M::YuanPerMonth)}")"</span>
                    <input inputmode="decimal" prop:value=move || c.with(|c| i18n::yuan(c.fee_fen_per_month))
                        on:change=move |ev| if let Some(f) = fen(&event_target_value(&ev)) { c.update(|c| c.fee_fen_per_month = f) }/>
                </label>
                <label>
                    <span>{move || i18n.t(M::BilledBy)}</span>
                    <select on:change=move |ev| if let Some(p) = BillingPeriod::parse(&event_target_value(&ev)) { c.update(|c| c.billing_period = p) }>
                        {BillingPeriod::ALL.iter().map(|p| { let p = *p; let m = i18n::billing_period(p); view! {
                            <option value=p.as_str() selected=move || c.with(|c| c.billing_period == p)>{move || i18n.t(m)}</option>
                        }}).collect_view()}
                    </select>
                </label>
                {text(M::FeeFiling, |c| &c.fee_filing_reference, |c, v| c.fee_filing_reference = v)}
                <label>
                    <span>{move || i18n.t(M::FeeFilingDate)}</span>
                    <input type="date" prop:value=move || c.with(|c| c.fee_filing_date.map(|d| d.to_string()).unwrap_or_default())
                        on:change=move |ev| c.update(|c| c.fee_filing_date = event_target_value(&ev).parse().ok())/>
                </label>
                {text(M::LiabilityInsurance, |c| &c.liability_insurance, |c, v| c.liability_insurance = v)}
                {text(M::PickupRules, |c| &c.pickup_rules, |c, v| c.pickup_rules = v)}
                {text(M::SafetyMeasures, |c| &c.safety_measures, |c, v| c.safety_measures = v)}
                {text(M::EmergencyPlan, |c| &c.emergency_plan, |c, v| c.emergency_plan = v)}
                <div class="row">
                    <button class="button secondary" type="button"
                        on:click=move |_| { save.dispatch(SavePlan { school, plan: id.get_untracked(), content: c.get_untracked() }); }>
                        {move || i18n.t(M::SaveDraft)}
                    </button>
                    <button class="button" type="button" disabled=move || id.get().is_none()
                        on:click=move |_| if let Some(p) = id.get_untracked() { publish.dispatch(PublishPlan { plan: p }); }>
                        {move || i18n.t(M::PublishPlanButton)}
                    </button>
                </div>
            </div>
            {move || save.value().get().and_then(|r| r.ok()).map(|_| view! { <p class="ok" role="status">{move || i18n.t(M::DraftSaved)}</p> })}
            {move || {
                let found = problems();
                (!found.is_empty()).then(|| view! {
                    <div class="error" role="alert">
                        <p>{move || i18n.t(M::ErrPlanRefused)}</p>
                        <ul>{found.into_iter().map(|p| view! { <li>{move || i18n::plan_problem(&p, i18n.lang.get())}</li> }).collect_view()}</ul>
                    </div>
                })
            }}
            {move || other_error().map(|e| { let m = e.message(); view! { <p class="error" role="alert">{move || i18n.t(m)}</p> } })}
            {move || published().then(|| view! {
                <p class="ok" role="status">{move || i18n.t(M::Published)}" · "
                    <a href=move || format!("/plans/{}", id.get().unwrap_or(PlanId(0)))>{move || i18n.t(M::Open)}</a>
                </p>
            })}
            <p><a href=format!("/school/{school}")>{move || i18n.t(M::SchoolOverview)}</a></p>
        </section>
    }
}
