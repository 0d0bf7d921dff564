//! The bureau's dashboard (B1–B3, B7): the district's figures for a month,
//! its schools on the map inside the district's real boundary coloured by
//! the chosen statistic, the trend, grades, schools and today's flags.
//! Server HTML and SVG only: choosing a month or a statistic is a plain
//! form, so the page loads no script.
use super::parts::{BureauStyle, FigureList, FlagTable, GradeTable, Scale, TrendChart};
use crate::api::{bureau_watch, district_dashboard};
use crate::components::{Loading, show};
use crate::i18n::{self, M, use_i18n};
use crate::pages::params::id_param;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use wire::bureau::{Dashboard, MapShape, SchoolRow, Statistic};
use wire::ids::DistrictId;

#[component]
pub fn BureauPage() -> impl IntoView {
    let id = id_param();
    let query = use_query_map();
    let board = Resource::new(move || (id.get(), query.read().get("month")), |(id, month)| district_dashboard(DistrictId(id.unwrap_or(0)), month));
    let watch = Resource::new(move || id.get(), |id| bureau_watch(DistrictId(id.unwrap_or(0))));
    let stat = move || query.read().get("stat").and_then(|s| Statistic::parse(&s)).unwrap_or(Statistic::Flags);
    view! {
        <BureauStyle/>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || show(board.get(), |d| view! { <Board d stat=stat()/> })}
        </Suspense>
        <Suspense fallback=|| view! { <Loading/> }>
            // The dashboard above already says why a reader may not see this.
            {move || watch.get().and_then(|r| r.ok()).map(|w| view! { <Watch w/> })}
        </Suspense>
    }
}

