//! Passwords: argon2id (m = 19 MiB, t = 2, p = 1) on a bounded low-priority pool, strength by
//! zxcvbn, no composition rules, no truncation.

use std::sync::Arc;
use std::sync::mpsc::RecvTimeoutError;
use std::time::{Duration, Instant};

use std::cell::RefCell;

use argon2::password_hash::{Output, ParamsString, PasswordHash, Salt, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::Semaphore;

use crate::fence::CoreFence;

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

/// Hashes and verifies on a bounded pool of dedicated threads, so a login flood queues
/// here instead of taking every blocking thread (and with them the rest of the server).
#[derive(Debug, Clone)]
pub struct Passwords {
    permits: Arc<Semaphore>,
    pool: Arc<HashPool>,
    /// A real hash of a random password, verified for unknown accounts so they take as long
    /// as known ones (no enumeration by timing).
    dummy: Arc<String>,
}

impl Passwords {
    /// `settings.hash_concurrency` hashes may run at once, on threads in the idle CPU class
    /// when `settings.hash_idle_class`. With a concurrency of 0 the number is chosen here by
    /// [`automatic_threads`] from the time one hash takes on this machine, so the pool can
    /// sustain `settings.login_capacity_per_s` logins a second. With
    /// `settings.hash_core_fence` on more than one core, all hashing threads but one own cores
    /// of their own while they work ([`CoreFence`]).
    pub fn new(settings: &crate::AuthSettings) -> Self {
        let capacity_per_s = settings.login_capacity_per_s;
        let started = Instant::now();
        let dummy = hash_now(&crate::token::random_token()).unwrap_or_default();
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        let (threads, hash_time) = if settings.hash_concurrency == 0 {
            let mut hash_time = started.elapsed();
            if automatic_threads(cores, hash_time, capacity_per_s) == cores && cores > 1 {
                // The first hash also faulted in its 19 MiB; time a warm one before
                // giving request handling's last core to hashing.
                let again = Instant::now();
                let _ = hash_now(&crate::token::random_token());
                hash_time = again.elapsed();
            }
            (
                automatic_threads(cores, hash_time, capacity_per_s),
                Some(hash_time),
            )
        } else {
            (settings.hash_concurrency, None)
        };
        // With every core hashing, all but one hashing thread own a core and the last one
        // takes the overflow on the request cores.
        let fence = if settings.hash_core_fence && cores > 1 {
            CoreFence::shared(threads.min(cores - 1))
        } else {
            None
        };
        tracing::info!(
            threads,
            cores,
            hash_ms = hash_time.map(|t| t.as_secs_f64() * 1e3),
            capacity_per_s,
            core_fence = ?fence.map(CoreFence::cores),
            "password hashing threads"
        );
        Self {
            permits: Arc::new(Semaphore::new(threads)),
            pool: Arc::new(HashPool::start(threads, settings.hash_idle_class, fence)),
            dummy: Arc::new(dummy),
        }
    }

    pub async fn hash(&self, password: String) -> Result<String, crate::AuthError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| crate::AuthError::Internal("hash pool closed".into()))?;
        self.pool
            .run(move || hash_now(&password))
            .await
            .unwrap_or_else(|| Err(crate::AuthError::Internal("hash pool stopped".into())))
    }

    /// True when `password` matches `stored`; with `None` a dummy hash is checked so the
    /// time taken does not reveal whether the account exists.
    pub async fn verify(&self, password: String, stored: Option<String>) -> bool {
        let Ok(_permit) = self.permits.acquire().await else {
            return false;
        };
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
            .unwrap_or(false);
        ok && real
    }
}

/// A hashing thread in a login flood does fewer hashes a second than one hash alone suggests:
/// request handling preempts it, and its neighbours share the caches (measured: 17 ms for a
/// hash alone, 26 ms a login through one hashing thread; BENCHMARKS.md).
const POOL_SLOWDOWN: f64 = 1.5;

