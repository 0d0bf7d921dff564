//! `/vendor/:id`: the vendor's documents (expiring ones flagged), its entry
//! into districts, its staff as the schools keep them, its contracts and
//! record, and the tenders it may bid for.
use crate::api::{AddVendorDocument, RequestEntry, vendor_page};
use crate::components::{ContractList, DocumentList, FormError, Loading, TenderList, failure, show};
use crate::i18n::{self, M, use_i18n};
use crate::outcome::said;
use crate::pages::params::id_param;
use leptos::prelude::*;
use wire::ids::VendorId;
use wire::tender::{DocumentKind, VendorProfile};

#[component]
pub fn VendorPage() -> impl IntoView {
    let id = id_param();
    let add = ServerAction::<AddVendorDocument>::new();
    let enter = ServerAction::<RequestEntry>::new();
    let p = Resource::new(move || (id.get(), add.version().get(), enter.version().get()), |(id, ..)| vendor_page(VendorId(id.unwrap_or(0))));
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || show(p.get(), |p: VendorProfile| view! { <Profile p add enter/> })}
        </Suspense>
    }
}

#[component]
fn Profile(p: VendorProfile, add: ServerAction<AddVendorDocument>, enter: ServerAction<RequestEntry>) -> impl IntoView {
    let i18n = use_i18n();
    let asked: Vec<_> = p.entries.iter().map(|e| e.district).collect();
    let can_ask: Vec<_> = p.districts.iter().filter(|(d, _)| !asked.contains(d)).cloned().collect();
    view! {
        <section class="vendor">
            <p class="eyebrow">{p.credit_code.clone()}</p>
            <h1>{p.name.clone()}</h1>
            {p.barred_until.map(|d| view! { <p class="warn" role="alert">{move || i18n.t(M::VendorBarred)}" · "{move || i18n.t(M::Until)}" "{d.to_string()}</p> })}
            {move || said(add.value(), "document_added").get().then(|| view! { <p class="ok" role="status">{move || i18n.t(M::Saved)}</p> })}
            <FormError error=failure(add.value())/>
            <FormError error=failure(enter.value())/>
            <h2>{move || i18n.t(M::OpenTenders)}</h2>
            <TenderList tenders=p.tenders/>
            <h2>{move || i18n.t(M::Qualifications)}</h2>
            <DocumentList documents=p.documents/>
            <details class="card">
                <summary>{move || i18n.t(M::AddDocument)}</summary>
                <ActionForm action=add attr:class="stack">
                    <label>
                        <span>{move || i18n.t(M::Kind)}</span>
                        <select name="document[kind]">
                            {DocumentKind::ALL.iter().map(|k| {
                                let m = i18n::document_kind(*k);
                                view! { <option value=k.as_str()>{move || i18n.t(m)}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                    <label><span>{move || i18n.t(M::DocumentNumber)}</span><input name="document[number]" maxlength="60" required/></label>
                    <label><span>{move || i18n.t(M::ValidUntil)}</span><input type="date" name="document[expires_on]" required/></label>
                    <button class="button" type="submit">{move || i18n.t(M::AddDocument)}</button>
                </ActionForm>
            </details>
            <h2>{move || i18n.t(M::DistrictEntry)}</h2>
            <ul class="cards">
                {p.entries.into_iter().map(|e| {
                    let status = match e.status.as_str() { "approved" => M::EntryApproved, "rejected" => M::EntryRejected, _ => M::EntryPending };
                    view! { <li class="card">{e.district_name.clone()}" · "<span class="badge">{move || i18n.t(status)}</span></li> }
                }).collect_view()}
            </ul>
            {(!can_ask.is_empty()).then(|| view! {
                <ActionForm action=enter attr:class="inline">
                    <select name="district" aria-label=move || i18n.t(M::District)>
                        {can_ask.into_iter().map(|(d, name)| view! { <option value=d.to_string()>{name}</option> }).collect_view()}
                    </select>
                    <button class="button secondary" type="submit">{move || i18n.t(M::RequestEntry)}</button>
                </ActionForm>
            })}
            <h2>{move || i18n.t(M::VendorStaff)}</h2>
            {p.staff.is_empty().then(|| view! { <p>{move || i18n.t(M::NoVendorStaff)}</p> })}
            <ul>
                {p.staff.into_iter().map(|s| {
                    let m = if s.cleared { M::Cleared } else { M::NotCleared };
                    view! { <li>{s.name}" · "{s.school_name}" · "{move || i18n.t(m)}</li> }
                }).collect_view()}
            </ul>
            <h2>{move || i18n.t(M::Contracts)}</h2>
            <ContractList contracts=p.contracts/>
            <h2>{move || i18n.t(M::PastRecord)}</h2>
            <p>
                {move || i18n.t(M::Contracts)}" "{p.record.contracts}
                {p.record.evaluation.map(|e| format!(" · {e:.1}/5"))}
                {p.record.satisfaction.map(|s| view! { " · " {move || i18n.t(M::Satisfaction)} {format!(" {s:.1}/5")} })}
            </p>
        </section>
    }
}
