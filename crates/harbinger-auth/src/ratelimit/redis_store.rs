//! GCRA in Redis: one Lua script reads and writes the key atomically, using Redis's own
//! clock so replicas with skewed clocks still agree.

use std::sync::atomic::{AtomicI64, Ordering};

use redis::aio::ConnectionManager;
use tokio::sync::OnceCell;

use super::{Decision, LockoutPolicy, Quota, decide};

/// Returns {allowed, tat_before, now}; stores the new tat with an expiry when allowed.
/// The Rust side recomputes the headers from the same inputs with [`decide`].
const SCRIPT: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local emission = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local stored = redis.call('GET', KEYS[1])
local tat = now
if stored then tat = math.max(tonumber(stored), now) end
local new_tat = tat + emission * cost
local allow_at = new_tat - tolerance
if cost == 0 then allow_at = tat + emission - tolerance end
if now < allow_at then return {0, stored and tonumber(stored) or -1, now} end
if cost > 0 then redis.call('SET', KEYS[1], new_tat, 'PX', math.max(1, new_tat - now)) end
return {1, stored and tonumber(stored) or -1, now}
";

/// Counts a lockout (KEYS[2], remembered ARGV[3] ms past the lock) and locks KEYS[1] for
/// ARGV[1] ms doubled per remembered strike, at most ARGV[2]; returns the length.
/// Mirrors [`super::lock_length_ms`].
const LOCK_SCRIPT: &str = r"
local strikes = redis.call('INCR', KEYS[2])
local base = math.max(1, tonumber(ARGV[1]))
local cap = math.max(base, tonumber(ARGV[2]))
local length = math.min(base * 2 ^ math.min(strikes - 1, 40), cap)
length = math.floor(length)
redis.call('SET', KEYS[1], strikes, 'PX', length)
redis.call('PEXPIRE', KEYS[2], length + tonumber(ARGV[3]))
return length
";

/// Limits shared by every replica through one Redis.
pub struct RedisStore {
    client: redis::Client,
    conn: OnceCell<ConnectionManager>,
    script: redis::Script,
    lock_script: redis::Script,
    last_warning_ms: AtomicI64,
}

impl std::fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RedisStore")
    }
}

impl RedisStore {
    pub fn new(url: &str) -> Result<Self, String> {
        let client = redis::Client::open(url).map_err(|e| e.to_string())?;
        Ok(Self {
            client,
            conn: OnceCell::new(),
            script: redis::Script::new(SCRIPT),
            lock_script: redis::Script::new(LOCK_SCRIPT),
            last_warning_ms: AtomicI64::new(0),
        })
    }

    async fn connection(&self) -> Result<ConnectionManager, String> {
        self.conn
            .get_or_try_init(|| async { ConnectionManager::new(self.client.clone()).await })
            .await
            .cloned()
            .map_err(|e| e.to_string())
    }

    pub async fn lock_out(&self, key: &str, policy: &LockoutPolicy) -> Result<i64, String> {
        let mut conn = self.connection().await?;
        self.lock_script
            .key(format!("harbinger:lock:{key}"))
            .key(format!("harbinger:strikes:{key}"))
            .arg(policy.base_ms)
            .arg(policy.max_ms)
            .arg(policy.memory_ms)
            .invoke_async(&mut conn)
            .await
            .map_err(|e| e.to_string())
    }

    pub async fn locked_for(&self, key: &str) -> Result<i64, String> {
        let mut conn = self.connection().await?;
        let ttl: i64 = redis::cmd("PTTL")
            .arg(format!("harbinger:lock:{key}"))
            .query_async(&mut conn)
            .await
            .map_err(|e| e.to_string())?;
        Ok(ttl.max(0))
    }

    /// One `PING` over the same connection the limits use.
    pub async fn ping(&self) -> Result<(), String> {
        let mut conn = self.connection().await?;
        redis::cmd("PING")
            .query_async::<String>(&mut conn)
            .await
            .map(drop)
            .map_err(|e| e.to_string())
    }

    pub async fn check(&self, key: &str, quota: &Quota, cost: u32) -> Result<Decision, String> {
        let mut conn = self.connection().await?;
        let (allowed, stored, now): (i64, i64, i64) = self
            .script
            .key(format!("harbinger:rl:{key}"))
            .arg(quota.emission_ms())
            .arg(quota.tolerance_ms())
            .arg(cost)
            .invoke_async(&mut conn)
            .await
            .map_err(|e| e.to_string())?;
        let (mut d, _) = decide((stored >= 0).then_some(stored), now, quota, cost);
        // The script decided atomically; the local recomputation only fills the numbers.
        d.allowed = allowed == 1;
        Ok(d)
    }

    /// Logs a Redis failure at most once a minute (a flood must not flood the log).
    pub fn note_failure(&self, error: &str) {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64);
        let last = self.last_warning_ms.load(Ordering::Relaxed);
        if now - last > 60_000
            && self
                .last_warning_ms
                .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
        {
            tracing::warn!(
                error,
                "Redis rate-limit store failed; using in-process limits"
            );
        }
    }
}
