//! A school's money desk (M1–M5): the books' balances, each plan's fees
//! and their changes, the month's billing, payments and spending booked by
//! hand, refunds owed to families, the month's postings (a correction is a
//! reversal), pay rates, and the disclosures due. For the school's admin
//! and the committee's treasurer; the supervision panel and the bureau
//! read it. Plain forms: it works without script.
use crate::api::{
    BillMonth, ConsentFees, PayRefund, ProposeFees, RecordBooking, RecordPayment, ReversePosting, SetPayRates, school_money,
};
use crate::components::{FormError, Loading, failure, show};
use crate::i18n::{self, M, use_i18n};
use crate::outcome::said;
use crate::pages::params::id_param;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use wire::ids::SchoolId;
use wire::money::{FeeScheduleView, ManualKind, MoneyDesk, PlanFees, PostingView, ScheduleStatus, yuan};
use wire::plan::BillingPeriod;
use wire::roles::Role;

#[derive(Clone, Copy)]
struct Actions {
    bill: ServerAction<BillMonth>,
    pay: ServerAction<RecordPayment>,
    book: ServerAction<RecordBooking>,
    reverse: ServerAction<ReversePosting>,
    refund: ServerAction<PayRefund>,
    propose: ServerAction<ProposeFees>,
    consent: ServerAction<ConsentFees>,
    rates: ServerAction<SetPayRates>,
}

#[component]
pub fn MoneyDeskPage() -> impl IntoView {
    let id = id_param();
    let query = use_query_map();
    let a = Actions {
        bill: ServerAction::new(),
        pay: ServerAction::new(),
        book: ServerAction::new(),
        reverse: ServerAction::new(),
        refund: ServerAction::new(),
        propose: ServerAction::new(),
        consent: ServerAction::new(),
        rates: ServerAction::new(),
    };
    let desk = Resource::new(
        move || {
            (
                id.get(),
                query.read().get("month"),
                (a.bill.version().get(), a.pay.version().get(), a.book.version().get(), a.reverse.version().get()),
                (a.refund.version().get(), a.propose.version().get(), a.consent.version().get(), a.rates.version().get()),
            )
        },
        |(id, month, ..)| school_money(SchoolId(id.unwrap_or(0)), month),
    );
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || show(desk.get(), |d: MoneyDesk| view! { <Desk d a/> })}
        </Suspense>
    }
}

