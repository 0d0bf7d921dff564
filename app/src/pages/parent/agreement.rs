//! The service agreement of one enrolment (P5, P6): the guardian reads the
//! version in force, signs it with the child's acknowledgement and the
//! insurance declaration, gets a printable receipt, and may withdraw
//! consent. The school's admin publishes versions.
use crate::api::{PublishAgreement, SignAgreement, WithdrawConsent, agreement, list_agreement_versions, preview_refund, signature_receipt};
use crate::components::{FormError, Loading, failure, show};
use crate::i18n::{self, M, use_i18n};
use crate::outcome::said;
use crate::pages::params::id_param;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use wire::agreement::{AgreementPage, Party, SignatureView};
use wire::ids::{ApplicationId, PlanId, SignatureId};
use wire::money::{RefundPreview, yuan};

fn party(p: Party) -> M {
    match p {
        Party::Guardian => M::PartyGuardian,
        Party::Student => M::PartyStudent,
        Party::School => M::PartySchool,
    }
}

#[component]
fn SignatureRow(s: SignatureView) -> impl IntoView {
    let i18n = use_i18n();
    let who = party(s.party);
    view! {
        <li data-party=s.party.as_str()>
            <strong>{move || i18n.t(who)}</strong>" · "{s.signer}" · "{i18n::instant(&s.signed_at)}
            {s.insurance.map(|ins| {
                let m = if ins == wire::agreement::AccidentInsurance::Insured { M::Insured } else { M::Declined };
                view! { " · "{move || i18n.t(M::AccidentInsurance)}": "{move || i18n.t(m)}" "{s.insurer.clone().unwrap_or_default()} }
            })}
        </li>
    }
}

#[component]
pub fn AgreementPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let sign = ServerAction::<SignAgreement>::new();
    let withdraw = ServerAction::<WithdrawConsent>::new();
    let page = Resource::new(
        move || (id.get(), sign.version().get(), withdraw.version().get()),
        |(id, _, _)| agreement(ApplicationId(id.unwrap_or(0))),
    );
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || show(page.get(), |p: AgreementPage| view! {
                <section class="agreement">
                    <p class="eyebrow">{p.school.clone()}" · "{p.plan_title.clone()}</p>
                    <h1>{move || i18n.t(M::Agreement)}" · "{p.student_name.clone()}</h1>
                    <p>{let insurance = p.liability_insurance.clone(); move || i18n::msg::school_liability_insurance(i18n.lang.get(), &insurance)}</p>
                    {p.ended_on.map(|d| view! { <p class="reason">{move || i18n::msg::consent_withdrawn_from(i18n.lang.get(), d)}</p> })}
                    {match p.current.clone() {
                        None => view! { <p>{move || i18n.t(M::NoAgreementYet)}</p> }.into_any(),
                        Some(text) => {
                            let guardian = p.signatures.iter().find(|s| s.party == Party::Guardian).map(|s| s.id);
                            view! {
                                <p class="eyebrow">{move || i18n::msg::agreement_version(i18n.lang.get(), text.version)}</p>
                                <pre class="agreement-text">{text.text.clone()}</pre>
                                <p class="hash"><small>{move || i18n.t(M::TextHash)}<code>{text.hash.clone()}</code></small></p>
                                <h2>{move || i18n.t(M::Signatures)}</h2>
                                <ul class="signatures">
                                    {p.signatures.clone().into_iter().map(|s| view! { <SignatureRow s/> }).collect_view()}
                                </ul>
                                {guardian.map(|sig| view! {
                                    <p><A href=format!("/receipts/{sig}") attr:class="button">{move || i18n.t(M::ViewReceipt)}</A></p>
                                })}
                                {p.needs_signing.then(|| view! { <SignForm page=p.clone() version=text.version sign/> })}
                            }.into_any()
                        }
                    }}
                    {move || said(withdraw.value(), "withdrawn").get().then(|| view! {
                        <p class="ok" role="status">{move || i18n.t(M::WithdrawnDone)}" "<A href="/parent">{move || i18n.t(M::BackHome)}</A></p>
                    })}
                    {p.may_withdraw_consent.then(|| view! { <Withdrawal application=p.application today=p.today withdraw/> })}
                    <FormError error=failure(withdraw.value())/>
                </section>
            })}
        </Suspense>
    }
}

