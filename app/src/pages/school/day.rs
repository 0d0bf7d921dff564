//! The school's day (S6, S7): who leads it, the coming service days with
//! nobody on duty, pickup requests and leave slips, the children still here
//! after the end, and refused pickups.
use crate::api::{SetDutyLeader, VisitorArrives, VisitorLeaves, day_at_school};
use crate::components::{FormError, Loading, failure, show};
use crate::i18n::{self, M, use_i18n};
use crate::outcome::said;
use crate::pages::params::id_param;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use wire::ids::SchoolId;
use wire::service_day::SchoolDay;

#[component]
pub fn SchoolDayPage() -> impl IntoView {
    let id = id_param();
    let query = use_query_map();
    let day = Memo::new(move |_| query.read().get("day").and_then(|d| d.parse::<chrono::NaiveDate>().ok()));
    let set = ServerAction::<SetDutyLeader>::new();
    let arrive = ServerAction::<VisitorArrives>::new();
    let leave = ServerAction::<VisitorLeaves>::new();
    let board = Resource::new(
        move || (id.get(), day.get(), set.version().get(), arrive.version().get(), leave.version().get()),
        |(id, day, ..)| day_at_school(SchoolId(id.unwrap_or(0)), day),
    );
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || show(board.get(), |d: SchoolDay| view! { <Visitors d=d.clone() arrive leave/> <Board d set/> })}
        </Suspense>
    }
}

