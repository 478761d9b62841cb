//! The backtester: bar by bar, long and short, with costs, position sizing and a choice of fill.
//!
//! A strategy's position for bar `t` is decided from bars up to `t`. With [`Fill::NextOpen`]
//! (the default) the order fills at bar `t + 1`'s open, so nothing uses a price it could not
//! have traded at; [`Fill::Close`] fills at bar `t`'s close, as vectorised engines do, for
//! comparisons.

mod engine;
mod metrics;
mod report;
mod stats;

pub use engine::{run, run_positions};
pub use metrics::{Drawdown, Metrics, mean_metrics};
pub use report::{Detail, Means, Report, SymbolReport, run_many};
pub use stats::{deflated_sharpe, normal_cdf, normal_quantile, probabilistic_sharpe};

use crate::strategy::Side;

/// When an order fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fill {
    /// At the next bar's open (no look-ahead).
    #[default]
    NextOpen,
    /// At the signal bar's close.
    Close,
}

impl Fill {
    /// `next_open` or `close`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NextOpen => "next_open",
            Self::Close => "close",
        }
    }
}

/// How a backtest trades.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Config {
    /// When orders fill.
    pub fill: Fill,
    /// Commission per side, basis points of the traded notional.
    pub commission_bps: f64,
    /// Slippage per side, basis points: buys fill this much higher, sells lower.
    pub slippage_bps: f64,
    /// Share of equity committed to each position, in (0, 1].
    pub size: f64,
    /// Starting cash.
    pub initial_cash: f64,
    /// Bars per year for annualised figures (252 for daily equities).
    pub periods_per_year: f64,
    /// Strategy variants tried before this one, for the deflated Sharpe ratio (at least 1).
    pub variants: u32,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            fill: Fill::NextOpen,
            commission_bps: 0.0,
            slippage_bps: 0.0,
            size: 1.0,
            initial_cash: 10_000_000.0,
            periods_per_year: 252.0,
            variants: 1,
        }
    }
}

/// Why a backtest could not run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BacktestError {
    /// A configuration value out of range.
    #[error("backtest: {0}")]
    Config(String),
    /// The positions do not match the bars.
    #[error("backtest: {positions} positions for {bars} bars")]
    Length {
        /// Number of positions.
        positions: usize,
        /// Number of bars.
        bars: usize,
    },
    /// The strategy failed.
    #[error(transparent)]
    Strategy(#[from] crate::strategy::StrategyError),
}

impl Config {
    /// Checks every field's range.
    pub fn check(&self) -> Result<(), BacktestError> {
        let bad = |what: &str| Err(BacktestError::Config(what.to_owned()));
        if !(self.commission_bps.is_finite() && (0.0..=1_000.0).contains(&self.commission_bps)) {
            return bad("commission must be 0 to 1000 basis points");
        }
        if !(self.slippage_bps.is_finite() && (0.0..=1_000.0).contains(&self.slippage_bps)) {
            return bad("slippage must be 0 to 1000 basis points");
        }
        if !(self.size > 0.0 && self.size <= 1.0) {
            return bad("size must be in (0, 1]");
        }
        if !(self.initial_cash.is_finite() && self.initial_cash > 0.0) {
            return bad("initial cash must be positive");
        }
        if !(self.periods_per_year.is_finite() && self.periods_per_year > 0.0) {
            return bad("periods per year must be positive");
        }
        if self.variants == 0 {
            return bad("variants must be at least 1");
        }
        Ok(())
    }
}

/// One round trip.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Trade {
    /// Long or short.
    pub side: Side,
    /// Bar index of the entry fill.
    pub entry_index: usize,
    /// Bar time of the entry fill, Unix seconds.
    pub entry_time: i64,
    /// Entry fill price, slippage included.
    pub entry_price: f64,
    /// Bar index of the exit fill (the last bar for a trade still open).
    pub exit_index: usize,
    /// Bar time of the exit fill.
    pub exit_time: i64,
    /// Exit fill price (the last close for a trade still open).
    pub exit_price: f64,
    /// Units held (positive).
    pub units: f64,
    /// Profit after commissions on both sides.
    pub pnl: f64,
    /// `pnl` over the entry notional.
    pub ret: f64,
    /// Bars from entry to exit.
    pub bars_held: usize,
}

/// What a backtest produced.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Backtest {
    /// Equity after each bar's close.
    pub equity: Vec<f64>,
    /// Position held after each bar's close: 1, 0 or −1.
    pub exposure: Vec<i8>,
    /// Closed trades, in order.
    pub trades: Vec<Trade>,
    /// The trade still open at the end, valued at the last close.
    pub open_trade: Option<Trade>,
    /// Figures of this run.
    pub metrics: Metrics,
}
