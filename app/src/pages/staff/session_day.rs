//! A session on a date, on the phone of the adult who runs it (S5, S6):
//! attendance in a few taps (all present, tick the absent, one submit), then
//! each child's handover by the pickup code, notes to the guardians, leave
//! slips, and children who stay behind. Server HTML with plain forms: no
//! script to download at the school gate.
use crate::api::{AddCareLog, AddDayGuest, CorrectAttendance, HandChildOver, IssueLeaveSlip, NoteChild, ReportIncident, TakeAttendance, day_of_session};
use crate::components::{FormError, Loading, failure, show};
use crate::i18n::{self, M, use_i18n};
use crate::outcome::said;
use crate::pages::params::id_param;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use wire::ids::SessionId;
use wire::service_day::{DayChild, NoteKind, SessionDay};

/// The actions every child's forms share, so an error shows once at the top.
#[derive(Clone, Copy)]
struct Actions {
    hand: ServerAction<HandChildOver>,
    note: ServerAction<NoteChild>,
    slip: ServerAction<IssueLeaveSlip>,
    correct: ServerAction<CorrectAttendance>,
}

#[component]
pub fn SessionDayPage() -> impl IntoView {
    let id = id_param();
    let params = use_params_map();
    let date = Memo::new(move |_| params.read().get("date").and_then(|d| d.parse::<chrono::NaiveDate>().ok()));
    let take = ServerAction::<TakeAttendance>::new();
    let guest = ServerAction::<AddDayGuest>::new();
    let log = ServerAction::<AddCareLog>::new();
    let incident = ServerAction::<ReportIncident>::new();
    let acts = Actions { hand: ServerAction::new(), note: ServerAction::new(), slip: ServerAction::new(), correct: ServerAction::new() };
    let day = Resource::new(
        move || {
            (
                id.get(),
                date.get(),
                take.version().get(),
                (guest.version().get(), log.version().get(), incident.version().get()),
                acts.hand.version().get(),
                acts.note.version().get(),
                acts.slip.version().get(),
                acts.correct.version().get(),
            )
        },
        |(id, date, ..)| day_of_session(SessionId(id.unwrap_or(0)), date.unwrap_or_default()),
    );
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || show(day.get(), |d: SessionDay| {
                let later = d.clone();
                view! { <Day d take guest acts/> <CareLog d=later log incident/> }
            })}
        </Suspense>
    }
}

