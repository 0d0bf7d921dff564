//! The timetable editor (S3): groups of children who may attend, the week's
//! sessions by weekday, the conflict finder's list, and publishing. Plain
//! server forms: the page loads no script.
use super::resources::staff_choice;
use crate::api::{
    AddGroup, AddSession, AddToGroup, OpenTimetable, PublishTimetable, RemoveFromGroup, RemoveGroup, RemoveSession, SetChildrenPerAdult,
    edit_timetable,
};
use crate::components::{FormError, Loading, failure, show};
use crate::i18n::{self, M, use_i18n};
use crate::outcome::said;
use crate::pages::params::id_param;
use leptos::prelude::*;
use wire::ids::PlanId;
use wire::operations::{Group, Session, TimetableEditor};
use wire::plan::ActivityKind;

#[component]
pub fn TimetablePage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let open = ServerAction::<OpenTimetable>::new();
    let page = Resource::new(move || (id.get(), open.version().get()), |(id, _)| edit_timetable(PlanId(id.unwrap_or(0))));
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || show(page.get(), |t: Option<TimetableEditor>| match t {
                Some(t) => view! { <Editor t/> }.into_any(),
                None => view! {
                    <section>
                        <h1>{move || i18n.t(M::Timetable)}</h1>
                        <p>{move || i18n.t(M::NoTimetable)}</p>
                        <ActionForm action=open>
                            <input type="hidden" name="plan" value=id.get_untracked().unwrap_or(0).to_string()/>
                            <button class="button" type="submit">{move || i18n.t(M::OpenTimetable)}</button>
                        </ActionForm>
                        <FormError error=failure(open.value())/>
                    </section>
                }
                .into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn Editor(t: TimetableEditor) -> impl IntoView {
    let i18n = use_i18n();
    let publish = ServerAction::<PublishTimetable>::new();
    let remove = ServerAction::<RemoveSession>::new();
    let lang = i18n.lang;
    let sessions = t.sessions.clone();
    let label = move |id| sessions.iter().find(|s| s.id == id).map(|s| i18n::session_label(s, lang.get())).unwrap_or_default();
    let n = t.conflicts.len() as i64;
    let conflicts = t.conflicts.clone();
    let tid = t.id.to_string();
    let days: Vec<u8> = (1..=7).filter(|d| t.weekdays.contains(d) || t.sessions.iter().any(|s| s.weekday == *d)).collect();
    let version = t.published_version;
    let changed = t.changed;
    view! {
        <section class="timetable-editor">
            <p class="eyebrow">{move || i18n.t(M::Timetable)}</p>
            <h1>{t.plan_title.clone()}</h1>
            <p>
                {move || i18n.t(M::Term)}": "{format!("{} — {}", t.term_start, t.term_end)}" · "
                {move || i18n.t(M::DismissalTime)}" "{t.dismissal_time.format("%H:%M").to_string()}
            </p>
            <p>
                {match version {
                    Some(v) => view! { <span class="chip">{move || i18n::msg::published_version(lang.get(), v)}</span> }.into_any(),
                    None => view! { <span class="chip reason">{move || i18n.t(M::NeverPublished)}</span> }.into_any(),
                }}
                {(changed && version.is_some()).then(|| view! { " "<span class="hint">{move || i18n.t(M::ChangedSincePublished)}</span> })}
            </p>

            <section class="conflicts" aria-labelledby="conflicts-title">
                <h2 id="conflicts-title">{move || i18n.t(M::Conflicts)}</h2>
                {if conflicts.is_empty() {
                    view! { <p class="ok">{move || i18n.t(M::NoConflicts)}</p> }.into_any()
                } else {
                    let label = label.clone();
                    view! {
                        <div class="error">
                            <p>{move || i18n::msg::conflicts_found(lang.get(), n)}</p>
                            <ul>
                                {conflicts.into_iter().map(|c| {
                                    let label = label.clone();
                                    view! { <li class="conflict">{move || i18n::conflict(&c, lang.get(), &label)}</li> }
                                }).collect_view()}
                            </ul>
                        </div>
                    }.into_any()
                }}
                <ActionForm action=publish>
                    <input type="hidden" name="timetable" value=tid.clone()/>
                    <button class="button" type="submit">{move || i18n.t(M::PublishTimetable)}</button>
                </ActionForm>
                <FormError error=failure(publish.value())/>
                {move || said(publish.value(), "timetable_published").get().then(|| view! { <p class="ok" role="status">{move || i18n.t(M::Published)}</p> })}
            </section>

            <h2>{move || i18n.t(M::Sessions)}</h2>
            <FormError error=failure(remove.value())/>
            <div class="cards">
                {days.into_iter().map(|d| {
                    let day: Vec<Session> = t.sessions.iter().filter(|s| s.weekday == d).cloned().collect();
                    view! {
                        <section class="day">
                            <h3>{move || i18n.t(i18n::weekday(d))}</h3>
                            <ul class="cards">
                                {day.into_iter().map(|s| view! { <SessionItem s remove/> }).collect_view()}
                            </ul>
                        </section>
                    }
                }).collect_view()}
            </div>
            <AddSessionForm t=t.clone()/>
            <Groups t=t.clone()/>
        </section>
    }
}

#[component]
fn SessionItem(s: Session, remove: ServerAction<RemoveSession>) -> impl IntoView {
    let i18n = use_i18n();
    let activity = i18n::activity(s.activity);
    let kind = i18n::service_type(s.service_type);
    let adults = s.adults.iter().map(|a| if a.dining { format!("{}🍚", a.name) } else { a.name.clone() }).collect::<Vec<_>>().join("、");
    let count = i64::from(s.children);
    view! {
        <li class="session card" data-session=s.id.to_string()>
            <strong>{format!("{}–{}", s.starts_at.format("%H:%M"), s.ends_at.format("%H:%M"))}</strong>" "
            {move || i18n.t(activity)}{(!s.title.is_empty()).then(|| format!(" · {}", s.title))}
            <br/><small>{move || i18n.t(kind)}" · "{s.room_name.clone()}" · "{s.group_name.clone()}" · "{move || i18n::msg::children_count(i18n.lang.get(), count)}</small>
            <br/><small>{adults}</small>
            <ActionForm action=remove attr:class="inline">
                <input type="hidden" name="session" value=s.id.to_string()/>
                <button class="link danger" type="submit">{move || i18n.t(M::Remove)}</button>
            </ActionForm>
        </li>
    }
}

#[component]
fn AddSessionForm(t: TimetableEditor) -> impl IntoView {
    let i18n = use_i18n();
    let add = ServerAction::<AddSession>::new();
    let lang = i18n.lang;
    let staff_options = move |t: &TimetableEditor| {
        let staff = t.staff.clone();
        view! {
            <option value="">{move || i18n.t(M::Nobody)}</option>
            {staff.into_iter().map(|p| {
                let id = p.id.to_string();
                view! { <option value=id>{move || staff_choice(&p, lang.get())}</option> }
            }).collect_view()}
        }
    };
    let (lead, second, third) = (staff_options(&t), staff_options(&t), staff_options(&t));
    view! {
        <details class="card" open=t.sessions.is_empty()>
            <summary>{move || i18n.t(M::AddSession)}</summary>
            <ActionForm action=add attr:class="stack">
                <input type="hidden" name="timetable" value=t.id.to_string()/>
                <label>
                    <span>{move || i18n.t(M::Weekday)}</span>
                    <select name="session[weekday]">
                        {(1..=7u8).map(|d| view! { <option value=d.to_string() selected=d == 1>{move || i18n.t(i18n::weekday(d))}</option> }).collect_view()}
                    </select>
                </label>
                <label><span>{move || i18n.t(M::StartsAt)}</span><input type="time" name="session[starts_at]" required/></label>
                <label><span>{move || i18n.t(M::EndsAt)}</span><input type="time" name="session[ends_at]" required/></label>
                <label>
                    <span>{move || i18n.t(M::ServiceType)}</span>
                    <select name="session[service_type]">
                        {wire::plan::ServiceType::ALL.iter().map(|k| {
                            let m = i18n::service_type(*k);
                            view! { <option value=k.as_str()>{move || i18n.t(m)}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    <span>{move || i18n.t(M::Activity)}</span>
                    <select name="session[activity]">
                        {ActivityKind::ALL.iter().filter(|a| !a.is_forbidden()).map(|a| {
                            let m = i18n::activity(*a);
                            view! { <option value=a.as_str()>{move || i18n.t(m)}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label><span>{move || i18n.t(M::TitleOptional)}</span><input name="session[title]" maxlength="40"/></label>
                <label>
                    <span>{move || i18n.t(M::Room)}</span>
                    <select name="session[room]" required>
                        {t.rooms.iter().map(|r| view! { <option value=r.id.to_string()>{format!("{}（{}）", r.name, r.capacity)}</option> }).collect_view()}
                    </select>
                </label>
                <label>
                    <span>{move || i18n.t(M::Group)}</span>
                    <select name="session[group]" required>
                        {t.groups.iter().map(|g| view! { <option value=g.id.to_string()>{format!("{}（{}）", g.name, g.members.len())}</option> }).collect_view()}
                    </select>
                </label>
                <label><span>{move || i18n.t(M::LeadAdult)}</span><select name="session[lead]">{lead}</select></label>
                <label><span>{move || i18n.t(M::SecondAdult)}</span><select name="session[second]">{second}</select></label>
                <label><span>{move || i18n.t(M::ThirdAdult)}</span><select name="session[third]">{third}</select></label>
                <label class="check"><input type="checkbox" name="session[dining]" value="true"/><span>{move || i18n.t(M::Dining)}</span></label>
                <button class="button" type="submit">{move || i18n.t(M::AddSession)}</button>
            </ActionForm>
            <FormError error=failure(add.value())/>
        </details>
        {move || said(add.value(), "session_added").get().then(|| view! { <p class="ok" role="status">{move || i18n.t(M::SessionAdded)}</p> })}
    }
}

/// The groups, each with its children and the forms to change them; the
/// school's ratio setting.
#[component]
fn Groups(t: TimetableEditor) -> impl IntoView {
    let i18n = use_i18n();
    let add_group = ServerAction::<AddGroup>::new();
    let remove_group = ServerAction::<RemoveGroup>::new();
    let add_to = ServerAction::<AddToGroup>::new();
    let remove_from = ServerAction::<RemoveFromGroup>::new();
    let ratio = ServerAction::<SetChildrenPerAdult>::new();
    let (tid, tid2) = (t.id.to_string(), t.id.to_string());
    let eligible = t.eligible.clone();
    let classes = t.classes.clone();
    view! {
        <h2>{move || i18n.t(M::Groups)}</h2>
        <p class="hint">{move || i18n.t(M::EligibleHint)}</p>
        {eligible.is_empty().then(|| view! { <p>{move || i18n.t(M::NoEligible)}</p> })}
        <FormError error=failure(add_to.value())/>
        <FormError error=failure(remove_from.value())/>
        <FormError error=failure(remove_group.value())/>
        <ul class="cards groups">
            {t.groups.into_iter().map(|g: Group| {
                let gid = g.id.to_string();
                let (g1, g2, g3, g4) = (gid.clone(), gid.clone(), gid.clone(), gid);
                let size = g.members.len() as i64;
                let outside: Vec<_> = eligible.iter().filter(|e| !g.members.iter().any(|m| m.student == e.student)).cloned().collect();
                let classes = classes.clone();
                view! {
                    <li class="card group" data-group=g.id.to_string()>
                        <h3>{g.name.clone()}" · "{move || i18n::msg::children_count(i18n.lang.get(), size)}</h3>
                        <ul class="members">
                            {g.members.into_iter().map(|m| {
                                let g = g1.clone();
                                view! {
                                    <li>
                                        {m.name}" · "{m.class_name}
                                        <ActionForm action=remove_from attr:class="inline">
                                            <input type="hidden" name="group" value=g/>
                                            <input type="hidden" name="student" value=m.student.to_string()/>
                                            <button class="link danger" type="submit">{move || i18n.t(M::Remove)}</button>
                                        </ActionForm>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        <ActionForm action=add_to attr:class="row">
                            <input type="hidden" name="group" value=g2/>
                            <label>
                                <span>{move || i18n.t(M::AddChild)}</span>
                                <select name="who[student]">
                                    {outside.into_iter().map(|e| view! { <option value=e.student.to_string()>{format!("{} · {}", e.name, e.class_name)}</option> }).collect_view()}
                                </select>
                            </label>
                            <button class="button secondary" type="submit">{move || i18n.t(M::Add)}</button>
                        </ActionForm>
                        <ActionForm action=add_to attr:class="row">
                            <input type="hidden" name="group" value=g3/>
                            <label>
                                <span>{move || i18n.t(M::AddClass)}</span>
                                <select name="who[class]">
                                    {classes.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                                </select>
                            </label>
                            <button class="button secondary" type="submit">{move || i18n.t(M::Add)}</button>
                        </ActionForm>
                        <ActionForm action=remove_group attr:class="inline">
                            <input type="hidden" name="group" value=g4/>
                            <button class="link danger" type="submit">{move || i18n.t(M::Remove)}</button>
                        </ActionForm>
                    </li>
                }
            }).collect_view()}
        </ul>
        {move || said(add_to.value(), "children_added").get().then(|| view! { <p class="ok" role="status">{move || i18n.t(M::Saved)}</p> })}
        <ActionForm action=add_group attr:class="row card">
            <input type="hidden" name="timetable" value=tid/>
            <label><span>{move || i18n.t(M::GroupName)}</span><input name="name" maxlength="40" required/></label>
            <button class="button" type="submit">{move || i18n.t(M::AddGroup)}</button>
        </ActionForm>
        <FormError error=failure(add_group.value())/>
        <ActionForm action=ratio attr:class="row card">
            <input type="hidden" name="timetable" value=tid2/>
            <label>
                <span>{move || i18n.t(M::ChildrenPerAdult)}</span>
                <input name="children_per_adult" type="number" min="1" max="60" inputmode="numeric" value=t.children_per_adult.to_string() required/>
            </label>
            <button class="button secondary" type="submit">{move || i18n.t(M::Save)}</button>
        </ActionForm>
        <FormError error=failure(ratio.value())/>
    }
}
