//! The two-tier cache: an in-process tier (`quick_cache`, bounded) in front of an optional
//! Redis tier shared by every replica.
//!
//! Redis is a cache, never the source of truth: any Redis failure (down, slow, a bad entry)
//! is logged, counted in `harbinger_cache_redis_errors_total` and treated as a miss, and
//! Redis is then left alone for a few seconds so a dead server does not add a timeout to
//! every request. Expiry uses the injected clock, so tests can move time.

use std::sync::Arc;
use std::time::{Duration, Instant};

use harbinger_core::Clock;
use redis::aio::MultiplexedConnection;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// How long one Redis command may take before it counts as a failure.
const REDIS_TIMEOUT: Duration = Duration::from_millis(500);
/// How long Redis is skipped after a failure.
const REDIS_BACKOFF: Duration = Duration::from_secs(5);
/// Every Harbinger cache key in Redis starts with this.
const PREFIX: &str = "harbinger:cache:";

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    /// Unix ms; `None` = never (closed bars are immutable).
    expires_at_ms: Option<i64>,
    json: String,
}

/// A cache of JSON-serialisable values keyed by strings.
#[derive(Debug)]
pub struct TieredCache {
    local: quick_cache::sync::Cache<String, Arc<Entry>>,
    redis: Option<RedisTier>,
    clock: Arc<dyn Clock>,
}

impl TieredCache {
    /// Only the in-process tier, holding at most `capacity` entries.
    pub fn in_process(capacity: usize, clock: Arc<dyn Clock>) -> Self {
        Self {
            local: quick_cache::sync::Cache::new(capacity.max(1)),
            redis: None,
            clock,
        }
    }

    /// Both tiers. Only the URL is checked here; Redis being down later is not an error.
    pub fn with_redis(capacity: usize, clock: Arc<dyn Clock>, url: &str) -> Result<Self, String> {
        let client = redis::Client::open(url).map_err(|e| e.to_string())?;
        Ok(Self {
            redis: Some(RedisTier {
                client,
                conn: tokio::sync::Mutex::new(None),
                down_until: std::sync::Mutex::new(None),
            }),
            ..Self::in_process(capacity, clock)
        })
    }

    /// Whether a Redis tier is configured.
    pub const fn has_redis(&self) -> bool {
        self.redis.is_some()
    }

    /// The value under `key`: the in-process tier first, then Redis (a Redis hit is copied
    /// into the in-process tier).
    pub async fn get<T: DeserializeOwned>(&self, key: &str) -> Option<T> {
        let now = self.clock.now_ms();
        if let Some(e) = self.local.get(key) {
            if e.expires_at_ms.is_none_or(|t| now < t)
                && let Ok(v) = serde_json::from_str(&e.json)
            {
                metrics::counter!("harbinger_cache_hits_total", "tier" => "memory").increment(1);
                return Some(v);
            }
            self.local.remove(key);
        }
        let entry = match &self.redis {
            Some(r) => r.get(key).await,
            None => None,
        };
        let Some(entry) = entry.filter(|e| e.expires_at_ms.is_none_or(|t| now < t)) else {
            metrics::counter!("harbinger_cache_misses_total").increment(1);
            return None;
        };
        let value = serde_json::from_str(&entry.json).ok()?;
        metrics::counter!("harbinger_cache_hits_total", "tier" => "redis").increment(1);
        self.local.insert(key.to_owned(), Arc::new(entry));
        Some(value)
    }

    /// Stores `value` in both tiers, for `ttl` or (`None`) for good.
    pub async fn put<T: Serialize>(&self, key: &str, value: &T, ttl: Option<Duration>) {
        let Ok(json) = serde_json::to_string(value) else {
            return;
        };
        let entry = Entry {
            expires_at_ms: ttl.map(|t| self.clock.now_ms() + duration_ms(t)),
            json,
        };
        if let Some(r) = &self.redis {
            r.put(key, &entry, ttl).await;
        }
        self.local.insert(key.to_owned(), Arc::new(entry));
    }

    /// Drops `key` from the in-process tier (Redis entries expire on their own).
    pub fn forget_local(&self, key: &str) {
        self.local.remove(key);
    }
}

fn duration_ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX / 2)
}

#[derive(Debug)]
struct RedisTier {
    client: redis::Client,
    conn: tokio::sync::Mutex<Option<MultiplexedConnection>>,
    down_until: std::sync::Mutex<Option<Instant>>,
}

impl RedisTier {
    async fn connection(&self) -> Option<MultiplexedConnection> {
        {
            let down = self
                .down_until
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if down.is_some_and(|t| Instant::now() < t) {
                return None;
            }
        }
        let mut slot = self.conn.lock().await;
        if let Some(c) = slot.as_ref() {
            return Some(c.clone());
        }
        match tokio::time::timeout(
            REDIS_TIMEOUT,
            self.client.get_multiplexed_async_connection(),
        )
        .await
        {
            Ok(Ok(c)) => {
                *slot = Some(c.clone());
                Some(c)
            }
            Ok(Err(e)) => {
                drop(slot);
                self.failed(&e.to_string()).await;
                None
            }
            Err(_) => {
                drop(slot);
                self.failed("connect timed out").await;
                None
            }
        }
    }

    async fn failed(&self, why: &str) {
        metrics::counter!("harbinger_cache_redis_errors_total").increment(1);
        tracing::warn!(
            error = why,
            "redis cache unavailable; using the in-process tier"
        );
        *self.conn.lock().await = None;
        *self
            .down_until
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) =
            Some(Instant::now() + REDIS_BACKOFF);
    }

    async fn get(&self, key: &str) -> Option<Entry> {
        let mut conn = self.connection().await?;
        let cmd = redis::cmd("GET").arg(format!("{PREFIX}{key}")).to_owned();
        match tokio::time::timeout(REDIS_TIMEOUT, cmd.query_async::<Option<String>>(&mut conn))
            .await
        {
            Ok(Ok(Some(raw))) => serde_json::from_str(&raw).ok(),
            Ok(Ok(None)) => None,
            Ok(Err(e)) => {
                self.failed(&e.to_string()).await;
                None
            }
            Err(_) => {
                self.failed("GET timed out").await;
                None
            }
        }
    }

    async fn put(&self, key: &str, entry: &Entry, ttl: Option<Duration>) {
        let Some(mut conn) = self.connection().await else {
            return;
        };
        let Ok(raw) = serde_json::to_string(entry) else {
            return;
        };
        let mut cmd = redis::cmd("SET");
        cmd.arg(format!("{PREFIX}{key}")).arg(raw);
        if let Some(ttl) = ttl {
            cmd.arg("PX").arg(duration_ms(ttl).max(1));
        }
        match tokio::time::timeout(REDIS_TIMEOUT, cmd.query_async::<()>(&mut conn)).await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => self.failed(&e.to_string()).await,
            Err(_) => self.failed("SET timed out").await,
        }
    }
}
