//! Password hashing with argon2id. Hashing is slow and takes 19 MiB on
//! purpose, so it runs on a few threads of its own, never on the async
//! workers, and only a few at once: about one per core. A request waits briefly for its
//! turn; when too many wait, it is told to come back (`Busy`, 503) instead of
//! piling up hashes until memory runs out.
use crate::error::{DomainError, DomainResult};
use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LazyLock, OnceLock};
use std::time::Duration;
use tokio::sync::Semaphore;

/// Requests waiting for a turn beyond this many are refused at once.
const MAX_WAITING: usize = 64;
/// How long a request waits for its turn.
const MAX_WAIT: Duration = Duration::from_secs(3);

/// Turns at hashing: a few run at once, on threads of their own, and a
/// bounded number wait. (On the blocking pool, hashes would spread over
/// hundreds of threads, and the allocator keeps each thread's 19 MiB for it:
/// the same few threads keep the memory to a few hashes' worth.)
struct Turns {
    hashers: std::sync::mpsc::Sender<Job>,
    running: Semaphore,
    waiting: AtomicUsize,
    max_waiting: usize,
    max_wait: Duration,
    at_once: AtomicUsize,
    most_at_once: AtomicUsize,
}

/// Counts a waiting request while it lives.
struct Waiting<'a>(&'a AtomicUsize);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Turns {
    fn new(at_once: usize, max_waiting: usize, max_wait: Duration) -> Turns {
        Turns {
            hashers: hashers(at_once),
            running: Semaphore::new(at_once),
            waiting: AtomicUsize::new(0),
            max_waiting,
            max_wait,
            at_once: AtomicUsize::new(0),
            most_at_once: AtomicUsize::new(0),
        }
    }

    /// Runs `work` (a hash) on the blocking pool once a turn is free, or
    /// answers `Busy`.
    async fn run<T: Send + 'static>(&'static self, work: impl FnOnce() -> DomainResult<T> + Send + 'static) -> DomainResult<T> {
        let waiting = Waiting(&self.waiting);
        if self.waiting.fetch_add(1, Ordering::SeqCst) >= self.max_waiting {
            return Err(DomainError::Busy);
        }
        let turn = tokio::time::timeout(self.max_wait, self.running.acquire())
            .await
            .map_err(|_| DomainError::Busy)?
            .map_err(|e| DomainError::Internal(e.to_string()))?;
        drop(waiting);
        let (answer, done) = tokio::sync::oneshot::channel();
        let job = Box::new(move || {
            let now = self.at_once.fetch_add(1, Ordering::SeqCst) + 1;
            self.most_at_once.fetch_max(now, Ordering::SeqCst);
            let out = work();
            self.at_once.fetch_sub(1, Ordering::SeqCst);
            let _ = answer.send(out);
        });
        self.hashers.send(job).map_err(|_| DomainError::Internal("the hashing threads stopped".into()))?;
        let out = done.await.map_err(|_| DomainError::Internal("a hash was dropped".into()))?;
        drop(turn);
        out
    }
}

type Job = Box<dyn FnOnce() + Send>;

/// `n` threads that run the jobs sent to them, one at a time each.
fn hashers(n: usize) -> std::sync::mpsc::Sender<Job> {
    let (jobs, queue) = std::sync::mpsc::channel::<Job>();
    let queue = std::sync::Arc::new(std::sync::Mutex::new(queue));
    for i in 0..n {
        let queue = queue.clone();
        let started = std::thread::Builder::new().name(format!("argon2-{i}")).spawn(move || {
            loop {
                let next = queue.lock().unwrap_or_else(|e| e.into_inner()).recv();
                match next {
                    Ok(job) => job(),
                    Err(_) => return,
                }
            }
        });
        if let Err(e) = started {
            tracing::error!(error = %e, "cannot start a hashing thread");
        }
    }
    jobs
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

static TURNS: LazyLock<Turns> = LazyLock::new(|| Turns::new(cores(), MAX_WAITING, MAX_WAIT));

/// Requests waiting for a hashing turn now (an operators' figure).
pub fn hashes_waiting() -> usize {
    TURNS.waiting.load(Ordering::Relaxed)
}

async fn in_turn<T: Send + 'static>(work: impl FnOnce() -> DomainResult<T> + Send + 'static) -> DomainResult<T> {
    TURNS.run(work).await
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

/// OWASP's argon2id minimum: 19 MiB, 2 passes, 1 lane.
fn params() -> Params {
    Params::new(19 * 1024, 2, 1, None).unwrap_or_default()
}

thread_local! {
    /// The thread's argon2 memory, kept between hashes. Allocating 19 MiB
    /// for each hash fragments the heap until every hash costs new memory
    /// (measured: 20 hashes on one thread took 120 MB); one buffer per
    /// hashing thread keeps it at 19 MiB a thread.
    static MEMORY: std::cell::RefCell<Vec<Block>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Argon2 over `password` and `salt` into `out`, with this thread's memory.
fn argon2_into(algorithm: Algorithm, version: Version, params: Params, password: &[u8], salt: &[u8], out: &mut [u8]) -> DomainResult<()> {
    MEMORY.with(|memory| {
        let mut memory = memory.borrow_mut();
        if memory.len() != params.block_count() {
            *memory = vec![Block::default(); params.block_count()];
        }
        Argon2::new(algorithm, version, params)
            .hash_password_into_with_memory(password, salt, out, &mut memory[..])
            .map_err(|e| DomainError::Internal(format!("argon2: {e}")))
    })
}

fn internal(e: impl std::fmt::Display) -> DomainError {
    DomainError::Internal(format!("password hash: {e}"))
}

pub fn hash_blocking(password: &Password) -> DomainResult<String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| DomainError::Internal(format!("no randomness: {e}")))?;
    let mut out = [0u8; 32];
    argon2_into(Algorithm::Argon2id, Version::V0x13, params(), password.0.as_bytes(), &salt, &mut out)?;
    let salt = SaltString::encode_b64(&salt).map_err(internal)?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params()).map_err(internal)?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&out).map_err(internal)?),
    };
    Ok(phc.to_string())
}

