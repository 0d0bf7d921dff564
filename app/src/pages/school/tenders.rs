//! A school's tender board (V2): its tenders, a new tender with its
//! criteria, the contracts that followed, and its satisfaction results.
use crate::api::{CreateTender, tender_board};
use crate::components::{ContractList, FormError, Loading, TenderList, TermsFields, failure, show};
use crate::i18n::{M, use_i18n};
use crate::pages::params::id_param;
use leptos::prelude::*;
use wire::ids::SchoolId;
use wire::tender::SchoolTenders;

#[component]
pub fn SchoolTendersPage() -> impl IntoView {
    let id = id_param();
    let create = ServerAction::<CreateTender>::new();
    let board = Resource::new(move || (id.get(), create.version().get()), |(id, _)| tender_board(SchoolId(id.unwrap_or(0))));
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || show(board.get(), |b: SchoolTenders| view! { <Board b create/> })}
        </Suspense>
    }
}

#[component]
fn Board(b: SchoolTenders, create: ServerAction<CreateTender>) -> impl IntoView {
    let i18n = use_i18n();
    let school = b.school.to_string();
    view! {
        <section class="tenders">
            <p class="eyebrow">{b.school_name.clone()}</p>
            <h1>{move || i18n.t(M::Tenders)}</h1>
            <TenderList tenders=b.tenders/>
            {b.manage.then(|| view! { <NewTenderForm school create/> })}
            <h2>{move || i18n.t(M::Contracts)}</h2>
            <ContractList contracts=b.contracts/>
            <h2>{move || i18n.t(M::Satisfaction)}</h2>
            {b.survey.is_empty().then(|| view! { <p>{move || i18n.t(M::NoRatings)}</p> })}
            <table class="data">
                <thead><tr>
                    <th>{move || i18n.t(M::Month)}</th><th class="num">{move || i18n.t(M::Responses)}</th>
                    <th class="num">{move || i18n.t(M::RateTheService)}</th><th class="num">{move || i18n.t(M::RateTheStaff)}</th>
                </tr></thead>
                <tbody>
                    {b.survey.into_iter().map(|m| view! {
                        <tr><td>{m.period}</td><td class="num">{m.responses}</td><td class="num">{format!("{:.1}", m.service)}</td><td class="num">{format!("{:.1}", m.staff)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn NewTenderForm(school: String, create: ServerAction<CreateTender>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <details class="card" open>
            <summary>{move || i18n.t(M::NewTender)}</summary>
            <FormError error=failure(create.value())/>
            <ActionForm action=create attr:class="stack">
                <input type="hidden" name="school" value=school/>
                <TermsFields prefix="tender"/>
                <p class="hint">{move || i18n.t(M::PanelHint)}</p>
                <button class="button" type="submit">{move || i18n.t(M::IssueTender)}</button>
            </ActionForm>
        </details>
    }
}
