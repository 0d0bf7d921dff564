//! A guardian applies for each child at the plan's school (P2, P3).
use crate::api::{Apply, my_children, submission_key};
use crate::error::AppError;
use crate::i18n::{M, use_i18n};
use leptos::prelude::*;
use leptos_router::components::A;
use wire::ids::{PlanId, SchoolId};
use wire::org::Child;

#[component]
pub fn ApplySection(plan: PlanId, school: SchoolId) -> impl IntoView {
    let i18n = use_i18n();
    // One resource for both, so the forms hydrate from one serialized value.
    let data = Resource::new(|| (), |_| async { Ok::<_, AppError>((my_children().await?, submission_key().await?)) });
    view! {
        <Suspense fallback=|| ()>
            {move || data.get().and_then(|r| r.ok()).map(|(all, key)| {
                let here: Vec<Child> = all.into_iter().filter(|c| c.school_id == school).collect();
                (!here.is_empty()).then(|| view! {
                    <section class="apply">
                        <h2>{move || i18n.t(M::ApplyForChild)}</h2>
                        {here.into_iter().map(|child| {
                            let key = format!("{key}-{}", child.id);
                            view! { <ApplyForm plan child key/> }
                        }).collect_view()}
                    </section>
                })
            })}
        </Suspense>
    }
}

#[component]
fn ApplyForm(plan: PlanId, child: Child, key: String) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<Apply>::new();
    let done = move || action.value().get().is_some_and(|r| r.is_ok());
    let error = move || action.value().get().and_then(|r| r.err());
    let boxes = [
        ("declaration[left_behind]", M::DeclareLeftBehind),
        ("declaration[migrant_worker]", M::DeclareMigrantWorker),
        ("declaration[disabled]", M::DeclareDisabled),
        ("declaration[low_income]", M::DeclareLowIncome),
        ("declaration[waiver_claimed]", M::DeclareWaiver),
    ];
    view! {
        <div class="card" data-child=child.id.to_string()>
            <h3>{child.name.clone()}" · "{child.class.clone()}</h3>
            <Show
                when=done
                fallback=move || { let key = key.clone(); view! {
                            <ActionForm action attr:class="stack">
                                <input type="hidden" name="plan" value=plan.to_string()/>
                                <input type="hidden" name="student" value=child.id.to_string()/>
                                <input type="hidden" name="idempotency_key" value=key.clone()/>
                                <p class="hint">{move || i18n.t(M::PriorityGroupsHint)}</p>
                                {boxes.iter().map(|(name, m)| { let m = *m; view! {
                                    <label class="check">
                                        <input type="checkbox" name=*name value="true"/>
                                        <span>{move || i18n.t(m)}</span>
                                    </label>
                                }}).collect_view()}
                                <label>
                                    <span>{move || i18n.t(M::NoteOptional)}</span>
                                    <textarea name="declaration[note]" maxlength="500" rows="3"></textarea>
                                </label>
                                <button type="submit" class="button" disabled=move || action.pending().get()>
                                    {move || if action.pending().get() { i18n.t(M::Submitting) } else { i18n.t(M::SubmitApplication) }}
                                </button>
                            </ActionForm>
                    {move || error().map(|e| { let m = e.message(); view! { <p class="error" role="alert">{move || i18n.t(m)}</p> } })}
                }}
            >
                <p class="ok" role="status">{move || i18n.t(M::Applied)}</p>
                <A href="/parent">{move || i18n.t(M::MyApplications)}</A>
            </Show>
        </div>
    }
}
