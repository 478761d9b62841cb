//! The fallback chain: providers in the configured order, each behind its own breaker. A
//! request goes to the first provider whose breaker is closed; on failure it moves on to the
//! next. Every provider makes at most its own bounded number of upstream calls (its retry
//! policy), so one user request never turns into a retry storm.

use std::sync::{Arc, Mutex, PoisonError};

use futures::future::BoxFuture;
use harbinger_core::{Clock, Interval, Symbol};
use serde::Serialize;

use crate::breaker::{Breaker, BreakerConfig, BreakerState};
use crate::error::ProviderError;
use crate::provider::{History, MarketData, Quote};
use crate::raw::Source;

#[derive(Debug, Default, Clone, Copy)]
struct Stats {
    last_success_ms: Option<i64>,
    errors_total: u64,
    skipped_open: u64,
}

#[derive(Debug)]
struct Link {
    provider: Arc<dyn MarketData>,
    breaker: Breaker,
    stats: Mutex<Stats>,
}

/// One provider's health, for `/readyz` details and metrics.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProviderHealth {
    pub provider: &'static str,
    pub breaker: BreakerState,
    pub consecutive_failures: u32,
    pub last_success_ms: Option<i64>,
    pub errors_total: u64,
    /// Requests that skipped this provider because its breaker was open.
    pub skipped_open: u64,
}

/// Providers tried in order.
#[derive(Debug)]
pub struct FallbackChain {
    links: Vec<Link>,
    clock: Arc<dyn Clock>,
    /// Providers actually called for one request (open breakers do not count).
    max_tries: usize,
}

impl FallbackChain {
    pub fn new(
        providers: Vec<Arc<dyn MarketData>>,
        breaker: BreakerConfig,
        clock: Arc<dyn Clock>,
    ) -> Self {
        let links = providers
            .into_iter()
            .map(|provider| Link {
                provider,
                breaker: Breaker::new(breaker, clock.clone()),
                stats: Mutex::new(Stats::default()),
            })
            .collect();
        Self {
            links,
            clock,
            max_tries: usize::MAX,
        }
    }

    /// Calls at most `n` providers for one request. With providers that do not retry on their
    /// own, `2` keeps a user request to two upstream calls however long the chain is.
    #[must_use]
    pub fn with_max_tries(mut self, n: usize) -> Self {
        self.max_tries = n.max(1);
        self
    }

    /// Every provider's health, in chain order.
    pub fn health(&self) -> Vec<ProviderHealth> {
        self.links
            .iter()
            .map(|l| {
                let (breaker, consecutive_failures) = l.breaker.state();
                let s = *l.stats.lock().unwrap_or_else(PoisonError::into_inner);
                ProviderHealth {
                    provider: l.provider.name(),
                    breaker,
                    consecutive_failures,
                    last_success_ms: s.last_success_ms,
                    errors_total: s.errors_total,
                    skipped_open: s.skipped_open,
                }
            })
            .collect()
    }

    /// Asks every provider whose breaker lets it for the same history (for the cross-check
    /// gate, which compares sources). Outcomes count towards each provider's breaker and
    /// health like any other call; providers skipped for an open breaker are left out.
    pub async fn history_from_each(
        &self,
        symbol: &Symbol,
        interval: Interval,
        from: i64,
        to: i64,
    ) -> Vec<(&'static str, Result<History, ProviderError>)> {
        let mut out = Vec::with_capacity(self.links.len());
        for link in &self.links {
            if link.breaker.try_acquire().is_err() {
                link.stats
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .skipped_open += 1;
                continue;
            }
            let result = link.provider.history(symbol, interval, from, to).await;
            link.breaker.record(result.as_ref().map(|_| ()));
            let mut stats = link.stats.lock().unwrap_or_else(PoisonError::into_inner);
            match &result {
                Ok(_) => stats.last_success_ms = Some(self.clock.now_ms()),
                Err(_) => stats.errors_total += 1,
            }
            drop(stats);
            out.push((link.provider.name(), result));
        }
        out
    }

    /// Runs `call` on each provider in turn until one succeeds.
    async fn first_ok<'a, T>(
        &'a self,
        call: impl Fn(&'a Arc<dyn MarketData>) -> BoxFuture<'a, Result<T, ProviderError>>,
    ) -> Result<T, ProviderError> {
        let mut failures: Vec<String> = Vec::new();
        let mut last: Option<ProviderError> = None;
        let mut tries = 0;
        let mut benign = 0;
        for link in &self.links {
            if tries == self.max_tries {
                failures.push(format!(
                    "{}: not tried (call budget spent)",
                    link.provider.name()
                ));
                continue;
            }
            if link.breaker.try_acquire().is_err() {
                link.stats
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .skipped_open += 1;
                failures.push(format!("{}: circuit open", link.provider.name()));
                continue;
            }
            tries += 1;
            let result = call(&link.provider).await;
            link.breaker.record(result.as_ref().map(|_| ()));
            let mut stats = link.stats.lock().unwrap_or_else(PoisonError::into_inner);
            match result {
                Ok(v) => {
                    stats.last_success_ms = Some(self.clock.now_ms());
                    return Ok(v);
                }
                Err(e) => {
                    stats.errors_total += 1;
                    if !crate::breaker::counts_as_failure(&e) {
                        benign += 1;
                    }
                    failures.push(format!("{}: {e}", link.provider.name()));
                    last = Some(e);
                }
            }
        }
        Err(match (last, failures.len()) {
            // One provider: its own error, typed.
            (Some(e), 1) => e,
            // Every provider answered that it has no such data: that is an answer, not an
            // outage, and must not be reported as one.
            (Some(e), _) if benign == failures.len() => e,
            _ => {
                ProviderError::Transport(format!("every provider failed ({})", failures.join("; ")))
            }
        })
    }
}

impl MarketData for FallbackChain {
    fn source(&self) -> Source {
        self.links
            .first()
            .map_or(Source::Replay, |l| l.provider.source())
    }

    fn name(&self) -> &'static str {
        "chain"
    }

    fn history<'a>(
        &'a self,
        symbol: &'a Symbol,
        interval: Interval,
        from: i64,
        to: i64,
    ) -> BoxFuture<'a, Result<History, ProviderError>> {
        Box::pin(self.first_ok(move |p| p.history(symbol, interval, from, to)))
    }

    fn latest<'a>(&'a self, symbol: &'a Symbol) -> BoxFuture<'a, Result<Quote, ProviderError>> {
        Box::pin(self.first_ok(move |p| p.latest(symbol)))
    }
}

#[cfg(test)]
#[path = "chain_tests.rs"]
mod tests;
