//! One child, for the guardian: the pickup code and how the child goes
//! home, leave slips to confirm, the recent days' attendance and handovers
//! (P8, P9), authorised pickup persons, early or late pickup and absence
//! requests, and special needs (P11).
use crate::api::{AddPickupPerson, AgreeToSports, ChangePickup, ConfirmLeaveSlip, RemovePickupPerson, RequestPickup, SaveSpecialNeeds, child_care};
use crate::components::{FormError, Loading, PickupLine, ReadsList, failure, show};
use crate::i18n::{M, use_i18n};
use crate::outcome::said;
use crate::pages::params::id_param;
use leptos::prelude::*;
use wire::families::{ChildCare, ConsentKind};
use wire::ids::StudentId;
use wire::service_day::{ChildDay, ChildService, NoteKind};

/// A notice the guardian reads, and the box they tick to consent: the form
/// sends the notice's version, so a stale page cannot consent to a newer text.
#[component]
pub fn ConsentBox(kind: ConsentKind, name: &'static str, title: M, notice: M, consent: M) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="consent">
            <h3>{move || i18n.t(title)}</h3>
            <p class="notice-text">{move || i18n.t(notice)}</p>
            <label class="check">
                <input type="checkbox" name=name value=kind.version().to_string() required/>
                <span>{move || i18n.t(consent)}</span>
            </label>
        </div>
    }
}

#[component]
pub fn ChildPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let add = ServerAction::<AddPickupPerson>::new();
    let remove = ServerAction::<RemovePickupPerson>::new();
    let request = ServerAction::<RequestPickup>::new();
    let save = ServerAction::<SaveSpecialNeeds>::new();
    let absence = ServerAction::<RequestPickup>::new();
    let acts = ServiceActions { confirm: ServerAction::new(), agree: ServerAction::new(), change: ServerAction::new() };
    let week = crate::pages::params::week_param();
    let care = Resource::new(
        move || {
            (
                (id.get(), week.get(), add.version().get(), remove.version().get(), request.version().get(), save.version().get()),
                (absence.version().get(), acts.confirm.version().get(), acts.agree.version().get(), acts.change.version().get()),
            )
        },
        |((id, week, ..), _)| child_care(StudentId(id.unwrap_or(0)), week),
    );
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || show(care.get(), |c: ChildCare| {
                let child = c.student.to_string();
                let (c1, c2, c3) = (child.clone(), child.clone(), child);
                let persons = c.pickup_persons.clone();
                view! {
                    <section class="child-care">
                        <h1>{c.name.clone()}</h1>
                        <GoingHome child=c.student s=c.service.clone() acts absence/>
                        <h2>{move || i18n.t(M::ChildWeek)}</h2>
                        <crate::components::WeekView w=c.week.clone()/>
                        <h2>{move || i18n.t(M::PickupPersons)}</h2>
                        {c.pickup_persons.is_empty().then(|| view! { <p>{move || i18n.t(M::NoPickupPersons)}</p> })}
                        <ul class="cards">
                            {c.pickup_persons.into_iter().map(|p| view! {
                                <li class="card person">
                                    <strong>{p.name}</strong>" · "{p.relation}" · "{p.phone}
                                    <ActionForm action=remove attr:class="inline">
                                        <input type="hidden" name="person" value=p.id.to_string()/>
                                        <button class="link danger" type="submit">{move || i18n.t(M::Remove)}</button>
                                    </ActionForm>
                                </li>
                            }).collect_view()}
                        </ul>
                        <details class="card">
                            <summary>{move || i18n.t(M::AddPickupPerson)}</summary>
                            <ActionForm action=add attr:class="stack">
                                <input type="hidden" name="child" value=c1/>
                                <label><span>{move || i18n.t(M::Name)}</span><input name="person[name]" maxlength="40" required/></label>
                                <label><span>{move || i18n.t(M::Relation)}</span><input name="person[relation]" maxlength="40" required/></label>
                                <label><span>{move || i18n.t(M::PhoneNumber)}</span><input name="person[phone]" type="tel" inputmode="numeric" required/></label>
                                <button class="button" type="submit">{move || i18n.t(M::AddPickupPerson)}</button>
                            </ActionForm>
                            <FormError error=failure(add.value())/>
                        </details>

                        <h2>{move || i18n.t(M::PickupRequests)}</h2>
                        {c.pickup_requests.is_empty().then(|| view! { <p>{move || i18n.t(M::NoPickupRequests)}</p> })}
                        <ul class="pickups">
                            {c.pickup_requests.into_iter().map(|r| view! { <PickupLine r/> }).collect_view()}
                        </ul>
                        <ActionForm action=request attr:class="stack card">
                            <input type="hidden" name="child" value=c2/>
                            <label><span>{move || i18n.t(M::Date)}</span><input type="date" name="request[on_date]" required/></label>
                            <label>
                                <span>{move || i18n.t(M::PickupRequests)}</span>
                                <select name="request[kind]">
                                    <option value="early">{move || i18n.t(M::PickupEarly)}</option>
                                    <option value="late">{move || i18n.t(M::PickupLate)}</option>
                                </select>
                            </label>
                            <label><span>{move || i18n.t(M::Time)}</span><input type="time" name="request[at_time]" required/></label>
                            <label>
                                <span>{move || i18n.t(M::Collector)}</span>
                                <select name="request[pickup_person]">
                                    <option value="">{move || i18n.t(M::CollectorGuardian)}</option>
                                    {persons.into_iter().map(|p| view! { <option value=p.id.to_string()>{p.name}" · "{p.relation}</option> }).collect_view()}
                                </select>
                            </label>
                            <label><span>{move || i18n.t(M::ReasonOptional)}</span><input name="request[reason]" maxlength="200"/></label>
                            <button class="button" type="submit">{move || i18n.t(M::RequestPickup)}</button>
                        </ActionForm>
                        <FormError error=failure(request.value())/>

                        <h2>{move || i18n.t(M::SpecialNeeds)}</h2>
                        <ActionForm action=save attr:class="stack">
                            <input type="hidden" name="child" value=c3/>
                            <label><span>{move || i18n.t(M::Allergies)}</span><textarea name="needs[allergies]" rows="2" maxlength="1000">{c.needs.allergies.clone()}</textarea></label>
                            <label><span>{move || i18n.t(M::Conditions)}</span><textarea name="needs[conditions]" rows="2" maxlength="1000">{c.needs.conditions.clone()}</textarea></label>
                            <label><span>{move || i18n.t(M::OtherNeeds)}</span><textarea name="needs[needs]" rows="2" maxlength="1000">{c.needs.needs.clone()}</textarea></label>
                            <ConsentBox kind=ConsentKind::SpecialNeeds name="consent_version"
                                title=M::NeedsNoticeTitle notice=M::NeedsNotice consent=M::NeedsConsent/>
                            <button class="button" type="submit">{move || i18n.t(M::Save)}</button>
                        </ActionForm>
                        {move || said(save.value(), "saved").get().then(|| view! { <p class="ok" role="status">{move || i18n.t(M::Saved)}</p> })}
                        <FormError error=failure(save.value())/>
                        <h3>{move || i18n.t(M::NeedsReadBy)}</h3>
                        {c.needs_reads.is_empty().then(|| view! { <p>{move || i18n.t(M::NoNeedsReads)}</p> })}
                        <ReadsList reads=c.needs_reads/>
                    </section>
                }
            })}
        </Suspense>
    }
}

