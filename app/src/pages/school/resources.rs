//! A school's rooms and the people who serve in its service, with each
//! person's vetting and the safety agreements of volunteer groups (S4).
use crate::api::{AddRoom, AddSafetyAgreement, AddStaff, InviteStaff, RecordVetting, RetireRoom, StaffLeaves, rooms_and_staff};
use crate::components::{FormError, Loading, failure, show};
use crate::i18n::{self, M, use_i18n};
use crate::outcome::said;
use crate::pages::params::id_param;
use leptos::prelude::*;
use wire::ids::SchoolId;
use wire::operations::{Clearance, RoomKind, SchoolResources, Staff, StaffKind};

#[component]
pub fn ResourcesPage() -> impl IntoView {
    let id = id_param();
    let page = Resource::new(move || id.get(), |id| rooms_and_staff(SchoolId(id.unwrap_or(0))));
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || show(page.get(), |r: SchoolResources| view! { <Resources r/> })}
        </Suspense>
    }
}

#[component]
fn Resources(r: SchoolResources) -> impl IntoView {
    let i18n = use_i18n();
    let add_room = ServerAction::<AddRoom>::new();
    let retire = ServerAction::<RetireRoom>::new();
    let add_staff = ServerAction::<AddStaff>::new();
    let agreement = ServerAction::<AddSafetyAgreement>::new();
    // One action each for every card, so an error shows once.
    let vet = ServerAction::<RecordVetting>::new();
    let leave = ServerAction::<StaffLeaves>::new();
    let invite = ServerAction::<InviteStaff>::new();
    let school = r.school.to_string();
    let (s1, s2, s3) = (school.clone(), school.clone(), school);
    view! {
        <section class="resources">
            <p class="eyebrow">{r.school_name.clone()}</p>
            <h1>{move || i18n.t(M::RoomsAndStaff)}</h1>

            <h2>{move || i18n.t(M::Rooms)}</h2>
            {r.rooms.is_empty().then(|| view! { <p>{move || i18n.t(M::NoRooms)}</p> })}
            <table class="data rooms">
                <thead><tr>
                    <th>{move || i18n.t(M::ItemName)}</th><th>{move || i18n.t(M::Kind)}</th>
                    <th class="num">{move || i18n.t(M::RoomCapacity)}</th><th></th>
                </tr></thead>
                <tbody>
                    {r.rooms.into_iter().map(|room| {
                        let kind = i18n::room_kind(room.kind);
                        view! {
                            <tr>
                                <td>{room.name}</td><td>{move || i18n.t(kind)}</td><td class="num">{room.capacity}</td>
                                <td>
                                    <ActionForm action=retire attr:class="inline">
                                        <input type="hidden" name="room" value=room.id.to_string()/>
                                        <button class="link danger" type="submit">{move || i18n.t(M::Retire)}</button>
                                    </ActionForm>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <FormError error=failure(retire.value())/>
            <ActionForm action=add_room attr:class="stack card">
                <input type="hidden" name="school" value=s1/>
                <label><span>{move || i18n.t(M::ItemName)}</span><input name="room[name]" maxlength="40" required/></label>
                <label>
                    <span>{move || i18n.t(M::Kind)}</span>
                    <select name="room[kind]">
                        {RoomKind::ALL.iter().map(|k| {
                            let m = i18n::room_kind(*k);
                            view! { <option value=k.as_str()>{move || i18n.t(m)}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label><span>{move || i18n.t(M::RoomCapacity)}</span><input name="room[capacity]" type="number" min="1" max="500" inputmode="numeric" required/></label>
                <button class="button" type="submit">{move || i18n.t(M::AddRoom)}</button>
            </ActionForm>
            <FormError error=failure(add_room.value())/>

            <h2>{move || i18n.t(M::Staff)}</h2>
            {r.staff.is_empty().then(|| view! { <p>{move || i18n.t(M::NoStaff)}</p> })}
            <FormError error=failure(vet.value())/>
            <FormError error=failure(leave.value())/>
            <FormError error=failure(invite.value())/>
            {move || said(vet.value(), "vetted").get().then(|| view! { <p class="ok" role="status">{move || i18n.t(M::Saved)}</p> })}
            {move || said(invite.value(), "staff_invited").get().then(|| view! { <p class="ok" role="status">{move || i18n.t(M::StaffInvited)}</p> })}
            <ul class="cards staff">
                {r.staff.into_iter().map(|p| view! { <StaffCard p vet leave invite/> }).collect_view()}
            </ul>
            <details class="card">
                <summary>{move || i18n.t(M::AddStaff)}</summary>
                <ActionForm action=add_staff attr:class="stack">
                    <input type="hidden" name="school" value=s2/>
                    <label>
                        <span>{move || i18n.t(M::Kind)}</span>
                        <select name="person[kind]">
                            {StaffKind::ALL.iter().map(|k| {
                                let m = i18n::staff_kind(*k);
                                view! { <option value=k.as_str()>{move || i18n.t(m)}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                    <label><span>{move || i18n.t(M::Name)}</span><input name="person[name]" maxlength="40" required/></label>
                    <label><span>{move || i18n.t(M::PhoneNumber)}</span><input name="person[phone]" type="tel" inputmode="numeric" required/></label>
                    <label>
                        <span>{move || i18n.t(M::Organisation)}</span>
                        <input name="person[organisation]" maxlength="80"/>
                        <small class="hint">{move || i18n.t(M::OrganisationHint)}</small>
                    </label>
                    <button class="button" type="submit">{move || i18n.t(M::AddStaff)}</button>
                </ActionForm>
            </details>
            <FormError error=failure(add_staff.value())/>

            <h2>{move || i18n.t(M::SafetyAgreements)}</h2>
            {r.agreements.is_empty().then(|| view! { <p>{move || i18n.t(M::NoSafetyAgreements)}</p> })}
            <ul class="agreements">
                {r.agreements.into_iter().map(|a| view! {
                    <li>{a.organisation}" · "{move || i18n.t(M::SignedOn)}" "{a.signed_on.to_string()}" · "{move || i18n.t(M::ValidUntil)}" "{a.valid_until.to_string()}</li>
                }).collect_view()}
            </ul>
            <ActionForm action=agreement attr:class="stack card">
                <input type="hidden" name="school" value=s3/>
                <label><span>{move || i18n.t(M::Organisation)}</span><input name="agreement[organisation]" maxlength="80" required/></label>
                <label><span>{move || i18n.t(M::SignedOn)}</span><input name="agreement[signed_on]" type="date" required/></label>
                <label><span>{move || i18n.t(M::ValidUntil)}</span><input name="agreement[valid_until]" type="date" required/></label>
                <button class="button" type="submit">{move || i18n.t(M::AddSafetyAgreement)}</button>
            </ActionForm>
            <FormError error=failure(agreement.value())/>
        </section>
    }
}

/// A person with their vetting, whether they may serve, whether they sign
/// in, and the forms to record a check, invite them to sign in or let them
/// go.
#[component]
fn StaffCard(p: Staff, vet: ServerAction<RecordVetting>, leave: ServerAction<StaffLeaves>, invite: ServerAction<InviteStaff>) -> impl IntoView {
    let i18n = use_i18n();
    let kind = i18n::staff_kind(p.kind);
    let cleared = p.clearance.is_cleared();
    let clearance = p.clearance.clone();
    let (id1, id2, id3) = (p.id.to_string(), p.id.to_string(), p.id.to_string());
    let sign_in = match (p.signs_in, p.invited_until) {
        (true, _) => view! { <p class="hint">{move || i18n.t(M::StaffSignsIn)}</p> }.into_any(),
        (false, Some(until)) => {
            let until = until.to_rfc3339();
            view! { <p class="hint">{move || i18n::msg::staff_invited_until(i18n.lang.get(), i18n::instant(&until))}</p> }.into_any()
        }
        (false, None) => view! {
            <ActionForm action=invite attr:class="inline">
                <input type="hidden" name="staff" value=id3/>
                <button class="link" type="submit">{move || i18n.t(M::InviteStaff)}</button>
                <small class="hint">" "{move || i18n.t(M::InviteStaffHint)}</small>
            </ActionForm>
        }.into_any(),
    };
    view! {
        <li class="card person" data-staff=p.id.to_string()>
            <strong>{p.name.clone()}</strong>" · "{move || i18n.t(kind)}" · "{p.phone.clone()}
            {(!p.organisation.is_empty()).then(|| view! { " · "{p.organisation.clone()} })}
            <p>
                <span class=if cleared { "chip" } else { "chip reason" }>{move || i18n::clearance(&clearance, i18n.lang.get())}</span>
            </p>
            {sign_in}
            {p.vetting.map(|v| {
                let result = if v.result == wire::operations::VettingResult::Clear { M::VettingClear } else { M::VettingRecord };
                view! {
                    <p class="hint">
                        {move || i18n.t(M::CheckedOn)}" "{v.checked_on.to_string()}" · "{move || i18n.t(result)}" · "
                        {v.qualification}" · "{move || i18n.t(M::ValidUntil)}" "{v.valid_until.to_string()}
                    </p>
                }
            })}
            <details>
                <summary>{move || i18n.t(M::RecordVetting)}</summary>
                <ActionForm action=vet attr:class="stack">
                    <input type="hidden" name="staff" value=id1/>
                    <label><span>{move || i18n.t(M::CheckedOn)}</span><input name="vetting[checked_on]" type="date" required/></label>
                    <label>
                        <span>{move || i18n.t(M::VettingResult)}</span>
                        <select name="vetting[result]">
                            <option value="clear">{move || i18n.t(M::VettingClear)}</option>
                            <option value="record">{move || i18n.t(M::VettingRecord)}</option>
                        </select>
                    </label>
                    <label><span>{move || i18n.t(M::Qualification)}</span><input name="vetting[qualification]" maxlength="100" required/></label>
                    <label><span>{move || i18n.t(M::ValidUntil)}</span><input name="vetting[valid_until]" type="date" required/></label>
                    <button class="button" type="submit">{move || i18n.t(M::RecordVetting)}</button>
                </ActionForm>
            </details>
            <ActionForm action=leave attr:class="inline">
                <input type="hidden" name="staff" value=id2/>
                <button class="link danger" type="submit">{move || i18n.t(M::Leaves)}</button>
            </ActionForm>
        </li>
    }
}

/// For the editor's staff choices: a person's name, marked when they may
/// not serve.
pub fn staff_choice(p: &Staff, lang: i18n::Lang) -> String {
    match &p.clearance {
        Clearance::Cleared { .. } => p.name.clone(),
        c => format!("{}（{}）", p.name, i18n::clearance(c, lang)),
    }
}
