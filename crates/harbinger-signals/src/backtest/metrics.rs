//! Figures of a backtest. Undefined figures (a Sharpe ratio without variance, a win rate
//! without trades) are NaN, which JSON output writes as `null`.

use std::collections::BTreeMap;

use super::stats::{Moments, dsr, psr};
use super::{Config, Trade};

const SECONDS_PER_YEAR: f64 = 365.25 * 86_400.0;

/// The deepest fall of the equity curve.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct Drawdown {
    /// Time of the peak before the fall, Unix seconds.
    pub peak_time: Option<i64>,
    /// Time of the lowest point.
    pub trough_time: Option<i64>,
    /// First time equity was back at the peak; `None` if it never was.
    pub recovery_time: Option<i64>,
}

/// The figures of one run. Returns are fractions (0.1 = 10 %).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Metrics {
    /// Final equity over initial cash, minus one.
    pub total_return: f64,
    /// Compound annual growth over the calendar span of the bars.
    pub cagr: f64,
    /// Annualised standard deviation of per-bar returns.
    pub volatility: f64,
    /// Annualised mean over standard deviation of per-bar returns (risk-free rate 0).
    pub sharpe: f64,
    /// Annualised mean over downside deviation.
    pub sortino: f64,
    /// CAGR over maximum drawdown.
    pub calmar: f64,
    /// Deepest fall from a running peak, a positive fraction.
    pub max_drawdown: f64,
    /// When the deepest fall happened.
    pub drawdown: Drawdown,
    /// Share of closed trades that made money.
    pub win_rate: f64,
    /// Gross profit over gross loss of closed trades.
    pub profit_factor: f64,
    /// Mean return per closed trade.
    pub expectancy: f64,
    /// Share of bars with a position.
    pub exposure: f64,
    /// Closed trades.
    pub trades: usize,
    /// Mean bars per closed trade.
    pub avg_hold_bars: f64,
    /// Probability that the true Sharpe ratio is above zero.
    pub probabilistic_sharpe: f64,
    /// The same, against the best of `variants` unskilled trials.
    pub deflated_sharpe: f64,
    /// Bars in the run.
    pub bars: usize,
    /// Equity after the last bar.
    pub final_equity: f64,
}

impl Metrics {
    /// Figures from an equity curve (one value per bar), the exposure and the closed trades.
    #[allow(clippy::cast_precision_loss)]
    pub fn compute(
        time: &[i64],
        equity: &[f64],
        exposure: &[i8],
        trades: &[Trade],
        cfg: &Config,
    ) -> Self {
        let n = equity.len();
        let cash = cfg.initial_cash;
        let last = equity.last().copied().unwrap_or(cash);
        let mut returns = Vec::with_capacity(n);
        let (mut peak, mut peak_at, mut mdd) = (f64::NEG_INFINITY, 0, 0.0);
        let mut drawdown = Drawdown::default();
        let mut deepest_peak = f64::NAN;
        let mut prev = f64::NAN;
        for (t, &e) in equity.iter().enumerate() {
            returns.push(if t == 0 { 0.0 } else { e / prev - 1.0 });
            prev = e;
            if e > peak {
                peak = e;
                peak_at = t;
            }
            let dd = 1.0 - e / peak;
            if dd > mdd {
                mdd = dd;
                deepest_peak = peak;
                drawdown.peak_time = Some(time[peak_at]);
                drawdown.trough_time = Some(time[t]);
                drawdown.recovery_time = None;
            } else if drawdown.recovery_time.is_none()
                && drawdown.trough_time.is_some()
                && e >= deepest_peak
            {
                drawdown.recovery_time = Some(time[t]);
            }
        }
        let m = Moments::of(&returns);
        let annual = cfg.periods_per_year.sqrt();
        let downside = (returns.iter().map(|r| r.min(0.0).powi(2)).sum::<f64>() / n as f64).sqrt();
        let years = match (time.first(), time.last()) {
            (Some(a), Some(b)) if b > a => (b - a) as f64 / SECONDS_PER_YEAR,
            _ => f64::NAN,
        };
        let growth = last / cash;
        let cagr = if growth <= 0.0 {
            -1.0
        } else {
            growth.powf(1.0 / years) - 1.0
        };
        let (mut gross_win, mut gross_loss, mut wins, mut ret_sum, mut held) =
            (0.0, 0.0, 0, 0.0, 0);
        for tr in trades {
            if tr.pnl > 0.0 {
                gross_win += tr.pnl;
                wins += 1;
            } else {
                gross_loss -= tr.pnl;
            }
            ret_sum += tr.ret;
            held += tr.bars_held;
        }
        let closed = trades.len() as f64;
        let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { f64::NAN };
        Self {
            total_return: last / cash - 1.0,
            cagr,
            volatility: m.sd * annual,
            sharpe: m.sharpe() * annual,
            sortino: ratio(m.mean, downside) * annual,
            calmar: ratio(cagr, mdd),
            max_drawdown: mdd,
            drawdown,
            win_rate: ratio(f64::from(wins), closed),
            profit_factor: ratio(gross_win, gross_loss),
            expectancy: ratio(ret_sum, closed),
            exposure: ratio(
                exposure.iter().filter(|p| **p != 0).count() as f64,
                n as f64,
            ),
            trades: trades.len(),
            avg_hold_bars: ratio(held as f64, closed),
            probabilistic_sharpe: if n > 2 { psr(&m, 0.0) } else { f64::NAN },
            deflated_sharpe: if n > 2 {
                dsr(&m, cfg.variants)
            } else {
                f64::NAN
            },
            bars: n,
            final_equity: last,
        }
    }

    /// The numeric figures by name, for means over symbols and for CSV.
    #[allow(clippy::cast_precision_loss)]
    pub fn values(&self) -> [(&'static str, f64); 17] {
        [
            ("total_return", self.total_return),
            ("cagr", self.cagr),
            ("volatility", self.volatility),
            ("sharpe", self.sharpe),
            ("sortino", self.sortino),
            ("calmar", self.calmar),
            ("max_drawdown", self.max_drawdown),
            ("win_rate", self.win_rate),
            ("profit_factor", self.profit_factor),
            ("expectancy", self.expectancy),
            ("exposure", self.exposure),
            ("trades", self.trades as f64),
            ("avg_hold_bars", self.avg_hold_bars),
            ("probabilistic_sharpe", self.probabilistic_sharpe),
            ("deflated_sharpe", self.deflated_sharpe),
            ("bars", self.bars as f64),
            ("final_equity", self.final_equity),
        ]
    }
}

/// The mean of each figure over runs, skipping undefined (NaN) values; a figure undefined in
/// every run is NaN.
#[allow(clippy::cast_precision_loss)]
pub fn mean_metrics<'a>(
    runs: impl IntoIterator<Item = &'a Metrics>,
) -> BTreeMap<&'static str, f64> {
    let mut acc: BTreeMap<&'static str, (f64, usize)> = BTreeMap::new();
    for m in runs {
        for (name, v) in m.values() {
            let slot = acc.entry(name).or_insert((0.0, 0));
            if v.is_finite() {
                slot.0 += v;
                slot.1 += 1;
            }
        }
    }
    acc.into_iter()
        .map(|(k, (sum, count))| {
            (
                k,
                if count == 0 {
                    f64::NAN
                } else {
                    sum / count as f64
                },
            )
        })
        .collect()
}
