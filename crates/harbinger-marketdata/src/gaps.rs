//! Gaps in stored daily bars: sessions the exchange calendar says traded, between the first
//! and the last stored bar of a window, with no bar stored. The gap-fill job asks the chain
//! for each symbol's missing span once per run.

use harbinger_core::{Interval, Symbol};
use harbinger_market::breaker::counts_as_failure;
use serde::Serialize;

use crate::calendar::Calendar;
use crate::error::MarketError;
use crate::service::{MarketService, count_rejections};

const DAY: i64 = 86_400;

/// Missing sessions (midnight UTC, Unix seconds) between the first and the last stored daily
/// bar of `symbol` within `from ..= to`.
pub async fn find_gaps(
    store: &harbinger_store::Store,
    symbol: &Symbol,
    from: i64,
    to: i64,
) -> Result<Vec<i64>, MarketError> {
    let times = store.bar_times(symbol, Interval::D1, from, to).await?;
    let (Some(first), Some(last)) = (times.first(), times.last()) else {
        return Ok(Vec::new());
    };
    let stored: std::collections::BTreeSet<i64> = times.iter().map(|t| t.div_euclid(DAY)).collect();
    let calendar = Calendar::for_symbol(symbol);
    Ok(calendar
        .sessions(first.div_euclid(DAY), last.div_euclid(DAY))
        .filter(|d| !stored.contains(d))
        .map(|d| d * DAY)
        .collect())
}

/// What one symbol's gap fill did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GapReport {
    pub symbol: String,
    /// Missing sessions found.
    pub missing: usize,
    /// Bars the providers delivered for them.
    pub filled: usize,
    /// Sessions still missing afterwards (a one-off closure, or no provider has them).
    pub still_missing: Vec<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl MarketService {
    /// Finds `symbol`'s gaps in the `days` before now and asks the chain once for the span
    /// from the first to the last missing session.
    pub async fn fill_gaps(&self, symbol: &Symbol, days: u32) -> Result<GapReport, MarketError> {
        let store = self.store();
        let now = store.clock().now_ms().div_euclid(1_000);
        let from = now - i64::from(days) * DAY;
        let missing = find_gaps(store, symbol, from, now).await?;
        let mut report = GapReport {
            symbol: symbol.to_string(),
            missing: missing.len(),
            filled: 0,
            still_missing: Vec::new(),
            error: None,
        };
        let (Some(&first), Some(&last)) = (missing.first(), missing.last()) else {
            return Ok(report);
        };
        match self
            .chain()
            .history(symbol, Interval::D1, first, last + DAY - 1)
            .await
        {
            Ok(history) => {
                count_rejections(&history);
                let wanted: std::collections::BTreeSet<i64> =
                    missing.iter().map(|t| t.div_euclid(DAY)).collect();
                report.filled = history
                    .bars
                    .iter()
                    .filter(|b| wanted.contains(&b.time.div_euclid(DAY)))
                    .count();
                let newest = store.latest_bar_time(symbol, Interval::D1).await?;
                self.ingest(&history, newest).await?;
            }
            Err(e) => {
                if counts_as_failure(&e) {
                    tracing::warn!(%symbol, error = %e, "gap fill: no provider answered");
                }
                report.error = Some(e.to_string());
            }
        }
        report.still_missing = find_gaps(store, symbol, from, now)
            .await?
            .into_iter()
            .filter(|t| (first..=last).contains(t))
            .collect();
        metrics::counter!("harbinger_market_gap_bars_filled_total").increment(report.filled as u64);
        Ok(report)
    }
}
