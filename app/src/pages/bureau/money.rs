//! The bureau's money desk (M6, M1, M4): each school's subsidy owed from
//! actual child-days against what it booked as received, the year-end
//! reconciliation as a spreadsheet, the fee rises waiting for the bureau's
//! approval, and the disclosures past their day.
use crate::api::{DecideFees, subsidy_year};
use crate::components::{FormError, Loading, PrintButton, failure, show};
use crate::i18n::{self, M, use_i18n};
use crate::outcome::said;
use crate::pages::params::id_param;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use wire::ids::DistrictId;
use wire::money::{FeeApproval, SubsidyReport, yuan};

#[component]
pub fn BureauMoneyPage() -> impl IntoView {
    let id = id_param();
    let query = use_query_map();
    let decide = ServerAction::<DecideFees>::new();
    let r = Resource::new(
        move || (id.get(), query.read().get("year").and_then(|y| y.parse::<i32>().ok()), decide.version().get()),
        |(id, year, _)| subsidy_year(DistrictId(id.unwrap_or(0)), year),
    );
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || show(r.get(), |r: SubsidyReport| view! { <Report r decide district=id.get_untracked().unwrap_or(0)/> })}
        </Suspense>
    }
}

#[component]
fn Report(r: SubsidyReport, decide: ServerAction<DecideFees>, district: i64) -> impl IntoView {
    let i18n = use_i18n();
    let rate = r.rate_fen.map(yuan).unwrap_or_else(|| "—".into());
    view! {
        <section class="wide subsidy">
            <p class="eyebrow">{r.district_name.clone()}</p>
            <h1>{move || i18n::msg::subsidy_year(i18n.lang.get(), i64::from(r.year))}</h1>
            <form method="get" class="inline">
                <input type="number" name="year" value=r.year min="2000" max="2100" aria-label=move || i18n.t(M::Year)/>
                <button class="button secondary" type="submit">{move || i18n.t(M::Show)}</button>
            </form>
            <p>{move || i18n::msg::subsidy_rate(i18n.lang.get(), &rate)}</p>
            <dl class="stats">
                <div><dt>{move || i18n.t(M::ChildDays)}</dt><dd>{r.child_days}</dd></div>
                <div><dt>{move || i18n.t(M::SubsidyOwed)}</dt><dd>{yuan(r.entitled_fen)}</dd></div>
                <div><dt>{move || i18n.t(M::SubsidyCity)}</dt><dd>{yuan(r.city_fen)}</dd></div>
                <div><dt>{move || i18n.t(M::SubsidyDistrict)}</dt><dd>{yuan(r.district_fen)}</dd></div>
                <div><dt>{move || i18n.t(M::SubsidyReceived)}</dt><dd>{yuan(r.received_fen)}</dd></div>
                <div><dt>{move || i18n.t(M::Outstanding)}</dt><dd>{yuan(r.outstanding_fen)}</dd></div>
            </dl>
            <p class="actions no-print">
                <PrintButton/>
                <a class="button secondary" href=format!("/bureau/{district}/subsidy.xlsx?year={}", r.year) download="">{move || i18n.t(M::DownloadSpreadsheet)}</a>
            </p>
            <table class="data">
                <thead><tr>
                    <th>{move || i18n.t(M::School)}</th><th>{move || i18n.t(M::Kind)}</th><th class="num">{move || i18n.t(M::ChildDays)}</th>
                    <th class="num">{move || i18n.t(M::SubsidyOwed)}</th><th class="num">{move || i18n.t(M::SubsidyCity)}</th><th class="num">{move || i18n.t(M::SubsidyDistrict)}</th>
                    <th class="num">{move || i18n.t(M::SubsidyReceived)}</th><th class="num">{move || i18n.t(M::Outstanding)}</th>
                </tr></thead>
                <tbody>
                    {r.schools.into_iter().map(|s| {
                        let kind = i18n::school_kind(s.kind);
                        view! {
                            <tr>
                                <td><a href=format!("/school/{}/money", s.school)>{s.school_name}</a></td><td>{move || i18n.t(kind)}</td>
                                <td class="num">{s.child_days}</td><td class="num">{yuan(s.entitled_fen)}</td>
                                <td class="num">{yuan(s.city_fen)}</td><td class="num">{yuan(s.district_fen)}</td>
                                <td class="num">{yuan(s.received_city_fen + s.received_district_fen)}</td><td class="num">{yuan(s.outstanding_fen)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <h2>{move || i18n.t(M::FeeRisesWaiting)}</h2>
            <FormError error=failure(decide.value())/>
            {move || said(decide.value(), "fees_decided").get().then(|| view! { <p class="ok" role="status">{move || i18n.t(M::FeesDecided)}</p> })}
            {r.fee_approvals.is_empty().then(|| view! { <p>{move || i18n.t(M::NoFeeRisesWaiting)}</p> })}
            <ul class="cards">{r.fee_approvals.into_iter().map(|f| view! { <FeeRise f decide/> }).collect_view()}</ul>
            <h2>{move || i18n.t(M::OverdueDisclosures)}</h2>
            {r.overdue_disclosures.is_empty().then(|| view! { <p>{move || i18n.t(M::NoOverdueDisclosures)}</p> })}
            <ul class="flags">
                {r.overdue_disclosures.into_iter().map(|(school, name, month, due)| view! {
                    <li class="overdue"><a href=format!("/schools/{school}/disclosure?month={month}")>{name}" · "{month.clone()}</a>" · "{move || i18n::msg::due_on(i18n.lang.get(), due.to_string())}</li>
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn FeeRise(f: FeeApproval, decide: ServerAction<DecideFees>) -> impl IntoView {
    let i18n = use_i18n();
    let items = |list: &[wire::money::FeeItem]| list.iter().map(|i| format!("{} {}", i18n.t(i18n::service_type(i.service)), yuan(i.fen_per_month))).collect::<Vec<_>>().join(" · ");
    view! {
        <li class="card">
            <h3>{f.school_name.clone()}" · "{f.plan_title.clone()}</h3>
            <p>{move || i18n::msg::from_date(i18n.lang.get(), f.from.to_string())}</p>
            <p>{move || i18n.t(M::FeeBefore)}": "{items(&f.before)}</p>
            <p>{move || i18n.t(M::FeeAfter)}": "{items(&f.items)}</p>
            <ActionForm action=decide attr:class="stack">
                <input type="hidden" name="schedule" value=f.schedule.to_string()/>
                <label><span>{move || i18n.t(M::ApprovalNote)}</span><input name="note" maxlength="500" required/></label>
                <div class="actions">
                    <button class="button" type="submit" name="approve" value="true">{move || i18n.t(M::Approve)}</button>
                    <button class="button danger" type="submit">{move || i18n.t(M::Reject)}</button>
                </div>
            </ActionForm>
        </li>
    }
}