#[component]
fn Day(d: SessionDay, take: ServerAction<TakeAttendance>, guest: ServerAction<AddDayGuest>, acts: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang;
    let s = d.session.clone();
    let activity = i18n::activity(s.activity);
    let when = format!("{} {}–{}", d.date, s.starts_at.format("%H:%M"), s.ends_at.format("%H:%M"));
    let (session, on) = (s.id.to_string(), d.date.to_string());
    let count = d.children.iter().filter(|c| c.guest_reason.is_none()).count() as i64;
    view! {
        <section class="session-day">
            <p class="eyebrow">{d.school_name.clone()}</p>
            <h1>{when}" "{move || i18n.t(activity)}</h1>
            <p class="hint">
                {s.room_name.clone()}" · "{s.group_name.clone()}" · "{move || i18n::msg::children_count(lang.get(), count)}
                {d.duty_leader.clone().map(|l| view! { <br/>{move || i18n.t(M::DutyLeader)}": "{l.clone()} })}
            </p>
            <FormError error=failure(take.value())/>
            <FormError error=failure(acts.hand.value())/>
            <FormError error=failure(acts.note.value())/>
            <FormError error=failure(acts.slip.value())/>
            <FormError error=failure(acts.correct.value())/>
            <FormError error=failure(guest.value())/>
            {move || said(acts.hand.value(), "handed_over").get().then(|| view! { <p class="ok" role="status">{move || i18n.t(M::HandedOverDone)}</p> })}
            {move || said(acts.note.value(), "noted").get().then(|| view! { <p class="ok" role="status">{move || i18n.t(M::NotedDone)}</p> })}
            {move || said(acts.slip.value(), "slip_issued").get().then(|| view! { <p class="ok" role="status">{move || i18n.t(M::SlipIssuedDone)}</p> })}
            {match d.sheet.clone() {
                None => view! { <Register d=d.clone() take/> }.into_any(),
                Some(sheet) => {
                    let taken = i18n::instant(&sheet.taken_at);
                    view! {
                        <p class="ok" role="status">{move || i18n::msg::attendance_taken_by(lang.get(), &sheet.taken_by, &taken)}</p>
                        <ul class="cards children">
                            {d.children.clone().into_iter().map(|c| view! { <ChildCard c session=session.clone() on=on.clone() sheet=sheet.id acts/> }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
            <details class="card">
                <summary>{move || i18n.t(M::AddDayGuest)}</summary>
                <p class="hint">{move || i18n.t(M::AddDayGuestHint)}</p>
                <ActionForm action=guest attr:class="stack">
                    <input type="hidden" name="session" value=s.id.to_string()/>
                    <label><span>{move || i18n.t(M::StudentNo)}</span><input name="student_no" maxlength="40" required/></label>
                    <label><span>{move || i18n.t(M::ReasonLabel)}</span><input name="reason" maxlength="200" required/></label>
                    <button class="button secondary" type="submit">{move || i18n.t(M::AddDayGuest)}</button>
                </ActionForm>
            </details>
        </section>
    }
}

/// The day's care log and the way to record an incident in this session.
#[component]
fn CareLog(d: SessionDay, log: ServerAction<AddCareLog>, incident: ServerAction<ReportIncident>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="care-log">
            <h2>{move || i18n.t(M::CareLog)}</h2>
            <FormError error=failure(log.value())/>
            <FormError error=failure(incident.value())/>
            {move || said(incident.value(), "incident_reported").get().then(|| view! { <p class="ok" role="status">{move || i18n.t(M::IncidentReported)}</p> })}
            {d.log.is_empty().then(|| view! { <p>{move || i18n.t(M::NoCareLog)}</p> })}
            <ul>
                {d.log.into_iter().map(|e| view! { <li>{i18n::instant(&e.at)}" · "{e.by}": "{e.entry}</li> }).collect_view()}
            </ul>
            <ActionForm action=log attr:class="stack card">
                <input type="hidden" name="session" value=d.session.id.to_string()/>
                <label><span>{move || i18n.t(M::CareLogEntry)}</span><textarea name="entry" rows="2" maxlength="2000" required></textarea></label>
                <button class="button secondary" type="submit">{move || i18n.t(M::AddCareLog)}</button>
            </ActionForm>
            <crate::components::IncidentForm school=d.school.to_string() session=d.session.id.to_string() report=incident/>
        </section>
    }
}

/// The register: every child present unless ticked; one submit.
#[component]
fn Register(d: SessionDay, take: ServerAction<TakeAttendance>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang;
    let total = d.children.iter().filter(|c| c.guest_reason.is_none()).count() as i64;
    view! {
        <h2>{move || i18n.t(M::TakeAttendance)}</h2>
        <p class="hint">{move || i18n.t(M::TakeAttendanceHint)}</p>
        <ActionForm action=take attr:class="stack register">
            <input type="hidden" name="sheet[session]" value=d.session.id.to_string()/>
            <input type="hidden" name="sheet[on]" value=d.date.to_string()/>
            <input type="hidden" name="sheet[key]" value=d.key.clone()/>
            <ul class="register-list">
                {d.children.into_iter().filter(|c| c.guest_reason.is_none()).map(|c| {
                    let excused = c.excused.clone();
                    view! {
                        <li>
                            <label class="check tap">
                                <input type="checkbox" name=format!("sheet[absent][{}]", c.student) value="1" checked=excused.is_some()/>
                                <span><strong>{c.name.clone()}</strong>" · "{c.class_name.clone()}</span>
                                <span class="chip">{move || i18n.t(M::MarkAbsent)}</span>
                            </label>
                            {excused.map(|r| view! { <small class="hint">{move || i18n.t(M::LeaveAsked)}{(!r.is_empty()).then(|| format!(" · {r}"))}</small> })}
                            {c.kept_out.then(|| view! { <small class="chip reason">{move || i18n.t(M::KeptOutOfSports)}</small> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <button class="button" type="submit" disabled=move || take.pending().get()>{move || i18n::msg::submit_attendance(lang.get(), total)}</button>
        </ActionForm>
    }
}

/// One child after the register: the mark, the day's notes, the slip, and
/// the handover (or who took the child, when).
#[component]
fn ChildCard(c: DayChild, session: String, on: String, sheet: i64, acts: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang;
    let present = c.present.unwrap_or(false);
    let student = c.student.to_string();
    let (st1, st2, st3, st4) = (student.clone(), student.clone(), student.clone(), student);
    let (se1, se2) = (session.clone(), session);
    let on2 = on.clone();
    let guest = c.guest_reason.is_some();
    let mark = if present { M::Present } else { M::Absent };
    view! {
        <li class="card child" data-student=c.student.to_string()>
            <strong>{c.name.clone()}</strong>" · "{c.class_name.clone()}" "
            <span class=if present { "chip" } else { "chip reason" }>{move || i18n.t(mark)}</span>
            {c.excused.is_some().then(|| view! { " "<span class="chip">{move || i18n.t(M::LeaveAsked)}</span> })}
            {c.kept_out.then(|| view! { " "<span class="chip reason">{move || i18n.t(M::KeptOutOfSports)}</span> })}
            {c.stranded.then(|| view! { " "<span class="chip reason">{move || i18n.t(M::Stranded)}</span> })}
            {c.guest_reason.clone().map(|r| view! { <p class="hint">{move || i18n.t(M::StaysBehind)}": "{r.clone()}</p> })}
            {c.notes.clone().into_iter().map(|n| {
                let k = i18n::note_kind(n.kind);
                view! { <p class="hint">{move || i18n.t(k)}{(!n.note.is_empty()).then(|| format!(": {}", n.note))}</p> }
            }).collect_view()}
            {c.slip.clone().map(|s| {
                let state = if s.confirmed { M::SlipConfirmed } else { M::SlipUnconfirmed };
                view! {
                    <p class=if s.confirmed { "ok" } else { "hint" }>
                        {move || i18n.t(M::LeaveSlip)}" "{s.leave_at.format("%H:%M").to_string()}" · "{s.reason.clone()}" · "{move || i18n.t(state)}
                    </p>
                }
            })}
            {match (c.handed.clone(), present) {
                (Some(h), _) => {
                    let way = i18n::handover_way(h.way);
                    let at = i18n::instant(&h.at);
                    view! {
                        <p class="ok">{move || i18n.t(way)}" "{h.to_name.clone()}" · "{at.clone()}" · "{move || i18n::msg::checked_by(lang.get(), &h.checked_by)}</p>
                    }.into_any()
                }
                (None, true) => view! {
                    <details open=c.stranded>
                        <summary>{move || i18n.t(M::HandOver)}</summary>
                        <ul class="collectors">
                            {c.collectors.iter().filter(|x| x.photo).map(|x| {
                                let label = if x.relation.is_empty() { x.name.clone() } else { format!("{}（{}）", x.name, x.relation) };
                                view! {
                                    <li>
                                        <img class="pickup-photo" src=format!("/photos/{}/{}.jpg", c.student, x.choice) alt=label.clone() width="96" loading="lazy"/>
                                        <small>{label}</small>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        <ActionForm action=acts.hand attr:class="stack">
                            <input type="hidden" name="handover[session]" value=se1/>
                            <input type="hidden" name="handover[on]" value=on/>
                            <input type="hidden" name="handover[student]" value=st1/>
                            <label>
                                <span>{move || i18n.t(M::Collector)}</span>
                                <select name="handover[collector]">
                                    {c.collectors.clone().into_iter().map(|x| {
                                        let label = if x.relation.is_empty() { x.name.clone() } else { format!("{}（{}）", x.name, x.relation) };
                                        view! { <option value=x.choice>{label}</option> }
                                    }).collect_view()}
                                    {c.walks_alone.then(|| view! { <option value="alone">{move || i18n.t(M::WayWalksAlone)}</option> })}
                                    <option value="other">{move || i18n.t(M::SomeoneElse)}</option>
                                </select>
                            </label>
                            <label><span>{move || i18n.t(M::PickupCode)}</span><input name="handover[code]" inputmode="numeric" autocomplete="off" maxlength="6"/></label>
                            <label><span>{move || i18n.t(M::ClaimedName)}</span><input name="handover[claimed]" maxlength="40"/></label>
                            <button class="button" type="submit">{move || i18n.t(M::HandOver)}</button>
                        </ActionForm>
                    </details>
                }.into_any(),
                (None, false) => ().into_any(),
            }}
            <details>
                <summary>{move || i18n.t(M::NoteSomething)}</summary>
                <ActionForm action=acts.note attr:class="stack">
                    <input type="hidden" name="session" value=se2/>
                    <input type="hidden" name="student" value=st2/>
                    <label>
                        <span>{move || i18n.t(M::Kind)}</span>
                        <select name="note[kind]">
                            {NoteKind::ALL.iter().map(|k| {
                                let m = i18n::note_kind(*k);
                                view! { <option value=k.as_str()>{move || i18n.t(m)}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                    <label><span>{move || i18n.t(M::Note)}</span><textarea name="note[note]" rows="2" maxlength="500"></textarea></label>
                    <button class="button secondary" type="submit">{move || i18n.t(M::TellGuardians)}</button>
                </ActionForm>
            </details>
            {c.slip.is_none().then(|| view! {
                <details>
                    <summary>{move || i18n.t(M::IssueLeaveSlip)}</summary>
                    <ActionForm action=acts.slip attr:class="stack">
                        <input type="hidden" name="student" value=st3/>
                        <label><span>{move || i18n.t(M::Date)}</span><input type="date" name="on" value=on2 required/></label>
                        <label><span>{move || i18n.t(M::Time)}</span><input type="time" name="slip[leave_at]" required/></label>
                        <label><span>{move || i18n.t(M::ReasonLabel)}</span><input name="slip[reason]" maxlength="200" required/></label>
                        <button class="button secondary" type="submit">{move || i18n.t(M::IssueLeaveSlip)}</button>
                    </ActionForm>
                </details>
            })}
            {(!guest).then(|| view! { <details>
                <summary>{move || i18n.t(M::CorrectAttendance)}</summary>
                <ActionForm action=acts.correct attr:class="stack">
                    <input type="hidden" name="sheet" value=sheet.to_string()/>
                    <input type="hidden" name="student" value=st4/>
                    <input type="hidden" name="present" value=(!present).to_string()/>
                    <label><span>{move || i18n.t(M::ReasonLabel)}</span><input name="reason" maxlength="200" required/></label>
                    <button class="button secondary" type="submit">{move || i18n.t(if present { M::MarkAbsent } else { M::MarkPresent })}</button>
                </ActionForm>
            </details> })}
        </li>
    }
}
