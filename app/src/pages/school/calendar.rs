//! A school's calendar (S1): the year's holidays and make-up workdays, from
//! the data shipped with the product or the school's own iCalendar file,
//! and the plans' terms with their service days.
use crate::api::{ImportShippedCalendar, SetMakeUpWeekday, import_calendar, school_calendar};
use crate::components::{FormError, Loading, failure, show};
use crate::error::AppError;
use crate::i18n::{self, M, use_i18n};
use crate::outcome::said;
use crate::pages::params::id_param;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use wire::ids::SchoolId;
use wire::operations::{CalendarDay, CalendarImport, CalendarYear, DayKind};

#[component]
pub fn CalendarPage() -> impl IntoView {
    crate::components::expects_island();
    let id = id_param();
    let query = use_query_map();
    let year = Memo::new(move |_| query.read().get("year").and_then(|y| y.parse::<i32>().ok()));
    let page = Resource::new(move || (id.get(), year.get()), |(id, year)| school_calendar(SchoolId(id.unwrap_or(0)), year));
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || show(page.get(), |c: CalendarYear| view! { <Calendar c/> })}
        </Suspense>
    }
}

#[component]
fn Calendar(c: CalendarYear) -> impl IntoView {
    let i18n = use_i18n();
    let import = ServerAction::<ImportShippedCalendar>::new();
    let follows = ServerAction::<SetMakeUpWeekday>::new();
    let lang = i18n.lang;
    let school = c.school;
    let mut years = c.years.clone();
    years.extend(c.shipped.iter().copied());
    years.push(c.year);
    years.sort_unstable();
    years.dedup();
    let imported_year = use_query_map().read_untracked().get("year").unwrap_or_default();
    view! {
        <section class="calendar">
            <p class="eyebrow">{c.school_name.clone()}</p>
            <h1>{move || i18n.t(M::Calendar)}" "{c.year}</h1>
            <p class="hint">{move || i18n.t(M::CalendarHint)}</p>
            <nav class="years" aria-label=move || i18n.t(M::Year)>
                {years.into_iter().map(|y| if y == c.year {
                    view! { <strong aria-current="page">{y}</strong>" " }.into_any()
                } else {
                    view! { <a href=format!("/school/{school}/calendar?year={y}")>{y}</a>" " }.into_any()
                }).collect_view()}
            </nav>

            <h2>{move || i18n.t(M::ShippedCalendar)}</h2>
            <p class="hint">{move || i18n.t(M::ShippedCalendarHint)}</p>
            <ActionForm action=import attr:class="row card">
                <input type="hidden" name="school" value=school.to_string()/>
                <label>
                    <span>{move || i18n.t(M::Year)}</span>
                    <select name="year">
                        {c.shipped.iter().map(|y| view! { <option value=y.to_string() selected=*y == c.year>{*y}</option> }).collect_view()}
                    </select>
                </label>
                <button class="button" type="submit">{move || i18n.t(M::ImportYear)}</button>
            </ActionForm>
            <FormError error=failure(import.value())/>
            {move || said(import.value(), "calendar_imported").get().then(|| {
                let y = imported_year.clone();
                view! { <p class="ok" role="status">{move || i18n::msg::calendar_imported(lang.get(), &y)}</p> }
            })}
            <CalendarUpload school/>

            <h2>{move || i18n.t(M::Terms)}</h2>
            <ul class="terms">
                {c.terms.into_iter().map(|t| view! {
                    <li>
                        <a href=format!("/plans/{}/timetable", t.plan)>{t.title}</a>" · "
                        {move || i18n::msg::term_service_days(lang.get(), t.first_day, t.last_day, t.service_days)}
                    </li>
                }).collect_view()}
            </ul>

            <h2>{move || i18n.t(M::Holiday)}" / "{move || i18n.t(M::MakeUpWorkday)}</h2>
            {c.days.is_empty().then(|| view! { <p>{move || i18n.t(M::NoCalendarDays)}</p> })}
            <FormError error=failure(follows.value())/>
            <table class="data days">
                <thead><tr>
                    <th>{move || i18n.t(M::Date)}</th><th>{move || i18n.t(M::Weekday)}</th><th>{move || i18n.t(M::ItemName)}</th>
                    <th>{move || i18n.t(M::Kind)}</th><th>{move || i18n.t(M::FollowsWeekday)}</th>
                </tr></thead>
                <tbody>{c.days.into_iter().map(|d| view! { <DayRow d follows/> }).collect_view()}</tbody>
            </table>
        </section>
    }
}

#[component]
fn DayRow(d: CalendarDay, follows: ServerAction<SetMakeUpWeekday>) -> impl IntoView {
    let i18n = use_i18n();
    let weekday = i18n::weekday_of(d.date);
    let (kind, class) = match d.kind {
        DayKind::Holiday => (M::Holiday, "chip"),
        DayKind::MakeUpWorkday => (M::MakeUpWorkday, "chip reason"),
    };
    let whose = if d.own { M::OwnCalendar } else { M::DistrictCalendar };
    view! {
        <tr class=d.kind.as_str()>
            <td>{d.date.to_string()}</td>
            <td>{move || i18n.t(weekday)}</td>
            <td>{d.name.clone()}" "<small>{move || i18n.t(whose)}</small></td>
            <td><span class=class>{move || i18n.t(kind)}</span></td>
            <td>
                {d.follows_weekday.map(|w| view! {
                    <ActionForm action=follows attr:class="row">
                        <input type="hidden" name="day" value=d.id.to_string()/>
                        <select name="weekday" aria-label=move || i18n.t(M::FollowsWeekday)>
                            {(1..=5u8).map(|x| view! { <option value=x.to_string() selected=x == w>{move || i18n.t(i18n::weekday(x))}</option> }).collect_view()}
                        </select>
                        <button class="button secondary" type="submit">{move || i18n.t(M::Save)}</button>
                    </ActionForm>
                })}
            </td>
        </tr>
    }
}

/// Reads the chosen .ics file in the browser and sends it (an island,
/// loaded only on this page), then shows the year it imported.
#[cfg_attr(not(feature = "csr"), island(lazy))]
#[cfg_attr(feature = "csr", island)]
fn CalendarUpload(school: SchoolId) -> impl IntoView {
    let i18n = use_i18n();
    crate::components::island_here();
    let file = NodeRef::<leptos::html::Input>::new();
    let upload = Action::new_local(move |input: &leptos::web_sys::HtmlInputElement| {
        let input = input.clone();
        async move {
            let (_, content) = crate::components::read_file(&input, wire::operations::MAX_CALENDAR_BYTES).await?;
            import_calendar(Some(school), None, content).await
        }
    });
    let result = upload.value();
    view! {
        <form class="stack card" on:submit=move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if let Some(input) = file.get() {
                upload.dispatch_local(input);
            }
        }>
            <label>
                <span>{move || i18n.t(M::CalendarFile)}</span>
                <input type="file" accept=".ics,text/calendar" required node_ref=file/>
            </label>
            <button class="button secondary" type="submit">{move || i18n.t(M::ImportFile)}</button>
            <FormError error=Signal::derive(move || result.get().and_then(|r: Result<CalendarImport, AppError>| r.err()))/>
            {move || result.get().and_then(|r| r.ok()).map(|done| {
                let years = done.years.iter().map(|y| format!("?year={y}")).next().unwrap_or_default();
                view! {
                    <p class="ok" role="status">
                        {move || i18n::msg::calendar_import_done(i18n.lang.get(), done.holidays, done.workdays)}" "
                        <a href=years>{move || i18n.t(M::Calendar)}</a>
                    </p>
                }
            })}
        </form>
    }
}