/// Whether `password` gives the stored PHC hash (compared in constant time).
fn matches(password: &[u8], phc: &str) -> DomainResult<bool> {
    let parsed = PasswordHash::new(phc).map_err(internal)?;
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else { return Ok(false) };
    let mut salt_bytes = [0u8; 64];
    let salt = salt.decode_b64(&mut salt_bytes).map_err(internal)?;
    let algorithm = Algorithm::try_from(parsed.algorithm).map_err(internal)?;
    let version = parsed.version.map(Version::try_from).transpose().map_err(internal)?.unwrap_or_default();
    let params = Params::try_from(&parsed).map_err(internal)?;
    let mut out = vec![0u8; expected.len()];
    argon2_into(algorithm, version, params, password, salt, &mut out)?;
    Ok(Output::new(&out).map_err(internal)? == expected)
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
        Ok(matches(password.0.as_bytes(), phc)? && real)
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

    #[tokio::test]
    async fn a_hash_accepts_its_password_only() {
        let h = hash(Password::new("correct horse").expect("ok")).await.expect("hash");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify(Password::unchecked("correct horse".into()), Some(h.clone())).await.expect("v"));
        assert!(!verify(Password::unchecked("wrong horse".into()), Some(h)).await.expect("v"));
        assert!(!verify(Password::unchecked("dummy password for timing".into()), None).await.expect("v"));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn a_crowd_of_hashes_takes_turns_or_is_told_to_come_back() {
        static CROWD: LazyLock<Turns> = LazyLock::new(|| Turns::new(2, 8, Duration::from_secs(3)));
        let h = hash_blocking(&Password::new("correct horse").expect("ok")).expect("hash");
        let crowd: Vec<_> = (0..40)
            .map(|_| {
                let h = h.clone();
                tokio::spawn(CROWD.run(move || matches(b"wrong horse", &h)))
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
        assert_eq!(CROWD.most_at_once.load(Ordering::SeqCst), 2, "two at once, never more");
        assert!(busy > 0, "beyond eight waiting, requests are told to come back");
        assert!(done >= 8, "those who got a place in the queue are served: {done}");
    }

    #[test]
    fn hashes_are_standard_phc_strings_and_memory_is_reused() {
        use argon2::password_hash::PasswordVerifier;
        let h = hash_blocking(&Password::new("correct horse").expect("ok")).expect("hash");
        let parsed = PasswordHash::new(&h).expect("phc");
        // The argon2 crate's own verifier agrees: stored hashes stay portable.
        assert!(Argon2::default().verify_password(b"correct horse", &parsed).is_ok());
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        let before = MEMORY.with(|m| m.borrow().as_ptr());
        hash_blocking(&Password::new("another one").expect("ok")).expect("hash");
        assert_eq!(MEMORY.with(|m| m.borrow().as_ptr()), before, "the same 19 MiB again");
    }

    #[test]
    fn short_passwords_are_refused_and_never_printed() {
        assert!(matches!(Password::new("short"), Err(DomainError::Invalid { rule: "too_short", .. })));
        let p = Password::new("long enough secret").expect("ok");
        assert_eq!(format!("{p:?}"), "Password(***)");
    }
}
