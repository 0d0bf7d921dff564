//! Served hours per person in a month (S4), with the spreadsheet for pay.
use crate::api::workload_month;
use crate::components::{Loading, show};
use crate::i18n::{self, M, use_i18n};
use crate::pages::params::id_param;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use wire::ids::SchoolId;
use wire::records::Workload;

/// `?month=YYYY-MM` as the month's first day.
fn month_param() -> Memo<Option<chrono::NaiveDate>> {
    let query = use_query_map();
    Memo::new(move |_| query.read().get("month").and_then(|m| chrono::NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").ok()))
}

#[component]
pub fn WorkloadPage() -> impl IntoView {
    let id = id_param();
    let month = month_param();
    let w = Resource::new(move || (id.get(), month.get()), |(id, month)| workload_month(SchoolId(id.unwrap_or(0)), month));
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || show(w.get(), |w: Workload| view! { <Table w/> })}
        </Suspense>
    }
}

#[component]
fn Table(w: Workload) -> impl IntoView {
    let i18n = use_i18n();
    let month = w.month.format("%Y-%m").to_string();
    let download = format!("/school/{}/workload.xlsx?month={month}", w.school);
    view! {
        <section class="workload">
            <p class="eyebrow">{w.school_name.clone()}</p>
            <h1>{move || i18n.t(M::Workload)}" · "{month.clone()}</h1>
            <form method="get" class="inline">
                <input type="month" name="month" value=month.clone() aria-label=move || i18n.t(M::Month)/>
                <button class="button secondary" type="submit">{move || i18n.t(M::Show)}</button>
            </form>
            <p><a class="button secondary" href=download download="">{move || i18n.t(M::DownloadSpreadsheet)}</a></p>
            {w.rows.is_empty().then(|| view! { <p>{move || i18n.t(M::NoWorkload)}</p> })}
            <table class="data">
                <thead><tr>
                    <th>{move || i18n.t(M::Name)}</th><th>{move || i18n.t(M::Kind)}</th>
                    <th class="num">{move || i18n.t(M::SessionsServed)}</th><th class="num">{move || i18n.t(M::HoursServed)}</th>
                </tr></thead>
                <tbody>
                    {w.rows.into_iter().map(|r| {
                        let kind = i18n::staff_kind(r.kind);
                        view! {
                            <tr>
                                <td>{r.name}</td><td>{move || i18n.t(kind)}</td>
                                <td class="num">{r.sessions}</td><td class="num">{format!("{:.1}", f64::from(r.minutes) / 60.0)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
