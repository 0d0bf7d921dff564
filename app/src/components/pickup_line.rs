//! A pickup request as a line, for the guardian and the school's day.
use crate::i18n::{M, use_i18n};
use leptos::prelude::*;
use wire::pickup::{PickupKind, PickupRequest};

pub fn pickup_kind(k: PickupKind) -> M {
    match k {
        PickupKind::Early => M::PickupEarly,
        PickupKind::Late => M::PickupLate,
        PickupKind::Absent => M::PickupAbsent,
    }
}

/// A request as a line: date, time, kind, who collects, why.
#[component]
pub fn PickupLine(r: PickupRequest) -> impl IntoView {
    let i18n = use_i18n();
    let kind = pickup_kind(r.kind);
    view! {
        <li class="pickup">
            <strong>{r.on_date.to_string()}" "{r.at_time.format("%H:%M").to_string()}</strong>
            " · "{move || i18n.t(kind)}" · "{r.collector}" "<a href=format!("tel:{}", r.collector_phone)>{r.collector_phone.clone()}</a>
            {(!r.reason.is_empty()).then(|| view! { " · "{r.reason.clone()} })}
        </li>
    }
}
