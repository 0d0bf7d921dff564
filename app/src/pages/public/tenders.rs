//! Public pages of the tender board: every tender's notice (the terms are
//! public, the bids are not), and the citywide blacklist with its reasons.
use crate::api::{blacklist, public_tenders};
use crate::components::{Loading, show};
use crate::i18n::{M, use_i18n};
use crate::pages::tender::TenderList;
use leptos::prelude::*;
use leptos_router::components::A;
use wire::tender::{Bar, TenderSummary};

#[component]
pub fn TendersPage() -> impl IntoView {
    let i18n = use_i18n();
    let list = Resource::new(|| (), |_| public_tenders(None));
    view! {
        <section class="tenders">
            <h1>{move || i18n.t(M::TenderNotices)}</h1>
            <p><A href="/blacklist">{move || i18n.t(M::Blacklist)}</A>" · "<A href="/vendors/register">{move || i18n.t(M::RegisterVendor)}</A></p>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || show(list.get(), |t: Vec<TenderSummary>| view! { <TenderList tenders=t/> })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn BlacklistPage() -> impl IntoView {
    let i18n = use_i18n();
    let bars = Resource::new(|| (), |_| blacklist(None));
    view! {
        <section class="blacklist">
            <h1>{move || i18n.t(M::Blacklist)}</h1>
            <p class="hint">{move || i18n.t(M::BlacklistHint)}</p>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || show(bars.get(), |b: Vec<Bar>| view! { <BarList bars=b/> })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn BarList(bars: Vec<Bar>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {bars.is_empty().then(|| view! { <p>{move || i18n.t(M::NoBars)}</p> })}
        <table class="data">
            <thead><tr>
                <th>{move || i18n.t(M::OrganisationName)}</th><th>{move || i18n.t(M::CreditCode)}</th><th>{move || i18n.t(M::ReasonLabel)}</th>
                <th>{move || i18n.t(M::From)}</th><th>{move || i18n.t(M::Until)}</th>
            </tr></thead>
            <tbody>
                {bars.into_iter().map(|b| view! {
                    <tr><td>{b.vendor_name}</td><td>{b.credit_code}</td><td>{b.reason}</td><td>{b.from_date.to_string()}</td><td>{b.until_date.to_string()}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}
