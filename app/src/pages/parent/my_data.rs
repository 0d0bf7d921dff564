//! "My data": everything the platform keeps about a guardian's family, to
//! read and to download (X3; PIPL: a person may see and copy their data).
use crate::api::my_data;
use crate::components::{Loading, NeedsList, ReadsList, show};
use crate::i18n::{self, M, use_i18n};
use leptos::prelude::*;
use wire::families::{ChildData, ConsentKind, FamilyData};

fn consent_name(k: ConsentKind) -> M {
    match k {
        ConsentKind::ChildData => M::ConsentChildData,
        ConsentKind::SpecialNeeds => M::ConsentSpecialNeeds,
    }
}

/// The whole record as a JSON file the browser saves (a `data:` link, so it
/// works before the page's script has loaded).
fn download_href(data: &FamilyData) -> String {
    use base64::Engine;
    let json = serde_json::to_string_pretty(data).unwrap_or_default();
    format!("data:application/json;charset=utf-8;base64,{}", base64::engine::general_purpose::STANDARD.encode(json))
}

#[component]
pub fn MyDataPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| my_data());
    view! {
        <section class="my-data">
            <h1>{move || i18n.t(M::MyData)}</h1>
            <p class="hint">{move || i18n.t(M::MyDataHint)}</p>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || show(data.get(), |d: FamilyData| view! {
                    <p><a class="button" href=download_href(&d) download="beilei-my-data.json">{move || i18n.t(M::DownloadMyData)}</a></p>
                    <dl class="card">
                        <dt>{move || i18n.t(M::Name)}</dt><dd>{d.name.clone()}</dd>
                        <dt>{move || i18n.t(M::PhoneNumber)}</dt><dd>{d.phone.clone()}</dd>
                        <dt>{move || i18n.t(M::RegisteredAt)}</dt><dd>{i18n::instant(&d.registered_at)}</dd>
                    </dl>
                    {d.children.into_iter().map(|c| view! { <ChildRecord c/> }).collect_view()}
                    <h2>{move || i18n.t(M::Inbox)}</h2>
                    <ul class="reads">
                        {d.inbox.into_iter().map(|m| {
                            let text = move || i18n::notice(&m.notice, i18n.lang.get());
                            view! { <li>{i18n::instant(&m.at)}" · "{m.student_name.clone()}" · "{text}</li> }
                        }).collect_view()}
                    </ul>
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn ChildRecord(c: ChildData) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <article class="card child-data">
            <h2>{c.name.clone()}</h2>
            <dl>
                <dt>{move || i18n.t(M::School)}</dt><dd>{c.school.clone()}</dd>
                <dt>{move || i18n.t(M::Class)}</dt><dd>{c.class.clone()}</dd>
                <dt>{move || i18n.t(M::StudentNo)}</dt><dd>{c.student_no.clone()}</dd>
                <dt>{move || i18n.t(M::Relation)}</dt><dd>{c.relation.clone()}</dd>
            </dl>
            <h3>{move || i18n.t(M::Consents)}</h3>
            <ul>
                {c.consents.into_iter().map(|k| {
                    let name = consent_name(k.kind);
                    view! { <li>{move || i18n.t(name)}" · "{move || i18n.t(M::NoticeVersion)}" "{k.version}" · "{i18n::instant(&k.given_at)}</li> }
                }).collect_view()}
            </ul>
            <h3>{move || i18n.t(M::Applications)}</h3>
            <ul>
                {c.applications.into_iter().map(|a| {
                    let status = i18n::application_status(a.status);
                    view! { <li>{a.plan_title.clone()}" · "{move || i18n.t(status)}</li> }
                }).collect_view()}
            </ul>
            <h3>{move || i18n.t(M::PickupPersons)}</h3>
            <ul>
                {c.pickup_persons.into_iter().map(|p| view! {
                    <li>
                        {p.person.name.clone()}" · "{p.person.relation.clone()}" · "{p.person.phone.clone()}" · "{i18n::instant(&p.added_at)}
                        {p.removed_at.map(|t| view! { " · "{move || i18n.t(M::RemovedAt)}" "{i18n::instant(&t)} })}
                    </li>
                }).collect_view()}
            </ul>
            <h3>{move || i18n.t(M::PickupRequests)}</h3>
            <ul class="pickups">
                {c.pickup_requests.into_iter().map(|r| view! { <crate::components::PickupLine r/> }).collect_view()}
            </ul>
            <h3>{move || i18n.t(M::SpecialNeeds)}</h3>
            <NeedsList needs=c.needs/>
            <h3>{move || i18n.t(M::NeedsReadBy)}</h3>
            <ReadsList reads=c.needs_reads/>
        </article>
    }
}
