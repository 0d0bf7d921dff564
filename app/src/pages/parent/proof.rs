//! The proof behind a declared priority group or fee waiver (P3): the
//! guardian photographs the certificate (the phone scales it before it is
//! sent) or chooses a PDF, and follows its review. A small island, loaded
//! only on this page.
use crate::api::{attach_proof, claims};
use crate::components::{FilePicker, Loading, show};
use crate::error::AppError;
use crate::i18n::{self, M, use_i18n};
use crate::pages::params::id_param;
use leptos::prelude::*;
use wire::ids::ApplicationId;
use wire::money::{Claim, ClaimKind, ClaimStatus, ClaimsPage};

#[component]
pub fn ProofPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    crate::components::expects_island();
    let page = Resource::new(move || id.get(), |id| claims(ApplicationId(id.unwrap_or(0))));
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || show(page.get(), |p: ClaimsPage| {
                let needed = !p.review.is_empty();
                let purge = p.purge_after;
                view! {
                    <section class="proof">
                        <p class="eyebrow">{p.student_name.clone()}" · "{p.plan_title.clone()}</p>
                        <h1>{move || i18n.t(M::ProofOfStatus)}</h1>
                        {if needed {
                            view! { <p class="hint">{move || i18n::msg::proof_hint(i18n.lang.get(), purge.to_string())}</p> }.into_any()
                        } else {
                            view! { <p class="hint">{move || i18n.t(M::ProofNotNeeded)}</p> }.into_any()
                        }}
                        {p.claims.is_empty().then(|| view! { <p>{move || i18n.t(M::NothingDeclared)}</p> })}
                        <ul class="cards">
                            {p.claims.into_iter().map(|c| view! { <ClaimCard c needed/> }).collect_view()}
                        </ul>
                    </section>
                }
            })}
        </Suspense>
    }
}

#[component]
fn ClaimCard(c: Claim, needed: bool) -> impl IntoView {
    let i18n = use_i18n();
    let (kind, status) = (i18n::claim_kind(c.kind), i18n::claim_status(c.status));
    let waiting = c.waiting_for.map(i18n::proof_step);
    let may_send = needed && c.status != ClaimStatus::Approved;
    view! {
        <li class="card claim" data-kind=c.kind.as_str() data-status=c.status.as_str()>
            <h3>{move || i18n.t(kind)}</h3>
            <p class="status">{move || i18n.t(status)}</p>
            {waiting.map(|w| view! { <p>{move || i18n::msg::waiting_for(i18n.lang.get(), i18n.t(w))}</p> })}
            {c.reason.clone().map(|r| view! { <p class="reason">{move || i18n::msg::reason(i18n.lang.get(), &r)}</p> })}
            {c.id.filter(|_| c.has_proof).map(|id| view! { <p><a href=format!("/proofs/{id}") target="_blank">{move || i18n.t(M::ViewProof)}</a></p> })}
            {c.removed_after_term.then(|| view! { <p class="hint">{move || i18n.t(M::ProofRemoved)}</p> })}
            {may_send.then(|| view! { <ProofPicker application=c.application kind=c.kind/> })}
        </li>
    }
}

/// Takes or chooses the certificate: a photo scaled to a legible JPEG on
/// the phone, or a PDF as it is; then the page reloads with its review.
#[cfg_attr(not(feature = "csr"), island(lazy))]
#[cfg_attr(feature = "csr", island)]
fn ProofPicker(application: ApplicationId, kind: ClaimKind) -> impl IntoView {
    crate::components::island_here();
    let send = Action::new_local(move |input: &leptos::web_sys::HtmlInputElement| {
        let input = input.clone();
        async move {
            let pdf = input.files().and_then(|f| f.get(0)).is_some_and(|f| f.type_() == "application/pdf");
            let content = if pdf {
                crate::components::read_file(&input, wire::money::MAX_PROOF_PDF_BYTES).await?.1
            } else {
                crate::components::scaled_jpeg(&input, wire::money::PROOF_SIDE).await?
            };
            attach_proof(application, kind, pdf, content).await?;
            let _ = window().location().reload();
            Ok::<(), AppError>(())
        }
    });
    view! { <FilePicker label=M::ChooseProof accept="image/*,application/pdf" send/> }
}
