//! Rate limits: GCRA (the generic cell rate algorithm) keyed by IP, user or API key.
//!
//! One timestamp per key (the theoretical arrival time) is the whole state, so the
//! in-process store is a map and the Redis store is one atomic Lua script. When Redis fails
//! the limiter falls back to the in-process store (per-replica limits, never none).
//!
//! Beside the quotas the limiter keeps lockouts: a key locked for a time that doubles with
//! each lockout it is still remembered for ([`LockoutPolicy`]), and always expires.

mod gcra;
mod lockout;
mod memory;
mod redis_store;

use std::sync::Arc;
use std::time::Duration;

use harbinger_core::Clock;

pub use gcra::{Decision, Quota, decide};
pub use lockout::{LockoutPolicy, lock_length_ms};
pub use memory::MemoryStore;
pub use redis_store::RedisStore;

/// Checks keys against quotas; cheap to clone.
#[derive(Debug, Clone)]
pub struct Limiter {
    local: Arc<MemoryStore>,
    redis: Option<Arc<RedisStore>>,
}

impl Limiter {
    /// In-process limits only.
    pub fn in_process(clock: Arc<dyn Clock>) -> Self {
        Self {
            local: Arc::new(MemoryStore::new(clock)),
            redis: None,
        }
    }

    /// Shared limits through Redis at `url`, falling back to in-process ones while it fails.
    pub fn with_redis(clock: Arc<dyn Clock>, url: &str) -> Result<Self, String> {
        Ok(Self {
            local: Arc::new(MemoryStore::new(clock)),
            redis: Some(Arc::new(RedisStore::new(url)?)),
        })
    }

    /// Whether the shared Redis store answers, over the connection the limits themselves use
    /// (readiness reuses it instead of opening its own); `None` with in-process limits only.
    pub async fn ping_redis(&self) -> Option<Result<(), String>> {
        let redis = self.redis.as_ref()?;
        Some(redis.ping().await)
    }

    /// Spends `cost` units of `quota` on `key` (0 only asks). Never fails: a Redis error
    /// falls back to the local store, so limits degrade to per-replica, never to none.
    pub async fn check(&self, key: &str, quota: &Quota, cost: u32) -> Decision {
        if let Some(redis) = &self.redis {
            match tokio::time::timeout(REDIS_WAIT, redis.check(key, quota, cost)).await {
                Ok(Ok(d)) => return d,
                Ok(Err(e)) => redis.note_failure(&e),
                Err(_) => redis.note_failure("timed out after 250 ms"),
            }
        }
        self.local.check(key, quota, cost)
    }

    /// Locks `key` out under `policy` and returns the lock's length (ms): the base length,
    /// doubled for every earlier lockout of the key still remembered, capped.
    pub async fn lock_out(&self, key: &str, policy: &LockoutPolicy) -> i64 {
        if let Some(redis) = &self.redis {
            match tokio::time::timeout(REDIS_WAIT, redis.lock_out(key, policy)).await {
                Ok(Ok(ms)) => return ms,
                Ok(Err(e)) => redis.note_failure(&e),
                Err(_) => redis.note_failure("timed out after 250 ms"),
            }
        }
        self.local.lock_out(key, policy)
    }

    /// What is left of `key`'s lock (ms); 0 when it is not locked.
    pub async fn locked_for(&self, key: &str) -> i64 {
        if let Some(redis) = &self.redis {
            match tokio::time::timeout(REDIS_WAIT, redis.locked_for(key)).await {
                // A lock taken locally while Redis was down still holds.
                Ok(Ok(ms)) => return ms.max(self.local.locked_for(key)),
                Ok(Err(e)) => redis.note_failure(&e),
                Err(_) => redis.note_failure("timed out after 250 ms"),
            }
        }
        self.local.locked_for(key)
    }
}

/// The longest a limiter waits for Redis before deciding locally.
const REDIS_WAIT: Duration = Duration::from_millis(250);
