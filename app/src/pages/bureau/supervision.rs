//! A school's supervision record (the bureau's drill-down, and the school's
//! own view of it), the schools' reports (B4) as the school sends them and
//! the bureau reviews them, and the city's districts side by side.
use super::parts::{BureauStyle, FigureList, FlagTable, GradeTable, TrendChart};
use crate::api::{ReviewReport, SendReport, city_overview, reports_of_school, reports_waiting, supervision_record};
use crate::components::{FormError, Loading, failure, show};
use crate::i18n::{self, M, use_i18n};
use crate::outcome::said;
use crate::pages::params::id_param;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use wire::bureau::{CityView, Report, ReportDue, SchoolDrill, SchoolReports, Statistic};
use wire::ids::{CityId, DistrictId, SchoolId};

#[component]
pub fn SupervisionPage() -> impl IntoView {
    let id = id_param();
    let query = use_query_map();
    let r = Resource::new(move || (id.get(), query.read().get("month")), |(id, month)| supervision_record(SchoolId(id.unwrap_or(0)), month));
    view! {
        <BureauStyle/>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || show(r.get(), |d| view! { <Drill d/> })}
        </Suspense>
    }
}

#[component]
fn Drill(d: SchoolDrill) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="dashboard">
            <p class="eyebrow">{move || i18n.t(M::SupervisionOf)}" · "{d.month.clone()}</p>
            <h1>{d.name.clone()}</h1>
            <p class="actions no-print">
                <a href=format!("/bureau/{}?month={}", d.district, d.month)>{move || i18n.t(M::Supervision)}</a>
                <a href=format!("/school/{}/reports", d.school)>{move || i18n.t(M::SchoolReports)}</a>
                <a href=format!("/school/{}/safety", d.school)>{move || i18n.t(M::Incidents)}</a>
            </p>
            <FigureList f=d.figures flags=d.flags.len()/>
            <h2>{move || i18n.t(M::ComplianceFlags)}</h2>
            <FlagTable flags=d.flags/>
            <h2>{move || i18n.t(M::Trend)}" · "{move || i18n.t(M::StatParticipation)}</h2>
            <TrendChart trend=d.trend.clone() stat=Statistic::Participation/>
            <h2>{move || i18n.t(M::Trend)}" · "{move || i18n.t(M::StatAttendance)}</h2>
            <TrendChart trend=d.trend stat=Statistic::Attendance/>
            <h2>{move || i18n.t(M::ByGrade)}</h2>
            <GradeTable grades=d.grades/>
            <h2>{move || i18n.t(M::ReportsSent)}</h2>
            <ReportList reports=d.reports/>
            <h2>{move || i18n.t(M::Inspections)}</h2>
            <p class="actions no-print"><a href=format!("/school/{}/safety", d.school)>{move || i18n.t(M::SafetyRecords)}</a></p>
            {d.inspections.is_empty().then(|| view! { <p>{move || i18n.t(M::NoInspections)}</p> })}
            <ul class="cards">{d.inspections.into_iter().map(|x| view! { <InspectionSummary x/> }).collect_view()}</ul>
        </section>
    }
}

