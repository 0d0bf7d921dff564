//! A school's tender board (V2): its tenders, a new tender with its
//! criteria, the contracts that followed, and its satisfaction results.
use crate::api::{CreateTender, tender_board};
use crate::components::{FormError, Loading, failure, show};
use crate::i18n::{self, M, use_i18n};
use crate::pages::id_param;
use crate::pages::tender::{ContractList, TenderList};
use leptos::prelude::*;
use wire::ids::SchoolId;
use wire::tender::{SchoolTenders, TenderService};

/// Criteria a new tender starts with: price and quality items [004].
const CRITERIA: [(M, u8); 4] = [(M::CriterionPrice, 40), (M::CriterionProgramme, 30), (M::CriterionStaff, 20), (M::CriterionRecord, 10)];
const EXTRA_CRITERIA: usize = 2;

#[component]
pub fn SchoolTendersPage() -> impl IntoView {
    let id = id_param();
    let create = ServerAction::<CreateTender>::new();
    let board = Resource::new(move || (id.get(), create.version().get()), |(id, _)| tender_board(SchoolId(id.unwrap_or(0))));
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || show(board.get(), |b: SchoolTenders| view! { <Board b create/> })}
        </Suspense>
    }
}

#[component]
fn Board(b: SchoolTenders, create: ServerAction<CreateTender>) -> impl IntoView {
    let i18n = use_i18n();
    let school = b.school.to_string();
    view! {
        <section class="tenders">
            <p class="eyebrow">{b.school_name.clone()}</p>
            <h1>{move || i18n.t(M::Tenders)}</h1>
            <TenderList tenders=b.tenders/>
            {b.manage.then(|| view! { <NewTenderForm school create/> })}
            <h2>{move || i18n.t(M::Contracts)}</h2>
            <ContractList contracts=b.contracts/>
            <h2>{move || i18n.t(M::Satisfaction)}</h2>
            {b.survey.is_empty().then(|| view! { <p>{move || i18n.t(M::NoRatings)}</p> })}
            <table class="data">
                <thead><tr>
                    <th>{move || i18n.t(M::Month)}</th><th class="num">{move || i18n.t(M::Responses)}</th>
                    <th class="num">{move || i18n.t(M::RateTheService)}</th><th class="num">{move || i18n.t(M::RateTheStaff)}</th>
                </tr></thead>
                <tbody>
                    {b.survey.into_iter().map(|m| view! {
                        <tr><td>{m.period}</td><td class="num">{m.responses}</td><td class="num">{format!("{:.1}", m.service)}</td><td class="num">{format!("{:.1}", m.staff)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

/// The tender's terms; `prefix` is the form's field name (`tender`, `terms`).
#[component]
pub fn TermsFields(prefix: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let f = move |name: &str| format!("{prefix}[{name}]");
    view! {
        <label><span>{move || i18n.t(M::TenderTitle)}</span><input name=f("title") maxlength="200" required/></label>
        <label>
            <span>{move || i18n.t(M::ServiceKind)}</span>
            <select name=f("service")>
                {TenderService::ALL.iter().map(|s| {
                    let m = i18n::tender_service(*s);
                    view! { <option value=s.as_str()>{move || i18n.t(m)}</option> }
                }).collect_view()}
            </select>
        </label>
        <label><span>{move || i18n.t(M::Requirements)}</span><textarea name=f("requirements") rows="4" maxlength="4000" required></textarea></label>
        <fieldset class="criteria">
            <legend>{move || i18n.t(M::CriteriaWeights)}</legend>
            {CRITERIA.iter().map(|(m, w)| (Some(*m), *w)).chain((0..EXTRA_CRITERIA).map(|_| (None, 0))).enumerate().map(|(i, (m, w))| {
                let name = format!("{prefix}[criteria][{i}][name]");
                let weight = format!("{prefix}[criteria][{i}][weight]");
                view! {
                    <div class="inline">
                        <input name=name value=move || m.map(|m| i18n.t(m).to_string()).unwrap_or_default() maxlength="100" aria-label=move || i18n.t(M::Criterion)/>
                        <input name=weight type="number" min="0" max="100" value=w.to_string() aria-label=move || i18n.t(M::Weight)/>
                    </div>
                }
            }).collect_view()}
            <p class="hint">{move || i18n.t(M::WeightsHint)}</p>
        </fieldset>
        <label><span>{move || i18n.t(M::EstimateYuan)}</span><input name=f("estimate_yuan") inputmode="decimal" required/></label>
        <label class="check"><input type="checkbox" name=f("whole_service")/><span>{move || i18n.t(M::WholeService)}</span></label>
        <label><span>{move || i18n.t(M::BidDeadline)}</span><input type="datetime-local" name=f("bid_deadline") required/></label>
        <label><span>{move || i18n.t(M::OpeningTime)}</span><input type="datetime-local" name=f("opening_at") required/></label>
    }
}

#[component]
fn NewTenderForm(school: String, create: ServerAction<CreateTender>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <details class="card" open>
            <summary>{move || i18n.t(M::NewTender)}</summary>
            <FormError error=failure(create.value())/>
            <ActionForm action=create attr:class="stack">
                <input type="hidden" name="school" value=school/>
                <TermsFields prefix="tender"/>
                <p class="hint">{move || i18n.t(M::PanelHint)}</p>
                <button class="button" type="submit">{move || i18n.t(M::IssueTender)}</button>
            </ActionForm>
        </details>
    }
}
