//! A child's special needs and who read them, for the guardian and the
//! staff who serve the child.
use crate::i18n::{M, use_i18n};
use leptos::prelude::*;
use wire::families::{NeedsRead, SpecialNeeds};

/// A child's special needs as read (staff, or the guardian's own data).
#[component]
pub fn NeedsList(needs: SpecialNeeds) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <dl class="needs">
            <dt>{move || i18n.t(M::Allergies)}</dt><dd>{needs.allergies}</dd>
            <dt>{move || i18n.t(M::Conditions)}</dt><dd>{needs.conditions}</dd>
            <dt>{move || i18n.t(M::OtherNeeds)}</dt><dd>{needs.needs}</dd>
        </dl>
    }
}

/// Who read a child's needs, when.
#[component]
pub fn ReadsList(reads: Vec<NeedsRead>) -> impl IntoView {
    view! {
        <ul class="reads">
            {reads.into_iter().map(|r| view! { <li>{r.reader}" · "{crate::i18n::instant(&r.at)}</li> }).collect_view()}
        </ul>
    }
}
