use crate::api::{school_overview, school_plans};
use crate::components::{Loading, show};
use crate::i18n::{self, M, use_i18n};
use crate::pages::params::id_param;
use leptos::prelude::*;
use leptos_router::components::A;
use wire::ids::SchoolId;
use wire::plan::PlanStatus;
use wire::roles::{Panel, Role};

/// Roles that work at a school day to day.
const STAFF: [Role; 3] = [Role::SchoolAdmin, Role::ClassTeacher, Role::ServiceStaff];

/// A school's classes and enrolment, for its staff, committee and bureau.
#[component]
pub fn SchoolPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let overview = Resource::new(move || id.get(), |id| school_overview(SchoolId(id.unwrap_or(0))));
    let plans = Resource::new(move || id.get(), |id| school_plans(SchoolId(id.unwrap_or(0))));
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || show(overview.get(), |s| {
                let kind = i18n::school_kind(s.kind);
                view! {
                    <section>
                        <p class="eyebrow">{move || i18n.t(M::SchoolOverview)}</p>
                        <h1>{s.name}</h1>
                        <p>{move || i18n.t(M::District)}": "{s.district}" · "{move || i18n.t(kind)}</p>
                        <p>{move || i18n.t(M::Address)}": "{s.address}</p>
                        {move || crate::session::use_session().holds(|r| r.school == Some(s.id) && STAFF.contains(&r.role)).then(|| view! {
                            <p class="actions">
                                <A href=format!("/school/{}/pickups", s.id)>{move || i18n.t(M::SchoolDay)}</A>
                                <A href=format!("/school/{}/roster", s.id)>{move || i18n.t(M::Roster)}</A>
                                <A href=format!("/school/{}/safety", s.id)>{move || i18n.t(M::SafetyRecords)}</A>
                            </p>
                        })}
                        {move || crate::session::use_session().holds(|r| r.role == Role::BureauOfficial).then(|| view! {
                            <p class="actions">
                                <A href=format!("/school/{}/safety", s.id)>{move || i18n.t(M::SafetyRecords)}</A>
                                <A href=format!("/school/{}/supervision", s.id)>{move || i18n.t(M::SupervisionOf)}</A>
                            </p>
                        })}
                        {move || crate::session::use_session().holds(|r| r.role == Role::SchoolAdmin && r.school == Some(s.id)).then(|| view! {
                            <p class="actions">
                                <A href=format!("/school/{}/calendar", s.id)>{move || i18n.t(M::Calendar)}</A>
                                <A href=format!("/school/{}/rooms-and-staff", s.id)>{move || i18n.t(M::RoomsAndStaff)}</A>
                                <A href=format!("/school/{}/workload", s.id)>{move || i18n.t(M::Workload)}</A>
                                <A href=format!("/school/{}/reports", s.id)>{move || i18n.t(M::SchoolReports)}</A>
                                <A href=format!("/school/{}/supervision", s.id)>{move || i18n.t(M::SupervisionOf)}</A>
                            </p>
                        })}
                        {move || crate::session::use_session().holds(|r| matches!(r.role, Role::SchoolAdmin | Role::FamilyCommittee) && r.school == Some(s.id)).then(|| view! {
                            <p class="actions">
                                <A href=format!("/school/{}/tenders", s.id)>{move || i18n.t(M::Tenders)}</A>
                                <A href=format!("/school/{}/claims", s.id)>{move || i18n.t(M::ProofReview)}</A>
                            </p>
                        })}
                        {move || crate::session::use_session().holds(|r| r.school == Some(s.id) && (r.role == Role::SchoolAdmin || matches!(r.panel, Some(Panel::Treasurer | Panel::Supervision)))).then(|| view! {
                            <p class="actions">
                                <A href=format!("/school/{}/money", s.id)>{move || i18n.t(M::MoneyDesk)}</A>
                                <A href=format!("/schools/{}/disclosure", s.id)>{move || i18n.t(M::Disclosure)}</A>
                            </p>
                        })}
                        {move || crate::session::use_session().holds(|r| r.role == Role::BureauOfficial).then(|| view! {
                            <p class="actions"><A href=format!("/school/{}/money", s.id)>{move || i18n.t(M::MoneyDesk)}</A></p>
                        })}
                        <h2>{move || i18n.t(M::Plans)}</h2>
                        {move || crate::session::use_session().holds(|r| r.role == Role::SchoolAdmin && r.school == Some(s.id)).then(|| view! {
                            <p><A href=format!("/school/{}/plans/new", s.id) attr:class="button">{move || i18n.t(M::NewPlan)}</A></p>
                        })}
                        <Suspense fallback=|| view! { <Loading/> }>
                            {move || show(plans.get(), |list| {
                                if list.is_empty() {
                                    return view! { <p>{move || i18n.t(M::NoPlans)}</p> }.into_any();
                                }
                                view! {
                                    <ul class="plans">
                                        {list.into_iter().map(|p| {
                                            let status = if p.status == PlanStatus::Draft { M::Draft } else { M::Published };
                                            let href = if p.status == PlanStatus::Draft { format!("/plans/{}/edit", p.id) } else { format!("/plans/{}", p.id) };
                                            view! {
                                                <li>
                                                    <A href=href>{p.title}</A>
                                                    " "<span class="chip">{move || i18n.t(status)}</span>
                                                    <small>" "{format!("{} — {}", p.term_start, p.term_end)}</small>
                                                    {(p.status == PlanStatus::Published && crate::session::use_session().holds(|r| r.role == Role::SchoolAdmin && r.school == Some(s.id))).then(|| view! {
                                                        " "<A href=format!("/plans/{}/timetable", p.id)>{move || i18n.t(M::Timetable)}</A>
                                                    })}
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            })}
                        </Suspense>
                        <h2>{move || i18n.t(M::Classes)}</h2>
                        <table class="data">
                            <thead><tr>
                                <th>{move || i18n.t(M::Class)}</th>
                                <th class="num">{move || i18n.t(M::Students)}</th>
                                <th>{move || i18n.t(M::LinkCodes)}</th>
                            </tr></thead>
                            <tbody>
                                {s.classes.into_iter().map(|c| view! {
                                    <tr>
                                        <td>{c.name}</td><td class="num">{c.students}</td>
                                        <td><A href=format!("/classes/{}/links", c.id)>{move || i18n.t(M::LinkCodes)}</A></td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </section>
                }
            })}
        </Suspense>
    }
}
