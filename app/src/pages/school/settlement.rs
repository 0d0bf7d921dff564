//! A term's settlement (结算): what came in against what was spent, the
//! surplus and, where the district gives it back, each family's share; a
//! statement per family. The school confirms it once, after the term.
use crate::api::{ConfirmSettlement, term_settlement};
use crate::components::{FormError, Loading, PrintButton, failure, show};
use crate::i18n::{self, M, use_i18n};
use crate::pages::params::id_param;
use leptos::prelude::*;
use wire::ids::PlanId;
use wire::money::{Settlement, yuan};

#[component]
pub fn SettlementPage() -> impl IntoView {
    let id = id_param();
    let confirm = ServerAction::<ConfirmSettlement>::new();
    let s = Resource::new(move || (id.get(), confirm.version().get()), |(id, _)| term_settlement(PlanId(id.unwrap_or(0))));
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || show(s.get(), |s: Settlement| view! { <Sheet s confirm/> })}
        </Suspense>
    }
}

#[component]
fn Sheet(s: Settlement, confirm: ServerAction<ConfirmSettlement>) -> impl IntoView {
    let i18n = use_i18n();
    let fact = |label: M, fen: i64| view! { <div><dt>{move || i18n.t(label)}</dt><dd class="num">{yuan(fen)}</dd></div> };
    let rule = if s.refunded { M::SurplusGoesBack } else { M::SurplusCarriesOver };
    view! {
        <section class="settlement">
            <p class="eyebrow">{s.school_name.clone()}" · "{s.plan_title.clone()}</p>
            <h1>{move || i18n.t(M::Settlement)}</h1>
            <p>{format!("{} — {}", s.from, s.to)}</p>
            {match s.confirmed_at.clone() {
                Some(at) => view! { <p class="status">{move || i18n::msg::settled_at(i18n.lang.get(), i18n::instant(&at))}</p> }.into_any(),
                None => view! { <p class="status draft">{move || i18n.t(M::NotSettledYet)}</p> }.into_any(),
            }}
            <dl class="facts money-facts">
                {fact(M::IncomeTotal, s.income_fen)}
                {fact(M::SpendingTotal, s.spending_fen)}
                {fact(M::Surplus, s.surplus_fen)}
            </dl>
            <p class="hint">{move || i18n.t(rule)}</p>
            <FormError error=failure(confirm.value())/>
            {s.may_confirm.then(|| view! {
                <ActionForm action=confirm attr:class="inline no-print">
                    <input type="hidden" name="plan" value=s.plan.to_string()/>
                    <input type="hidden" name="surplus_fen" value=s.surplus_fen.to_string()/>
                    <button class="button" type="submit">{move || i18n.t(M::ConfirmSettlement)}</button>
                </ActionForm>
            })}
            <h2>{move || i18n.t(M::TermStatements)}</h2>
            {s.statements.is_empty().then(|| view! { <p>{move || i18n.t(M::NoCharges)}</p> })}
            {s.statements.into_iter().map(|st| view! { <crate::components::StatementCard s=st/> }).collect_view()}
            <p class="no-print"><PrintButton/></p>
        </section>
    }
}
