use crate::pages::id_param;
use crate::api::{bureau_watch, district_overview};
use crate::components::{Loading, show};
use crate::i18n::{self, M, use_i18n};
use leptos::prelude::*;
use leptos_router::components::A;
use wire::ids::DistrictId;

/// The bureau's view of its district: every school with its counts.
#[component]
pub fn BureauPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let overview = Resource::new(move || id.get(), |id| district_overview(DistrictId(id.unwrap_or(0))));
    let watch = Resource::new(move || id.get(), |id| bureau_watch(DistrictId(id.unwrap_or(0))));
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || show(overview.get(), |d| view! {
                <section class="wide">
                    <p class="eyebrow">{move || i18n.t(M::DistrictOverview)}</p>
                    <h1>{d.name}</h1>
                    <p class="actions">
                        <A href=format!("/bureau/{}/vendors", id.get_untracked().unwrap_or(0))>{move || i18n.t(M::VendorDesk)}</A>
                        <A href=format!("/bureau/{}/money", id.get_untracked().unwrap_or(0))>{move || i18n.t(M::SubsidyAndFees)}</A>
                    </p>
                    <dl class="stats">
                        <div><dt>{move || i18n.t(M::Schools)}</dt><dd>{d.schools.len()}</dd></div>
                        <div><dt>{move || i18n.t(M::Students)}</dt><dd>{d.students}</dd></div>
                    </dl>
                    <table class="data">
                        <thead><tr>
                            <th>{move || i18n.t(M::School)}</th>
                            <th>{move || i18n.t(M::Kind)}</th>
                            <th class="num">{move || i18n.t(M::Classes)}</th>
                            <th class="num">{move || i18n.t(M::Students)}</th>
                        </tr></thead>
                        <tbody>
                            {d.schools.into_iter().map(|s| {
                                let kind = i18n::school_kind(s.kind);
                                view! {
                                    <tr>
                                        <td><A href=format!("/school/{}", s.id)>{s.name}</A></td>
                                        <td>{move || i18n.t(kind)}</td>
                                        <td class="num">{s.classes}</td>
                                        <td class="num">{s.students}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </section>
            })}
        </Suspense>
        <Suspense fallback=|| view! { <Loading/> }>
            // The overview above already says why a reader may not see this.
            {move || watch.get().and_then(|r| r.ok()).map(|w| view! { <Watch w/> })}
        </Suspense>
    }
}

/// Every incident in the district [000 att.2 §16], and the findings schools
/// escalated or left past their deadline.
#[component]
fn Watch(w: wire::records::DistrictRecords) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="wide">
            <h2>{move || i18n.t(M::Incidents)}</h2>
            {w.incidents.is_empty().then(|| view! { <p>{move || i18n.t(M::NoIncidents)}</p> })}
            <table class="data incidents">
                <thead><tr>
                    <th>{move || i18n.t(M::School)}</th><th>{move || i18n.t(M::Severity)}</th>
                    <th>{move || i18n.t(M::WhatHappened)}</th><th>{move || i18n.t(M::FileReport)}</th>
                </tr></thead>
                <tbody>
                    {w.incidents.into_iter().map(|x| {
                        let sev = crate::pages::school::safety::severity(x.severity);
                        let state = match (&x.report, x.report_overdue, x.report_due) {
                            (Some(_), _, _) => Some(M::ReportFiledShort),
                            (None, true, _) => Some(M::ReportOverdue),
                            (None, false, Some(_)) => Some(M::ReportPending),
                            _ => None,
                        };
                        view! {
                            <tr>
                                <td><A href=format!("/school/{}/safety", x.school)>{x.school_name}</A></td>
                                <td>{move || i18n.t(sev)}</td>
                                <td>{i18n::instant(&x.reported_at)}" · "{x.summary}</td>
                                <td>{state.map(|m| view! { <span class=if m == M::ReportOverdue { "chip reason" } else { "chip" }>{move || i18n.t(m)}</span> })}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <h2>{move || i18n.t(M::FindingsForBureau)}</h2>
            {w.findings.is_empty().then(|| view! { <p>{move || i18n.t(M::NoFindings)}</p> })}
            <ul>
                {w.findings.into_iter().map(|f| view! {
                    <li>
                        {f.school_name}" · "{f.description}" · "{f.due.to_string()}
                        {f.escalated.map(|n| view! { " · "<span class="chip reason">{move || i18n.t(M::EscalatedToBureau)}</span>" "{n} })}
                        {f.overdue.then(|| view! { " "<span class="chip reason">{move || i18n.t(M::Overdue)}</span> })}
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}
