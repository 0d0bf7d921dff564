//! The opened bids side by side (V5): one column per bid on a desktop, a
//! row of cards to swipe on a phone, with the same lines in the same order:
//! price against the estimate and the cap, each criterion's mean score,
//! qualifications, past record, receipt. Price-inquiry members score here;
//! supervision members see every score and object.
use super::actions::Actions;
use crate::components::when;
use crate::i18n::{self, M, use_i18n};
use leptos::prelude::*;
use wire::tender::{OpenedBid, Score, TenderView};

fn percent_of(part: i64, whole: i64) -> String {
    if whole == 0 { String::new() } else { format!("{:+.0}%", (part - whole) as f64 * 100.0 / whole as f64) }
}

#[component]
pub fn Comparison(t: TenderView, a: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let r = t.rights.clone();
    view! {
        <h2>{move || i18n.t(M::BidsSideBySide)}</h2>
        <div class="compare" role="list">
            {t.bids.iter().cloned().map(|b| view! { <BidColumn b t=t.clone() a/> }).collect_view()}
        </div>
        {r.supervise.then(|| view! {
            <details class="card">
                <summary>{move || i18n.t(M::RecordObjection)}</summary>
                <ActionForm action=a.object attr:class="stack">
                    <input type="hidden" name="tender" value=t.summary.id.to_string()/>
                    <label><span>{move || i18n.t(M::Objection)}</span><textarea name="body" rows="3" maxlength="4000" required></textarea></label>
                    <button class="button" type="submit">{move || i18n.t(M::RecordObjection)}</button>
                </ActionForm>
            </details>
        })}
        {(!t.objections.is_empty()).then(|| view! {
            <h3>{move || i18n.t(M::Objections)}</h3>
            <ul class="cards">{t.objections.iter().map(|o| view! { <li class="card">{o.by.clone()}" · "{when(o.at)}<p>{o.body.clone()}</p></li> }).collect_view()}</ul>
        })}
        <ScoreTable t=t.clone()/>
    }
}

