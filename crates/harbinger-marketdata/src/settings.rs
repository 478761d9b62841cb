//! The service's knobs, filled by the binary from `[market]`.

use std::time::Duration;

/// How long data stays fresh, how stale it may be served, how long quotes are cached.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceSettings {
    /// Stored bars synced this recently are served without asking a provider; so is a range
    /// a provider was asked about this recently.
    pub fresh_for: Duration,
    /// When every provider fails, stored data synced at most this long ago is served with
    /// `stale: true`; older data gives 503 (RELIABILITY M2: 24 h).
    pub stale_limit: Duration,
    /// The latest quote is cached this long (M2: 15–60 s).
    pub quote_ttl: Duration,
    /// History fetched when a request names no start and nothing is stored.
    pub default_lookback: Duration,
    /// `Retry-After` of a 503 when no provider could answer.
    pub retry_after: Duration,
    /// Entries in the in-process cache tier.
    pub cache_entries: usize,
}

impl Default for ServiceSettings {
    fn default() -> Self {
        Self {
            fresh_for: Duration::from_mins(5),
            stale_limit: Duration::from_hours(24),
            quote_ttl: Duration::from_secs(30),
            default_lookback: Duration::from_hours(365 * 24),
            retry_after: Duration::from_mins(1),
            cache_entries: 10_000,
        }
    }
}

pub(crate) fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX / 2)
}
