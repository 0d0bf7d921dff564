//! Recording an incident, from the school's safety records and from a
//! session's day.
use crate::api::ReportIncident;
use crate::i18n::{M, use_i18n};
use leptos::prelude::*;
use wire::records::Severity;

pub fn severity(s: Severity) -> M {
    match s {
        Severity::Minor => M::SeverityMinor,
        Severity::Moderate => M::SeverityModerate,
        Severity::Serious => M::SeveritySerious,
    }
}

/// The form that records an incident, on this page and on a session's day.
#[component]
pub fn IncidentForm(school: String, #[prop(optional)] session: Option<String>, report: ServerAction<ReportIncident>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <details class="card">
            <summary>{move || i18n.t(M::ReportIncident)}</summary>
            <ActionForm action=report attr:class="stack">
                <input type="hidden" name="school" value=school/>
                {session.map(|s| view! { <input type="hidden" name="incident[session]" value=s/> })}
                <label>
                    <span>{move || i18n.t(M::Severity)}</span>
                    <select name="incident[severity]">
                        {Severity::ALL.iter().map(|s| {
                            let m = severity(*s);
                            view! { <option value=s.as_str()>{move || i18n.t(m)}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label><span>{move || i18n.t(M::WhatHappened)}</span><textarea name="incident[summary]" rows="3" maxlength="2000" required></textarea></label>
                <label><span>{move || i18n.t(M::PeopleInvolved)}</span><input name="incident[people]" maxlength="2000" required/></label>
                <label><span>{move || i18n.t(M::ActionsTaken)}</span><textarea name="incident[actions]" rows="2" maxlength="2000" required></textarea></label>
                <label><span>{move || i18n.t(M::GuardiansTold)}</span><input name="incident[guardians_told]" maxlength="2000"/></label>
                <p class="hint">{move || i18n.t(M::SeriousIncidentHint)}</p>
                <button class="button" type="submit">{move || i18n.t(M::ReportIncident)}</button>
            </ActionForm>
        </details>
    }
}
