//! A backtest over several symbols: each symbol's figures beside buy-and-hold of the same
//! bars, and the mean of every figure over symbols.

use std::collections::BTreeMap;

use super::{Backtest, BacktestError, Config, Metrics, Trade, mean_metrics, run, run_positions};
use crate::Ohlcv;
use crate::strategy::Strategy;

/// What a report carries besides the figures.
#[derive(Debug, Clone, Copy, Default)]
pub struct Detail {
    /// The equity curve of each symbol, thinned to at most this many points (0 = none).
    pub curve_points: usize,
    /// Each symbol's closed trades.
    pub trades: bool,
}

/// One symbol's result.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SymbolReport {
    /// The strategy's figures.
    #[serde(flatten)]
    pub metrics: Metrics,
    /// Buying at the first fill and holding to the end, same costs.
    pub buy_and_hold: Metrics,
    /// First and last bar time, Unix seconds.
    pub first_time: i64,
    /// Last bar time.
    pub last_time: i64,
    /// `[time, equity]` pairs, when asked for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub equity: Vec<(i64, f64)>,
    /// Closed trades, when asked for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub trade_list: Vec<Trade>,
}

/// Means over symbols (undefined values skipped).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Means {
    /// The strategy's mean figures.
    #[serde(flatten)]
    pub strategy: BTreeMap<&'static str, f64>,
    /// Buy-and-hold's mean figures.
    pub buy_and_hold: BTreeMap<&'static str, f64>,
}

/// The result of one backtest request.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Report {
    /// Strategy name.
    pub strategy: &'static str,
    /// Parameter values in use.
    pub params: BTreeMap<&'static str, f64>,
    /// The strategy's model version.
    pub model_version: String,
    /// How it traded.
    pub config: Config,
    /// Per symbol, by name.
    pub symbols: BTreeMap<String, SymbolReport>,
    /// Means over symbols.
    pub mean: Means,
}

/// Runs `strategy` on every series; `progress(done, total)` is called after each symbol.
pub fn run_many(
    strategy: &dyn Strategy,
    series: &[(String, Ohlcv<'_>)],
    cfg: &Config,
    detail: Detail,
    mut progress: impl FnMut(usize, usize),
) -> Result<Report, BacktestError> {
    cfg.check()?;
    let mut symbols = BTreeMap::new();
    for (done, (name, bars)) in series.iter().enumerate() {
        let ours = run(strategy, bars, cfg)?;
        let hold = run_positions(bars, &vec![1; bars.len()], cfg)?;
        symbols.insert(
            name.clone(),
            symbol_report(bars, ours, hold.metrics, detail),
        );
        progress(done + 1, series.len());
    }
    let mean = Means {
        strategy: mean_metrics(symbols.values().map(|s| &s.metrics)),
        buy_and_hold: mean_metrics(symbols.values().map(|s| &s.buy_and_hold)),
    };
    Ok(Report {
        strategy: strategy.name(),
        params: strategy.params().iter().collect(),
        model_version: strategy.model_version(),
        config: *cfg,
        symbols,
        mean,
    })
}

fn symbol_report(bars: &Ohlcv<'_>, run: Backtest, hold: Metrics, detail: Detail) -> SymbolReport {
    let time = bars.time();
    let equity = if detail.curve_points == 0 || run.equity.is_empty() {
        Vec::new()
    } else {
        let step = run.equity.len().div_ceil(detail.curve_points).max(1);
        let mut pts: Vec<(i64, f64)> = (0..run.equity.len())
            .step_by(step)
            .map(|i| (time[i], run.equity[i]))
            .collect();
        let last = run.equity.len() - 1;
        if pts.last().is_some_and(|p| p.0 != time[last]) {
            pts.push((time[last], run.equity[last]));
        }
        pts
    };
    SymbolReport {
        metrics: run.metrics,
        buy_and_hold: hold,
        first_time: time.first().copied().unwrap_or_default(),
        last_time: time.last().copied().unwrap_or_default(),
        equity,
        trade_list: if detail.trades {
            run.trades
        } else {
            Vec::new()
        },
    }
}