#[component]
fn Board(d: SchoolDay, set: ServerAction<SetDutyLeader>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang;
    let day = d.date;
    let handed = i64::from(d.handed_over);
    view! {
        <section class="school-day">
            <p class="eyebrow">{d.school_name.clone()}</p>
            <h1>{move || i18n.t(M::SchoolDay)}" · "{day.to_string()}</h1>
            <form method="get" class="inline">
                <input type="date" name="day" value=day.to_string() aria-label=move || i18n.t(M::Date)/>
                <button class="button secondary" type="submit">{move || i18n.t(M::Show)}</button>
            </form>

            <h2>{move || i18n.t(M::DutyLeader)}</h2>
            {match d.duty_leader.clone() {
                Some((_, name)) => view! { <p>{name}</p> }.into_any(),
                None => view! { <p class="error">{move || i18n.t(M::NoDutyLeader)}</p> }.into_any(),
            }}
            {(!d.days_without_leader.is_empty()).then(|| view! {
                <p class="chip reason">{move || i18n.t(M::DaysWithoutLeader)}</p>
                <ul>{d.days_without_leader.into_iter().map(|x| view! { <li>{x.to_string()}</li> }).collect_view()}</ul>
            })}
            <ActionForm action=set attr:class="stack card">
                <input type="hidden" name="school" value=d.school.to_string()/>
                <label><span>{move || i18n.t(M::Date)}</span><input type="date" name="on" value=day.to_string() required/></label>
                <label>
                    <span>{move || i18n.t(M::DutyLeader)}</span>
                    <select name="staff" required>
                        {d.leaders.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                    </select>
                </label>
                <button class="button" type="submit">{move || i18n.t(M::SetDutyLeader)}</button>
            </ActionForm>
            <FormError error=failure(set.value())/>
            {move || said(set.value(), "duty_set").get().then(|| view! { <p class="ok" role="status">{move || i18n.t(M::Saved)}</p> })}

            <h2>{move || i18n.t(M::StrandedChildren)}</h2>
            {d.stranded.is_empty().then(|| view! { <p>{move || i18n.t(M::NoStrandedChildren)}</p> })}
            <ul class="cards">
                {d.stranded.into_iter().map(|x| {
                    let link = format!("/sessions/{}/{}", x.session, day);
                    let ended = x.ended_at.format("%H:%M").to_string();
                    view! {
                        <li class="card">
                            <a href=link><strong>{x.name.clone()}</strong></a>" · "{x.class_name.clone()}" · "
                            {move || i18n::msg::ended_at(lang.get(), &ended)}
                            {x.escalated.then(|| view! { " "<span class="chip reason">{move || i18n.t(M::Escalated)}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <p class="hint">{move || i18n::msg::handed_over_count(lang.get(), handed)}</p>

            <h2>{move || i18n.t(M::RefusedPickups)}</h2>
            {d.refusals.is_empty().then(|| view! { <p>{move || i18n.t(M::NoRefusedPickups)}</p> })}
            <ul>
                {d.refusals.into_iter().map(|r| {
                    let why = i18n::pickup_refusal(r.reason);
                    view! { <li>{i18n::instant(&r.at)}" · "{r.student_name.clone()}" · "{r.claimed.clone()}" · "{move || i18n.t(why)}</li> }
                }).collect_view()}
            </ul>

            <h2>{move || i18n.t(M::LeaveSlips)}</h2>
            {d.slips.is_empty().then(|| view! { <p>{move || i18n.t(M::NoLeaveSlips)}</p> })}
            <ul>
                {d.slips.into_iter().map(|s| {
                    let state = if s.confirmed { M::SlipConfirmed } else { M::SlipUnconfirmed };
                    view! { <li>{s.leave_at.format("%H:%M").to_string()}" · "{s.student_name.clone()}" · "{s.reason.clone()}" · "{move || i18n.t(state)}</li> }
                }).collect_view()}
            </ul>

            <h2>{move || i18n.t(M::PickupsOfDay)}</h2>
            {d.requests.is_empty().then(|| view! { <p>{move || i18n.t(M::NoPickupRequests)}</p> })}
            <ul class="pickups">
                {d.requests.into_iter().map(|r| view! {
                    <li>{r.class_name.clone()}" · "{r.student_name.clone()}": "</li>
                    <crate::components::PickupLine r/>
                }).collect_view()}
            </ul>
        </section>
    }
}

/// Visitor registration: who came in, whom they visit, and when they left.
#[component]
fn Visitors(d: SchoolDay, arrive: ServerAction<VisitorArrives>, leave: ServerAction<VisitorLeaves>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="visitors">
            <h2>{move || i18n.t(M::Visitors)}</h2>
            <FormError error=failure(arrive.value())/>
            <FormError error=failure(leave.value())/>
            {d.visitors.is_empty().then(|| view! { <p>{move || i18n.t(M::NoVisitors)}</p> })}
            <ul class="cards">
                {d.visitors.into_iter().map(|v| view! {
                    <li class="card visitor">
                        <strong>{v.name}</strong>" · "{v.phone}" · "{v.visiting}" · "{v.purpose}
                        <br/><small>{i18n::instant(&v.in_at)}{v.out_at.as_deref().map(|t| format!(" – {}", i18n::instant(t)))}</small>
                        {v.out_at.is_none().then(|| view! {
                            <ActionForm action=leave attr:class="inline">
                                <input type="hidden" name="visitor" value=v.id.to_string()/>
                                <button class="link" type="submit">{move || i18n.t(M::VisitorLeft)}</button>
                            </ActionForm>
                        })}
                    </li>
                }).collect_view()}
            </ul>
            <details class="card">
                <summary>{move || i18n.t(M::RegisterVisitor)}</summary>
                <ActionForm action=arrive attr:class="stack">
                    <input type="hidden" name="school" value=d.school.to_string()/>
                    <label><span>{move || i18n.t(M::Name)}</span><input name="visitor[name]" maxlength="60" required/></label>
                    <label><span>{move || i18n.t(M::PhoneNumber)}</span><input name="visitor[phone]" type="tel" inputmode="numeric" required/></label>
                    <label><span>{move || i18n.t(M::Visiting)}</span><input name="visitor[visiting]" maxlength="60" required/></label>
                    <label><span>{move || i18n.t(M::Purpose)}</span><input name="visitor[purpose]" maxlength="60" required/></label>
                    <button class="button" type="submit">{move || i18n.t(M::RegisterVisitor)}</button>
                </ActionForm>
            </details>
        </section>
    }
}
