//! A family's statement of a settled term, for the family and the school.
use crate::i18n::{M, use_i18n};
use leptos::prelude::*;
use wire::money::{FamilyStatement, yuan};

/// A family's statement of a settled term.
#[component]
pub fn StatementCard(s: FamilyStatement) -> impl IntoView {
    let i18n = use_i18n();
    let fact = |label: M, fen: i64| view! { <div><dt>{move || i18n.t(label)}</dt><dd class="num">{yuan(fen)}</dd></div> };
    view! {
        <div class="card statement">
            <h3>{s.student_name.clone()}" · "{s.plan_title.clone()}</h3>
            <dl class="facts money-facts">
                {fact(M::Charged, s.charged_fen)}
                {fact(M::Waived, s.waived_fen)}
                {fact(M::GivenBack, s.refunded_fen)}
                {fact(M::SurplusShare, s.surplus_share_fen)}
                {fact(M::Paid, s.paid_fen)}
                {fact(M::Balance, s.balance_fen)}
            </dl>
        </div>
    }
}
