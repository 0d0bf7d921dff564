//! Payments from the service account's bank statement: the treasurer
//! uploads it (CSV or XLSX: date, amount, memo, transaction number), sees
//! every row's problem and the child each memo names, and imports only a
//! clean statement; a row imported before is shown and never booked twice.
use crate::api::bank_statement;
use crate::components::{FormError, SheetForm};
use crate::error::AppError;
use crate::i18n::{self, M, use_i18n};
use crate::pages::params::id_param;
use leptos::prelude::*;
use leptos::web_sys::HtmlInputElement;
use wire::ids::SchoolId;
use wire::money::{StatementPreview, yuan};

#[component]
pub fn BankImportPage() -> impl IntoView {
    let id = id_param();
    move || id.get().map(|school| view! { <StatementUpload school=SchoolId(school)/> })
}

/// The browser reads the chosen file and sends it (an island, loaded only
/// on this page).
#[cfg_attr(not(feature = "csr"), island(lazy))]
#[cfg_attr(feature = "csr", island)]
fn StatementUpload(school: SchoolId) -> impl IntoView {
    let i18n = use_i18n();
    crate::components::island_here();
    let upload = Action::new_local(|(school, import, input): &(SchoolId, bool, HtmlInputElement)| {
        let (school, import, input) = (*school, *import, input.clone());
        async move {
            let (name, content) = crate::components::read_file(&input, wire::money::MAX_STATEMENT_BYTES).await?;
            bank_statement(school, import, name, content).await
        }
    });
    let result = upload.value();
    view! {
        <section class="bank-import">
            <h1>{move || i18n.t(M::BankImport)}</h1>
            <p class="hint">{move || i18n.t(M::BankImportHint)}</p>
            <p><a href=format!("/school/{school}/money")>{move || i18n.t(M::MoneyDesk)}</a></p>
            <SheetForm label=M::StatementFile check=M::Preview import=M::ImportStatement send=move |import, input| { upload.dispatch_local((school, import, input)); }/>
            <FormError error=Signal::derive(move || result.get().and_then(|r: Result<StatementPreview, AppError>| r.err()))/>
            {move || result.get().and_then(|r| r.ok()).map(|p| view! { <StatementResult p/> })}
        </section>
    }
}

#[component]
fn StatementResult(p: StatementPreview) -> impl IntoView {
    let i18n = use_i18n();
    let (imported, n, total) = (p.imported, i64::from(p.new_rows), yuan(p.total_fen));
    view! {
        <div class="statement-result" data-imported=imported.to_string()>
            {if p.errors.is_empty() {
                let total = total.clone();
                view! { <p class="ok" role="status">{move || if imported { i18n::msg::statement_imported(i18n.lang.get(), n, &total) } else { i18n::msg::statement_ok(i18n.lang.get(), n, &total) }}</p> }.into_any()
            } else {
                view! {
                    <p class="error" role="alert">{move || i18n.t(M::StatementHasErrors)}</p>
                    <table class="data errors">
                        <thead><tr><th>{move || i18n.t(M::Line)}</th><th>{move || i18n.t(M::Problem)}</th></tr></thead>
                        <tbody>
                            {p.errors.iter().map(|e| {
                                let (f, r) = (i18n::statement_field(&e.field), i18n::row_rule(&e.rule));
                                view! { <tr><td class="num">{e.line}</td><td>{move || i18n.t(f)}": "{move || i18n.t(r)}</td></tr> }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
            <table class="data rows">
                <thead><tr>
                    <th>{move || i18n.t(M::Line)}</th><th>{move || i18n.t(M::Date)}</th><th class="num">{move || i18n.t(M::Amount)}</th>
                    <th>{move || i18n.t(M::Name)}</th><th>{move || i18n.t(M::Memo)}</th><th></th>
                </tr></thead>
                <tbody>
                    {p.rows.into_iter().map(|r| view! {
                        <tr class:already=r.already>
                            <td class="num">{r.line}</td><td>{r.on_date.map(|d| d.to_string()).unwrap_or_default()}</td>
                            <td class="num">{yuan(r.amount_fen)}</td><td>{r.student_name}</td><td>{r.memo}</td>
                            <td>{r.already.then(|| view! { {move || i18n.t(M::AlreadyImported)} })}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