/// Withdrawal in writing (P7): the guardian picks the date, sees what comes
/// back (a page the server renders, `?withdraw_from=`), then confirms.
#[component]
fn Withdrawal(application: ApplicationId, today: Option<chrono::NaiveDate>, withdraw: ServerAction<WithdrawConsent>) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let from = Memo::new(move |_| query.read().get("withdraw_from").and_then(|d| d.parse::<chrono::NaiveDate>().ok()));
    let preview = Resource::new(move || from.get(), move |from| async move {
        match from {
            Some(d) => preview_refund(application, d).await.map(Some),
            None => Ok(None),
        }
    });
    view! {
        <details class="card withdrawal" open=move || from.get().is_some()>
            <summary>{move || i18n.t(M::WithdrawConsent)}</summary>
            <form method="get" class="stack">
                <label>
                    <span>{move || i18n.t(M::WithdrawFrom)}</span>
                    <input type="date" name="withdraw_from" required min=today.map(|d| d.to_string()) value=move || from.get().map(|d| d.to_string()).unwrap_or_default()/>
                </label>
                <button class="button secondary" type="submit">{move || i18n.t(M::ShowRefund)}</button>
            </form>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || preview.get().map(|r| match r {
                    Ok(Some(p)) => view! { <RefundCard p withdraw/> }.into_any(),
                    Ok(None) => ().into_any(),
                    Err(e) => view! { <FormError error=Signal::derive(move || Some(e.clone()))/> }.into_any(),
                })}
            </Suspense>
        </details>
    }
}

