//! One-time codes that people read off paper or a text and type on a
//! phone: a child's link code, an invitation.
use crate::error::{DomainError, DomainResult};

/// No 0/O or 1/I.
const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
pub const CODE_LEN: usize = 8;

/// A fresh code, `ABCD2345` (40 bits: with a rate limit on guesses, not
/// guessable).
pub(crate) fn new_code() -> DomainResult<String> {
    let mut code = String::with_capacity(CODE_LEN);
    for _ in 0..CODE_LEN {
        code.push(ALPHABET[(random_u32()? as usize) % ALPHABET.len()] as char);
    }
    Ok(code)
}

/// What someone typed, as stored: capitals, without spaces or dashes.
pub(crate) fn normalise(code: &str) -> String {
    code.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect()
}

pub(crate) fn random_u32() -> DomainResult<u32> {
    let mut raw = [0u8; 4];
    getrandom::fill(&mut raw).map_err(|e| DomainError::Internal(format!("no randomness: {e}")))?;
    Ok(u32::from_le_bytes(raw))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_readable_and_typed_loosely() {
        let c = new_code().expect("code");
        assert_eq!(c.len(), CODE_LEN);
        assert!(c.bytes().all(|b| ALPHABET.contains(&b)));
        assert_eq!(normalise(" abcd-2345 "), "ABCD2345");
    }
}
