use crate::pages::id_param;
use crate::api::district_overview;
use crate::components::{Loading, show};
use crate::i18n::{self, M, use_i18n};
use leptos::prelude::*;
use leptos_router::components::A;
use wire::ids::DistrictId;

/// The bureau's view of its district: every school with its counts.
#[component]
pub fn BureauPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let overview = Resource::new(move || id.get(), |id| district_overview(DistrictId(id.unwrap_or(0))));
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || show(overview.get(), |d| view! {
                <section class="wide">
                    <p class="eyebrow">{move || i18n.t(M::DistrictOverview)}</p>
                    <h1>{d.name}</h1>
                    <dl class="stats">
                        <div><dt>{move || i18n.t(M::Schools)}</dt><dd>{d.schools.len()}</dd></div>
                        <div><dt>{move || i18n.t(M::Students)}</dt><dd>{d.students}</dd></div>
                    </dl>
                    <table class="data">
                        <thead><tr>
                            <th>{move || i18n.t(M::School)}</th>
                            <th>{move || i18n.t(M::Kind)}</th>
                            <th class="num">{move || i18n.t(M::Classes)}</th>
                            <th class="num">{move || i18n.t(M::Students)}</th>
                        </tr></thead>
                        <tbody>
                            {d.schools.into_iter().map(|s| {
                                let kind = i18n::school_kind(s.kind);
                                view! {
                                    <tr>
                                        <td><A href=format!("/school/{}", s.id)>{s.name}</A></td>
                                        <td>{move || i18n.t(kind)}</td>
                                        <td class="num">{s.classes}</td>
                                        <td class="num">{s.students}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </section>
            })}
        </Suspense>
    }
}
