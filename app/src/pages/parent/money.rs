//! A child's money on the guardian's phone (P7): owed, paid, waived and
//! given back, each charge and payment, the statements of settled terms,
//! what to write on a transfer, and the school's monthly disclosure.
use crate::api::money_of_child;
use crate::components::{Loading, show};
use crate::i18n::{self, M, use_i18n};
use crate::pages::params::id_param;
use leptos::prelude::*;
use wire::ids::StudentId;
use wire::money::{ChildMoney, yuan};

#[component]
pub fn ChildMoneyPage() -> impl IntoView {
    let id = id_param();
    let money = Resource::new(move || id.get(), |id| money_of_child(StudentId(id.unwrap_or(0))));
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || show(money.get(), |m: ChildMoney| view! { <Money m/> })}
        </Suspense>
    }
}

#[component]
fn Money(m: ChildMoney) -> impl IntoView {
    let i18n = use_i18n();
    let fact = |label: M, fen: i64| view! { <div><dt>{move || i18n.t(label)}</dt><dd class="num">{yuan(fen)}</dd></div> };
    let (owed, credit) = (m.owed_fen.max(0), (-m.owed_fen).max(0));
    let reference = m.payment_reference.clone();
    view! {
        <section class="money">
            <p class="eyebrow">{m.school_name.clone()}</p>
            <h1>{m.student_name.clone()}" · "{move || i18n.t(M::Fees)}</h1>
            <p><a href=format!("/children/{}", m.student)>{move || i18n.t(M::BackToChild)}</a></p>
            <dl class="facts money-facts">
                {fact(M::Owed, owed)}
                {(credit > 0).then(|| fact(M::InCredit, credit))}
                {fact(M::Charged, m.charged_fen)}
                {fact(M::Paid, m.paid_fen)}
                {fact(M::Waived, m.waived_fen)}
                {fact(M::GivenBack, m.refunded_fen)}
                {(m.refund_due_fen > 0).then(|| fact(M::RefundDue, m.refund_due_fen))}
                {(m.refund_paid_fen > 0).then(|| fact(M::RefundPaidOut, m.refund_paid_fen))}
            </dl>
            <p class="hint" data-reference=m.payment_reference.clone()>{move || i18n::msg::payment_reference(i18n.lang.get(), &reference)}</p>
            <h2>{move || i18n.t(M::ChargeLines)}</h2>
            {m.charges.is_empty().then(|| view! { <p>{move || i18n.t(M::NoCharges)}</p> })}
            <ul class="cards charges">
                {m.charges.into_iter().map(|c| view! {
                    <li class="card">
                        <strong>{period_label(&c.period)}</strong>" · "{c.plan_title}
                        <p>{move || i18n::msg::charge_line(i18n.lang.get(), c.covers_from.to_string(), c.covers_to.to_string(), i64::from(c.days))}</p>
                        <p class="num">{yuan(c.amount_fen)}
                            {(c.waived_fen > 0).then(|| view! { " · "{move || i18n.t(M::Waived)}" "{yuan(c.waived_fen)} })}
                            {(c.refunded_fen > 0).then(|| view! { " · "{move || i18n.t(M::GivenBack)}" "{yuan(c.refunded_fen)} })}
                        </p>
                    </li>
                }).collect_view()}
            </ul>
            <h2>{move || i18n.t(M::PaymentsAndRefunds)}</h2>
            {m.payments.is_empty().then(|| view! { <p>{move || i18n.t(M::NoPayments)}</p> })}
            <table class="data">
                <tbody>
                    {m.payments.into_iter().map(|p| {
                        let kind = i18n::posting_kind(p.kind);
                        view! { <tr><td>{p.on_date.to_string()}</td><td>{move || i18n.t(kind)}</td><td class="num">{yuan(p.amount_fen)}</td></tr> }
                    }).collect_view()}
                </tbody>
            </table>
            {(!m.statements.is_empty()).then(|| view! { <h2>{move || i18n.t(M::TermStatements)}</h2> })}
            {m.statements.into_iter().map(|s| view! { <crate::components::StatementCard s/> }).collect_view()}
            {m.latest_disclosure.map(|month| {
                let href = format!("/schools/{}/disclosure?month={month}", m.school);
                view! { <p><a class="button secondary" href=href>{move || i18n::msg::disclosure_of(i18n.lang.get(), &month)}</a></p> }
            })}
        </section>
    }
}

/// `YYYY-MM` as it is, or the term.
pub fn period_label(period: &str) -> AnyView {
    let i18n = use_i18n();
    if period == wire::money::TERM_PERIOD { view! { {move || i18n.t(M::WholeTerm)} }.into_any() } else { view! { {period.to_string()} }.into_any() }
}
