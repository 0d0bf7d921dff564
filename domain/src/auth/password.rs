//! Password hashing with argon2id. Hashing is slow and takes 19 MiB on
//! purpose, so it runs on the blocking pool, never on the async workers, and
//! only a few at once: about one per core. A request waits briefly for its
//! turn; when too many wait, it is told to come back (`Busy`, 503) instead of
//! piling up hashes until memory runs out.
use crate::error::{DomainError, DomainResult};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LazyLock, OnceLock};
use std::time::Duration;
use tokio::sync::Semaphore;

/// Requests waiting for a turn beyond this many are refused at once.
const MAX_WAITING: usize = 64;
/// How long a request waits for its turn.
const MAX_WAIT: Duration = Duration::from_secs(3);

fn hashes_at_once() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

static TURNS: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(hashes_at_once()));
static WAITING: AtomicUsize = AtomicUsize::new(0);
static RUNNING: AtomicUsize = AtomicUsize::new(0);
static MOST_RUNNING: AtomicUsize = AtomicUsize::new(0);

/// Counts a waiting request while it lives.
struct Waiting;

impl Waiting {
    fn enter() -> DomainResult<Waiting> {
        if WAITING.fetch_add(1, Ordering::SeqCst) >= MAX_WAITING {
            WAITING.fetch_sub(1, Ordering::SeqCst);
            return Err(DomainError::Busy);
        }
        Ok(Waiting)
    }
}

impl Drop for Waiting {
    fn drop(&mut self) {
        WAITING.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Runs `work` (a hash) on the blocking pool once a turn is free.
async fn in_turn<T: Send + 'static>(work: impl FnOnce() -> DomainResult<T> + Send + 'static) -> DomainResult<T> {
    let waiting = Waiting::enter()?;
    let turn = tokio::time::timeout(MAX_WAIT, TURNS.acquire())
        .await
        .map_err(|_| DomainError::Busy)?
        .map_err(|e| DomainError::Internal(e.to_string()))?;
    drop(waiting);
    let done = tokio::task::spawn_blocking(move || {
        let running = RUNNING.fetch_add(1, Ordering::SeqCst) + 1;
        MOST_RUNNING.fetch_max(running, Ordering::SeqCst);
        let out = work();
        RUNNING.fetch_sub(1, Ordering::SeqCst);
        out
    })
    .await
    .map_err(|e| DomainError::Internal(e.to_string()))?;
    drop(turn);
    done
}

/// The most hashes that have run at once in this process.
pub fn most_at_once() -> usize {
    MOST_RUNNING.load(Ordering::SeqCst)
}

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

    /// The password as typed, for the one place that shows it: the command
    /// line that made it.
    pub fn reveal(&self) -> &str {
        &self.0
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
    in_turn(move || hash_blocking(&password)).await
}

/// Checks `password` against `stored`; with no stored hash (unknown account)
/// it checks against a dummy so that the answer takes as long either way.
pub async fn verify(password: Password, stored: Option<String>) -> DomainResult<bool> {
    in_turn(move || {
        let dummy = dummy_hash();
        let (phc, real) = match &stored {
            Some(s) => (s.as_str(), true),
            None => (dummy, false),
        };
        let parsed = PasswordHash::new(phc).map_err(|e| DomainError::Internal(format!("stored hash: {e}")))?;
        Ok(hasher().verify_password(password.0.as_bytes(), &parsed).is_ok() && real)
    })
    .await
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

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    // One test: the crowd would make any other hashing test in this binary
    // wait or be refused.
    async fn a_hash_accepts_its_password_only_and_a_crowd_takes_turns() {
        let h = hash(Password::new("correct horse").expect("ok")).await.expect("hash");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify(Password::unchecked("correct horse".into()), Some(h.clone())).await.expect("v"));
        assert!(!verify(Password::unchecked("wrong horse".into()), Some(h.clone())).await.expect("v"));
        assert!(!verify(Password::unchecked("dummy password for timing".into()), None).await.expect("v"));

        let crowd: Vec<_> = (0..MAX_WAITING * 2)
            .map(|_| {
                let h = h.clone();
                tokio::spawn(async move { verify(Password::unchecked("wrong horse".into()), Some(h)).await })
            })
            .collect();
        let (mut done, mut busy) = (0, 0);
        for task in crowd {
            match task.await.expect("task") {
                Ok(false) => done += 1,
                Err(DomainError::Busy) => busy += 1,
                other => panic!("{other:?}"),
            }
        }
        assert!(most_at_once() <= hashes_at_once(), "{} hashes ran at once", most_at_once());
        assert!(busy > 0, "beyond {MAX_WAITING} waiting, requests are told to come back");
        assert!(done >= hashes_at_once(), "the first ones are served");
    }

    #[test]
    fn short_passwords_are_refused_and_never_printed() {
        assert!(matches!(Password::new("short"), Err(DomainError::Invalid { rule: "too_short", .. })));
        let p = Password::new("long enough secret").expect("ok");
        assert_eq!(format!("{p:?}"), "Password(***)");
    }
}
