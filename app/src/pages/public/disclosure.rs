//! A school's monthly disclosure (M4, M5): public once published; before
//! that a draft its money keepers publish from here. Income and spending
//! by category, the purposes of other spending, the staff-pay share against
//! the district's minimum. Plain HTML that prints.
use crate::api::{PublishDisclosure, month_disclosure};
use crate::components::{FormError, Loading, failure, show};
use crate::i18n::{self, M, use_i18n};
use crate::outcome::said;
use crate::pages::params::id_param;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use wire::ids::SchoolId;
use wire::money::{Disclosure, yuan};

#[component]
pub fn DisclosurePage() -> impl IntoView {
    let id = id_param();
    let query = use_query_map();
    let publish = ServerAction::<PublishDisclosure>::new();
    let d = Resource::new(move || (id.get(), query.read().get("month"), publish.version().get()), |(id, month, _)| month_disclosure(SchoolId(id.unwrap_or(0)), month));
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || show(d.get(), |d: Disclosure| view! { <Figures d publish/> })}
        </Suspense>
    }
}

#[component]
fn Figures(d: Disclosure, publish: ServerAction<PublishDisclosure>) -> impl IntoView {
    let i18n = use_i18n();
    let f = d.figures.clone();
    let row = |label: M, fen: i64| view! { <tr><th>{move || i18n.t(label)}</th><td class="num">{yuan(fen)}</td></tr> };
    let month = f.month.clone();
    let share = f.staff_share_permille.map(|p| format!("{}.{}%", p / 10, p % 10));
    let (min, on_income, below) = (f.staff_min_percent, f.staff_share_on_income, f.below_minimum);
    view! {
        <section class="disclosure">
            <p class="eyebrow">{d.school_name.clone()}</p>
            <h1>{move || i18n::msg::disclosure_of(i18n.lang.get(), &month)}</h1>
            <form method="get" class="inline no-print">
                <input type="month" name="month" value=f.month.clone() aria-label=move || i18n.t(M::Month)/>
                <button class="button secondary" type="submit">{move || i18n.t(M::Show)}</button>
            </form>
            {match d.published_at.clone() {
                Some(at) => view! { <p class="status">{move || i18n::msg::published_at(i18n.lang.get(), i18n::instant(&at))}</p> }.into_any(),
                None => view! { <p class="status draft">{move || i18n::msg::draft_due(i18n.lang.get(), d.due.to_string())}</p> }.into_any(),
            }}
            {d.overdue.then(|| view! { <p class="error" role="alert">{move || i18n.t(M::DisclosureOverdue)}</p> })}
            <FormError error=failure(publish.value())/>
            {move || said(publish.value(), "published").get().then(|| view! { <p class="ok" role="status">{move || i18n.t(M::DisclosurePublished)}</p> })}
            <h2>{move || i18n.t(M::Income)}</h2>
            <table class="data figures income">
                <tbody>
                    {row(M::FeesCharged, f.fees_charged_fen)}
                    {row(M::Waived, f.waived_fen)}
                    {row(M::RefundedOnWithdrawal, f.refunded_fen)}
                    {row(M::SurplusRefunded, f.surplus_refunded_fen)}
                    {row(M::FeesNet, f.fees_net_fen)}
                    {row(M::SubsidyCity, f.subsidy_city_fen)}
                    {row(M::SubsidyDistrict, f.subsidy_district_fen)}
                    {row(M::Sponsorship, f.sponsorship_fen)}
                    {row(M::IncomeTotal, f.income_fen)}
                    {row(M::FeesReceived, f.fees_received_fen)}
                </tbody>
            </table>
            <h2>{move || i18n.t(M::Spending)}</h2>
            <table class="data figures spending">
                <tbody>
                    {f.spending.iter().map(|(a, n)| row(i18n::account(*a), *n)).collect_view()}
                    {row(M::SpendingTotal, f.spending_fen)}
                </tbody>
            </table>
            {(!f.other_purposes.is_empty()).then(|| view! {
                <h3>{move || i18n.t(M::OtherPurposes)}</h3>
                <ul>{f.other_purposes.iter().map(|(p, n)| view! { <li>{p.clone()}" · "{yuan(*n)}</li> }).collect_view()}</ul>
            })}
            <h2>{move || i18n.t(M::StaffPayShare)}</h2>
            <p class:error=below data-below=below.to_string()>
                {move || i18n::msg::staff_share(i18n.lang.get(), if on_income { "income" } else { "spending" }, share.clone().unwrap_or_else(|| "—".into()), i64::from(min))}
                {below.then(|| view! { " "<strong>{move || i18n.t(M::BelowMinimum)}</strong> })}
            </p>
            {(!f.corrections.is_empty()).then(|| view! {
                <h2>{move || i18n.t(M::Corrections)}</h2>
                <ul class="corrections">
                    {f.corrections.iter().map(|c| {
                        let kind = i18n::posting_kind(c.kind);
                        view! { <li>{move || i18n.t(M::CorrectionOf)}" "{c.of_month.clone()}" · "{move || i18n.t(kind)}" · "<span class="num">{yuan(-c.amount_fen)}</span>" · "{c.reason.clone()}</li> }
                    }).collect_view()}
                </ul>
            })}
            <p>{move || i18n.t(M::BankBalance)}": "<span class="num">{yuan(f.bank_balance_fen)}</span></p>
            <p>{move || i18n::msg::children_charged(i18n.lang.get(), i64::from(f.children_charged), i64::from(f.children_waived))}</p>
            // No print button: the page stays plain HTML for a parent's phone
            // (the browser prints it, with the print stylesheet).
            <p class="actions no-print">
                <a class="button secondary" href=format!("/schools/{}/disclosure.xlsx?month={}", d.school, f.month) download="">{move || i18n.t(M::DownloadSpreadsheet)}</a>
            </p>
            {d.may_publish.then(|| view! {
                <ActionForm action=publish attr:class="inline no-print">
                    <input type="hidden" name="school" value=d.school.to_string()/>
                    <input type="hidden" name="month" value=f.month.clone()/>
                    <button class="button" type="submit">{move || i18n.t(M::PublishDisclosure)}</button>
                </ActionForm>
            })}
        </section>
    }
}