#[component]
fn RefundCard(p: RefundPreview, withdraw: ServerAction<WithdrawConsent>) -> impl IntoView {
    let i18n = use_i18n();
    let fact = |label: M, fen: i64| view! { <div><dt>{move || i18n.t(label)}</dt><dd class="num">{yuan(fen)}</dd></div> };
    view! {
        <div class="refund" data-refund-fen=p.refund_fen.to_string()>
            <table class="data">
                <thead><tr>
                    <th>{move || i18n.t(M::Period)}</th><th class="num">{move || i18n.t(M::DaysCharged)}</th>
                    <th class="num">{move || i18n.t(M::DaysNotServed)}</th><th class="num">{move || i18n.t(M::Refund)}</th>
                </tr></thead>
                <tbody>
                    {p.lines.iter().map(|l| view! {
                        <tr>
                            <td>{crate::pages::parent::money::period_label(&l.period)}</td><td class="num">{l.days}</td>
                            <td class="num">{l.undelivered}</td><td class="num">{yuan(l.refund_fen)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <dl class="facts money-facts">
                {fact(M::Refund, p.refund_fen)}
                {fact(M::OwedBefore, p.owed_before_fen.max(0))}
                {fact(M::PaidBack, p.paid_back_fen)}
                {fact(M::OwedAfter, p.owed_after_fen)}
            </dl>
            <p class="hint">{move || i18n.t(M::RefundRule)}</p>
            <ActionForm action=withdraw attr:class="stack">
                <input type="hidden" name="application" value=p.application.to_string()/>
                <input type="hidden" name="from" value=p.from.to_string()/>
                <input type="hidden" name="refund_fen" value=p.refund_fen.to_string()/>
                <button class="button danger" type="submit">{move || i18n::msg::confirm_withdrawal(i18n.lang.get(), p.from.to_string())}</button>
            </ActionForm>
        </div>
    }
}

#[component]
fn SignForm(page: AgreementPage, version: i32, sign: ServerAction<SignAgreement>) -> impl IntoView {
    let i18n = use_i18n();
    let rule = if page.insurance_required { M::InsuranceRequired } else { M::InsuranceEncouraged };
    view! {
        <div class="card sign">
            <p class="status">{move || i18n.t(if page.resign { M::ResignNeeded } else { M::NeedsSigning })}</p>
            {page.sign_by.map(|d| view! { <p>{move || i18n::msg::sign_by(i18n.lang.get(), d)}</p> })}
            <ActionForm action=sign attr:class="stack">
                <input type="hidden" name="application" value=page.application.to_string()/>
                <input type="hidden" name="input[version]" value=version.to_string()/>
                <label class="check">
                    <input type="checkbox" name="input[student_acknowledges]" value="true"/>
                    <span>{move || i18n.t(M::StudentAcknowledges)}</span>
                </label>
                <fieldset>
                    <legend>{move || i18n.t(M::AccidentInsurance)}" — "{move || i18n.t(rule)}</legend>
                    <label class="check">
                        <input type="radio" name="input[insurance]" value="insured"/>
                        <span>{move || i18n.t(M::Insured)}</span>
                    </label>
                    <label class="check">
                        <input type="radio" name="input[insurance]" value="declined"/>
                        <span>{move || i18n.t(M::Declined)}</span>
                    </label>
                    <label>
                        <span>{move || i18n.t(M::Insurer)}</span>
                        <input name="input[insurer]" maxlength="100"/>
                    </label>
                </fieldset>
                <button class="button" type="submit" disabled=move || sign.pending().get()>{move || i18n.t(M::SignAgreement)}</button>
            </ActionForm>
            <FormError error=failure(sign.value())/>
        </div>
    }
}

/// A printable receipt: who signed which version (with its hash), when and
/// how, the insurance declared, and the text itself.
#[component]
pub fn ReceiptPage() -> impl IntoView {
    crate::components::expects_island();
    let i18n = use_i18n();
    let id = id_param();
    let r = Resource::new(move || id.get(), |id| signature_receipt(SignatureId(id.unwrap_or(0))));
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || show(r.get(), |r| {
                let s = r.signature.clone();
                view! {
                    <section class="receipt">
                        <p class="eyebrow">{r.school.clone()}" · "{r.plan_title.clone()}</p>
                        <h1>{move || i18n.t(M::Receipt)}</h1>
                        <dl>
                            <dt>{move || i18n.t(M::ChildName)}</dt><dd>{r.student_name.clone()}</dd>
                            <dt>{move || i18n.t(M::Signer)}</dt><dd>{s.signer.clone()}</dd>
                            <dt>{move || i18n.t(M::SignedAt)}</dt><dd>{i18n::instant(&s.signed_at)}</dd>
                            <dt>{move || i18n.t(M::Channel)}</dt><dd>{move || i18n.t(M::ChannelWeb)}</dd>
                            <dt>{move || i18n.t(M::AgreementVersionLabel)}</dt><dd>{s.version}</dd>
                            <dt>{move || i18n.t(M::TextHash)}</dt><dd><code class="hash">{s.hash.clone()}</code></dd>
                            <dt>{move || i18n.t(M::AccidentInsurance)}</dt>
                            <dd>{s.insurance.map(|i| {
                                let m = if i == wire::agreement::AccidentInsurance::Insured { M::Insured } else { M::Declined };
                                view! { {move || i18n.t(m)}" "{s.insurer.clone().unwrap_or_default()} }
                            })}</dd>
                            <dt>{move || i18n.t(M::StudentAcknowledged)}</dt><dd>{if r.student_acknowledged { "✓" } else { "—" }}</dd>
                        </dl>
                        <pre class="agreement-text">{r.text.clone()}</pre>
                        <crate::components::PrintButton/>
                    </section>
                }
            })}
        </Suspense>
    }
}

/// The school admin's agreement page for a plan: versions, how many have
/// signed, and a form to publish a new version.
#[component]
pub fn PlanAgreementPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let publish = ServerAction::<PublishAgreement>::new();
    let versions = Resource::new(move || (id.get(), publish.version().get()), |(id, _)| list_agreement_versions(PlanId(id.unwrap_or(0))));
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || show(versions.get(), |v| {
                let current = v.versions.first().map(|t| t.text.clone()).unwrap_or_default();
                view! {
                    <section>
                        <p class="eyebrow">{v.plan_title.clone()}</p>
                        <h1>{move || i18n.t(M::ManageAgreement)}</h1>
                        <p>{move || i18n::msg::signed_count(i18n.lang.get(), v.signed, v.enrolled)}</p>
                        <ActionForm action=publish attr:class="stack">
                            <input type="hidden" name="plan" value=v.plan.to_string()/>
                            <label>
                                <span>{move || i18n.t(M::AgreementText)}</span>
                                <textarea name="text" rows="12" maxlength="20000" required>{current}</textarea>
                            </label>
                            <button class="button" type="submit">{move || i18n.t(M::PublishNewVersion)}</button>
                        </ActionForm>
                        <FormError error=failure(publish.value())/>
                        <ul class="cards">
                            {v.versions.into_iter().map(|t| view! {
                                <li class="card version">
                                    <p class="eyebrow">{move || i18n::msg::agreement_version(i18n.lang.get(), t.version)}" · "{i18n::instant(&t.published_at)}</p>
                                    <p><small><code>{t.hash}</code></small></p>
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                }
            })}
        </Suspense>
    }
}
