//! The error every server function returns: what the user needs to know and
//! nothing more. Details of internal failures stay in the server's log.
use crate::i18n::M;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};
use wire::errors::Clash;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not signed in")]
    Unauthenticated,
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("sign-in failed")]
    SignInFailed,
    #[error("too many attempts")]
    RateLimited,
    #[error("server busy")]
    Busy,
    #[error("invalid {field}: {rule}")]
    Invalid { field: String, rule: String },
    /// Refused for what is already there; the reason is a key (`Clash`),
    /// which travels as its text (`{"Conflict":"account"}`).
    #[error("already exists: {0}")]
    Conflict(Clash),
    /// The district's policy does not allow this plan, for these reasons.
    #[error("plan refused")]
    PlanRefused(Vec<wire::plan::PlanProblem>),
    #[error("internal error")]
    Internal,
    /// The request did not get through (network, decoding).
    #[error("request failed: {0}")]
    Transport(String),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        // On the server, arguments that do not decode are the client's
        // mistake: 400, not 500.
        #[cfg(feature = "ssr")]
        if matches!(value, ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) | ServerFnErrorErr::Deserialization(_)) {
            crate::response::set_status(http::StatusCode::BAD_REQUEST);
        }
        AppError::Transport(value.to_string())
    }
}

impl AppError {
    /// What to tell the user, in their language.
    pub fn message(&self) -> M {
        match self {
            AppError::Unauthenticated => M::ErrUnauthenticated,
            AppError::Forbidden => M::ErrForbidden,
            AppError::NotFound => M::ErrNotFound,
            AppError::SignInFailed => M::ErrSignInFailed,
            AppError::RateLimited => M::ErrRateLimited,
            AppError::Busy => M::ErrBusy,
            AppError::Invalid { field, rule } => crate::i18n::invalid(field, rule),
            AppError::Conflict(why) => conflict(*why),
            AppError::PlanRefused(_) => M::ErrPlanRefused,
            AppError::Internal => M::ErrInternal,
            AppError::Transport(_) => M::ErrTransport,
        }
    }
}

/// What to say about a refusal for what is already there. Every reason is
/// listed, so a new one is a decision: its own message, or the general one.
fn conflict(why: Clash) -> M {
    match why {
        Clash::AccountExists => M::ErrAccountExists,
        Clash::AlreadyLinked => M::ErrAlreadyLinked,
        Clash::ReportSent => M::ErrReportSent,
        Clash::ReportNotWaiting => M::ErrReportNotWaiting,
        Clash::Duplicate
        | Clash::DistrictExists
        | Clash::TimetableNotOpened
        | Clash::PlanPublished
        | Clash::ListOnNotice
        | Clash::ObjectionAnswered
        | Clash::EnrolmentFinal
        | Clash::NotWithdrawable
        | Clash::NotInReview
        | Clash::NotYourStep
        | Clash::KeyReused
        | Clash::DatabaseNotEmpty => M::ErrConflict,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use leptos::server_fn::error::ServerFnUrlError;

    /// Every error the app can answer with, each refusal reason included.
    fn every_error() -> Vec<AppError> {
        let mut all = vec![
            AppError::Unauthenticated,
            AppError::Forbidden,
            AppError::NotFound,
            AppError::SignInFailed,
            AppError::RateLimited,
            AppError::Busy,
            AppError::Invalid { field: "phone".into(), rule: "format".into() },
            AppError::PlanRefused(Vec::new()),
            AppError::Internal,
            AppError::Transport("offline".into()),
        ];
        all.extend(Clash::ALL.iter().map(|c| AppError::Conflict(*c)));
        all
    }

    #[test]
    fn every_error_reads_back_as_a_server_function_sent_it() {
        for e in every_error() {
            assert_eq!(AppError::de(e.ser()), e, "{e:?}");
        }
    }

    /// A form posted without script carries the error in the address
    /// (`?__err=`), for the page to show after the redirect.
    #[test]
    fn every_error_reads_back_from_the_address_of_a_form_post() {
        for e in every_error() {
            let url = ServerFnUrlError::new("/api/x", e.clone()).to_url("http://localhost/page?a=1").expect("url");
            let err = url.query_pairs().find(|(k, _)| k == "__err").map(|(_, v)| v.into_owned()).expect("__err");
            assert_eq!(ServerFnUrlError::<AppError>::decode_err(&err), e, "{e:?}");
        }
    }

    /// The reasons that were strings before keep their text on the wire, so
    /// an address or a client from before reads the same.
    #[test]
    fn a_refusal_reason_travels_as_its_key() {
        for c in Clash::ALL {
            let json = serde_json::to_string(&AppError::Conflict(*c)).expect("json");
            assert_eq!(json, format!("{{\"Conflict\":\"{}\"}}", c.as_str()));
        }
        assert_eq!(serde_json::to_string(&AppError::Conflict(Clash::AccountExists)).expect("json"), r#"{"Conflict":"account"}"#);
        assert_eq!(AppError::Conflict(Clash::ReportSent).to_string(), "already exists: report_sent");
    }

    #[test]
    fn the_reasons_with_a_message_keep_it_and_the_others_the_general_one() {
        let own = [
            (Clash::AccountExists, M::ErrAccountExists),
            (Clash::AlreadyLinked, M::ErrAlreadyLinked),
            (Clash::ReportSent, M::ErrReportSent),
            (Clash::ReportNotWaiting, M::ErrReportNotWaiting),
        ];
        for c in Clash::ALL {
            let expected = own.iter().find(|(o, _)| o == c).map_or(M::ErrConflict, |(_, m)| *m);
            assert_eq!(AppError::Conflict(*c).message(), expected, "{c:?}");
        }
    }
}
