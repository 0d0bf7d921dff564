//! Password hashing with argon2id. Hashing is slow on purpose, so it runs on
//! the blocking pool, never on the async workers.
use crate::error::{DomainError, DomainResult};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::OnceLock;

pub const MIN_LENGTH: usize = 8;
pub const MAX_LENGTH: usize = 128;

/// A password as typed; its `Debug` never shows it.
#[derive(Clone)]
pub struct Password(String);

impl Password {
    pub fn new(raw: impl Into<String>) -> DomainResult<Self> {
        let raw = raw.into();
        let n = raw.chars().count();
        if n < MIN_LENGTH {
            return Err(DomainError::invalid("password", "too_short"));
        }
        if n > MAX_LENGTH {
            return Err(DomainError::invalid("password", "too_long"));
        }
        Ok(Password(raw))
    }

    /// For sign-in, where any string is checked (and refused by the hash).
    pub(crate) fn unchecked(raw: String) -> Self {
        Password(raw)
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

fn hasher() -> Argon2<'static> {
    // OWASP's argon2id minimum: 19 MiB, 2 passes, 1 lane.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn salt() -> DomainResult<SaltString> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| DomainError::Internal(format!("no randomness: {e}")))?;
    SaltString::encode_b64(&bytes).map_err(|e| DomainError::Internal(e.to_string()))
}

pub fn hash_blocking(password: &Password) -> DomainResult<String> {
    Ok(hasher()
        .hash_password(password.0.as_bytes(), &salt()?)
        .map_err(|e| DomainError::Internal(format!("hash: {e}")))?
        .to_string())
}

pub async fn hash(password: Password) -> DomainResult<String> {
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .map_err(|e| DomainError::Internal(e.to_string()))?
}

/// Checks `password` against `stored`; with no stored hash (unknown account)
/// it checks against a dummy so that the answer takes as long either way.
pub async fn verify(password: Password, stored: Option<String>) -> DomainResult<bool> {
    tokio::task::spawn_blocking(move || {
        let dummy = dummy_hash();
        let (phc, real) = match &stored {
            Some(s) => (s.as_str(), true),
            None => (dummy, false),
        };
        let parsed = PasswordHash::new(phc).map_err(|e| DomainError::Internal(format!("stored hash: {e}")))?;
        Ok(hasher().verify_password(password.0.as_bytes(), &parsed).is_ok() && real)
    })
    .await
    .map_err(|e| DomainError::Internal(e.to_string()))?
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        hash_blocking(&Password("dummy password for timing".into())).unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_accepts_its_password_only() {
        let h = hash(Password::new("correct horse").expect("ok")).await.expect("hash");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify(Password::unchecked("correct horse".into()), Some(h.clone())).await.expect("v"));
        assert!(!verify(Password::unchecked("wrong horse".into()), Some(h)).await.expect("v"));
        assert!(!verify(Password::unchecked("dummy password for timing".into()), None).await.expect("v"));
    }

    #[test]
    fn short_passwords_are_refused_and_never_printed() {
        assert!(matches!(Password::new("short"), Err(DomainError::Invalid { rule: "too_short", .. })));
        let p = Password::new("long enough secret").expect("ok");
        assert_eq!(format!("{p:?}"), "Password(***)");
    }
}
