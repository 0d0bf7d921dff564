//! A school's safety records (S8, S9): incidents with their updates and the
//! written report a serious one needs, and inspections with their findings,
//! fixed or escalated to the bureau. The bureau's officials use the same
//! page to inspect (B5).
use crate::api::{AddFinding, CloseIncident, FileIncidentReport, RecordInspection, ReportIncident, ResolveFinding, UpdateIncident, school_safety};
use crate::components::{FormError, IncidentForm, Loading, failure, severity, show};
use crate::i18n::{self, M, use_i18n};
use crate::outcome::said;
use crate::pages::params::id_param;
use leptos::prelude::*;
use wire::ids::SchoolId;
use wire::records::{Finding, Incident, Inspection, Inspector, SafetyRecords, Severity};

#[derive(Clone, Copy)]
struct Actions {
    report: ServerAction<ReportIncident>,
    update: ServerAction<UpdateIncident>,
    file: ServerAction<FileIncidentReport>,
    close: ServerAction<CloseIncident>,
    inspect: ServerAction<RecordInspection>,
    finding: ServerAction<AddFinding>,
    resolve: ServerAction<ResolveFinding>,
}

#[component]
pub fn SafetyPage() -> impl IntoView {
    let id = id_param();
    let a = Actions {
        report: ServerAction::new(),
        update: ServerAction::new(),
        file: ServerAction::new(),
        close: ServerAction::new(),
        inspect: ServerAction::new(),
        finding: ServerAction::new(),
        resolve: ServerAction::new(),
    };
    let records = Resource::new(
        move || {
            (
                id.get(),
                (a.report.version().get(), a.update.version().get(), a.file.version().get(), a.close.version().get()),
                (a.inspect.version().get(), a.finding.version().get(), a.resolve.version().get()),
            )
        },
        |(id, ..)| school_safety(SchoolId(id.unwrap_or(0))),
    );
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || show(records.get(), |r: SafetyRecords| view! { <Records r a/> })}
        </Suspense>
    }
}

#[component]
fn Records(r: SafetyRecords, a: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let school = r.school.to_string();
    let keeps = r.inspector == Inspector::School;
    let errors = [failure(a.report.value()), failure(a.update.value()), failure(a.file.value()), failure(a.close.value())];
    let more = [failure(a.inspect.value()), failure(a.finding.value()), failure(a.resolve.value())];
    view! {
        <section class="safety">
            <p class="eyebrow">{r.school_name.clone()}</p>
            <h1>{move || i18n.t(M::SafetyRecords)}</h1>
            {errors.into_iter().chain(more).map(|e| view! { <FormError error=e/> }).collect_view()}
            {move || said(a.report.value(), "incident_reported").get().then(|| view! { <p class="ok" role="status">{move || i18n.t(M::IncidentReported)}</p> })}
            {move || said(a.file.value(), "report_filed").get().then(|| view! { <p class="ok" role="status">{move || i18n.t(M::ReportFiled)}</p> })}
            {move || said(a.inspect.value(), "inspection_recorded").get().then(|| view! { <p class="ok" role="status">{move || i18n.t(M::InspectionRecorded)}</p> })}

            <h2>{move || i18n.t(M::Incidents)}</h2>
            {r.incidents.is_empty().then(|| view! { <p>{move || i18n.t(M::NoIncidents)}</p> })}
            <ul class="cards incidents">
                {r.incidents.into_iter().map(|x| view! { <IncidentCard x a keeps/> }).collect_view()}
            </ul>
            {keeps.then(|| view! { <IncidentForm school=school.clone() report=a.report/> })}

            <h2>{move || i18n.t(M::Inspections)}</h2>
            {r.inspections.is_empty().then(|| view! { <p>{move || i18n.t(M::NoInspections)}</p> })}
            <ul class="cards inspections">
                {r.inspections.into_iter().map(|x| view! { <InspectionCard x a keeps/> }).collect_view()}
            </ul>
            <details class="card">
                <summary>{move || i18n.t(M::RecordInspection)}</summary>
                <ActionForm action=a.inspect attr:class="stack">
                    <input type="hidden" name="school" value=school/>
                    <label><span>{move || i18n.t(M::Date)}</span><input type="date" name="inspection[on_date]" required/></label>
                    <label><span>{move || i18n.t(M::InspectionScope)}</span><textarea name="inspection[scope]" rows="2" maxlength="1000" required></textarea></label>
                    <button class="button" type="submit">{move || i18n.t(M::RecordInspection)}</button>
                </ActionForm>
            </details>
        </section>
    }
}