#[component]
fn Desk(d: MoneyDesk, a: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let school = d.school.to_string();
    let month = d.month.format("%Y-%m").to_string();
    let manage = d.may_manage;
    let errors = [failure(a.bill.value()), failure(a.pay.value()), failure(a.book.value()), failure(a.reverse.value())];
    let more = [failure(a.refund.value()), failure(a.propose.value()), failure(a.consent.value()), failure(a.rates.value())];
    let q = use_query_map();
    let billed = move || {
        let n = |k: &str| q.read().get(k).and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
        i18n::msg::billed(i18n.lang.get(), n("charged"), n("waived"))
    };
    view! {
        <section class="money-desk">
            <p class="eyebrow">{d.school_name.clone()}</p>
            <h1>{move || i18n.t(M::MoneyDesk)}" · "{month.clone()}</h1>
            <form method="get" class="inline">
                <input type="month" name="month" value=month.clone() aria-label=move || i18n.t(M::Month)/>
                <button class="button secondary" type="submit">{move || i18n.t(M::Show)}</button>
            </form>
            <p class="actions">
                <a href=format!("/schools/{school}/disclosure?month={month}")>{move || i18n.t(M::Disclosure)}</a>
                <a href=format!("/school/{school}/ledger.xlsx?month={month}") download="">{move || i18n.t(M::DownloadLedger)}</a>
                {manage.then(|| view! {
                    <a href=format!("/school/{school}/money/import")>{move || i18n.t(M::BankImport)}</a>
                    <a href=format!("/school/{school}/money/pay?month={month}")>{move || i18n.t(M::PayRun)}</a>
                })}
                {(d.claims_waiting > 0).then(|| view! { <a href=format!("/school/{school}/claims")>{move || i18n::msg::claims_waiting(i18n.lang.get(), i64::from(d.claims_waiting))}</a> })}
            </p>
            {errors.into_iter().chain(more).map(|e| view! { <FormError error=e/> }).collect_view()}
            {move || said(a.bill.value(), "billed").get().then(|| view! { <p class="ok" role="status">{billed}</p> })}
            {move || said(a.pay.value(), "booked").get().then(|| view! { <p class="ok" role="status">{move || i18n.t(M::Booked)}</p> })}
            {move || said(a.book.value(), "booked").get().then(|| view! { <p class="ok" role="status">{move || i18n.t(M::Booked)}</p> })}
            {move || said(a.propose.value(), "fees_proposed").get().then(|| view! { <p class="ok" role="status">{move || i18n.t(M::FeesProposed)}</p> })}

            {(!d.disclosures_due.is_empty()).then(|| view! {
                <ul class="flags">
                    {d.disclosures_due.iter().map(|(m, due, late)| {
                        let (m, due, late) = (m.clone(), *due, *late);
                        let href = format!("/schools/{}/disclosure?month={m}", d.school);
                        view! { <li class:overdue=late><a href=href>{move || i18n::msg::disclosure_due(i18n.lang.get(), &m, due.to_string())}</a></li> }
                    }).collect_view()}
                </ul>
            })}

            <h2>{move || i18n.t(M::Balances)}</h2>
            <table class="data balances">
                <tbody>
                    {d.balances.iter().map(|(acc, n)| {
                        let m = i18n::account(*acc);
                        let shown = if acc.credit_normal() { -*n } else { *n };
                        view! { <tr data-account=acc.as_str()><td>{move || i18n.t(m)}</td><td class="num">{yuan(shown)}</td></tr> }
                    }).collect_view()}
                </tbody>
            </table>

            {manage.then(|| view! {
                <ActionForm action=a.bill attr:class="inline">
                    <input type="hidden" name="school" value=d.school.to_string()/>
                    <input type="hidden" name="month" value=d.month.format("%Y-%m").to_string()/>
                    <button class="button" type="submit">{move || i18n.t(M::BillMonth)}</button>
                </ActionForm>
            })}

            <h2>{move || i18n.t(M::FeeSchedules)}</h2>
            {d.plans.into_iter().map(|p| view! { <PlanFeesCard p a manage/> }).collect_view()}

            <h2>{move || i18n.t(M::RefundsDue)}</h2>
            {d.refunds_due.is_empty().then(|| view! { <p>{move || i18n.t(M::NoRefundsDue)}</p> })}
            <ul class="cards">
                {d.refunds_due.into_iter().map(|r| view! {
                    <li class="card">
                        <strong>{r.student_name}</strong>" · "<span class="num">{yuan(r.amount_fen)}</span>
                        {manage.then(|| view! {
                            <ActionForm action=a.refund attr:class="inline">
                                <input type="hidden" name="student" value=r.student.to_string()/>
                                <input type="date" name="on_date" required aria-label=move || i18n.t(M::Date)/>
                                <input name="reference" maxlength="200" placeholder=move || i18n.t(M::TransferReference) aria-label=move || i18n.t(M::TransferReference)/>
                                <button class="button secondary" type="submit">{move || i18n.t(M::MarkRefundPaid)}</button>
                            </ActionForm>
                        })}
                    </li>
                }).collect_view()}
            </ul>

            {manage.then(|| view! { <BookingForms school=d.school.to_string() a/> })}
            {manage.then(|| view! { <RatesForm school=d.school.to_string() rates=d.pay_rates.clone() a/> })}

            <h2>{move || i18n.t(M::PostingsOfMonth)}</h2>
            {d.postings.is_empty().then(|| view! { <p>{move || i18n.t(M::NoPostings)}</p> })}
            {(d.postings_in_month > d.postings.len() as u64).then(|| {
                let (shown, all) = (d.postings.len() as i64, d.postings_in_month as i64);
                view! { <p class="hint">{move || i18n::msg::latest_postings(i18n.lang.get(), shown, all)}</p> }
            })}
            <table class="data postings">
                <thead><tr>
                    <th>{move || i18n.t(M::Date)}</th><th>{move || i18n.t(M::Kind)}</th><th>{move || i18n.t(M::Name)}</th>
                    <th class="num">{move || i18n.t(M::Amount)}</th><th>{move || i18n.t(M::Memo)}</th><th></th>
                </tr></thead>
                <tbody>
                    {d.postings.into_iter().map(|p| view! { <PostingRow p a manage/> }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn PostingRow(p: PostingView, a: Actions, manage: bool) -> impl IntoView {
    let i18n = use_i18n();
    let kind = i18n::posting_kind(p.kind);
    let may_reverse = manage && p.may_reverse;
    view! {
        <tr data-kind=p.kind.as_str() class:reversed=p.reversed>
            <td>{p.on_date.to_string()}</td>
            <td>{move || i18n.t(kind)}</td>
            <td>{p.student_name.clone().unwrap_or_default()}</td>
            <td class="num">{yuan(p.amount_fen)}</td>
            <td>{p.memo.clone()}</td>
            <td>
                {may_reverse.then(|| view! {
                    <details>
                        <summary>{move || i18n.t(M::Reverse)}</summary>
                        <ActionForm action=a.reverse attr:class="stack">
                            <input type="hidden" name="posting" value=p.id.to_string()/>
                            <input name="reason" maxlength="200" required placeholder=move || i18n.t(M::ReasonLabel) aria-label=move || i18n.t(M::ReasonLabel)/>
                            <button class="button danger" type="submit">{move || i18n.t(M::Reverse)}</button>
                        </ActionForm>
                    </details>
                })}
            </td>
        </tr>
    }
}

/// A payment for a child, and a receipt or a spending.
#[component]
fn BookingForms(school: String, a: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let school2 = school.clone();
    view! {
        <details class="card">
            <summary>{move || i18n.t(M::RecordPayment)}</summary>
            <ActionForm action=a.pay attr:class="stack">
                <input type="hidden" name="school" value=school2/>
                <label><span>{move || i18n.t(M::StudentNo)}</span><input name="payment[student_no]" maxlength="30" required/></label>
                <label><span>{move || i18n.t(M::AmountYuan)}</span><input name="payment[amount]" inputmode="decimal" required/></label>
                <label><span>{move || i18n.t(M::Date)}</span><input type="date" name="payment[on_date]" required/></label>
                <label><span>{move || i18n.t(M::TransferReference)}</span><input name="payment[reference]" maxlength="200"/></label>
                <button class="button" type="submit">{move || i18n.t(M::RecordPayment)}</button>
            </ActionForm>
        </details>
        <details class="card">
            <summary>{move || i18n.t(M::RecordBooking)}</summary>
            <ActionForm action=a.book attr:class="stack">
                <input type="hidden" name="school" value=school/>
                <label>
                    <span>{move || i18n.t(M::Kind)}</span>
                    <select name="booking[kind]">
                        {ManualKind::ALL.iter().map(|k| {
                            let m = i18n::posting_kind(k.posting());
                            view! { <option value=k.as_str()>{move || i18n.t(m)}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label><span>{move || i18n.t(M::AmountYuan)}</span><input name="booking[amount]" inputmode="decimal" required/></label>
                <label><span>{move || i18n.t(M::Date)}</span><input type="date" name="booking[on_date]" required/></label>
                <label><span>{move || i18n.t(M::SpendingPurpose)}</span><input name="booking[memo]" maxlength="200"/></label>
                <p class="hint">{move || i18n.t(M::PurposeHint)}</p>
                <label><span>{move || i18n.t(M::TransferReference)}</span><input name="booking[reference]" maxlength="200"/></label>
                <button class="button" type="submit">{move || i18n.t(M::RecordBooking)}</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn RatesForm(school: String, rates: wire::money::PayRates, a: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let field = move |name: &'static str, label: M, fen: i64| {
        view! { <label><span>{move || i18n.t(label)}</span><input name=name inputmode="decimal" value=yuan(fen) required/></label> }
    };
    view! {
        <details class="card">
            <summary>{move || i18n.t(M::PayRates)}</summary>
            <ActionForm action=a.rates attr:class="stack">
                <input type="hidden" name="school" value=school/>
                {field("teacher", M::StaffTeacher, rates.teacher)}
                {field("worker", M::StaffWorker, rates.worker)}
                {field("volunteer", M::StaffVolunteer, rates.volunteer)}
                {field("vendor_staff", M::StaffVendorStaff, rates.vendor_staff)}
                <p class="hint">{move || i18n.t(M::PayRatesHint)}</p>
                <button class="button" type="submit">{move || i18n.t(M::Save)}</button>
            </ActionForm>
        </details>
    }
}

/// A plan's fees: the versions with their consent and approval, and the
/// form for a new version.
#[component]
fn PlanFeesCard(p: PlanFees, a: Actions, manage: bool) -> impl IntoView {
    let i18n = use_i18n();
    let session = crate::session::use_session();
    let committee = move || session.holds(|r| r.role == Role::FamilyCommittee && r.scope_kind == wire::roles::ScopeKind::School);
    let plan = p.plan;
    let cap = p.cap_fen.map(yuan);
    view! {
        <div class="card plan-fees">
            <h3><a href=format!("/plans/{plan}")>{p.plan_title.clone()}</a></h3>
            <p>{format!("{} — {}", p.term_start, p.term_end)}
                {cap.map(|c| view! { " · "{move || i18n::msg::fee_cap_is(i18n.lang.get(), &c)} })}
                " · "<a href=format!("/plans/{plan}/settlement")>{move || i18n.t(M::Settlement)}</a>
            </p>
            <table class="data">
                <tbody>
                    {p.versions.iter().map(|v| view! { <VersionRow v=v.clone() a committee=Signal::derive(committee)/> }).collect_view()}
                </tbody>
            </table>
            {manage.then(|| view! { <ProposeForm p=p.clone() a/> })}
        </div>
    }
}

#[component]
fn VersionRow(v: FeeScheduleView, a: Actions, committee: Signal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let status = i18n::schedule_status(v.status);
    let items: Vec<String> = v.items.iter().map(|i| format!("{} {}", i18n.t(i18n::service_type(i.service)), yuan(i.fen_per_month))).collect();
    let billing = i18n::billing_period(v.billing_period);
    let waits_consent = v.status == ScheduleStatus::Pending && v.needs_consent && v.consented_by.is_none();
    let id = v.id;
    view! {
        <tr data-status=v.status.as_str()>
            <td>{move || i18n::msg::from_date(i18n.lang.get(), v.effective_from.to_string())}</td>
            <td>{items.join(" · ")}" · "{move || i18n.t(billing)}</td>
            <td>{(!v.filing_number.is_empty()).then(|| format!("{} {}", v.filing_number, v.filing_date.map(|d| d.to_string()).unwrap_or_default()))}</td>
            <td>
                {move || i18n.t(status)}
                {v.consented_by.clone().map(|n| view! { " · "{move || i18n.t(M::CommitteeConsented)}" "{n.clone()} })}
                {v.approved_by.clone().map(|n| view! { " · "{move || i18n.t(M::BureauDecided)}" "{n.clone()}" "{v.note.clone()} })}
                {(v.needs_approval && v.approved_by.is_none() && v.status == ScheduleStatus::Pending).then(|| view! { " · "{move || i18n.t(M::AwaitingBureau)} })}
                {(waits_consent && committee.get()).then(|| id.map(|id| view! {
                    <ActionForm action=a.consent attr:class="inline">
                        <input type="hidden" name="schedule" value=id.to_string()/>
                        <button class="button secondary" type="submit">{move || i18n.t(M::ConsentToFee)}</button>
                    </ActionForm>
                }))}
            </td>
        </tr>
    }
}

#[component]
fn ProposeForm(p: PlanFees, a: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let current = p.versions.iter().rev().find(|v| v.status == ScheduleStatus::InForce).cloned();
    let fee_of = move |s| current.as_ref().and_then(|v| v.items.iter().find(|i| i.service == s)).map(|i| (yuan(i.fen_per_month), i.minutes_per_day));
    view! {
        <details>
            <summary>{move || i18n.t(M::ChangeFees)}</summary>
            <ActionForm action=a.propose attr:class="stack">
                <input type="hidden" name="plan" value=p.plan.to_string()/>
                <label><span>{move || i18n.t(M::EffectiveFrom)}</span><input type="date" name="schedule[effective_from]" required/></label>
                {p.services.iter().enumerate().map(|(i, s)| {
                    let (fee, minutes) = fee_of(*s).unwrap_or_default();
                    let m = i18n::service_type(*s);
                    view! {
                        <fieldset>
                            <legend>{move || i18n.t(m)}</legend>
                            <input type="hidden" name=format!("schedule[items][{i}][service]") value=s.as_str()/>
                            <label><span>{move || i18n.t(M::YuanPerMonth)}</span><input name=format!("schedule[items][{i}][yuan_per_month]") inputmode="decimal" value=fee required/></label>
                            <label><span>{move || i18n.t(M::MinutesPerDay)}</span><input type="number" name=format!("schedule[items][{i}][minutes_per_day]") min="1" max="600" value=if minutes == 0 { 90 } else { minutes } required/></label>
                        </fieldset>
                    }
                }).collect_view()}
                <label>
                    <span>{move || i18n.t(M::BilledBy)}</span>
                    <select name="schedule[billing_period]">
                        {BillingPeriod::ALL.iter().map(|b| { let m = i18n::billing_period(*b); view! { <option value=b.as_str()>{move || i18n.t(m)}</option> } }).collect_view()}
                    </select>
                </label>
                <label><span>{move || i18n.t(M::FeeFiling)}</span><input name="schedule[filing_number]" maxlength="200"/></label>
                <label><span>{move || i18n.t(M::FeeFilingDate)}</span><input type="date" name="schedule[filing_date]"/></label>
                <button class="button" type="submit">{move || i18n.t(M::ProposeFees)}</button>
            </ActionForm>
        </details>
    }
}