/// An inspection on the record: when, by whom, its findings and their state.
#[component]
fn InspectionSummary(x: wire::records::Inspection) -> impl IntoView {
    let i18n = use_i18n();
    let by = if x.inspector == wire::records::Inspector::Bureau { M::InspectedByBureau } else { M::InspectedBySchool };
    view! {
        <li class="card">
            <strong>{x.on_date.to_string()}</strong>" · "{move || i18n.t(by)}
            {x.scheduled.then(|| view! { " "<span class="chip">{move || i18n.t(M::InspectionScheduled)}</span> })}
            <p>{x.scope.clone()}</p>
            <ul>
                {x.findings.into_iter().map(|f| {
                    let state = if f.fixed.is_some() { None } else if f.overdue { Some(M::Overdue) } else { Some(M::FixDeadline) };
                    view! {
                        <li>{f.description}" · "{f.due.to_string()}
                            {state.map(|m| view! { " "<span class=if m == M::Overdue { "chip reason" } else { "chip" }>{move || i18n.t(m)}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </li>
    }
}

#[component]
fn ReportList(reports: Vec<Report>) -> impl IntoView {
    view! {
        <ul class="cards">
            {reports.into_iter().map(|r| view! { <li class="card"><ReportCard r/></li> }).collect_view()}
        </ul>
    }
}

/// A report as sent: its figures, narrative and review.
#[component]
fn ReportCard(r: Report) -> impl IntoView {
    let i18n = use_i18n();
    let status = i18n::report_status(r.status);
    view! {
        <h3>{r.school_name.clone()}" · "{r.period.clone()}" "<span class="chip">{move || i18n.t(status)}</span></h3>
        <p class="hint">{i18n::instant(&r.submitted_at)}</p>
        <FigureList f=r.figures/>
        {r.inspections.map(|(done, findings, open)| view! { <p>{move || i18n::msg::inspections_of_year(i18n.lang.get(), done, findings, open)}</p> })}
        <p class="narrative">{r.narrative}</p>
        {(!r.review_note.is_empty()).then(|| view! { <p><strong>{move || i18n.t(M::ReviewNote)}": "</strong>{r.review_note.clone()}</p> })}
    }
}

/// The school's reports: what it owes, with a form for each, and what it sent.
#[component]
pub fn SchoolReportsPage() -> impl IntoView {
    let id = id_param();
    let send = ServerAction::<SendReport>::new();
    let r = Resource::new(move || (id.get(), send.version().get()), |(id, _)| reports_of_school(SchoolId(id.unwrap_or(0))));
    view! {
        <BureauStyle/>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || show(r.get(), |r| view! { <Reports r send/> })}
        </Suspense>
    }
}

#[component]
fn Reports(r: SchoolReports, send: ServerAction<SendReport>) -> impl IntoView {
    let i18n = use_i18n();
    let school = r.school;
    view! {
        <section>
            <p class="eyebrow">{r.school_name.clone()}</p>
            <h1>{move || i18n.t(M::SchoolReports)}</h1>
            <FormError error=failure(send.value())/>
            {move || said(send.value(), "report_sent").get().then(|| view! { <p class="ok" role="status">{move || i18n.t(M::ReportSubmitted)}</p> })}
            <h2>{move || i18n.t(M::ReportsOwed)}</h2>
            {r.owed.is_empty().then(|| view! { <p>{move || i18n.t(M::NoReportsOwed)}</p> })}
            <ul class="cards">{r.owed.into_iter().map(|d| view! { <Owed d school send/> }).collect_view()}</ul>
            <h2>{move || i18n.t(M::ReportsSent)}</h2>
            <ReportList reports=r.sent/>
        </section>
    }
}

#[component]
fn Owed(d: ReportDue, school: SchoolId, send: ServerAction<SendReport>) -> impl IntoView {
    let i18n = use_i18n();
    let due = d.due.to_string();
    let period = d.period.clone();
    view! {
        <li class="card" data-period=d.period.clone()>
            <h3>{period.clone()}" "
                <span class=if d.overdue { "chip reason" } else { "chip" }>{move || i18n::msg::school_report_due(i18n.lang.get(), &due)}</span>
            </h3>
            {d.returned.map(|r| view! { <p><strong>{move || i18n.t(M::ReportReturned)}": "</strong>{r.review_note}</p> })}
            <FigureList f=d.figures/>
            <ActionForm action=send attr:class="stack">
                <input type="hidden" name="school" value=school.to_string()/>
                <input type="hidden" name="period" value=period/>
                <label><span>{move || i18n.t(M::ReportNarrative)}</span><textarea name="narrative" rows="5" maxlength="5000" required></textarea></label>
                <button class="button" type="submit">{move || i18n.t(M::SendReport)}</button>
            </ActionForm>
        </li>
    }
}

/// The district's reports waiting for the bureau.
#[component]
pub fn BureauReportsPage() -> impl IntoView {
    let id = id_param();
    let review = ServerAction::<ReviewReport>::new();
    let r = Resource::new(move || (id.get(), review.version().get()), |(id, _)| reports_waiting(DistrictId(id.unwrap_or(0))));
    let i18n = use_i18n();
    view! {
        <BureauStyle/>
        <section>
            <h1>{move || i18n.t(M::ReportsWaiting)}</h1>
            <FormError error=failure(review.value())/>
            {move || said(review.value(), "report_reviewed").get().then(|| view! { <p class="ok" role="status">{move || i18n.t(M::ReportAccepted)}</p> })}
            <Suspense fallback=|| view! { <Loading/> }>
                {move || show(r.get(), |list: Vec<Report>| view! {
                    {list.is_empty().then(|| view! { <p>{move || i18n.t(M::NoReportsWaiting)}</p> })}
                    <ul class="cards">
                        {list.into_iter().map(|r| {
                            let id = r.id;
                            view! {
                                <li class="card">
                                    <ReportCard r/>
                                    <ActionForm action=review attr:class="stack">
                                        <input type="hidden" name="report" value=id.to_string()/>
                                        <label><span>{move || i18n.t(M::ReviewNote)}</span><input name="note" maxlength="5000"/></label>
                                        <div class="actions">
                                            <button class="button" type="submit" name="accept" value="true">{move || i18n.t(M::AcceptReport)}</button>
                                            <button class="button danger" type="submit">{move || i18n.t(M::ReturnReport)}</button>
                                        </div>
                                    </ActionForm>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                })}
            </Suspense>
        </section>
    }
}

/// A city's districts side by side.
#[component]
pub fn CityPage() -> impl IntoView {
    let id = id_param();
    let query = use_query_map();
    let r = Resource::new(move || (id.get(), query.read().get("month")), |(id, month)| city_overview(CityId(id.unwrap_or(0)), month));
    view! {
        <BureauStyle/>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || show(r.get(), |c| view! { <City c/> })}
        </Suspense>
    }
}

#[component]
fn City(c: CityView) -> impl IntoView {
    let i18n = use_i18n();
    let rate = |s: Statistic, f: &wire::bureau::Figures| i18n::stat_value(s, s.value(f, 0));
    view! {
        <section class="dashboard">
            <p class="eyebrow">{move || i18n.t(M::CityOverview)}" · "{c.month.clone()}</p>
            <h1>{c.name.clone()}</h1>
            <p class="actions no-print"><a href=format!("/city/{}/vendors", c.city)>{move || i18n.t(M::VendorDesk)}</a></p>
            <form method="get" class="inline no-print">
                <input type="month" name="month" value=c.month.clone() aria-label=move || i18n.t(M::Month)/>
                <button class="button secondary" type="submit">{move || i18n.t(M::Show)}</button>
            </form>
            <table class="data">
                <thead><tr>
                    <th>{move || i18n.t(M::Districts)}</th><th class="num">{move || i18n.t(M::Schools)}</th>
                    <th class="num">{move || i18n.t(M::Students)}</th><th class="num">{move || i18n.t(M::StatEnrolled)}</th>
                    <th class="num">{move || i18n.t(M::StatParticipation)}</th><th class="num">{move || i18n.t(M::StatPriority)}</th>
                    <th class="num">{move || i18n.t(M::StatAttendance)}</th><th class="num">{move || i18n.t(M::StatSatisfaction)}</th>
                    <th class="num">{move || i18n.t(M::Subsidy)}</th><th class="num">{move || i18n.t(M::StatFlags)}</th>
                </tr></thead>
                <tbody>
                    {c.districts.into_iter().map(|(_, name, f, schools, flags)| view! {
                        <tr>
                            <td>{name}</td><td class="num">{schools}</td><td class="num">{f.students}</td><td class="num">{f.enrolled}</td>
                            <td class="num">{rate(Statistic::Participation, &f)}</td><td class="num">{rate(Statistic::Priority, &f)}</td>
                            <td class="num">{rate(Statistic::Attendance, &f)}</td><td class="num">{rate(Statistic::Satisfaction, &f)}</td>
                            <td class="num">{wire::money::yuan(f.subsidy_fen)}</td><td class="num">{flags}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