/// The hashing threads for `cores` cores when one hash takes `hash_time`: one per core but
/// one, so a core stays free of hashing for request handling, unless those threads could not
/// sustain `capacity_per_s` hashes a second (allowing for [`POOL_SLOWDOWN`]); then one per
/// core. On two cores a login flood stretched cached reads less with one hashing thread where
/// one thread was fast enough (BENCHMARKS.md), and a machine where it is not still has to take
/// the logins.
pub fn automatic_threads(cores: usize, hash_time: Duration, capacity_per_s: u32) -> usize {
    let spare = cores.saturating_sub(1).max(1);
    let per_thread = 1.0 / (hash_time.as_secs_f64() * POOL_SLOWDOWN).max(1e-6);
    if (spare as f64) * per_thread >= f64::from(capacity_per_s) {
        spare
    } else {
        cores.max(1)
    }
}

type Job = Box<dyn FnOnce() + Send>;

/// Threads that only hash. They run at the lowest CPU priority the OS offers without
/// privileges (`SCHED_IDLE` on Linux): a waiting request handler preempts a hash at once, so
/// a login flood delays logins, not the reads served beside it. The semaphore in front keeps
/// the queue as long as the number of threads.
///
/// With a [`CoreFence`], the first threads own cores of their own; when the pool needs every
/// core, the last thread is an overflow thread on the request cores that gets a hash only while
/// every owning thread is busy, so the reads share a core with hashing only for the excess.
#[derive(Debug)]
struct HashPool {
    jobs: std::sync::mpsc::Sender<Job>,
    overflow: Option<std::sync::mpsc::Sender<Job>>,
    /// Hashes given to the owning threads and not finished, and how many they can take.
    busy: Arc<std::sync::atomic::AtomicUsize>,
    owners: usize,
}

impl HashPool {
    fn start(threads: usize, idle_class: bool, fence: Option<&'static CoreFence>) -> Self {
        let owners = fence.map_or(threads, |f| f.cores().0.len().min(threads));
        let (jobs, queue) = std::sync::mpsc::channel::<Job>();
        let queue = Arc::new(std::sync::Mutex::new(queue));
        for i in 0..owners {
            spawn_hasher(i, Arc::clone(&queue), idle_class, fence);
        }
        let overflow = (threads > owners).then(|| {
            let (overflow, queue) = std::sync::mpsc::channel::<Job>();
            let queue = Arc::new(std::sync::Mutex::new(queue));
            for i in owners..threads {
                spawn_hasher(i, Arc::clone(&queue), idle_class, None);
            }
            overflow
        });
        Self {
            jobs,
            overflow,
            busy: Arc::default(),
            owners,
        }
    }

    /// Runs `f` on a hashing thread; `None` when the pool has stopped or `f` panicked.
    async fn run<T: Send + 'static>(&self, f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
        use std::sync::atomic::Ordering;
        let (tx, rx) = tokio::sync::oneshot::channel();
        let owned = self
            .busy
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |b| {
                (b < self.owners).then_some(b + 1)
            })
            .is_ok();
        // Free the owning thread before the answer goes out, so the next hash of the task
        // that waits for it is not sent to the overflow thread.
        let busy = owned.then(|| Arc::clone(&self.busy));
        let job: Job = Box::new(move || {
            let out = f();
            if let Some(busy) = busy {
                busy.fetch_sub(1, Ordering::AcqRel);
            }
            let _ = tx.send(out);
        });
        let queue = match &self.overflow {
            Some(overflow) if !owned => overflow,
            _ => &self.jobs,
        };
        queue.send(job).ok()?;
        rx.await.ok()
    }
}