#[component]
fn Board(d: Dashboard, stat: Statistic) -> impl IntoView {
    let i18n = use_i18n();
    let district = d.district;
    let month = d.month.clone();
    let (procurement, compliance): (Vec<_>, Vec<_>) = d.flags.into_iter().partition(|f| f.rule.is_procurement());
    let flag_total = compliance.len() + procurement.len();
    let mut months = d.months.clone();
    if !months.contains(&month) {
        months.insert(0, month.clone());
    }
    view! {
        <section class="dashboard">
            <p class="eyebrow">{move || i18n.t(M::Supervision)}</p>
            <h1>{d.name.clone()}</h1>
            <p class="actions no-print">
                <a href=format!("/bureau/{district}/reports")>{move || i18n.t(M::SchoolReports)}</a>
                <a href=format!("/bureau/{district}/vendors")>{move || i18n.t(M::VendorDesk)}</a>
                <a href=format!("/bureau/{district}/money")>{move || i18n.t(M::SubsidyAndFees)}</a>
            </p>
            <form method="get" class="inline no-print">
                <label><span>{move || i18n.t(M::Month)}</span>
                    <select name="month">
                        {months.into_iter().map(|m| view! { <option value=m.clone() selected=m == month>{m.clone()}</option> }).collect_view()}
                    </select>
                </label>
                <label><span>{move || i18n.t(M::ColourBy)}</span>
                    <select name="stat">
                        {Statistic::ALL.iter().map(|s| {
                            let m = i18n::statistic(*s);
                            view! { <option value=s.as_str() selected=*s == stat>{move || i18n.t(m)}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <button class="button secondary" type="submit">{move || i18n.t(M::Show)}</button>
            </form>
            <dl class="stats">
                <div><dt>{move || i18n.t(M::SchoolsOffering)}</dt><dd>{format!("{} / {}", d.schools_offering, d.schools.len())}</dd></div>
            </dl>
            <FigureList f=d.total.clone() flags=flag_total/>
            <h2>{move || i18n.t(M::DistrictMap)}" · "{move || i18n.t(i18n::statistic(stat))}</h2>
            {d.map.map(|map| view! { <Map map schools=d.schools.clone() stat month=d.month.clone()/> })}
            <h2>{move || i18n.t(M::Trend)}" · "{move || i18n.t(i18n::statistic(if stat == Statistic::Flags { Statistic::Participation } else { stat }))}</h2>
            <TrendChart trend=d.trend stat=if stat == Statistic::Flags { Statistic::Participation } else { stat }/>
            <h2>{move || i18n.t(M::ComplianceFlags)}</h2>
            <p class="actions no-print">
                <a class="button secondary" href=format!("/bureau/{district}/flags.xlsx") download="">{move || i18n.t(M::DownloadFlags)}</a>
            </p>
            <FlagTable flags=compliance with_school=true/>
            <h2>{move || i18n.t(M::ProcurementFlags)}</h2>
            <FlagTable flags=procurement with_school=true empty=M::NoProcurementFlags/>
            <h2>{move || i18n.t(M::ByGrade)}</h2>
            <GradeTable grades=d.grades/>
            <h2>{move || i18n.t(M::Schools)}</h2>
            <p class="actions no-print">
                <a class="button secondary" href=format!("/bureau/{district}/schools.xlsx?month={}", d.month) download="">{move || i18n.t(M::DownloadSchools)}</a>
            </p>
            <Schools schools=d.schools month=d.month/>
        </section>
    }
}

/// The district's boundary with a dot per school, coloured by `stat`; a
/// dot links to the school's record.
#[component]
fn Map(map: MapShape, schools: Vec<SchoolRow>, stat: Statistic, month: String) -> impl IntoView {
    let i18n = use_i18n();
    let scale = Scale::new(stat, schools.iter().map(|s| stat.value(&s.figures, s.flags)));
    let legend = scale.legend();
    let worse = if stat.more_is_worse() { "map-panel worse" } else { "map-panel" };
    view! {
        <div class=worse>
            <svg viewBox=format!("-8 -8 {} {}", map.width + 16.0, map.height + 16.0) role="group" aria-label=move || i18n.t(M::DistrictMap)>
                <path class="boundary" d=map.outline/>
                {schools.into_iter().filter_map(|s| s.dot.map(|dot| (s, dot))).map(|(s, (x, y))| {
                    let v = stat.value(&s.figures, s.flags);
                    let label = format!("{}: {}", s.name, i18n::stat_value(stat, v));
                    view! {
                        <a href=format!("/school/{}/supervision?month={month}", s.id) data-school=s.id.0 data-value=v.map(|v| v.to_string()).unwrap_or_default()>
                            <circle cx=x cy=y r="7" class=scale.class(v)><title>{label}</title></circle>
                        </a>
                    }
                }).collect_view()}
            </svg>
            <div>
                <h3>{move || i18n.t(M::MapLegend)}</h3>
                <ul class="legend">
                    {legend.into_iter().map(|(class, text)| view! { <li><span class=format!("swatch {class}")></span>{text}</li> }).collect_view()}
                    <li><span class="swatch bn"></span>{move || i18n.t(M::NoValue)}</li>
                </ul>
            </div>
        </div>
    }
}

#[component]
fn Schools(schools: Vec<SchoolRow>, month: String) -> impl IntoView {
    let i18n = use_i18n();
    let rate = |s: Statistic, r: &SchoolRow| i18n::stat_value(s, s.value(&r.figures, r.flags));
    view! {
        <div class="scroll">
            <table class="data schools">
                <thead><tr>
                    <th>{move || i18n.t(M::School)}</th><th>{move || i18n.t(M::Kind)}</th>
                    <th class="num">{move || i18n.t(M::Students)}</th><th class="num">{move || i18n.t(M::StatEnrolled)}</th>
                    <th class="num">{move || i18n.t(M::StatParticipation)}</th><th class="num">{move || i18n.t(M::StatAttendance)}</th>
                    <th class="num">{move || i18n.t(M::StatStaff)}</th><th class="num">{move || i18n.t(M::StatFees)}</th>
                    <th class="num">{move || i18n.t(M::Subsidy)}</th><th class="num">{move || i18n.t(M::FlagCount)}</th>
                </tr></thead>
                <tbody>
                    {schools.into_iter().map(|s| {
                        let kind = i18n::school_kind(s.kind);
                        view! {
                            <tr>
                                <td><a href=format!("/school/{}/supervision?month={month}", s.id)>{s.name.clone()}</a></td>
                                <td>{move || i18n.t(kind)}</td>
                                <td class="num">{s.figures.students}</td><td class="num">{s.figures.enrolled}</td>
                                <td class="num">{rate(Statistic::Participation, &s)}</td><td class="num">{rate(Statistic::Attendance, &s)}</td>
                                <td class="num">{s.figures.staff}</td><td class="num">{wire::money::yuan(s.figures.charged_fen)}</td>
                                <td class="num">{wire::money::yuan(s.figures.subsidy_fen)}</td><td class="num">{s.flags}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
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
                        let sev = crate::components::severity(x.severity);
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