#[component]
fn BidColumn(b: OpenedBid, t: TenderView, a: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let tender = t.summary.id;
    let why = b.disqualified.as_deref().map(i18n::disqualified);
    let unit = i18n::price_unit(t.price_unit);
    let means: Vec<Option<f64>> = (0..t.criteria.len())
        .map(|c| {
            let s: Vec<f64> = t.scores.iter().filter(|s| s.bid == b.id && s.criterion as usize == c).map(|s| f64::from(s.score)).collect();
            (!s.is_empty()).then(|| s.iter().sum::<f64>() / s.len() as f64)
        })
        .collect();
    let bid = b.id;
    let can_score = t.rights.score && b.qualified;
    let can_declare = t.rights.score || t.rights.supervise;
    view! {
        <article class="bid-card" role="listitem" data-vendor=b.vendor_name.clone() data-qualified=b.qualified.to_string()>
            <h3>{b.vendor_name.clone()}</h3>
            <p>
                {b.rank.map(|r| view! { <span class="badge">{move || i18n.t(M::BidRank)}" "{r}</span> " " })}
                {b.total.map(|x| view! { <strong class="total">{format!("{x:.1}")}</strong> })}
            </p>
            {match why {
                Some(m) => view! { <p class="warn">{move || i18n.t(m)}</p> }.into_any(),
                None => view! { <p class="ok">{move || i18n.t(M::Qualified)}</p> }.into_any(),
            }}
            <dl class="facts">
                <dt>{move || i18n.t(M::Price)}</dt>
                <dd>{i18n::yuan(b.price_fen)}" "{move || i18n.t(M::Yuan)}{move || i18n.t(unit)}</dd>
                <dt>{move || i18n.t(M::AgainstEstimate)}</dt><dd>{percent_of(b.price_fen, t.summary.estimate_fen)}</dd>
                {t.fee_cap_fen.map(|cap| view! {
                    <dt>{move || i18n.t(M::AgainstCap)}</dt>
                    <dd class=(b.price_fen > cap).then_some("warn")>{percent_of(b.price_fen, cap)}</dd>
                })}
                {t.criteria.iter().zip(means).map(|(c, m)| view! {
                    <dt>{c.name.clone()}" ("{c.weight}"%)"</dt><dd>{m.map(|m| format!("{m:.1}")).unwrap_or_else(|| "–".into())}</dd>
                }).collect_view()}
                <dt>{move || i18n.t(M::Qualifications)}</dt>
                <dd>
                    {b.documents.iter().map(|d| {
                        let k = i18n::document_kind(d.kind);
                        let class = if d.expired { "warn" } else if d.expiring { "hint" } else { "" };
                        view! { <span class=class>{move || i18n.t(k)}" "{d.expires_on.to_string()}</span><br/> }
                    }).collect_view()}
                </dd>
                <dt>{move || i18n.t(M::PastRecord)}</dt>
                <dd>
                    {move || i18n.t(M::Contracts)}" "{b.record.contracts}
                    {b.record.evaluation.map(|e| format!(" · {e:.1}/5"))}
                    {b.record.satisfaction.map(|s| view! { " · " {move || i18n.t(M::Satisfaction)} {format!(" {s:.1}/5 ({})", b.record.responses)} })}
                </dd>
                <dt>{move || i18n.t(M::Receipt)}</dt>
                <dd>
                    {if b.receipt_holds {
                        view! { <span class="ok">{move || i18n.t(M::ReceiptHolds)}</span> }.into_any()
                    } else {
                        view! { <span class="warn">{move || i18n.t(M::ReceiptBroken)}</span> }.into_any()
                    }}
                    <br/><code class="hash">{b.receipt.commitment.clone()}</code>
                </dd>
            </dl>
            <details>
                <summary>{move || i18n.t(M::Programme)}</summary>
                <p class="prose">{b.programme.clone()}</p>
                <h4>{move || i18n.t(M::StaffPlan)}</h4>
                <p class="prose">{b.staff_plan.clone()}</p>
                <ul>
                    {b.files.iter().map(|f| view! {
                        <li><a href=format!("/tenders/{tender}/documents/{}/{}", b.id, f.no)>{f.name.clone()}</a></li>
                    }).collect_view()}
                </ul>
            </details>
            {can_score.then(|| view! {
                <details class="score-form">
                    <summary>{move || i18n.t(M::ScoreThisBid)}</summary>
                    <ActionForm action=a.score attr:class="stack">
                        <input type="hidden" name="bid" value=bid.to_string()/>
                        {t.criteria.iter().enumerate().map(|(i, c)| view! {
                            <fieldset>
                                <legend>{c.name.clone()}" ("{c.weight}"%)"</legend>
                                <label><span>{move || i18n.t(M::ScoreOutOf100)}</span><input type="number" name=format!("scores[{i}][score]") min="0" max="100" required/></label>
                                <label><span>{move || i18n.t(M::ReasonLabel)}</span><input name=format!("scores[{i}][reason]") maxlength="4000" required/></label>
                            </fieldset>
                        }).collect_view()}
                        <button class="button" type="submit">{move || i18n.t(M::SaveScores)}</button>
                    </ActionForm>
                </details>
            })}
            {can_declare.then(|| view! {
                <details>
                    <summary>{move || i18n.t(M::DeclareRelation)}</summary>
                    <ActionForm action=a.declare attr:class="stack">
                        <input type="hidden" name="bid" value=bid.to_string()/>
                        <label><span>{move || i18n.t(M::Relation)}</span><input name="note" maxlength="4000" required/></label>
                        <p class="hint">{move || i18n.t(M::DeclareHint)}</p>
                        <button class="button secondary" type="submit">{move || i18n.t(M::DeclareRelation)}</button>
                    </ActionForm>
                </details>
            })}
        </article>
    }
}

#[component]
fn ScoreTable(t: TenderView) -> impl IntoView {
    let i18n = use_i18n();
    let vendor = |s: &Score| t.bids.iter().find(|b| b.id == s.bid).map(|b| b.vendor_name.clone()).unwrap_or_default();
    let criterion = |s: &Score| t.criteria.get(s.criterion as usize).map(|c| c.name.clone()).unwrap_or_default();
    let rows: Vec<_> = t.scores.iter().map(|s| (s.member_name.clone(), vendor(s), criterion(s), s.score, s.reason.clone())).collect();
    view! {
        <h3>{move || i18n.t(M::EveryScore)}</h3>
        {rows.is_empty().then(|| view! { <p>{move || i18n.t(M::NoScoresYet)}</p> })}
        <div class="scroll">
            <table class="data scores">
                <thead><tr>
                    <th>{move || i18n.t(M::Member)}</th><th>{move || i18n.t(M::Bidder)}</th><th>{move || i18n.t(M::Criterion)}</th>
                    <th class="num">{move || i18n.t(M::Score)}</th><th>{move || i18n.t(M::ReasonLabel)}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|(m, v, c, s, r)| view! { <tr><td>{m}</td><td>{v}</td><td>{c}</td><td class="num">{s}</td><td>{r}</td></tr> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
