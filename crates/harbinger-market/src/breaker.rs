//! A circuit breaker per provider: after repeated failures, or at once on a rate limit, the
//! provider is left alone for a while, then one probe decides whether it is back.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use harbinger_core::Clock;
use serde::Serialize;

use crate::error::ProviderError;

/// When a breaker opens and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BreakerConfig {
    /// Consecutive failures that open the breaker.
    pub failures_to_open: u32,
    /// How long it stays open (a rate limit's `Retry-After` wins when given).
    pub open_for: Duration,
}

impl Default for BreakerConfig {
    fn default() -> Self {
        Self {
            failures_to_open: 5,
            open_for: Duration::from_mins(1),
        }
    }
}

/// The breaker's state, as shown in health reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BreakerState {
    /// Calls go through.
    Closed,
    /// Calls are refused until the stored time (Unix ms).
    Open,
    /// One probe call is in flight; others are refused until it reports.
    HalfOpen,
}

#[derive(Debug, Clone, Copy)]
enum Inner {
    Closed { failures: u32 },
    Open { until_ms: i64 },
    Probing,
}

/// One provider's breaker. Cheap to share behind an `Arc`.
#[derive(Debug)]
pub struct Breaker {
    config: BreakerConfig,
    clock: Arc<dyn Clock>,
    inner: Mutex<Inner>,
}

/// Whether an error says something about the provider's health. A symbol the provider does
/// not know, or a request it finds malformed, is not the provider failing.
pub const fn counts_as_failure(e: &ProviderError) -> bool {
    !matches!(e, ProviderError::NotFound(_) | ProviderError::BadRequest(_))
}

impl Breaker {
    pub fn new(config: BreakerConfig, clock: Arc<dyn Clock>) -> Self {
        Self {
            config,
            clock,
            inner: Mutex::new(Inner::Closed { failures: 0 }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // The state is a plain value; a panic elsewhere cannot leave it half-written.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Asks to make a call. `Err(until_ms)` while open (or while another probe runs).
    pub fn try_acquire(&self) -> Result<(), i64> {
        let now = self.clock.now_ms();
        let mut s = self.lock();
        match *s {
            Inner::Closed { .. } => Ok(()),
            Inner::Open { until_ms } if now < until_ms => Err(until_ms),
            Inner::Open { .. } => {
                *s = Inner::Probing;
                Ok(())
            }
            Inner::Probing => Err(now),
        }
    }

    /// Reports the outcome of an acquired call.
    pub fn record(&self, result: Result<(), &ProviderError>) {
        let now = self.clock.now_ms();
        let mut s = self.lock();
        match result {
            Ok(()) => *s = Inner::Closed { failures: 0 },
            Err(e) if !counts_as_failure(e) => {
                // The provider answered sensibly; a probe that gets here proves it is back.
                if matches!(*s, Inner::Probing) {
                    *s = Inner::Closed { failures: 0 };
                }
            }
            Err(e) => {
                let open_for = match e {
                    ProviderError::RateLimited { retry_after, .. } => {
                        retry_after.unwrap_or(self.config.open_for)
                    }
                    _ => self.config.open_for,
                };
                let open = Inner::Open {
                    until_ms: now + i64::try_from(open_for.as_millis()).unwrap_or(i64::MAX / 2),
                };
                *s = match *s {
                    _ if matches!(e, ProviderError::RateLimited { .. }) => open,
                    Inner::Probing | Inner::Open { .. } => open,
                    Inner::Closed { failures } if failures + 1 >= self.config.failures_to_open => {
                        open
                    }
                    Inner::Closed { failures } => Inner::Closed {
                        failures: failures + 1,
                    },
                };
            }
        }
    }

    /// The state now (an open breaker whose time is up reports `half_open`: the next call
    /// is the probe).
    pub fn state(&self) -> (BreakerState, u32) {
        let now = self.clock.now_ms();
        match *self.lock() {
            Inner::Closed { failures } => (BreakerState::Closed, failures),
            Inner::Open { until_ms } if now < until_ms => (BreakerState::Open, 0),
            Inner::Open { .. } | Inner::Probing => (BreakerState::HalfOpen, 0),
        }
    }
}

#[cfg(test)]
mod tests {
    use harbinger_core::ManualClock;

    use super::*;

    fn breaker() -> (Breaker, ManualClock) {
        let clock = ManualClock::new(1_000_000);
        (
            Breaker::new(BreakerConfig::default(), Arc::new(clock.clone())),
            clock,
        )
    }

    const DOWN: ProviderError = ProviderError::Upstream { status: 500 };

    #[test]
    fn opens_after_five_failures_then_probes_once() {
        let (b, clock) = breaker();
        for _ in 0..4 {
            b.try_acquire().unwrap();
            b.record(Err(&DOWN));
        }
        assert_eq!(b.state().0, BreakerState::Closed);
        b.try_acquire().unwrap();
        b.record(Err(&DOWN));
        assert!(b.try_acquire().is_err(), "open after the fifth failure");
        clock.advance_ms(60_000);
        assert!(b.try_acquire().is_ok(), "one probe");
        assert!(b.try_acquire().is_err(), "only one probe at a time");
        b.record(Ok(()));
        assert_eq!(b.state(), (BreakerState::Closed, 0));
    }

    #[test]
    fn a_failed_probe_reopens() {
        let (b, clock) = breaker();
        for _ in 0..5 {
            b.record(Err(&DOWN));
        }
        clock.advance_ms(60_000);
        b.try_acquire().unwrap();
        b.record(Err(&DOWN));
        assert_eq!(b.state().0, BreakerState::Open);
    }

    #[test]
    fn a_rate_limit_opens_at_once_for_its_retry_after() {
        let (b, clock) = breaker();
        b.record(Err(&ProviderError::RateLimited {
            retry_after: Some(Duration::from_secs(7)),
            message: "HTTP 429".into(),
        }));
        assert!(b.try_acquire().is_err());
        clock.advance_ms(7_000);
        assert!(b.try_acquire().is_ok());
    }

    #[test]
    fn unknown_symbols_are_not_provider_failures() {
        let (b, _) = breaker();
        for _ in 0..20 {
            b.record(Err(&ProviderError::NotFound("ZZZZ".into())));
        }
        assert_eq!(b.state(), (BreakerState::Closed, 0));
    }
}