#[component]
fn IncidentCard(x: Incident, a: Actions, keeps: bool) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang;
    let sev = severity(x.severity);
    let id = x.id.to_string();
    let (id1, id2, id3) = (id.clone(), id.clone(), id);
    let needs_report = x.report_due.is_some() && x.report.is_none();
    let due = x.report_due;
    view! {
        <li class="card incident">
            <span class=if x.severity == Severity::Serious { "chip reason" } else { "chip" }>{move || i18n.t(sev)}</span>" "
            <strong>{i18n::instant(&x.reported_at)}</strong>" · "{x.reported_by.clone()}
            {x.closed.then(|| view! { " "<span class="chip">{move || i18n.t(M::Closed)}</span> })}
            {x.report_overdue.then(|| view! { " "<span class="chip reason">{move || i18n.t(M::ReportOverdue)}</span> })}
            <p>{x.summary.clone()}</p>
            <p class="hint">{move || i18n.t(M::PeopleInvolved)}": "{x.people.clone()}</p>
            <p class="hint">{move || i18n.t(M::ActionsTaken)}": "{x.actions.clone()}</p>
            {(!x.guardians_told.is_empty()).then(|| view! { <p class="hint">{move || i18n.t(M::GuardiansTold)}": "{x.guardians_told.clone()}</p> })}
            {x.updates.into_iter().map(|u| view! { <p class="hint">{i18n::instant(&u.at)}" · "{u.by}": "{u.entry}</p> }).collect_view()}
            {due.map(|d| view! { <p class="hint">{move || i18n::msg::report_due(lang.get(), d.to_string())}</p> })}
            {x.report.map(|r| view! {
                <dl class="report">
                    <dt>{move || i18n.t(M::ReportCourse)}</dt><dd>{r.course}</dd>
                    <dt>{move || i18n.t(M::ReportCauses)}</dt><dd>{r.causes}</dd>
                    <dt>{move || i18n.t(M::ReportOutcome)}</dt><dd>{r.outcome}</dd>
                    <dt>{move || i18n.t(M::ReportLessons)}</dt><dd>{r.lessons}</dd>
                    <dt>{move || i18n.t(M::ReportImprovements)}</dt><dd>{r.improvements}</dd>
                </dl>
            })}
            {(keeps && !x.closed).then(|| view! {
                <details>
                    <summary>{move || i18n.t(M::AddUpdate)}</summary>
                    <ActionForm action=a.update attr:class="stack">
                        <input type="hidden" name="incident" value=id1/>
                        <label><span>{move || i18n.t(M::ActionsTaken)}</span><textarea name="entry" rows="2" maxlength="2000" required></textarea></label>
                        <button class="button secondary" type="submit">{move || i18n.t(M::AddUpdate)}</button>
                    </ActionForm>
                </details>
                {needs_report.then(|| view! {
                    <details open=true>
                        <summary>{move || i18n.t(M::FileReport)}</summary>
                        <ActionForm action=a.file attr:class="stack">
                            <input type="hidden" name="incident" value=id2/>
                            <label><span>{move || i18n.t(M::ReportCourse)}</span><textarea name="report[course]" rows="2" maxlength="2000" required></textarea></label>
                            <label><span>{move || i18n.t(M::ReportCauses)}</span><textarea name="report[causes]" rows="2" maxlength="2000" required></textarea></label>
                            <label><span>{move || i18n.t(M::ReportOutcome)}</span><textarea name="report[outcome]" rows="2" maxlength="2000" required></textarea></label>
                            <label><span>{move || i18n.t(M::ReportLessons)}</span><textarea name="report[lessons]" rows="2" maxlength="2000" required></textarea></label>
                            <label><span>{move || i18n.t(M::ReportImprovements)}</span><textarea name="report[improvements]" rows="2" maxlength="2000" required></textarea></label>
                            <button class="button" type="submit">{move || i18n.t(M::FileReport)}</button>
                        </ActionForm>
                    </details>
                })}
                <ActionForm action=a.close attr:class="inline">
                    <input type="hidden" name="incident" value=id3/>
                    <button class="link" type="submit">{move || i18n.t(M::CloseIncident)}</button>
                </ActionForm>
            })}
        </li>
    }
}

