//! The award on a tender page (V6): the school proposes it; bidders
//! complain during the standstill and the bureau answers; each step of the
//! district's chain decides; the school signs the contract, evaluates the
//! vendor and, if it must, ends the contract.
use super::actions::Actions;
use crate::components::{ContractList, when};
use crate::i18n::{self, M, use_i18n};
use leptos::prelude::*;
use wire::tender::{AwardStatus, AwardView, Contract, EndCause, TenderStatus, TenderView};

#[component]
pub fn AwardSection(t: TenderView, a: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let r = t.rights.clone();
    let id = t.summary.id.to_string();
    let propose = r.manage && t.summary.status == TenderStatus::Evaluating;
    view! {
        {propose.then(|| view! {
            <ActionForm action=a.propose attr:class="card stack">
                <input type="hidden" name="tender" value=id.to_string()/>
                <p class="hint">{move || i18n.t(M::ProposeAwardHint)}</p>
                <button class="button" type="submit">{move || i18n.t(M::ProposeAward)}</button>
            </ActionForm>
        })}
        {t.award.clone().map(|aw| view! { <Award aw t=t.clone() a/> })}
        {t.contract.clone().map(|c| view! { <ContractCard c manage=r.manage a/> })}
    }
}

#[component]
fn Award(aw: AwardView, t: TenderView, a: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let r = t.rights.clone();
    let status = i18n::award_status(aw.status);
    let award = aw.id;
    let next = aw.next_step.as_deref().map(i18n::approval_step);
    let sign = r.manage && aw.status == AwardStatus::Approved && t.contract.is_none();
    view! {
        <section class="card award">
            <h2>{move || i18n.t(M::Award)}</h2>
            <p><strong>{aw.vendor_name.clone()}</strong>" · "<span class="badge">{move || i18n.t(status)}</span></p>
            {(aw.status == AwardStatus::Standstill).then(|| view! {
                <p>{move || i18n.t(M::StandstillUntil)}" "{when(aw.standstill_until)}</p>
            })}
            <ol class="approvals">
                {aw.approvals.iter().map(|x| {
                    let step = i18n::approval_step(&x.step);
                    let verdict = if x.approved { M::Approve } else { M::Reject };
                    view! { <li>{move || i18n.t(step)}" · "{x.by.clone()}" · "{move || i18n.t(verdict)}" · "{when(x.at)}{(!x.note.is_empty()).then(|| format!(" · {}", x.note))}</li> }
                }).collect_view()}
            </ol>
            {next.map(|m| view! { <p class="hint">{move || i18n.t(M::NextStep)}" "{move || i18n.t(m)}</p> })}
            {r.approve.then(|| view! {
                <ActionForm action=a.decide attr:class="stack">
                    <input type="hidden" name="award" value=award.to_string()/>
                    <label><span>{move || i18n.t(M::Note)}</span><input name="note" maxlength="4000"/></label>
                    <div class="inline">
                        <button class="button" type="submit" name="decision" value="approve">{move || i18n.t(M::ApproveAward)}</button>
                        <button class="button secondary" type="submit" name="decision" value="reject">{move || i18n.t(M::Reject)}</button>
                    </div>
                </ActionForm>
            })}
            <h3>{move || i18n.t(M::Complaints)}</h3>
            {aw.complaints.is_empty().then(|| view! { <p>{move || i18n.t(M::NoComplaints)}</p> })}
            <ul class="cards">
                {aw.complaints.iter().map(|c| {
                    let id = c.id.to_string();
                    let answered = c.answer.clone();
                    let upheld = c.upheld;
                    view! {
                        <li class="card">
                            <strong>{c.vendor_name.clone()}</strong>" · "{when(c.filed_at)}
                            <p>{c.body.clone()}</p>
                            {answered.map(|x| view! {
                                <p class=if upheld == Some(true) { "warn" } else { "ok" }>
                                    {move || i18n.t(if upheld == Some(true) { M::ComplaintUpheld } else { M::ComplaintDismissed })}": "{x}
                                </p>
                            })}
                            {(r.answer_complaints && c.answer.is_none()).then(|| view! {
                                <ActionForm action=a.answer attr:class="stack">
                                    <input type="hidden" name="complaint" value=id/>
                                    <label><span>{move || i18n.t(M::Answer)}</span><textarea name="answer" rows="2" maxlength="4000" required></textarea></label>
                                    <div class="inline">
                                        <button class="button" type="submit" name="upheld" value="no">{move || i18n.t(M::DismissComplaint)}</button>
                                        <button class="button secondary" type="submit" name="upheld" value="yes">{move || i18n.t(M::UpholdComplaint)}</button>
                                    </div>
                                </ActionForm>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {r.complain.then(|| view! {
                <details>
                    <summary>{move || i18n.t(M::FileComplaint)}</summary>
                    <ActionForm action=a.complain attr:class="stack">
                        <input type="hidden" name="award" value=award.to_string()/>
                        <label><span>{move || i18n.t(M::Complaint)}</span><textarea name="body" rows="3" maxlength="4000" required></textarea></label>
                        <button class="button" type="submit">{move || i18n.t(M::FileComplaint)}</button>
                    </ActionForm>
                </details>
            })}
            {sign.then(|| view! {
                <details class="card" open>
                    <summary>{move || i18n.t(M::SignContract)}</summary>
                    <ActionForm action=a.sign attr:class="stack">
                        <input type="hidden" name="award" value=award.to_string()/>
                        <label><span>{move || i18n.t(M::StartsOn)}</span><input type="date" name="starts_on" required/></label>
                        <label><span>{move || i18n.t(M::EndsOn)}</span><input type="date" name="ends_on" required/></label>
                        <label><span>{move || i18n.t(M::ServiceDescription)}</span><textarea name="service" rows="2" maxlength="4000" required></textarea></label>
                        <button class="button" type="submit">{move || i18n.t(M::SignContract)}</button>
                    </ActionForm>
                </details>
            })}
        </section>
    }
}

#[component]
fn ContractCard(c: Contract, manage: bool, a: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let id = c.id;
    let active = c.active;
    view! {
        <section class="card contract">
            <h2>{move || i18n.t(M::Contract)}</h2>
            <ContractList contracts=vec![c]/>
            {(manage && active).then(|| view! {
                <details>
                    <summary>{move || i18n.t(M::EvaluateVendor)}</summary>
                    <ActionForm action=a.evaluate attr:class="stack">
                        <input type="hidden" name="contract" value=id.to_string()/>
                        <label><span>{move || i18n.t(M::ScoreOutOf5)}</span><input type="number" name="score" min="1" max="5" required/></label>
                        <label><span>{move || i18n.t(M::Note)}</span><input name="note" maxlength="4000" required/></label>
                        <button class="button" type="submit">{move || i18n.t(M::EvaluateVendor)}</button>
                    </ActionForm>
                </details>
                <details>
                    <summary>{move || i18n.t(M::EndContract)}</summary>
                    <ActionForm action=a.end attr:class="stack">
                        <input type="hidden" name="contract" value=id.to_string()/>
                        <label>
                            <span>{move || i18n.t(M::Cause)}</span>
                            <select name="cause">
                                {EndCause::ALL.iter().map(|c| {
                                    let m = i18n::end_cause(*c);
                                    view! { <option value=c.as_str()>{move || i18n.t(m)}</option> }
                                }).collect_view()}
                            </select>
                        </label>
                        <label><span>{move || i18n.t(M::Note)}</span><textarea name="note" rows="2" maxlength="4000" required></textarea></label>
                        <button class="button secondary" type="submit">{move || i18n.t(M::EndContract)}</button>
                    </ActionForm>
                </details>
            })}
        </section>
    }
}