#[derive(Clone, Copy)]
struct ServiceActions {
    confirm: ServerAction<ConfirmLeaveSlip>,
    agree: ServerAction<AgreeToSports>,
    change: ServerAction<ChangePickup>,
}

/// How the child goes home: the code to show at the gate, walking home
/// alone, leave slips to sign, a day's absence, and the recent days.
#[component]
fn GoingHome(child: StudentId, s: ChildService, acts: ServiceActions, absence: ServerAction<RequestPickup>) -> impl IntoView {
    let i18n = use_i18n();
    let id = child.to_string();
    let (id1, id2, id3) = (id.clone(), id.clone(), id);
    let alone = s.walks_alone;
    view! {
        <h2>{move || i18n.t(M::GoingHome)}</h2>
        <FormError error=failure(acts.confirm.value())/>
        <FormError error=failure(acts.agree.value())/>
        <FormError error=failure(acts.change.value())/>
        <FormError error=failure(absence.value())/>
        {move || said(acts.confirm.value(), "slip_confirmed").get().then(|| view! { <p class="ok" role="status">{move || i18n.t(M::SlipConfirmedDone)}</p> })}
        {move || said(absence.value(), "absence_asked").get().then(|| view! { <p class="ok" role="status">{move || i18n.t(M::AbsenceAskedDone)}</p> })}
        <div class="card pickup-code">
            <p>{move || i18n.t(M::PickupCode)}</p>
            <p class="code" data-pickup-code=s.pickup_code.clone()><strong>{s.pickup_code.clone()}</strong></p>
            <p class="hint">{move || i18n.t(M::PickupCodeHint)}</p>
            <ActionForm action=acts.change attr:class="inline">
                <input type="hidden" name="child" value=id1/>
                <input type="hidden" name="renew_code" value="true"/>
                <button class="link" type="submit">{move || i18n.t(M::RenewPickupCode)}</button>
            </ActionForm>
        </div>
        <p><a href=format!("/children/{child}/photos")>{move || i18n.t(M::PickupPhotos)}</a></p>
        <ActionForm action=acts.change attr:class="stack card">
            <input type="hidden" name="child" value=id2/>
            <label>
                <span>{move || i18n.t(M::WalksAloneQuestion)}</span>
                <select name="walks_alone">
                    <option value="false" selected=!alone>{move || i18n.t(M::WalksAloneNo)}</option>
                    <option value="true" selected=alone>{move || i18n.t(M::WalksAloneYes)}</option>
                </select>
            </label>
            <button class="button secondary" type="submit">{move || i18n.t(M::SaveGoingHome)}</button>
        </ActionForm>

        <h3>{move || i18n.t(M::LeaveSlips)}</h3>
        {s.slips.is_empty().then(|| view! { <p>{move || i18n.t(M::NoLeaveSlips)}</p> })}
        <ul class="cards">
            {s.slips.into_iter().map(|slip| view! {
                <li class="card slip">
                    <strong>{slip.on_date.to_string()}" "{slip.leave_at.format("%H:%M").to_string()}</strong>" · "{slip.reason.clone()}
                    {if slip.confirmed {
                        view! { <p class="ok">{move || i18n.t(M::SlipConfirmed)}</p> }.into_any()
                    } else {
                        view! {
                            <ActionForm action=acts.confirm attr:class="inline">
                                <input type="hidden" name="slip" value=slip.id.to_string()/>
                                <button class="button" type="submit">{move || i18n.t(M::ConfirmLeaveSlip)}</button>
                            </ActionForm>
                        }.into_any()
                    }}
                </li>
            }).collect_view()}
        </ul>

        <details class="card">
            <summary>{move || i18n.t(M::AskAbsence)}</summary>
            <ActionForm action=absence attr:class="stack">
                <input type="hidden" name="child" value=id3/>
                <input type="hidden" name="request[kind]" value="absent"/>
                <input type="hidden" name="request[at_time]" value="00:00"/>
                <label><span>{move || i18n.t(M::Date)}</span><input type="date" name="request[on_date]" required/></label>
                <label><span>{move || i18n.t(M::ReasonOptional)}</span><input name="request[reason]" maxlength="200"/></label>
                <button class="button secondary" type="submit">{move || i18n.t(M::AskAbsence)}</button>
            </ActionForm>
        </details>

        <h3>{move || i18n.t(M::RecentDays)}</h3>
        {s.days.is_empty().then(|| view! { <p>{move || i18n.t(M::NoRecentDays)}</p> })}
        <ul class="cards days">
            {s.days.into_iter().map(|d| view! { <DayLine d agree=acts.agree/> }).collect_view()}
        </ul>
    }
}

