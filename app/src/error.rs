//! The error every server function returns: what the user needs to know and
//! nothing more. Details of internal failures stay in the server's log.
use crate::i18n::M;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

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
    #[error("already exists: {0}")]
    Conflict(String),
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
            AppError::Conflict(what) if what == "account" => M::ErrAccountExists,
            AppError::Conflict(what) if what == "already_linked" => M::ErrAlreadyLinked,
            AppError::Conflict(what) if what == "report_sent" => M::ErrReportSent,
            AppError::Conflict(what) if what == "report_not_waiting" => M::ErrReportNotWaiting,
            AppError::Conflict(_) => M::ErrConflict,
            AppError::PlanRefused(_) => M::ErrPlanRefused,
            AppError::Internal => M::ErrInternal,
            AppError::Transport(_) => M::ErrTransport,
        }
    }
}
