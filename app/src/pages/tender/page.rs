//! `/tenders/:id`: the terms for everyone; the bidder's own sealed bid; the
//! panel's opening; after it the bids side by side with the scores; the
//! award, its complaints and approvals; the contract.
use super::actions::Actions;
use super::award::AwardSection;
use super::compare::Comparison;
use crate::api::tender_page;
use crate::components::{Loading, TermsFields, show, when};
use crate::i18n::{self, M, use_i18n};
use crate::outcome::said;
use crate::pages::params::id_param;
use leptos::prelude::*;
use leptos_router::components::A;
use wire::ids::TenderId;
use wire::tender::{MyBid, TenderStatus, TenderView};

#[component]
pub fn TenderPage() -> impl IntoView {
    let id = id_param();
    let a = Actions::new();
    let t = Resource::new(move || (id.get(), a.version()), |(id, _)| tender_page(TenderId(id.unwrap_or(0))));
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || show(t.get(), |t: TenderView| view! { <Tender t a/> })}
        </Suspense>
    }
}

#[component]
fn Tender(t: TenderView, a: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let s = t.summary.clone();
    let id = s.id;
    let status = i18n::tender_status(s.status);
    let service = i18n::tender_service(s.service);
    let unit = i18n::price_unit(t.price_unit);
    let acted = t.panel.iter().filter(|p| p.opened).count();
    let sealed = t.opened_at.is_none();
    let r = t.rights.clone();
    let ocds = format!("/tenders/{}/ocds.json", s.id);
    let has_bid = t.my_bid.is_some();
    view! {
        <section class="tender">
            <p class="eyebrow">{s.school_name.clone()}" · "{move || i18n.t(service)}</p>
            <h1>{s.title.clone()}</h1>
            <p><span class="badge" data-status=s.status.as_str()>{move || i18n.t(status)}</span></p>
            {a.errors()}
            {move || said(a.withdraw.value(), "bid_withdrawn").get().then(|| view! { <p class="ok" role="status">{move || i18n.t(M::BidWithdrawn)}</p> })}
            {move || said(a.confirm.value(), "bid_sealed").get().then(|| view! { <p class="ok" role="status">{move || i18n.t(M::BidSealed)}</p> })}
            {move || said(a.open.value(), "opening_act").get().then(|| view! { <p class="ok" role="status">{move || i18n.t(M::OpeningActRecorded)}</p> })}
            {move || said(a.score.value(), "scored").get().then(|| view! { <p class="ok" role="status">{move || i18n.t(M::Saved)}</p> })}
            <dl class="facts">
                <dt>{move || i18n.t(M::EstimateYuan)}</dt><dd>{i18n::yuan(s.estimate_fen)}" "{move || i18n.t(M::Yuan)}{move || i18n.t(unit)}</dd>
                {t.fee_cap_fen.map(|c| view! { <dt>{move || i18n.t(M::FeeCap)}</dt><dd>{i18n::yuan(c)}" "{move || i18n.t(M::Yuan)}{move || i18n.t(M::PerChildMonth)}</dd> })}
                <dt>{move || i18n.t(M::BidDeadline)}</dt><dd>{when(s.bid_deadline)}</dd>
                <dt>{move || i18n.t(M::OpeningTime)}</dt><dd>{when(s.opening_at)}</dd>
                <dt>{move || i18n.t(M::MinBidders)}</dt><dd>{t.min_bidders}</dd>
                {t.whole_service.then(|| view! { <dt>{move || i18n.t(M::WholeService)}</dt><dd>"✓"</dd> })}
            </dl>
            <h2>{move || i18n.t(M::Requirements)}</h2>
            <p class="prose">{t.requirements.clone()}</p>
            <h2>{move || i18n.t(M::CriteriaWeights)}</h2>
            <ul>{t.criteria.iter().map(|c| view! { <li>{c.name.clone()}" · "{c.weight}"%"</li> }).collect_view()}</ul>
            <h2>{move || i18n.t(M::Panel)}" ("{t.panel_size}")"</h2>
            <ul class="panel">
                {t.panel.iter().map(|p| {
                    let seat = if p.supervision { M::PanelSupervision } else { M::PanelPriceInquiry };
                    let (opened, excluded) = (p.opened, p.excluded);
                    view! {
                        <li>{p.name.clone()}" · "{move || i18n.t(seat)}
                            {opened.then(|| view! { " · " {move || i18n.t(M::ActedToOpen)} })}
                            {excluded.then(|| view! { " · " <span class="warn">{move || i18n.t(M::Excluded)}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {t.open_data.then(|| view! { <p><a href=ocds>{move || i18n.t(M::OpenData)}</a></p> })}

            {sealed.then(|| view! {
                <p class="sealed" role="note">{move || i18n.t(M::BidsSealedUntilOpening)}{s.bids.map(|n| format!(" ({n})"))}</p>
            })}
            {r.open.then(|| view! {
                <ActionForm action=a.open attr:class="inline">
                    <input type="hidden" name="tender" value=id.to_string()/>
                    <button class="button" type="submit">{move || i18n.t(M::OpenBids)}</button>
                    <span class="hint">{move || i18n.t(M::OpeningActs)}" "{acted}"/2"</span>
                </ActionForm>
            })}
            {t.my_bid.clone().map(|b| view! { <MyBidCard b tender=id a bid_open=r.bid/> })}
            {r.bid.then(|| view! {
                <p><A href=format!("/tenders/{}/bid", s.id) attr:class="button">{move || i18n.t(if has_bid { M::ReplaceBid } else { M::SubmitBid })}</A></p>
            })}

            {(!t.bids.is_empty()).then(|| view! { <Comparison t=t.clone() a/> })}
            <AwardSection t=t.clone() a/>
            {(r.manage && s.status == TenderStatus::Open).then(|| view! {
                <details class="card">
                    <summary>{move || i18n.t(M::ChangeTerms)}</summary>
                    <p class="hint">{move || i18n.t(M::ChangeTermsHint)}</p>
                    <ActionForm action=a.change attr:class="stack">
                        <input type="hidden" name="tender" value=id.to_string()/>
                        <TermsFields prefix="terms"/>
                        <button class="button" type="submit">{move || i18n.t(M::ChangeTerms)}</button>
                    </ActionForm>
                </details>
            })}
            {(r.manage && s.status == TenderStatus::Unsuccessful).then(|| view! {
                <details class="card" open>
                    <summary>{move || i18n.t(M::ReissueTender)}</summary>
                    <ActionForm action=a.reissue attr:class="stack">
                        <input type="hidden" name="tender" value=id.to_string()/>
                        <label><span>{move || i18n.t(M::BidDeadline)}</span><input type="datetime-local" name="bid_deadline" required/></label>
                        <label><span>{move || i18n.t(M::OpeningTime)}</span><input type="datetime-local" name="opening_at" required/></label>
                        <button class="button" type="submit">{move || i18n.t(M::ReissueTender)}</button>
                    </ActionForm>
                </details>
            })}
        </section>
    }
}

#[component]
fn MyBidCard(b: MyBid, tender: TenderId, a: Actions, bid_open: bool) -> impl IntoView {
    let i18n = use_i18n();
    let voided = b.voided;
    view! {
        <div class="card receipt" data-testid="my-bid">
            <h2>{move || i18n.t(M::MyBid)}</h2>
            {voided.then(|| view! { <p class="warn" role="alert">{move || i18n.t(M::BidVoidedHint)}</p> })}
            <dl class="facts">
                <dt>{move || i18n.t(M::Price)}</dt><dd>{i18n::yuan(b.price_fen)}" "{move || i18n.t(M::Yuan)}</dd>
                <dt>{move || i18n.t(M::SealedAt)}</dt><dd>{when(b.receipt.submitted_at)}</dd>
                <dt>{move || i18n.t(M::Commitment)}</dt><dd><code class="hash">{b.receipt.commitment.clone()}</code></dd>
            </dl>
            <ul>
                {b.files.iter().map(|f| view! {
                    <li><a href=format!("/tenders/{tender}/documents/mine/{}", f.no)>{f.name.clone()}</a>{format!(" ({} KB)", f.bytes.div_ceil(1024))}</li>
                }).collect_view()}
            </ul>
            <p class="hint">{move || i18n.t(M::ReceiptHint)}</p>
            {bid_open.then(|| view! {
                <div class="inline">
                    {voided.then(|| view! {
                        <ActionForm action=a.confirm>
                            <input type="hidden" name="tender" value=tender.to_string()/>
                            <button class="button" type="submit">{move || i18n.t(M::ConfirmBid)}</button>
                        </ActionForm>
                    })}
                    <ActionForm action=a.withdraw>
                        <input type="hidden" name="tender" value=tender.to_string()/>
                        <button class="button secondary" type="submit">{move || i18n.t(M::WithdrawBid)}</button>
                    </ActionForm>
                </div>
            })}
        </div>
    }
}

/// `/tenders/:id/bid`: the vendor's bid form, the page's one island.
#[component]
pub fn BidPage() -> impl IntoView {
    let id = id_param();
    let i18n = use_i18n();
    crate::components::expects_island();
    let t = Resource::new(move || id.get(), |id| tender_page(TenderId(id.unwrap_or(0))));
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || show(t.get(), |t: TenderView| {
                let back = format!("/tenders/{}", t.summary.id);
                view! {
                    <section class="tender narrow">
                        <p class="eyebrow">{t.summary.school_name.clone()}</p>
                        <h1>{t.summary.title.clone()}</h1>
                        <p><A href=back>{move || i18n.t(M::BackToTender)}</A></p>
                        {if t.rights.bid {
                            view! { <super::bid_form::BidForm tender=t.summary.id replacing=t.my_bid.is_some()/> }.into_any()
                        } else {
                            view! { <p class="warn">{move || i18n.t(M::ErrTenderClosed)}</p> }.into_any()
                        }}
                    </section>
                }
            })}
        </Suspense>
    }
}
