//! Tenders and contracts as lists, on the school's, the vendor's, the
//! bureau's and the public pages, and a tender's instants.
use crate::i18n::{self, M, use_i18n};
use leptos::prelude::*;
use leptos_router::components::A;
use wire::tender::{Contract, TenderSummary};

pub fn when(t: chrono::DateTime<chrono::Utc>) -> String {
    i18n::instant(&t.to_rfc3339())
}

#[component]
pub fn TenderList(tenders: Vec<TenderSummary>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {tenders.is_empty().then(|| view! { <p>{move || i18n.t(M::NoTenders)}</p> })}
        <ul class="cards tender-list">
            {tenders.into_iter().map(|t| {
                let status = i18n::tender_status(t.status);
                let service = i18n::tender_service(t.service);
                view! {
                    <li class="card" data-status=t.status.as_str()>
                        <A href=format!("/tenders/{}", t.id)><strong>{t.title.clone()}</strong></A>
                        <p>{t.school_name.clone()}" · "{move || i18n.t(service)}" · "<span class="badge">{move || i18n.t(status)}</span></p>
                        <p class="hint">{move || i18n.t(M::BidDeadline)}" "{when(t.bid_deadline)}" · "{move || i18n.t(M::OpeningTime)}" "{when(t.opening_at)}</p>
                        {t.bids.map(|n| view! { <p class="hint">{move || i18n.t(M::BidsSealed)}" "{n}</p> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
pub fn ContractList(contracts: Vec<Contract>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {contracts.is_empty().then(|| view! { <p>{move || i18n.t(M::NoContracts)}</p> })}
        <ul class="cards contracts">
            {contracts.into_iter().map(|c| {
                let unit = i18n::price_unit(c.price_unit);
                let cause = c.end_cause.map(i18n::end_cause);
                view! {
                    <li class="card">
                        <strong>{c.vendor_name.clone()}</strong>" · "{c.school_name.clone()}
                        <p>{c.service.clone()}</p>
                        <p>{format!("{} – {}", c.starts_on, c.ends_on)}" · "{i18n::yuan(c.price_fen)}" "{move || i18n.t(M::Yuan)}{move || i18n.t(unit)}</p>
                        {match (c.active, cause) {
                            (true, _) => view! { <p class="ok">{move || i18n.t(M::ContractActive)}</p> }.into_any(),
                            (false, Some(m)) => view! { <p class="warn">{move || i18n.t(M::ContractEnded)}" · "{move || i18n.t(m)}</p> }.into_any(),
                            (false, None) => view! { <p>{move || i18n.t(M::ContractEnded)}</p> }.into_any(),
                        }}
                        {c.barred.then(|| view! { <p class="warn">{move || i18n.t(M::VendorBarred)}</p> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