/// One day: came or not, notes from staff, who took the child home when.
#[component]
fn DayLine(d: ChildDay, agree: ServerAction<AgreeToSports>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang;
    let mark = match (d.present, d.excused) {
        (Some(true), _) => Some(M::Present),
        (Some(false), true) => Some(M::AbsentExcused),
        (Some(false), false) => Some(M::Absent),
        (None, _) => None,
    };
    view! {
        <li class="card day" data-date=d.date.to_string()>
            <strong>{d.date.to_string()}</strong>
            {mark.map(|m| view! { " "<span class=if m == M::Absent { "chip reason" } else { "chip" }>{move || i18n.t(m)}</span> })}
            {d.kept_out.then(|| view! { " "<span class="chip reason">{move || i18n.t(M::KeptOutOfSports)}</span> })}
            {d.notes.into_iter().map(|n| {
                let k = crate::i18n::note_kind(n.kind);
                let ask = n.kind == NoteKind::Unwell && !n.sports_agreed;
                view! {
                    <p class="hint">{move || i18n.t(k)}{(!n.note.is_empty()).then(|| format!(": {}", n.note))}</p>
                    {ask.then(|| view! {
                        <ActionForm action=agree attr:class="inline">
                            <input type="hidden" name="note" value=n.id.to_string()/>
                            <button class="button secondary" type="submit">{move || i18n.t(M::AgreeToSports)}</button>
                        </ActionForm>
                    })}
                }
            }).collect_view()}
            {d.handed.map(|h| {
                let way = crate::i18n::handover_way(h.way);
                let at = crate::i18n::instant(&h.at);
                view! { <p>{move || i18n.t(way)}" "{h.to_name.clone()}" · "{at.clone()}" · "{move || crate::i18n::msg::checked_by(lang.get(), &h.checked_by)}</p> }
            })}
        </li>
    }
}
