//! Files a signed-in reader downloads with a plain GET and the session
//! cookie: spreadsheets in the reader's language, pickup photos, proof of
//! declared statuses.
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use domain::DomainError;
use http::{HeaderMap, StatusCode, header};
use std::collections::HashMap;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn refused(e: DomainError) -> Response {
    match e {
        DomainError::Forbidden => StatusCode::FORBIDDEN.into_response(),
        DomainError::NotFound => StatusCode::NOT_FOUND.into_response(),
        DomainError::Invalid { .. } | DomainError::Unreadable { .. } => StatusCode::BAD_REQUEST.into_response(),
        e => {
            tracing::error!(error = %e, "export");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// The signed-in actor of a plain GET, or the answer to send instead.
pub(crate) async fn signed_in(state: &AppState, headers: &HeaderMap) -> Result<domain::authz::Actor, Response> {
    let token = app::ssr::session_token_from(headers).ok_or_else(|| StatusCode::UNAUTHORIZED.into_response())?;
    match domain::auth::load_actor(&state.app.db.read, &token, domain::clock::real_now()).await {
        Ok(Some(a)) => Ok(a),
        Ok(None) => Err(StatusCode::UNAUTHORIZED.into_response()),
        Err(e) => Err(refused(e)),
    }
}

/// `/photos/{child}/{collector}.jpg`: a collector's photo, for the child's
/// guardians and the staff who serve the child; never cached by a proxy.
pub async fn photo(State(state): State<AppState>, Path((child, file)): Path<(String, String)>, headers: HeaderMap) -> Response {
    let (Ok(child), Some(collector)) = (child.parse::<i64>(), file.strip_suffix(".jpg")) else { return StatusCode::NOT_FOUND.into_response() };
    let actor = match signed_in(&state, &headers).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    match domain::service_day::photos::read(&state.cx(Some(actor)), domain::ids::StudentId(child), collector).await {
        Ok(jpeg) => ([(header::CONTENT_TYPE, "image/jpeg"), (header::CACHE_CONTROL, "private, no-store")], jpeg).into_response(),
        Err(e) => refused(e),
    }
}

/// The reader's language, from the cookie.
fn lang_of(headers: &HeaderMap) -> app::i18n::Lang {
    app::i18n::Lang::from_cookie_header(headers.get(header::COOKIE).and_then(|v| v.to_str().ok()).unwrap_or_default())
}

/// `?month=YYYY-MM` as its first day; this month without one; `None`
/// when it is not a month.
fn month_of(state: &AppState, q: &HashMap<String, String>) -> Option<chrono::NaiveDate> {
    match q.get("month") {
        Some(m) => domain::dates::parse_month(m).ok(),
        None => Some(domain::dates::month_of(state.app.clock.today()).0),
    }
}

/// A spreadsheet to download, or why not.
fn xlsx(name: String, made: domain::DomainResult<Vec<u8>>) -> Response {
    match made {
        Ok(bytes) => {
            let disposition = format!("attachment; filename=\"{name}.xlsx\"");
            ([(header::CONTENT_TYPE, XLSX.to_string()), (header::CONTENT_DISPOSITION, disposition), (header::CACHE_CONTROL, "no-store".into())], bytes).into_response()
        }
        Err(e) => refused(e),
    }
}

/// `/school/{id}/workload.xlsx?month=YYYY-MM`: served hours per person.
pub async fn workload(State(state): State<AppState>, Path(id): Path<String>, Query(q): Query<HashMap<String, String>>, headers: HeaderMap) -> Response {
    use app::i18n::M;
    let Ok(id) = id.parse::<i64>() else { return StatusCode::NOT_FOUND.into_response() };
    let actor = match signed_in(&state, &headers).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let Some(day) = month_of(&state, &q) else { return StatusCode::BAD_REQUEST.into_response() };
    let w = match domain::records::workload::month(&state.cx(Some(actor)), domain::ids::SchoolId(id), day).await {
        Ok(w) => w,
        Err(e) => return refused(e),
    };
    let lang = lang_of(&headers);
    let titles = [M::Name.text(lang), M::Kind.text(lang), M::SessionsServed.text(lang), M::HoursServed.text(lang)];
    let made = domain::records::workload::to_xlsx(&w, titles, |k| app::i18n::staff_kind(k).text(lang).to_string());
    xlsx(format!("workload-{}-{}", w.school, w.month.format("%Y-%m")), made)
}

/// `/school/{id}/ledger.xlsx?month=YYYY-MM`: a month's postings, for those
/// who may read the school's books.
pub async fn ledger(State(state): State<AppState>, Path(id): Path<String>, Query(q): Query<HashMap<String, String>>, headers: HeaderMap) -> Response {
    use app::i18n::{self, M};
    let Ok(id) = id.parse::<i64>() else { return StatusCode::NOT_FOUND.into_response() };
    let actor = match signed_in(&state, &headers).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let Some(month) = month_of(&state, &q) else { return StatusCode::BAD_REQUEST.into_response() };
    let (_, postings) = match domain::money::ledger::month(&state.cx(Some(actor)), domain::ids::SchoolId(id), month).await {
        Ok(x) => x,
        Err(e) => return refused(e),
    };
    let lang = lang_of(&headers);
    let headers = [M::Date, M::Kind, M::Debit, M::Credit, M::Amount, M::Name, M::Memo, M::BookedBy].map(|m| m.text(lang));
    let key = domain::dates::month_key(month);
    let made = domain::money::ledger::to_xlsx(&key, &postings, headers, |k| i18n::posting_kind(k).text(lang).to_string(), |a| i18n::account(a).text(lang).to_string());
    xlsx(format!("ledger-{id}-{key}"), made)
}

/// `/schools/{id}/disclosure.xlsx?month=YYYY-MM`: a month's disclosure, as
/// its page shows it to this reader (anyone, once published).
pub async fn disclosure(State(state): State<AppState>, Path(id): Path<String>, Query(q): Query<HashMap<String, String>>, headers: HeaderMap) -> Response {
    use app::i18n::{self, M};
    let Ok(id) = id.parse::<i64>() else { return StatusCode::NOT_FOUND.into_response() };
    let actor = signed_in(&state, &headers).await.ok();
    let Some(month) = month_of(&state, &q) else { return StatusCode::BAD_REQUEST.into_response() };
    let d = match domain::money::disclosure::view(&state.cx(actor), domain::ids::SchoolId(id), month).await {
        Ok(d) => d,
        Err(e) => return refused(e),
    };
    let lang = lang_of(&headers);
    let label = |key: &str| {
        match key {
            "item" => M::Memo,
            "amount" => M::Amount,
            "fees_charged" => M::FeesCharged,
            "waived" => M::Waived,
            "refunded" => M::RefundedOnWithdrawal,
            "surplus_refunded" => M::SurplusRefunded,
            "fees_net" => M::FeesNet,
            "fees_received" => M::FeesReceived,
            "subsidy_city" => M::SubsidyCity,
            "subsidy_district" => M::SubsidyDistrict,
            "sponsorship" => M::Sponsorship,
            "income" => M::IncomeTotal,
            "spending" => M::SpendingTotal,
            "staff_pay" => M::StaffPayShare,
            "staff_share" => M::StaffPayPercent,
            "correction" => M::CorrectionOf,
            _ => M::BankBalance,
        }
        .text(lang)
        .to_string()
    };
    let made = domain::money::disclosure::to_xlsx(&d, label, |a| i18n::account(a).text(lang).to_string());
    xlsx(format!("disclosure-{id}-{}", d.figures.month), made)
}

/// `/bureau/{id}/subsidy.xlsx?year=YYYY`: the district's year-end subsidy
/// reconciliation.
pub async fn subsidy(State(state): State<AppState>, Path(id): Path<String>, Query(q): Query<HashMap<String, String>>, headers: HeaderMap) -> Response {
    use app::i18n::{self, M};
    use chrono::Datelike;
    let Ok(id) = id.parse::<i64>() else { return StatusCode::NOT_FOUND.into_response() };
    let actor = match signed_in(&state, &headers).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let today = state.app.clock.today();
    let year = match q.get("year").map(|y| y.parse::<i32>()) {
        Some(Ok(y)) => y,
        Some(Err(_)) => return StatusCode::BAD_REQUEST.into_response(),
        None => today.year(),
    };
    let r = match domain::money::subsidy::district_year(&state.cx(Some(actor)), domain::ids::DistrictId(id), year).await {
        Ok(r) => r,
        Err(e) => return refused(e),
    };
    let lang = lang_of(&headers);
    let headers = [M::School, M::Kind, M::ChildDays, M::SubsidyOwed, M::SubsidyCity, M::SubsidyDistrict, M::ReceivedCity, M::ReceivedDistrict, M::Outstanding].map(|m| m.text(lang));
    let made = domain::money::subsidy::to_xlsx(&r, headers, |k| i18n::school_kind(k).text(lang).to_string());
    xlsx(format!("subsidy-{id}-{year}"), made)
}

/// The district's dashboard for `?month=` (this month without one).
async fn dashboard_of(state: &AppState, id: &str, q: &HashMap<String, String>, headers: &HeaderMap) -> Result<wire::bureau::Dashboard, Response> {
    let id = id.parse::<i64>().map_err(|_| StatusCode::NOT_FOUND.into_response())?;
    let actor = signed_in(state, headers).await?;
    domain::bureau::dashboard(&state.cx(Some(actor)), domain::ids::DistrictId(id), q.get("month").map(String::as_str)).await.map_err(refused)
}

/// `/bureau/{id}/schools.xlsx?month=YYYY-MM`: each school's figures.
pub async fn dashboard_schools(State(state): State<AppState>, Path(id): Path<String>, Query(q): Query<HashMap<String, String>>, headers: HeaderMap) -> Response {
    use app::i18n::{self, M};
    let d = match dashboard_of(&state, &id, &q, &headers).await {
        Ok(d) => d,
        Err(r) => return r,
    };
    let lang = lang_of(&headers);
    let heads = [
        M::School, M::Kind, M::Students, M::StatEnrolled, M::StatParticipation, M::PriorityGroups, M::Waived, M::StatAttendance, M::ChildDays, M::StatStaff,
        M::OutsideStaff, M::PartnerVendors, M::StatIncidents, M::StatFees, M::FeesPaid, M::Subsidy, M::StatSatisfaction, M::FlagCount,
    ]
    .map(|m| m.text(lang).to_string());
    let made = domain::bureau::schools_xlsx(&d, &heads, |k| i18n::school_kind(k).text(lang).to_string());
    xlsx(format!("schools-{}-{}", d.district, d.month), made)
}

/// `/bureau/{id}/flags.xlsx`: today's flags with evidence and clause.
pub async fn dashboard_flags(State(state): State<AppState>, Path(id): Path<String>, Query(q): Query<HashMap<String, String>>, headers: HeaderMap) -> Response {
    use app::i18n::{self, M};
    let d = match dashboard_of(&state, &id, &q, &headers).await {
        Ok(d) => d,
        Err(r) => return r,
    };
    let lang = lang_of(&headers);
    let heads = [M::School, M::Rule, M::Evidence, M::SeedClause].map(|m| m.text(lang).to_string());
    let made = domain::bureau::flags_xlsx(&d.name, &d.flags, &heads, |f| i18n::rule(f.rule).text(lang).to_string(), |f| i18n::evidence(&f.evidence, lang));
    xlsx(format!("flags-{}-{}", d.district, state.app.clock.today()), made)
}

/// `/proofs/{claim}`: the proof of a declared status, for the child's
/// guardians and the school's reviewers; anyone else gets 404.
pub async fn proof(State(state): State<AppState>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    let Ok(id) = id.parse::<i64>() else { return StatusCode::NOT_FOUND.into_response() };
    let actor = match signed_in(&state, &headers).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    match domain::enrolment::claims::proof(&state.cx(Some(actor)), domain::ids::ClaimId(id)).await {
        // Uploaded by a guardian, so never run in the school's origin: a
        // photo is shown as an image only, a PDF is downloaded.
        Ok((bytes, true)) => {
            ([(header::CONTENT_TYPE, "application/pdf"), (header::CACHE_CONTROL, "private, no-store"), (header::CONTENT_DISPOSITION, "attachment; filename=\"proof.pdf\""), (header::X_CONTENT_TYPE_OPTIONS, "nosniff")], bytes).into_response()
        }
        Ok((bytes, false)) => {
            let headers = [
                (header::CONTENT_TYPE, "image/jpeg"),
                (header::CACHE_CONTROL, "private, no-store"),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
                (header::CONTENT_SECURITY_POLICY, "sandbox; default-src 'none'"),
            ];
            (headers, bytes).into_response()
        }
        Err(e) => refused(e),
    }
}
