//! One child, for the guardian: authorised pickup persons, early or late
//! pickup requests (P8), and special needs (P11).
use crate::pages::id_param;
use crate::api::{AddPickupPerson, RemovePickupPerson, RequestPickup, SaveSpecialNeeds, child_care};
use crate::components::{FormError, Loading, failure, said, show};
use crate::i18n::{M, use_i18n};
use leptos::prelude::*;
use wire::family::{ChildCare, ConsentKind, NeedsRead, PickupKind, PickupRequest, SpecialNeeds};
use wire::ids::StudentId;

pub fn pickup_kind(k: PickupKind) -> M {
    match k {
        PickupKind::Early => M::PickupEarly,
        PickupKind::Late => M::PickupLate,
    }
}

/// A request as a line: date, time, kind, who collects, why.
#[component]
pub fn PickupLine(r: PickupRequest) -> impl IntoView {
    let i18n = use_i18n();
    let kind = pickup_kind(r.kind);
    view! {
        <li class="pickup">
            <strong>{r.on_date.to_string()}" "{r.at_time.format("%H:%M").to_string()}</strong>
            " · "{move || i18n.t(kind)}" · "{r.collector}" "<a href=format!("tel:{}", r.collector_phone)>{r.collector_phone.clone()}</a>
            {(!r.reason.is_empty()).then(|| view! { " · "{r.reason.clone()} })}
        </li>
    }
}

/// A child's special needs as read (staff, or the guardian's own data).
#[component]
pub fn NeedsList(needs: SpecialNeeds) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <dl class="needs">
            <dt>{move || i18n.t(M::Allergies)}</dt><dd>{needs.allergies}</dd>
            <dt>{move || i18n.t(M::Conditions)}</dt><dd>{needs.conditions}</dd>
            <dt>{move || i18n.t(M::OtherNeeds)}</dt><dd>{needs.needs}</dd>
        </dl>
    }
}

/// Who read a child's needs, when.
#[component]
pub fn ReadsList(reads: Vec<NeedsRead>) -> impl IntoView {
    view! {
        <ul class="reads">
            {reads.into_iter().map(|r| view! { <li>{r.reader}" · "{crate::i18n::instant(&r.at)}</li> }).collect_view()}
        </ul>
    }
}

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
    let week = crate::pages::staff::week::week_param();
    let care = Resource::new(
        move || (id.get(), week.get(), add.version().get(), remove.version().get(), request.version().get(), save.version().get()),
        |(id, week, ..)| child_care(StudentId(id.unwrap_or(0)), week),
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
                        <h2>{move || i18n.t(M::ChildWeek)}</h2>
                        <crate::pages::staff::week::WeekView w=c.week.clone()/>
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
