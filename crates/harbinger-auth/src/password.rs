//! Passwords: argon2id (m = 19 MiB, t = 2, p = 1) by the RustCrypto `argon2` crate on a
//! bounded pool of threads, strength by zxcvbn, no composition rules, no truncation.

use std::cell::RefCell;
use std::sync::Arc;

use argon2::password_hash::{Output, ParamsString, PasswordHash, Salt, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};

use crate::pool::{HashPool, Refused};
use crate::{AuthError, AuthSettings};

/// Shortest accepted password, in characters (NIST SP 800-63B).
pub const MIN_CHARS: usize = 8;
/// Longest accepted password: passphrases fit, hashing stays bounded.
pub const MAX_CHARS: usize = 1024;

/// Why a password is refused, in words for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct WeakPassword(pub String);

/// Checks length and strength. zxcvbn's score must be at least 2 (≥ 10^6 guesses): it rates
/// any 8-character password at most 10^8 guesses (score 2), so requiring 3 would refuse every
/// 8-character password NIST asks us to accept; common passwords ("password123") and ones
/// built from the email address score 0–1 and are refused with zxcvbn's own reason.
pub fn check_strength(password: &str, user_inputs: &[&str]) -> Result<(), WeakPassword> {
    let n = password.chars().count();
    if n < MIN_CHARS {
        return Err(WeakPassword(format!(
            "the password has {n} characters; at least {MIN_CHARS} are required"
        )));
    }
    if n > MAX_CHARS {
        return Err(WeakPassword(format!(
            "the password is longer than {MAX_CHARS} characters"
        )));
    }
    // zxcvbn's cost grows quickly with length; the first 100 characters decide the score
    // (a 100-character password is strong unless its start is common, which still counts).
    let sample: String = password.chars().take(100).collect();
    let estimate = zxcvbn::zxcvbn(&sample, user_inputs);
    if (estimate.score() as u8) < 2 {
        let why = estimate
            .feedback()
            .and_then(zxcvbn::feedback::Feedback::warning)
            .map_or_else(|| "it is too easy to guess".to_owned(), |w| w.to_string());
        return Err(WeakPassword(format!(
            "this password is too weak: {why}. Use a longer phrase of unrelated words"
        )));
    }
    Ok(())
}

/// Hashes and verifies on a bounded pool of dedicated threads ([`HashPool`]), so a login flood
/// queues here, up to a bound, instead of taking every blocking thread (and with them the rest
/// of the server); beyond the bound it is refused with [`AuthError::Busy`].
#[derive(Debug, Clone)]
pub struct Passwords {
    pool: Arc<HashPool>,
    /// A PHC string with our parameters whose tag matches no password, verified for unknown
    /// accounts so they take as long as known ones (no enumeration by timing).
    dummy: Arc<String>,
}

/// Seconds a caller refused by a full pool is asked to wait: a hash takes tens of
/// milliseconds, so the queue has long drained by then.
pub const BUSY_RETRY_AFTER_SECS: u64 = 1;

impl Passwords {
    /// `settings.hash_concurrency` threads (0: one per core, [`default_threads`]) and room for
    /// `settings.hash_queue` hashes waiting for one.
    pub fn new(settings: &AuthSettings) -> Self {
        let threads = match settings.hash_concurrency {
            0 => default_threads(),
            n => n,
        };
        let pool = HashPool::start(threads, settings.hash_queue);
        tracing::info!(
            threads = pool.threads(),
            queue = settings.hash_queue,
            "password hashing pool"
        );
        Self {
            pool: Arc::new(pool),
            dummy: Arc::new(dummy_hash()),
        }
    }

    pub async fn hash(&self, password: String) -> Result<String, AuthError> {
        self.pool
            .run(move || hash_now(&password))
            .await
            .map_err(refused)?
    }

    /// True when `password` matches `stored`; with `None` a dummy hash is checked so the
    /// time taken does not reveal whether the account exists.
    pub async fn verify(
        &self,
        password: String,
        stored: Option<String>,
    ) -> Result<bool, AuthError> {
        let (hash, real) = match stored {
            Some(h) => (h, true),
            None => ((*self.dummy).clone(), false),
        };
        let ok = self
            .pool
            .run(move || {
                PasswordHash::new(&hash).is_ok_and(|parsed| matches(password.as_bytes(), &parsed))
            })
            .await
            .map_err(refused)?;
        Ok(ok && real)
    }
}

/// The default number of hashing threads: one per core the process may use.
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
}

fn refused(why: Refused) -> AuthError {
    match why {
        Refused::Busy => AuthError::Busy {
            retry_after_secs: BUSY_RETRY_AFTER_SECS,
        },
        Refused::Stopped => AuthError::Internal("password hashing failed".into()),
    }
}

