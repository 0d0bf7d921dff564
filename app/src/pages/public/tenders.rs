//! Public pages of the tender board: every tender's notice (the terms are
//! public, the bids are not), and the citywide blacklist with its reasons.
use crate::api::{blacklist, public_tenders};
use crate::components::{BarList, Loading, TenderList, show};
use crate::i18n::{M, use_i18n};
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
