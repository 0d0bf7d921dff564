use thiserror::Error;
pub use wire::errors::Clash;

/// Why a domain operation did not happen. The variants are what a caller must
/// tell apart; internal detail stays in `Database`/`Internal` and is logged,
/// never shown to users.
#[derive(Debug, Error)]
pub enum DomainError {
    #[error("not signed in")]
    Unauthenticated,
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// Sign-in failed: same error whatever the reason (unknown account, wrong
    /// password, disabled account), so it reveals nothing.
    #[error("sign-in failed")]
    SignInFailed,
    #[error("too many attempts")]
    RateLimited,
    /// The server is at capacity for this kind of work (password hashing);
    /// the client should come back in a moment.
    #[error("busy")]
    Busy,
    /// A user's input broke a rule: `field` names the input, `rule` is a stable
    /// key the UI translates.
    #[error("invalid {field}: {rule}")]
    Invalid { field: &'static str, rule: &'static str },
    /// An uploaded file or value that could not be read within its bounds
    /// (`inputs`): 413 when it is too large, else 400.
    #[error("unreadable {field}: {rule}")]
    Unreadable { field: &'static str, rule: &'static str },
    /// The thing already exists, or its state no longer allows the change:
    /// `Clash` says which, as a key the UI translates.
    #[error("conflict: {0}")]
    Conflict(Clash),
    /// A plan the district's policy does not allow, with every reason.
    #[error("plan refused: {0:?}")]
    PlanRefused(Vec<wire::plan::PlanProblem>),
    #[error("database: {0}")]
    Database(sea_orm::DbErr),
    #[error("internal: {0}")]
    Internal(String),
}

impl DomainError {
    pub fn invalid(field: &'static str, rule: &'static str) -> Self {
        Self::Invalid { field, rule }
    }
    pub fn unreadable(field: &'static str, rule: &'static str) -> Self {
        Self::Unreadable { field, rule }
    }
}

impl From<inputs::Refused> for DomainError {
    fn from(r: inputs::Refused) -> Self {
        DomainError::Unreadable { field: r.field, rule: r.rule }
    }
}

/// Constraint violations are the user's business (something already exists,
/// or refers to nothing); any other database error is internal.
impl From<sea_orm::DbErr> for DomainError {
    fn from(e: sea_orm::DbErr) -> Self {
        match e.sql_err() {
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => DomainError::Conflict(Clash::Duplicate),
            Some(sea_orm::SqlErr::ForeignKeyConstraintViolation(_)) => DomainError::invalid("reference", "missing"),
            _ => DomainError::Database(e),
        }
    }
}

pub type DomainResult<T> = Result<T, DomainError>;

/// Whether a write failed on a unique index: someone (a retry, another
/// server) got there first.
pub(crate) fn is_duplicate(e: &sea_orm::DbErr) -> bool {
    matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_)))
}

/// Turns a unique index's refusal into the user's `Invalid { field, rule }`.
pub(crate) fn duplicate_as(field: &'static str, rule: &'static str) -> impl FnOnce(sea_orm::DbErr) -> DomainError {
    move |e| if is_duplicate(&e) { DomainError::invalid(field, rule) } else { e.into() }
}
