use super::id_param;
use crate::api::school_overview;
use crate::components::{Loading, show};
use crate::i18n::{self, M, use_i18n};
use leptos::prelude::*;
use wire::ids::SchoolId;

/// A school's classes and enrolment, for its staff, committee and bureau.
#[component]
pub fn SchoolPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let overview = Resource::new(move || id.get(), |id| school_overview(SchoolId(id.unwrap_or(0))));
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || show(overview.get(), |s| {
                let kind = i18n::school_kind(s.kind);
                view! {
                    <section>
                        <p class="eyebrow">{move || i18n.t(M::SchoolOverview)}</p>
                        <h1>{s.name}</h1>
                        <p>{move || i18n.t(M::District)}": "{s.district}" · "{move || i18n.t(kind)}</p>
                        <p>{move || i18n.t(M::Address)}": "{s.address}</p>
                        <table class="data">
                            <thead><tr>
                                <th>{move || i18n.t(M::Class)}</th>
                                <th class="num">{move || i18n.t(M::Students)}</th>
                            </tr></thead>
                            <tbody>
                                {s.classes.into_iter().map(|c| view! {
                                    <tr><td>{c.name}</td><td class="num">{c.students}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </section>
                }
            })}
        </Suspense>
    }
}
