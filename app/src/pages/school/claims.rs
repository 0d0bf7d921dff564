//! The proof behind declared statuses, waiting for this reviewer's step
//! (P3): the school (and the family committee where the district says)
//! opens each proof, approves it or rejects it with a reason.
use crate::api::{ReviewClaim, claims_to_review};
use crate::components::{FormError, Loading, failure, show};
use crate::i18n::{self, M, use_i18n};
use crate::outcome::said;
use crate::pages::params::id_param;
use leptos::prelude::*;
use wire::ids::SchoolId;
use wire::money::{ClaimQueue, ClaimToReview};

#[component]
pub fn ClaimQueuePage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let review = ServerAction::<ReviewClaim>::new();
    let queue = Resource::new(move || (id.get(), review.version().get()), |(id, _)| claims_to_review(SchoolId(id.unwrap_or(0))));
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || show(queue.get(), |q: ClaimQueue| view! {
                <section class="claims">
                    <p class="eyebrow">{q.school_name.clone()}</p>
                    <h1>{move || i18n.t(M::ProofReview)}</h1>
                    <FormError error=failure(review.value())/>
                    {move || said(review.value(), "claim_decided").get().then(|| view! { <p class="ok" role="status">{move || i18n.t(M::ClaimDecided)}</p> })}
                    {q.waiting.is_empty().then(|| view! { <p>{move || i18n.t(M::NoClaimsWaiting)}</p> })}
                    <ul class="cards">
                        {q.waiting.into_iter().map(|c| view! { <ClaimRow c review/> }).collect_view()}
                    </ul>
                </section>
            })}
        </Suspense>
    }
}

#[component]
fn ClaimRow(c: ClaimToReview, review: ServerAction<ReviewClaim>) -> impl IntoView {
    let i18n = use_i18n();
    let kind = i18n::claim_kind(c.claim.kind);
    let id = c.claim.id.map(|i| i.to_string()).unwrap_or_default();
    view! {
        <li class="card claim" data-kind=c.claim.kind.as_str()>
            <h3>{c.student_name.clone()}" · "{c.class_name.clone()}</h3>
            <p>{move || i18n.t(kind)}" · "{c.plan_title.clone()}</p>
            {c.claim.has_proof.then(|| view! { <p><a href=format!("/proofs/{id}") target="_blank">{move || i18n.t(M::ViewProof)}</a></p> })}
            <ActionForm action=review attr:class="stack">
                <input type="hidden" name="claim" value=id.clone()/>
                <label><span>{move || i18n.t(M::ReasonLabel)}</span><input name="reason" maxlength="500"/></label>
                <div class="actions">
                    <button class="button" type="submit" name="approve" value="true">{move || i18n.t(M::Approve)}</button>
                    <button class="button danger" type="submit">{move || i18n.t(M::Reject)}</button>
                </div>
            </ActionForm>
        </li>
    }
}
