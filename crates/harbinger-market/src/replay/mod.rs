//! `replay`, the default provider: bundled real daily history played as a live feed.
//!
//! The tape is the union of all symbols' trading days. A cursor walks it day by day; each
//! step reveals that day's bar of every symbol that traded, keeping its real historical date
//! and marked `source: replay`. After the last day it loops back to the start (the "lap"
//! counter grows), so replayed time jumps back at each lap: consumers that need increasing
//! time per symbol must watch `lap()`.
//!
//! `history` and `latest` only show what the cursor has revealed, so a signal computed on
//! replayed data can never see its own future. The first `warmup_days` days are revealed at
//! start (and again after each loop) so indicators have history from the first step.

mod cursor;
mod tape;

pub use tape::{Tape, TapeSeries};

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use futures::StreamExt;
use futures::future::BoxFuture;
use futures::stream::BoxStream;
use harbinger_core::{Interval, Symbol};

use crate::error::ProviderError;
use crate::provider::{History, LiveBar, MarketData, Quote};
use crate::raw::Source;
use cursor::Cursor;

/// Replay settings (`HARBINGER_MARKET__REPLAY_BAR_SECONDS`), checked when built.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReplayConfig {
    bar_period: Duration,
    warmup_days: usize,
}

/// A replay setting is out of range.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("replay_bar_seconds must be a number between 0.001 and 86400, got {0}")]
pub struct ReplayConfigError(pub String);

impl ReplayConfig {
    /// Wall-clock seconds per replayed trading day (`0.1` = fast, for demos and tests).
    pub fn new(bar_seconds: f64) -> Result<Self, ReplayConfigError> {
        if !(0.001..=86_400.0).contains(&bar_seconds) {
            return Err(ReplayConfigError(bar_seconds.to_string()));
        }
        let bar_period = Duration::try_from_secs_f64(bar_seconds)
            .map_err(|_| ReplayConfigError(bar_seconds.to_string()))?;
        Ok(Self {
            bar_period,
            warmup_days: 250,
        })
    }

    /// Trading days revealed before the first step (default 250, about a year).
    #[must_use]
    pub const fn with_warmup_days(mut self, days: usize) -> Self {
        self.warmup_days = days;
        self
    }

    pub const fn bar_period(&self) -> Duration {
        self.bar_period
    }
}

impl Default for ReplayConfig {
    fn default() -> Self {
        Self {
            bar_period: Duration::from_secs(3),
            warmup_days: 250,
        }
    }
}

/// The replay provider. Cheap to share behind an `Arc`; the cursor is shared by all clones of
/// the `Arc`, so exactly one task should drive it (with [`ReplayProvider::stream`] or
/// [`ReplayProvider::next_bar`]).
#[derive(Debug)]
pub struct ReplayProvider {
    tape: Arc<Tape>,
    config: ReplayConfig,
    cursor: Mutex<Cursor>,
}

impl ReplayProvider {
    /// Replays the bundled history.
    pub fn bundled(config: ReplayConfig) -> Result<Self, ProviderError> {
        Ok(Self::new(Arc::new(Tape::bundled()?), config))
    }

    /// Replays any tape.
    pub fn new(tape: Arc<Tape>, config: ReplayConfig) -> Self {
        let cursor = Cursor::new(&tape, config.warmup_days);
        Self {
            tape,
            config,
            cursor: Mutex::new(cursor),
        }
    }

    pub fn tape(&self) -> &Tape {
        &self.tape
    }

    pub const fn config(&self) -> &ReplayConfig {
        &self.config
    }

    fn with_cursor<T>(&self, f: impl FnOnce(&mut Cursor, &Tape) -> T) -> T {
        // A panic while holding the lock cannot leave the cursor half-updated in a harmful
        // way (worst case a bar is skipped), so a poisoned lock is used as is.
        let mut c = self.cursor.lock().unwrap_or_else(PoisonError::into_inner);
        f(&mut c, &self.tape)
    }

    /// Advances by one bar (one symbol on one day); `None` only for an empty tape.
    pub fn next_bar(&self) -> Option<LiveBar> {
        self.with_cursor(Cursor::next_bar).map(live)
    }

    /// Advances by one trading day: that day's bar of every symbol that traded.
    pub fn next_step(&self) -> Vec<LiveBar> {
        self.with_cursor(Cursor::next_step)
            .into_iter()
            .map(live)
            .collect()
    }

    /// The bars of `symbol` the cursor has revealed so far, oldest first.
    pub fn revealed(&self, symbol: &Symbol) -> Result<&[harbinger_core::Bar], ProviderError> {
        let idx = self
            .tape
            .series
            .iter()
            .position(|s| &s.symbol == symbol)
            .ok_or_else(|| {
                ProviderError::NotFound(format!("{symbol} is not on the replay tape"))
            })?;
        let n = self.with_cursor(|c, _| c.played(idx));
        let bars = &self.tape.series[idx].bars;
        Ok(bars.get(..n).unwrap_or(bars))
    }

    /// How many times the tape has looped.
    pub fn lap(&self) -> u64 {
        self.with_cursor(|c, _| c.lap())
    }

    /// One trading day per `bar_period`, forever: the live feed. Drive it from one task only.
    pub fn stream(self: &Arc<Self>) -> BoxStream<'static, LiveBar> {
        let me = Arc::clone(self);
        futures::stream::unfold((me, None), |(me, ticker)| async move {
            // Created on first poll: a tokio timer needs a running runtime.
            let mut ticker = ticker.unwrap_or_else(|| {
                let mut t = tokio::time::interval(me.config.bar_period);
                t.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                t
            });
            ticker.tick().await;
            let step = me.next_step();
            Some((futures::stream::iter(step), (me, Some(ticker))))
        })
        .flatten()
        .boxed()
    }
}

fn live((symbol, bar): (Symbol, harbinger_core::Bar)) -> LiveBar {
    LiveBar {
        symbol,
        interval: Interval::D1,
        bar,
        source: Source::Replay,
        closed: true,
    }
}

impl MarketData for ReplayProvider {
    fn source(&self) -> Source {
        Source::Replay
    }

    fn history<'a>(
        &'a self,
        symbol: &'a Symbol,
        interval: Interval,
        from: i64,
        to: i64,
    ) -> BoxFuture<'a, Result<History, ProviderError>> {
        let result = if interval == Interval::D1 {
            self.revealed(symbol).map(|bars| {
                let lo = bars.partition_point(|b| b.time < from);
                let hi = bars.partition_point(|b| b.time <= to).max(lo);
                History {
                    symbol: symbol.clone(),
                    interval,
                    source: Source::Replay,
                    bars: bars.get(lo..hi).unwrap_or_default().to_vec(),
                    rejected: Vec::new(),
                }
            })
        } else {
            Err(ProviderError::BadRequest(format!(
                "replay has daily bars only, not {interval}"
            )))
        };
        Box::pin(std::future::ready(result))
    }

    fn latest<'a>(&'a self, symbol: &'a Symbol) -> BoxFuture<'a, Result<Quote, ProviderError>> {
        let result = self.revealed(symbol).and_then(|bars| {
            bars.last().map_or_else(
                || {
                    Err(ProviderError::NotFound(format!(
                        "{symbol} has not traded yet"
                    )))
                },
                |b| {
                    Ok(Quote {
                        symbol: symbol.clone(),
                        price: b.close,
                        time: b.time,
                        source: Source::Replay,
                    })
                },
            )
        });
        Box::pin(std::future::ready(result))
    }
}