#[component]
fn InspectionCard(x: Inspection, a: Actions, keeps: bool) -> impl IntoView {
    let i18n = use_i18n();
    let by = if x.inspector == Inspector::Bureau { M::InspectedByBureau } else { M::InspectedBySchool };
    view! {
        <li class="card inspection">
            <strong>{x.on_date.to_string()}</strong>" · "{move || i18n.t(by)}" · "{x.by.clone()}
            {x.scheduled.then(|| view! { " "<span class="chip">{move || i18n.t(M::InspectionScheduled)}</span> })}
            <p>{x.scope.clone()}</p>
            {x.findings.is_empty().then(|| view! { <p class="hint">{move || i18n.t(M::NoFindings)}</p> })}
            <ul class="findings">
                {x.findings.into_iter().map(|f| view! { <FindingLine f a keeps/> }).collect_view()}
            </ul>
            <details>
                <summary>{move || i18n.t(M::AddFinding)}</summary>
                <ActionForm action=a.finding attr:class="stack">
                    <input type="hidden" name="inspection" value=x.id.to_string()/>
                    <label><span>{move || i18n.t(M::FindingDescription)}</span><textarea name="finding[description]" rows="2" maxlength="1000" required></textarea></label>
                    <label><span>{move || i18n.t(M::Responsible)}</span><input name="finding[responsible]" maxlength="40" required/></label>
                    <label><span>{move || i18n.t(M::FixDeadline)}</span><input type="date" name="finding[due]" required/></label>
                    <button class="button secondary" type="submit">{move || i18n.t(M::AddFinding)}</button>
                </ActionForm>
            </details>
        </li>
    }
}

/// A finding with its state, and (for the school) the forms to fix or escalate it.
#[component]
fn FindingLine(f: Finding, a: Actions, keeps: bool) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang;
    let open = f.fixed.is_none();
    let due = f.due.to_string();
    view! {
        <li class="finding">
            {f.description.clone()}" · "{f.responsible.clone()}" · "{move || i18n::msg::fix_by(lang.get(), &due)}
            {f.overdue.then(|| view! { " "<span class="chip reason">{move || i18n.t(M::Overdue)}</span> })}
            {f.fixed.clone().map(|n| view! { <p class="ok">{move || i18n.t(M::Fixed)}": "{n.clone()}</p> })}
            {f.escalated.clone().map(|n| view! { <p class="hint">{move || i18n.t(M::EscalatedToBureau)}": "{n.clone()}</p> })}
            {(keeps && open).then(|| {
                let id = f.id.to_string();
                view! {
                    <ActionForm action=a.resolve attr:class="stack">
                        <input type="hidden" name="finding" value=id/>
                        <label><span>{move || i18n.t(M::Note)}</span><input name="note" maxlength="1000" required/></label>
                        <label class="check"><input type="checkbox" name="escalate" value="true"/><span>{move || i18n.t(M::CannotFixEscalate)}</span></label>
                        <button class="button secondary" type="submit">{move || i18n.t(M::ResolveFinding)}</button>
                    </ActionForm>
                }
            })}
        </li>
    }
}
