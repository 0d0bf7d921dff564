use crate::api::my_children;
use crate::components::{Loading, show};
use crate::i18n::{M, use_i18n};
use leptos::prelude::*;
use leptos_router::components::A;

/// A guardian's children, each with school and class.
#[component]
pub fn ParentPage() -> impl IntoView {
    let i18n = use_i18n();
    let children = Resource::new(|| (), |_| my_children());
    view! {
        <section>
            <h1>{move || i18n.t(M::MyChildren)}</h1>
            <p><A href="/inbox" attr:class="button">{move || i18n.t(M::Inbox)}</A></p>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || show(children.get(), |list| {
                    if list.is_empty() {
                        return view! { <p>{move || i18n.t(M::NoChildren)}</p> }.into_any();
                    }
                    view! {
                        <ul class="cards">
                            {list.into_iter().map(|c| view! {
                                <li class="card child">
                                    <h3>{c.name}</h3>
                                    <p>{move || i18n.t(M::School)}": "{c.school}</p>
                                    <p>{move || i18n.t(M::Class)}": "{c.class}</p>
                                    <A href=format!("/school/{}/plans", c.school_id)>{move || i18n.t(M::Plans)}</A>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                })}
            </Suspense>
            <super::applications::MyApplications/>
        </section>
    }
}
