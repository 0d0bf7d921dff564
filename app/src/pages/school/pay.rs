//! Staff pay from a month's served hours at the school's rates (M5, S4):
//! each person's line, and booking those not yet booked.
use crate::api::{BookPay, pay_lines};
use crate::components::{FormError, Loading, failure, show};
use crate::i18n::{self, M, use_i18n};
use crate::outcome::said;
use crate::pages::params::id_param;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use wire::ids::SchoolId;
use wire::money::{PayRun, yuan};

#[component]
pub fn PayRunPage() -> impl IntoView {
    let id = id_param();
    let query = use_query_map();
    let book = ServerAction::<BookPay>::new();
    let run = Resource::new(move || (id.get(), query.read().get("month"), book.version().get()), |(id, month, _)| pay_lines(SchoolId(id.unwrap_or(0)), month));
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || show(run.get(), |r: PayRun| view! { <Run r book/> })}
        </Suspense>
    }
}

#[component]
fn Run(r: PayRun, book: ServerAction<BookPay>) -> impl IntoView {
    let i18n = use_i18n();
    let month = r.month.format("%Y-%m").to_string();
    let open = r.lines.iter().any(|l| !l.booked && l.amount_fen > 0);
    view! {
        <section class="pay-run">
            <h1>{move || i18n.t(M::PayRun)}" · "{month.clone()}</h1>
            <p><a href=format!("/school/{}/money?month={month}", r.school)>{move || i18n.t(M::MoneyDesk)}</a></p>
            <form method="get" class="inline">
                <input type="month" name="month" value=month.clone() aria-label=move || i18n.t(M::Month)/>
                <button class="button secondary" type="submit">{move || i18n.t(M::Show)}</button>
            </form>
            <FormError error=failure(book.value())/>
            {move || said(book.value(), "pay_booked").get().then(|| view! { <p class="ok" role="status">{move || i18n.t(M::PayBooked)}</p> })}
            {r.lines.is_empty().then(|| view! { <p>{move || i18n.t(M::NoWorkload)}</p> })}
            <table class="data">
                <thead><tr>
                    <th>{move || i18n.t(M::Name)}</th><th>{move || i18n.t(M::Kind)}</th><th class="num">{move || i18n.t(M::HoursServed)}</th>
                    <th class="num">{move || i18n.t(M::RatePerHour)}</th><th class="num">{move || i18n.t(M::Amount)}</th><th></th>
                </tr></thead>
                <tbody>
                    {r.lines.into_iter().map(|l| {
                        let kind = i18n::staff_kind(l.kind);
                        view! {
                            <tr>
                                <td>{l.name}</td><td>{move || i18n.t(kind)}</td>
                                <td class="num">{format!("{:.1}", f64::from(l.minutes) / 60.0)}</td>
                                <td class="num">{yuan(l.rate_fen)}</td><td class="num">{yuan(l.amount_fen)}</td>
                                <td>{l.booked.then(|| view! { {move || i18n.t(M::Booked)} })}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
                <tfoot><tr><th colspan="4">{move || i18n.t(M::Total)}</th><td class="num">{yuan(r.total_fen)}</td><td></td></tr></tfoot>
            </table>
            {open.then(|| view! {
                <ActionForm action=book attr:class="inline">
                    <input type="hidden" name="school" value=r.school.to_string()/>
                    <input type="hidden" name="month" value=r.month.format("%Y-%m").to_string()/>
                    <label><span>{move || i18n.t(M::PaidOn)}</span><input type="date" name="on_date" required/></label>
                    <button class="button" type="submit">{move || i18n.t(M::BookPay)}</button>
                </ActionForm>
            })}
        </section>
    }
}
