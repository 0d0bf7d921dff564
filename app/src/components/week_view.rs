//! A week of sessions, for the staff who serve them and, on the child's
//! page, for a guardian.
use crate::i18n::{self, M, use_i18n};
use leptos::prelude::*;
use wire::operations::Week;

/// The week's sessions by day, with the days off; `show_school` names the
/// school of each session (a person may serve at two); `links` leads from
/// each session to its day (attendance, handover) for the staff who run it.
#[component]
pub fn WeekView(w: Week, #[prop(optional)] show_school: bool, #[prop(optional)] links: bool) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang;
    let monday = w.monday;
    let mut days: Vec<chrono::NaiveDate> = w.sessions.iter().map(|s| s.date).collect();
    days.dedup();
    let seven = chrono::Days::new(7);
    let (before, after) = (monday.checked_sub_days(seven), monday.checked_add_days(seven));
    view! {
        <p class="hint">{move || i18n::msg::week_of(lang.get(), monday)}</p>
        <p class="actions">
            {before.map(|d| view! { <a href=format!("?week={d}")>{move || i18n.t(M::PreviousWeek)}</a> })}
            {after.map(|d| view! { <a href=format!("?week={d}")>{move || i18n.t(M::NextWeek)}</a> })}
        </p>
        {w.days_off.into_iter().map(|(date, name)| view! {
            <p class="hint">{date.to_string()}" "{move || i18n::msg::day_off(lang.get(), &name)}</p>
        }).collect_view()}
        {days.is_empty().then(|| view! { <p>{move || i18n.t(M::NoSessionsThisWeek)}</p> })}
        {days.into_iter().map(|date| {
            let today: Vec<_> = w.sessions.iter().filter(|s| s.date == date).cloned().collect();
            let weekday = i18n::weekday_of(date);
            let is_today = w.today == Some(date);
            view! {
                <section class=if is_today { "week-day today" } else { "week-day" } id=is_today.then_some("today")>
                    <h2>
                        {is_today.then(|| view! { <span class="chip">{move || i18n.t(M::Today)}</span>" " })}
                        {move || i18n.t(weekday)}" "{date.format("%m-%d").to_string()}
                    </h2>
                    <ul class="cards">
                        {today.into_iter().map(|d| {
                            let s = d.session;
                            let times = format!("{}–{}", s.starts_at.format("%H:%M"), s.ends_at.format("%H:%M"));
                            let activity = i18n::activity(s.activity);
                            let count = i64::from(s.children);
                            let adults = s.adults.iter().map(|a| a.name.clone()).collect::<Vec<_>>().join("、");
                            view! {
                                <li class="card session">
                                    {if links {
                                        view! { <a href=format!("/sessions/{}/{}", s.id, date)><strong>{times.clone()}</strong></a> }.into_any()
                                    } else {
                                        view! { <strong>{times.clone()}</strong> }.into_any()
                                    }}" "
                                    {move || i18n.t(activity)}{(!s.title.is_empty()).then(|| format!(" · {}", s.title))}
                                    <br/>{s.room_name.clone()}" · "{s.group_name.clone()}" · "{move || i18n::msg::children_count(lang.get(), count)}
                                    <br/><small>{adults}{show_school.then(|| format!(" · {}", d.school_name))}</small>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
            }
        }).collect_view()}
    }
}