/// Starts hashing thread `i` on `queue`; with a fence, it owns the fenced cores.
fn spawn_hasher(
    i: usize,
    queue: Arc<std::sync::Mutex<std::sync::mpsc::Receiver<Job>>>,
    idle_class: bool,
    fence: Option<&'static CoreFence>,
) {
    let spawned = std::thread::Builder::new()
        .name(format!("harbinger-hash-{i}"))
        .spawn(move || {
            if idle_class {
                lower_priority();
            }
            if let Some(fence) = fence {
                fence.join();
            }
            loop {
                // The lock is held only while waiting for the next job.
                let next = {
                    let queue = queue
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                    match fence {
                        Some(_) => queue.recv_timeout(crate::fence::LINGER),
                        None => queue.recv().map_err(Into::into),
                    }
                };
                match next {
                    Ok(job) => {
                        fence.inspect(|f| f.enter());
                        job();
                        fence.inspect(|f| f.leave());
                    }
                    // Idle for a while: the other threads get every core back.
                    Err(RecvTimeoutError::Timeout) => {
                        if let Some(fence) = fence {
                            fence.lift_if_idle();
                        }
                    }
                    // Every sender is gone: the service shut down.
                    Err(RecvTimeoutError::Disconnected) => break,
                }
            }
        });
    if let Err(e) = spawned {
        tracing::error!(error = %e, "cannot start a password-hashing thread");
    }
}

/// Moves the calling thread to the idle scheduling class (Linux) or the lowest priority.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    let result = {
        use thread_priority::unix::{
            NormalThreadSchedulePolicy, ThreadSchedulePolicy, set_thread_priority_and_policy,
            thread_native_id,
        };
        set_thread_priority_and_policy(
            thread_native_id(),
            thread_priority::ThreadPriority::Min,
            ThreadSchedulePolicy::Normal(NormalThreadSchedulePolicy::Idle),
        )
    };
    #[cfg(not(target_os = "linux"))]
    let result = thread_priority::set_current_thread_priority(thread_priority::ThreadPriority::Min);
    if let Err(e) = result {
        tracing::debug!(error = ?e, "password hashing keeps the normal CPU priority");
    }
}

