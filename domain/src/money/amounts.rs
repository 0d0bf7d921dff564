//! The amounts and memos a money form takes, within bounds.
use crate::error::{DomainError, DomainResult};

/// The longest memo, purpose or reference a form takes.
pub const MAX_MEMO_CHARS: usize = 200;
/// The largest single amount booked: a million yuan.
pub const MAX_AMOUNT_FEN: i64 = 100_000_000;

/// Yuan as typed, as a positive amount within bounds.
pub(crate) fn amount(field: &'static str, yuan: &str) -> DomainResult<i64> {
    match wire::money::fen(yuan) {
        Some(0) => Err(DomainError::invalid(field, "zero")),
        Some(f) if f > MAX_AMOUNT_FEN => Err(DomainError::invalid(field, "too_large")),
        Some(f) => Ok(f),
        None => Err(DomainError::invalid(field, "format")),
    }
}

/// Trimmed text of at most `MAX_MEMO_CHARS`.
pub(crate) fn memo(field: &'static str, text: &str) -> DomainResult<String> {
    let t = text.trim();
    if t.chars().count() > MAX_MEMO_CHARS {
        return Err(DomainError::invalid(field, "too_long"));
    }
    Ok(t.to_string())
}
