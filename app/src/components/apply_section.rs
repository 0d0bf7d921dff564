//! A guardian applies for each child at the plan's school (P2, P3), on the
//! plan's public page. The form posts to the server, which answers with
//! this page again: a child with an application shows where it stands
//! instead of the form.
use crate::api::{Apply, my_applications, my_children, submission_key};
use crate::components::form_error::{FormError, failure};
use crate::error::AppError;
use crate::i18n::{self, M, use_i18n};
use leptos::prelude::*;
use leptos_router::components::A;
use wire::enrolment::{ApplicationStatus, ApplicationView};
use wire::ids::{PlanId, SchoolId};
use wire::org::Child;

#[component]
pub fn ApplySection(plan: PlanId, school: SchoolId) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<Apply>::new();
    let data = Resource::new(
        move || action.version().get(),
        |_| async { Ok::<_, AppError>((my_children().await?, submission_key().await?, my_applications().await?)) },
    );
    view! {
        <Suspense fallback=|| ()>
            {move || data.get().and_then(|r| r.ok()).map(|(all, key, apps)| {
                let here: Vec<Child> = all.into_iter().filter(|c| c.school_id == school).collect();
                (!here.is_empty()).then(|| view! {
                    <section class="apply">
                        <h2>{move || i18n.t(M::ApplyForChild)}</h2>
                        {here.into_iter().map(|child| {
                            let key = format!("{key}-{}", child.id);
                            let current = apps.iter().find(|a| a.plan == plan && a.student == child.id && a.status != ApplicationStatus::Withdrawn).cloned();
                            view! { <ApplyForm plan child key current action/> }
                        }).collect_view()}
                        <FormError error=failure(action.value())/>
                    </section>
                })
            })}
        </Suspense>
    }
}

#[component]
fn ApplyForm(plan: PlanId, child: Child, key: String, current: Option<ApplicationView>, action: ServerAction<Apply>) -> impl IntoView {
    let i18n = use_i18n();
    let boxes = [
        ("declaration[left_behind]", M::DeclareLeftBehind),
        ("declaration[migrant_worker]", M::DeclareMigrantWorker),
        ("declaration[disabled]", M::DeclareDisabled),
        ("declaration[low_income]", M::DeclareLowIncome),
        ("declaration[waiver_claimed]", M::DeclareWaiver),
    ];
    let body = match current {
        Some(app) => {
            let status = i18n::application_status(app.status);
            view! {
                <p class="ok" role="status">{move || i18n.t(M::Applied)}</p>
                <p class="status">{move || i18n.t(status)}</p>
                <A href="/parent">{move || i18n.t(M::MyApplications)}</A>
            }
            .into_any()
        }
        None => view! {
            <ActionForm action attr:class="stack">
                <input type="hidden" name="plan" value=plan.to_string()/>
                <input type="hidden" name="student" value=child.id.to_string()/>
                <input type="hidden" name="idempotency_key" value=key/>
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
        }
        .into_any(),
    };
    view! {
        <div class="card" data-child=child.id.to_string()>
            <h3>{child.name.clone()}" · "{child.class.clone()}</h3>
            {body}
        </div>
    }
}