fn hasher() -> Argon2<'static> {
    // Constant, valid parameters (OWASP's minimum for argon2id).
    let params = Params::new(19_456, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

thread_local! {
    /// This thread's argon2 hasher and its working memory (19 MiB), allocated once and reused.
    /// Freshly allocated for every hash, the memory was mapped, faulted in page by page and
    /// unmapped each time, and unmapping takes the process's memory-map lock: a hashing thread
    /// at idle priority holding it stalled request handlers that needed it (a priority
    /// inversion).
    static HASHER: RefCell<Option<argon2_rust::Hasher>> = const { RefCell::new(None) };
}

/// The argon2 hash of `password` and `salt` (raw bytes) into `out`, in this thread's memory.
///
/// The `argon2` crate parses and formats the PHC strings and checks the parameters; the
/// computation itself is `argon2-rust`'s, whose compression function uses the CPU's vector
/// instructions (AVX2 here): the same tags, about 1.34 times as fast on the machine measured
/// (BENCHMARKS.md), and a login costs mostly this hash.
fn hash_into(
    algorithm: Algorithm,
    version: Version,
    params: &Params,
    password: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> Result<(), argon2::password_hash::Error> {
    let algorithm = match algorithm {
        Algorithm::Argon2d => argon2_rust::Algorithm::Argon2d,
        Algorithm::Argon2i => argon2_rust::Algorithm::Argon2i,
        Algorithm::Argon2id => argon2_rust::Algorithm::Argon2id,
    };
    let version = match version {
        Version::V0x10 => argon2_rust::Version::V0x10,
        Version::V0x13 => argon2_rust::Version::V0x13,
    };
    let ours = argon2_rust::Params::builder()
        .memory(argon2_rust::params::Memory::kib(u64::from(params.m_cost())))
        .passes(params.t_cost())
        .lanes(params.p_cost())
        .tag_len(argon2_rust::params::TagLen::bytes(out.len() as u64))
        .build()
        .map_err(|_| argon2::password_hash::Error::Crypto)?;
    let argon = argon2_rust::Argon2::new(algorithm, version, ours);
    HASHER.with_borrow_mut(|hasher| {
        let hasher = match hasher {
            Some(h) => {
                h.set_argon2(argon);
                h
            }
            None => hasher.insert(argon.hasher()),
        };
        hasher
            .hash_password_into(password, salt, out)
            .map_err(|_| argon2::password_hash::Error::Crypto)
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
            hash_into(algorithm, version, &params, password, salt, out)
        })
        .ok()?;
        Some(computed == expected)
    };
    check().unwrap_or(false)
}

/// Hashes on the current thread (the CLI and the pool use this).
pub fn hash_now(password: &str) -> Result<String, crate::AuthError> {
    let internal =
        |what: &str, e: &dyn std::fmt::Display| crate::AuthError::Internal(format!("{what}: {e}"));
    let salt =
        SaltString::encode_b64(&rand::random::<[u8; 16]>()).map_err(|e| internal("salt", &e))?;
    let params = hasher().params().clone();
    let salt: Salt<'_> = salt.as_salt();
    let mut raw = [0u8; 64];
    let raw = salt
        .decode_b64(&mut raw)
        .map_err(|e| internal("salt", &e))?;
    let output = Output::init_with(Params::DEFAULT_OUTPUT_LEN, |out| {
        hash_into(
            Algorithm::Argon2id,
            Version::V0x13,
            &params,
            password.as_bytes(),
            raw,
            out,
        )
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
    use super::*;
    use crate::AuthSettings;

    /// The reused-memory path and the crate's own API agree both ways.
    #[test]
    fn reused_memory_hashes_agree_with_the_stock_api() {
        use argon2::{PasswordHasher as _, PasswordVerifier as _};
        let ours = hash_now("wide mouth frog 42").unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(
            hasher()
                .verify_password(b"wide mouth frog 42", &parsed)
                .is_ok()
        );
        let salt = SaltString::encode_b64(&[7u8; 16]).unwrap();
        let stock = hasher().hash_password(b"narrow door", &salt).unwrap();
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
    fn automatic_threads_leave_a_core_free_when_the_rest_keep_up() {
        let ms = Duration::from_millis;
        // 10 ms a hash alone, 15 ms in the pool: one thread does 67/s, so on two cores one
        // core stays free.
        assert_eq!(automatic_threads(2, ms(10), 60), 1);
        // 17 ms alone, about 26 in the pool (the fifth machine in BENCHMARKS.md): 39/s, so
        // both cores hash.
        assert_eq!(automatic_threads(2, ms(17), 60), 2);
        // Just enough (60.001/s in the pool) is enough; just short is not.
        assert_eq!(automatic_threads(2, Duration::from_micros(11_111), 60), 1);
        assert_eq!(automatic_threads(2, Duration::from_micros(11_112), 60), 2);
        // Eight cores: seven threads unless even seven fall short.
        assert_eq!(automatic_threads(8, ms(26), 60), 7);
        assert_eq!(automatic_threads(8, ms(200), 60), 8);
        // One core has nothing to spare; a capacity of 0 never takes the last core.
        assert_eq!(automatic_threads(1, ms(500), 60), 1);
        assert_eq!(automatic_threads(2, ms(500), 0), 1);
        // A zero time (a coarse clock) is not a division by zero.
        assert_eq!(automatic_threads(2, Duration::ZERO, 60), 1);
    }

    #[tokio::test]
    async fn an_automatic_pool_still_hashes_and_verifies() {
        let p = Passwords::new(&AuthSettings::default());
        let h = p.hash("correct horse battery staple".into()).await.unwrap();
        assert!(
            p.verify("correct horse battery staple".into(), Some(h.clone()))
                .await
        );
        assert!(!p.verify("wrong horse".into(), Some(h)).await);
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
        assert!(p.verify(long.clone(), Some(h.clone())).await);
        // Not truncated: the first 72 characters alone do not match.
        assert!(!p.verify(long.chars().take(72).collect(), Some(h)).await);
        assert!(!p.verify(long, None).await);
    }

    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn hashing_threads_run_in_the_idle_class() {
        use thread_priority::unix::{
            NormalThreadSchedulePolicy, ThreadSchedulePolicy, thread_native_id,
            thread_schedule_policy_param,
        };
        let p = Passwords::new(&AuthSettings {
            hash_concurrency: 1,
            ..AuthSettings::default()
        });
        let policy = p
            .pool
            .run(|| thread_schedule_policy_param(thread_native_id()).map(|(policy, _)| policy))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            policy,
            ThreadSchedulePolicy::Normal(NormalThreadSchedulePolicy::Idle)
        );
    }
}
