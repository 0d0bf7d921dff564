//! The bureau's vendor desk (`/bureau/:id/vendors`) and the city's
//! (`/city/:id/vendors`): vendors' entries with their documents, decided
//! at the official's step of the chain; contracts ended with cause, to bar;
//! the city's blacklist; the district's tenders.
use crate::api::{BarVendor, DecideEntry, city_vendor_desk, district_vendor_desk};
use crate::components::{BarList, ContractList, DocumentList, FormError, Loading, TenderList, failure, show};
use crate::i18n::{self, M, use_i18n};
use crate::pages::params::id_param;
use leptos::prelude::*;
use wire::ids::{CityId, DistrictId};
use wire::tender::VendorDesk;

#[derive(Clone, Copy)]
struct Actions {
    decide: ServerAction<DecideEntry>,
    bar: ServerAction<BarVendor>,
}

#[component]
pub fn VendorDeskPage() -> impl IntoView {
    desk(false)
}

#[component]
pub fn CityDeskPage() -> impl IntoView {
    desk(true)
}

fn desk(city: bool) -> impl IntoView {
    let id = id_param();
    let a = Actions { decide: ServerAction::new(), bar: ServerAction::new() };
    let d = Resource::new(move || (id.get(), a.decide.version().get(), a.bar.version().get()), move |(id, ..)| async move {
        let id = id.unwrap_or(0);
        if city { city_vendor_desk(CityId(id)).await } else { district_vendor_desk(DistrictId(id)).await }
    });
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || show(d.get(), |d: VendorDesk| view! { <Desk d a/> })}
        </Suspense>
    }
}

#[component]
fn Desk(d: VendorDesk, a: Actions) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="vendor-desk">
            <h1>{move || i18n.t(M::VendorDesk)}</h1>
            <FormError error=failure(a.decide.value())/>
            <FormError error=failure(a.bar.value())/>
            <h2>{move || i18n.t(M::DistrictEntry)}</h2>
            {d.entries.is_empty().then(|| view! { <p>{move || i18n.t(M::NoEntries)}</p> })}
            <ul class="cards">
                {d.entries.into_iter().map(|e| {
                    let id = e.id.to_string();
                    let next = e.next_step.as_deref().map(i18n::approval_step);
                    let status = match e.status.as_str() { "approved" => M::EntryApproved, "rejected" => M::EntryRejected, _ => M::EntryPending };
                    view! {
                        <li class="card">
                            <strong>{e.vendor_name.clone()}</strong>" · "{e.credit_code.clone()}" · "{e.district_name.clone()}" · "<span class="badge">{move || i18n.t(status)}</span>
                            <DocumentList documents=e.documents/>
                            {e.approvals.iter().map(|x| {
                                let step = i18n::approval_step(&x.step);
                                let verdict = if x.approved { M::Approve } else { M::Reject };
                                view! { <p class="hint">{move || i18n.t(step)}" · "{x.by.clone()}" · "{move || i18n.t(verdict)}</p> }
                            }).collect_view()}
                            {next.map(|m| view! {
                                <ActionForm action=a.decide attr:class="stack">
                                    <input type="hidden" name="entry" value=id.clone()/>
                                    <p class="hint">{move || i18n.t(M::NextStep)}" "{move || i18n.t(m)}</p>
                                    <label><span>{move || i18n.t(M::Note)}</span><input name="note" maxlength="4000"/></label>
                                    <div class="inline">
                                        <button class="button" type="submit" name="decision" value="approve">{move || i18n.t(M::ApproveEntry)}</button>
                                        <button class="button secondary" type="submit" name="decision" value="reject">{move || i18n.t(M::Reject)}</button>
                                    </div>
                                </ActionForm>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {(!d.to_bar.is_empty()).then(|| view! {
                <h2>{move || i18n.t(M::EndedWithCause)}</h2>
                {d.to_bar.into_iter().map(|c| {
                    let id = c.id.to_string();
                    view! {
                        <ContractList contracts=vec![c]/>
                        <ActionForm action=a.bar attr:class="stack">
                            <input type="hidden" name="contract" value=id/>
                            <label><span>{move || i18n.t(M::ReasonLabel)}</span><input name="reason" maxlength="4000" required/></label>
                            <button class="button secondary" type="submit">{move || i18n.t(M::BarVendor)}</button>
                        </ActionForm>
                    }
                }).collect_view()}
            })}
            <h2>{move || i18n.t(M::Blacklist)}</h2>
            <BarList bars=d.bars/>
            {(!d.tenders.is_empty()).then(|| view! {
                <h2>{move || i18n.t(M::Tenders)}</h2>
                <TenderList tenders=d.tenders/>
            })}
        </section>
    }
}
