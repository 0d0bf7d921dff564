//! A tender's terms as form fields: a new tender's on the school's board,
//! changed terms on the tender's page.
use crate::i18n::{self, M, use_i18n};
use leptos::prelude::*;
use wire::tender::TenderService;

/// Criteria a new tender starts with: price and quality items [004].
const CRITERIA: [(M, u8); 4] = [(M::CriterionPrice, 40), (M::CriterionProgramme, 30), (M::CriterionStaff, 20), (M::CriterionRecord, 10)];
const EXTRA_CRITERIA: usize = 2;

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
