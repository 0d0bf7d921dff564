//! A week of sessions, for the staff member whose they are (`/my/timetable`)
//! and, on the child's page, for a guardian. Made for a phone.
use crate::api::my_week;
use crate::components::{Loading, WeekView, show};
use crate::i18n::{M, use_i18n};
use crate::pages::params::week_param;
use leptos::prelude::*;
use wire::operations::Week;

#[component]
pub fn MyWeekPage() -> impl IntoView {
    let i18n = use_i18n();
    let chosen = week_param();
    let week = Resource::new(move || chosen.get(), my_week);
    view! {
        <section class="my-week">
            <h1>{move || i18n.t(M::MyTimetable)}</h1>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || show(week.get(), |w: Week| view! { <WeekView w show_school=true links=true/> })}
            </Suspense>
        </section>
    }
}