/// The parameters of every new hash: argon2id, m = 19 MiB, t = 2, p = 1 (OWASP's minimum).
fn params() -> Params {
    // Constant, valid parameters.
    Params::new(19_456, 2, 1, None).unwrap_or_default()
}

thread_local! {
    /// This thread's argon2 working memory, allocated at its first hash and reused: a hashing
    /// thread keeps one 19 MiB buffer instead of mapping, faulting in and unmapping one per
    /// hash. Threads that never hash (and a pool that has not hashed yet) hold none.
    static MEMORY: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// The argon2 hash of `password` and `salt` (raw bytes) into `out`, in this thread's memory,
/// by the `argon2` crate.
fn hash_into(
    algorithm: Algorithm,
    version: Version,
    params: Params,
    password: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> Result<(), argon2::Error> {
    let blocks = params.block_count();
    let argon = Argon2::new(algorithm, version, params);
    MEMORY.with_borrow_mut(|memory| {
        // Grows to the largest parameters this thread has seen (only stored hashes, which the
        // server wrote, can ask for more than ours).
        if memory.len() < blocks {
            memory.resize(blocks, Block::default());
        }
        argon.hash_password_into_with_memory(password, salt, out, &mut memory[..blocks])
    })
}

/// Whether `password` hashes to `stored` (its algorithm, version, parameters and salt);
/// the comparison takes the same time wherever the outputs differ.
fn matches(password: &[u8], stored: &PasswordHash<'_>) -> bool {
    let check = || -> Option<bool> {
        let expected = stored.hash?;
        let algorithm = Algorithm::try_from(stored.algorithm).ok()?;
        let version = match stored.version {
            Some(v) => Version::try_from(v).ok()?,
            None => Version::default(),
        };
        let params = Params::try_from(stored).ok()?;
        let mut salt = [0u8; 64];
        let salt = stored.salt?.decode_b64(&mut salt).ok()?;
        let computed = Output::init_with(expected.len(), |out| {
            hash_into(algorithm, version, params, password, salt, out)
                .map_err(|_| argon2::password_hash::Error::Crypto)
        })
        .ok()?;
        // `Output`'s equality is constant-time.
        Some(computed == expected)
    };
    check().unwrap_or(false)
}

/// A PHC string with our parameters, a random salt and a random tag: verifying it costs one
/// full hash and never succeeds. Built without hashing, so start-up neither waits for a hash
/// nor keeps its memory.
fn dummy_hash() -> String {
    let build = || -> Option<String> {
        let salt = SaltString::encode_b64(&rand::random::<[u8; 16]>()).ok()?;
        let phc = PasswordHash {
            algorithm: argon2::ARGON2ID_IDENT,
            version: Some(Version::V0x13.into()),
            params: ParamsString::try_from(&params()).ok()?,
            salt: Some(salt.as_salt()),
            hash: Some(Output::new(&rand::random::<[u8; Params::DEFAULT_OUTPUT_LEN]>()).ok()?),
        };
        Some(phc.to_string())
    };
    build()
        .or_else(|| hash_now(&crate::token::random_token()).ok())
        .unwrap_or_default()
}

/// Hashes on the current thread (the CLI and the pool use this).
pub fn hash_now(password: &str) -> Result<String, AuthError> {
    let internal =
        |what: &str, e: &dyn std::fmt::Display| AuthError::Internal(format!("{what}: {e}"));
    let salt =
        SaltString::encode_b64(&rand::random::<[u8; 16]>()).map_err(|e| internal("salt", &e))?;
    let params = params();
    let salt: Salt<'_> = salt.as_salt();
    let mut raw = [0u8; 64];
    let raw = salt
        .decode_b64(&mut raw)
        .map_err(|e| internal("salt", &e))?;
    let output = Output::init_with(Params::DEFAULT_OUTPUT_LEN, |out| {
        hash_into(
            Algorithm::Argon2id,
            Version::V0x13,
            params.clone(),
            password.as_bytes(),
            raw,
            out,
        )
        .map_err(|_| argon2::password_hash::Error::Crypto)
    })
    .map_err(|e| internal("hashing", &e))?;
    let phc = PasswordHash {
        algorithm: argon2::ARGON2ID_IDENT,
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| internal("hashing", &e))?,
        salt: Some(salt),
        hash: Some(output),
    };
    Ok(phc.to_string())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn stock() -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params())
    }

    /// The reused-memory path and the crate's own API agree both ways.
    #[test]
    fn reused_memory_hashes_agree_with_the_stock_api() {
        use argon2::{PasswordHasher as _, PasswordVerifier as _};
        let ours = hash_now("wide mouth frog 42").unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(
            stock()
                .verify_password(b"wide mouth frog 42", &parsed)
                .is_ok()
        );
        let salt = SaltString::encode_b64(&[7u8; 16]).unwrap();
        let stock = stock().hash_password(b"narrow door", &salt).unwrap();
        assert!(matches(b"narrow door", &stock));
        assert!(!matches(b"narrow doors", &stock));
        // Twice on one thread: the memory is reused, the answer the same.
        assert!(matches(b"narrow door", &stock));
        // Other parameters than ours (the memory grows to fit them).
        let big = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(32_768, 1, 1, None).unwrap(),
        )
        .hash_password(b"bigger", &salt)
        .unwrap();
        assert!(matches(b"bigger", &big));
        // Every algorithm, version and lane count the stored strings may carry.
        for algorithm in [Algorithm::Argon2d, Algorithm::Argon2i, Algorithm::Argon2id] {
            for version in [Version::V0x10, Version::V0x13] {
                for (t, p) in [(1, 1), (3, 2)] {
                    let stock =
                        Argon2::new(algorithm, version, Params::new(64, t, p, None).unwrap())
                            .hash_password(b"lantern", &salt)
                            .unwrap();
                    assert!(matches(b"lantern", &stock), "{stock}");
                    assert!(!matches(b"lanterns", &stock), "{stock}");
                }
            }
        }
    }

    #[test]
    fn the_dummy_hash_costs_a_real_hash_and_matches_nothing() {
        let dummy = dummy_hash();
        let parsed = PasswordHash::new(&dummy).unwrap();
        assert_eq!(Params::try_from(&parsed).unwrap().m_cost(), 19_456);
        assert!(
            dummy.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{dummy}"
        );
        assert!(!matches(b"", &parsed));
        assert_ne!(dummy, dummy_hash(), "a fresh salt and tag per process");
    }

    #[test]
    fn strength_rules() {
        assert!(check_strength("password123", &[]).is_err());
        assert!(check_strength("short", &[]).is_err());
        assert!(check_strength("alice@example.com", &["alice@example.com"]).is_err());
        assert!(
            check_strength("Zq8!vW3p", &[]).is_ok(),
            "8 unrelated characters"
        );
        assert!(check_strength("пароль очень длинный и странный 🙂 ключ", &[]).is_ok());
        assert!(check_strength(&"correct horse battery staple ".repeat(3), &[]).is_ok());
    }

    #[tokio::test]
    async fn hashes_are_argon2id_and_verify() {
        let p = Passwords::new(&AuthSettings {
            hash_concurrency: 2,
            ..AuthSettings::default()
        });
        let long = "x7!".repeat(40);
        let h = p.hash(long.clone()).await.unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(p.verify(long.clone(), Some(h.clone())).await.unwrap());
        // Not truncated: the first 72 characters alone do not match.
        assert!(
            !p.verify(long.chars().take(72).collect(), Some(h))
                .await
                .unwrap()
        );
        assert!(!p.verify(long, None).await.unwrap());
    }

    #[test]
    fn the_default_pool_has_a_thread_per_core() {
        let p = Passwords::new(&AuthSettings::default());
        assert_eq!(AuthSettings::default().hash_concurrency, 0);
        assert_eq!(p.pool.threads(), default_threads());
        let cores = std::thread::available_parallelism().unwrap().get();
        assert_eq!(default_threads(), cores);
    }

    /// RELIABILITY L4: beyond the pool's queue, hashes and checks are refused at once with a
    /// retry time (the web layer's 503 + `Retry-After`), not queued without bound.
    #[tokio::test]
    async fn a_full_pool_refuses_hashes_and_checks_with_a_retry_time() {
        let p = Passwords::new(&AuthSettings {
            hash_concurrency: 1,
            hash_queue: 0,
            ..AuthSettings::default()
        });
        // A job holds the only thread until released.
        let (release, wait) = std::sync::mpsc::channel::<()>();
        let (started, running) = tokio::sync::oneshot::channel();
        let holder = tokio::spawn({
            let p = p.clone();
            async move {
                p.pool
                    .run(move || {
                        let _ = started.send(());
                        wait.recv().is_err()
                    })
                    .await
            }
        });
        running.await.unwrap();
        let refused = tokio::time::timeout(
            std::time::Duration::from_secs(1),
            p.hash("second in line".into()),
        )
        .await
        .expect("refused at once, not queued");
        assert!(
            matches!(
                refused,
                Err(AuthError::Busy {
                    retry_after_secs: 1
                })
            ),
            "{refused:?}"
        );
        assert!(matches!(
            p.verify("anything".into(), None).await,
            Err(AuthError::Busy {
                retry_after_secs: 1
            })
        ));
        drop(release);
        assert_eq!(holder.await.unwrap(), Ok(true));
        assert!(!p.verify("anything".into(), None).await.unwrap());
    }
}
