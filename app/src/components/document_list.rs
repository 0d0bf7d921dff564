//! A vendor's documents, expiring ones flagged, for the vendor and the bureau.
use crate::i18n::{self, M, use_i18n};
use leptos::prelude::*;
use wire::tender::VendorDocument;

#[component]
pub fn DocumentList(documents: Vec<VendorDocument>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="documents">
            {documents.into_iter().map(|d| {
                let k = i18n::document_kind(d.kind);
                let flag = if d.expired { Some(M::Expired) } else if d.expiring { Some(M::ExpiresSoon) } else { None };
                view! {
                    <li>{move || i18n.t(k)}" · "{d.number.clone()}" · "{move || i18n.t(M::ValidUntil)}" "{d.expires_on.to_string()}
                        {flag.map(|m| view! { " · " <span class="warn">{move || i18n.t(m)}</span> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
