//! The citywide blacklist as a table, for the public and the bureau.
use crate::i18n::{M, use_i18n};
use leptos::prelude::*;
use wire::tender::Bar;

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
