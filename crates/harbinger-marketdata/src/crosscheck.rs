//! The cross-check gate: where two sources cover a symbol, their closes of the newest bar both
//! have must agree within a tolerance. Beyond it the symbol is marked suspect in the store
//! with the reason (and a warning in the log); the signal pipeline asks [`CrossCheck::is_suspect`]
//! and holds the symbol's signals back until a later check finds the sources agreeing again.

use std::sync::Arc;

use harbinger_core::{Interval, Symbol};
use harbinger_market::{FallbackChain, History};
use harbinger_store::Store;
use serde::Serialize;

use crate::error::MarketError;

/// How far back the sources are asked for bars to compare (covers long weekends).
const LOOKBACK_DAYS: i64 = 10;

/// The outcome of one comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    /// The closes of the newest common bar are within the tolerance.
    Agree { time: i64, difference: f64 },
    /// They are not; `reason` names the sources, prices, day and difference.
    Disagree {
        time: i64,
        difference: f64,
        reason: String,
    },
    /// Fewer than two sources had a bar in common: nothing to compare, nothing changes.
    NotComparable { why: String },
}

/// Compares the close of the newest bar `a` and `b` both have. `difference` is relative to
/// the smaller close.
pub fn compare(a: &History, b: &History, tolerance: f64) -> Verdict {
    let common = a.bars.iter().rev().find_map(|x| {
        b.bars
            .binary_search_by_key(&x.time, |y| y.time)
            .ok()
            .map(|i| (x, &b.bars[i]))
    });
    let Some((x, y)) = common else {
        return Verdict::NotComparable {
            why: format!("{} and {} share no bar", a.source, b.source),
        };
    };
    let difference = (x.close - y.close).abs() / x.close.min(y.close);
    if difference <= tolerance {
        Verdict::Agree {
            time: x.time,
            difference,
        }
    } else {
        Verdict::Disagree {
            time: x.time,
            difference,
            reason: format!(
                "{} close {} vs {} close {} for the bar at {} ({:.2} % apart, tolerance {:.2} %)",
                a.source,
                x.close,
                b.source,
                y.close,
                harbinger_market::date::format_ymd(x.time),
                difference * 100.0,
                tolerance * 100.0
            ),
        }
    }
}

/// Runs the comparison through the chain's providers and records the verdict.
#[derive(Debug, Clone)]
pub struct CrossCheck {
    store: Store,
    chain: Arc<FallbackChain>,
    tolerance: f64,
}

impl CrossCheck {
    pub fn new(store: Store, chain: Arc<FallbackChain>, tolerance: f64) -> Self {
        Self {
            store,
            chain,
            tolerance,
        }
    }

    /// Asks every available provider for `symbol`'s recent daily bars, compares the first two
    /// that answered with bars, and marks or clears the symbol.
    pub async fn check(&self, symbol: &Symbol) -> Result<Verdict, MarketError> {
        let now = self.store.clock().now_ms().div_euclid(1_000);
        let answers = self
            .chain
            .history_from_each(symbol, Interval::D1, now - LOOKBACK_DAYS * 86_400, now)
            .await;
        let sources: Vec<History> = answers
            .into_iter()
            .filter_map(|(_, r)| r.ok())
            .filter(|h| !h.bars.is_empty())
            .take(2)
            .collect();
        let verdict = match sources.as_slice() {
            [a, b] => compare(a, b, self.tolerance),
            _ => Verdict::NotComparable {
                why: format!("{} source(s) had recent bars", sources.len()),
            },
        };
        self.record(symbol, &verdict).await?;
        Ok(verdict)
    }

    /// Marks the symbol on a disagreement, clears it on an agreement.
    pub async fn record(&self, symbol: &Symbol, verdict: &Verdict) -> Result<(), MarketError> {
        match verdict {
            Verdict::Disagree { reason, .. } => {
                tracing::warn!(%symbol, reason = %reason, "sources disagree; symbol marked suspect");
                metrics::counter!("harbinger_market_cross_check_disagreements_total").increment(1);
                self.store.mark_suspect(symbol.as_str(), reason).await?;
            }
            Verdict::Agree { .. } => {
                if self.store.clear_suspect(symbol.as_str()).await? {
                    tracing::info!(%symbol, "sources agree again; suspect mark cleared");
                }
            }
            Verdict::NotComparable { .. } => {}
        }
        Ok(())
    }

    /// Whether the signal pipeline must hold back `symbol`'s signals.
    pub async fn is_suspect(&self, symbol: &Symbol) -> Result<bool, MarketError> {
        Ok(self.store.is_suspect(symbol.as_str()).await?)
    }
}
