//! Finding a school and its public page (`/schools/ID`): a guardian needs
//! no link from the school to reach its plans. Plain server pages: the
//! finder is a GET form, and works without script.
use crate::api::{districts, find_schools, public_school};
use crate::components::{Loading, show};
use crate::error::AppError;
use crate::i18n::{M, use_i18n};
use crate::pages::params::id_param;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use wire::ids::{DistrictId, SchoolId};
use wire::org::{DistrictChoice, PublicSchool, SchoolCard};

/// The districts and the schools the page's query (`?district=…&q=…`)
/// asks for.
#[derive(Clone, Copy)]
pub struct FinderData {
    district: Memo<Option<DistrictId>>,
    name: Memo<String>,
    found: Resource<Result<(Vec<DistrictChoice>, Vec<SchoolCard>), AppError>>,
}

/// Made by the page itself, outside any view closure: a server render walks
/// a closure twice, and a resource made inside one would load for nothing.
pub fn finder_data() -> FinderData {
    let query = use_query_map();
    let district = Memo::new(move |_| query.read().get("district").and_then(|d| d.parse::<i64>().ok()).map(DistrictId));
    let name = Memo::new(move |_| query.read().get("q").unwrap_or_default());
    let found = Resource::new(
        move || (district.get(), name.get()),
        |(district, q)| async move { Ok::<_, AppError>((districts().await?, find_schools(district, q).await?)) },
    );
    FinderData { district, name, found }
}

/// District and (part of a) name in, matching schools out.
#[component]
pub fn SchoolFinder(data: FinderData) -> impl IntoView {
    let i18n = use_i18n();
    let FinderData { district, name, found: data } = data;
    view! {
        <section class="finder card">
            <h2>{move || i18n.t(M::FindSchool)}</h2>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || show(data.get(), move |(all, found)| {
                    let chosen = district.get_untracked();
                    let searched = chosen.is_some() || !name.get_untracked().trim().is_empty();
                    view! {
                        <form method="get" action="/schools" class="stack">
                            <label>
                                <span>{move || i18n.t(M::District)}</span>
                                <select name="district">
                                    <option value="">{move || i18n.t(M::AllDistricts)}</option>
                                    {all.into_iter().map(|d| view! {
                                        <option value=d.id.to_string() selected=chosen == Some(d.id)>{d.name}</option>
                                    }).collect_view()}
                                </select>
                            </label>
                            <label>
                                <span>{move || i18n.t(M::SchoolNamePart)}</span>
                                <input name="q" value=name.get_untracked() maxlength=wire::org::MAX_QUERY_CHARS.to_string()/>
                            </label>
                            <button class="button" type="submit">{move || i18n.t(M::Search)}</button>
                        </form>
                        {(searched && found.is_empty()).then(|| view! { <p>{move || i18n.t(M::NoSchoolsFound)}</p> })}
                        <ul class="cards schools">
                            {found.into_iter().map(|s| view! {
                                <li class="card">
                                    <h3><a href=format!("/schools/{}", s.id)>{s.name}</a></h3>
                                    <p>{s.district}{(!s.address.is_empty()).then(|| format!(" · {}", s.address))}</p>
                                </li>
                            }).collect_view()}
                        </ul>
                    }
                })}
            </Suspense>
        </section>
    }
}

/// `/schools`: the finder on its own.
#[component]
pub fn SchoolsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section>
            <h1>{move || i18n.t(M::FindSchool)}</h1>
            <SchoolFinder data=finder_data()/>
        </section>
    }
}

/// `/schools/ID`: the school, its plans for this term and the next, and for
/// its admin the page's QR code to print or send to the class's group.
#[component]
pub fn SchoolPublicPage() -> impl IntoView {
    let id = id_param();
    let school = Resource::new(move || id.get(), |id| public_school(SchoolId(id.unwrap_or(0))));
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || show(school.get(), |p| view! { <SchoolView p/> })}
        </Suspense>
    }
}

#[component]
fn SchoolView(p: PublicSchool) -> impl IntoView {
    let i18n = use_i18n();
    let s = p.school;
    let qr = format!("/schools/{}/qr.svg", s.id);
    view! {
        <section class="school-public">
            <p class="eyebrow">{s.district.clone()}</p>
            <h1>{s.name.clone()}</h1>
            {(!s.address.is_empty()).then(|| view! { <p>{s.address.clone()}</p> })}
            <h2>{move || i18n.t(M::PlansThisTerm)}</h2>
            {p.plans.is_empty().then(|| view! { <p>{move || i18n.t(M::NoPlans)}</p> })}
            <ul class="cards">
                {p.plans.into_iter().map(|plan| view! {
                    <li class="card">
                        <h3><a href=format!("/plans/{}", plan.id)>{plan.title}</a></h3>
                        <p>{move || i18n.t(M::Term)}": "{format!("{} — {}", plan.term_start, plan.term_end)}</p>
                    </li>
                }).collect_view()}
            </ul>
            {p.qr.then(|| view! {
                <section class="card qr">
                    <h2>{move || i18n.t(M::SchoolQr)}</h2>
                    <p class="hint no-print">{move || i18n.t(M::SchoolQrHint)}</p>
                    <img src=qr.clone() alt=move || i18n.t(M::SchoolQr) width="240" height="240"/>
                    <p class="actions no-print">
                        <a class="button secondary" href=qr.clone() download=format!("school-{}.svg", s.id)>{move || i18n.t(M::DownloadQr)}</a>
                        <crate::components::PrintButton/>
                    </p>
                </section>
            })}
        </section>
    }
}
