use crate::api::school_plans;
use crate::components::{Loading, show};
use crate::i18n::{M, use_i18n};
use crate::pages::params::id_param;
use leptos::prelude::*;
use leptos_router::components::A;
use wire::ids::SchoolId;

/// A school's published plans, for guardians and the public.
#[component]
pub fn SchoolPlansPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let plans = Resource::new(move || id.get(), |id| school_plans(SchoolId(id.unwrap_or(0))));
    view! {
        <section>
            <h1>{move || i18n.t(M::Plans)}</h1>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || show(plans.get(), |list| {
                    if list.is_empty() {
                        return view! { <p>{move || i18n.t(M::NoPlans)}</p> }.into_any();
                    }
                    view! {
                        <ul class="cards">
                            {list.into_iter().map(|p| view! {
                                <li class="card">
                                    <h3><A href=format!("/plans/{}", p.id)>{p.title}</A></h3>
                                    <p>{move || i18n.t(M::Term)}": "{format!("{} — {}", p.term_start, p.term_end)}</p>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}
