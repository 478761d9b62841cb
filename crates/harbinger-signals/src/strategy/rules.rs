//! The rule strategies. Each computes its indicators once over the series, then walks the bars
//! with a small state machine: the position after bar `t` depends on the position after bar
//! `t − 1` and on indicator values up to `t`.

use super::{Driver, ParamSpec, Params, Strategy, StrategyError, check_len};
use crate::Ohlcv;
use crate::indicators::{atr, bollinger, donchian, macd, rsi, sma_ta_exact as sma};

const SHORT: ParamSpec = ParamSpec::int("short", 0, 0, 1, "1 = also take short positions");
const ATR_PERIOD: usize = 14;

/// Walks the bars: `step(t, position)` gives the position after bar `t`.
fn walk(out: &mut [i8], mut step: impl FnMut(usize, i8) -> i8) {
    let mut pos = 0;
    for (t, slot) in out.iter_mut().enumerate() {
        pos = step(t, pos);
        *slot = pos;
    }
}

/// Where a rule leaves a position it exits: flat, or the opposite side when shorts are on.
fn exit_to(short: bool, from: i8) -> i8 {
    if short { -from } else { 0 }
}

fn atr_at(bars: &Ohlcv<'_>, t: usize) -> f64 {
    let b = bars.head(t + 1);
    atr(b.high(), b.low(), b.close(), ATR_PERIOD).map_or(f64::NAN, |a| a[t])
}

fn sorted(mut drivers: Vec<Driver>) -> Vec<Driver> {
    drivers.sort_by(|a, b| b.weight.abs().total_cmp(&a.weight.abs()));
    drivers
}

macro_rules! strategy_common {
    ($ty:ident, $name:literal) => {
        impl $ty {
            /// Builds the strategy from its defaults and `name=value` overrides.
            pub fn new(overrides: &[(String, f64)]) -> Result<Self, StrategyError> {
                let params = Params::resolve($name, Self::SPECS, overrides)?;
                Self::check(&params)?;
                Ok(Self { params })
            }
        }
    };
}

/// Long when the fast SMA crosses above the slow one, out (or short) when it crosses below.
/// Crosses need both averages defined on both bars, and the averages round exactly as TA-Lib's
/// do, so ties are decided as in TA-Lib-based engines.
#[derive(Debug, Clone)]
pub struct SmaCross {
    params: Params,
}

strategy_common!(SmaCross, "sma_cross");

impl SmaCross {
    /// Parameters and defaults.
    pub const SPECS: &'static [ParamSpec] = &[
        ParamSpec::int("fast", 10, 1, 10_000, "fast SMA period"),
        ParamSpec::int("slow", 30, 2, 10_000, "slow SMA period"),
        SHORT,
    ];

    fn check(p: &Params) -> Result<(), StrategyError> {
        if p.period("fast") >= p.period("slow") {
            return Err(StrategyError::Inconsistent {
                strategy: "sma_cross",
                reason: "`fast` must be below `slow`".into(),
            });
        }
        Ok(())
    }
}

impl Strategy for SmaCross {
    fn name(&self) -> &'static str {
        "sma_cross"
    }
    fn params(&self) -> &Params {
        &self.params
    }
    fn warmup(&self) -> usize {
        self.params.period("slow")
    }

    fn positions(&self, bars: &Ohlcv<'_>, out: &mut [i8]) -> Result<(), StrategyError> {
        check_len(bars, out)?;
        let f = sma(bars.close(), self.params.period("fast"))?;
        let s = sma(bars.close(), self.params.period("slow"))?;
        let short = self.params.flag("short");
        walk(out, |t, pos| {
            if t == 0 {
                return pos;
            }
            // NaN compares false, so undefined averages never make a cross.
            let (f0, s0, f1, s1) = (f[t - 1], s[t - 1], f[t], s[t]);
            let defined = !(f0.is_nan() || s0.is_nan() || f1.is_nan() || s1.is_nan());
            if defined && f1 > s1 && f0 <= s0 {
                1
            } else if defined && f1 < s1 && f0 >= s0 {
                if pos == 1 || short {
                    exit_to(short, 1)
                } else {
                    pos
                }
            } else {
                pos
            }
        });
        Ok(())
    }

    fn drivers(&self, bars: &Ohlcv<'_>, t: usize) -> Vec<Driver> {
        let b = bars.head(t + 1);
        let at = |p| sma(b.close(), p).map_or(f64::NAN, |v| v[t]);
        let (f, s) = (
            at(self.params.period("fast")),
            at(self.params.period("slow")),
        );
        let spread = (f - s) / atr_at(bars, t);
        sorted(vec![
            Driver::new("sma_spread_atr", spread, spread.signum()),
            Driver::new("sma_fast", f, 0.0),
            Driver::new("sma_slow", s, 0.0),
        ])
    }
}

/// Mean reversion on RSI: long below `lower`, out when RSI climbs back over `exit`; with
/// shorts, short above `upper`, out below `exit`.
#[derive(Debug, Clone)]
pub struct RsiReversion {
    params: Params,
}

strategy_common!(RsiReversion, "rsi_reversion");

impl RsiReversion {
    /// Parameters and defaults.
    pub const SPECS: &'static [ParamSpec] = &[
        ParamSpec::int("period", 14, 2, 1_000, "RSI period"),
        ParamSpec::real(
            "lower",
            30.0,
            0.0,
            100.0,
            "oversold level: go long below it",
        ),
        ParamSpec::real(
            "upper",
            70.0,
            0.0,
            100.0,
            "overbought level: go short above it",
        ),
        ParamSpec::real(
            "exit",
            50.0,
            0.0,
            100.0,
            "level at which a position is closed",
        ),
        SHORT,
    ];

    fn check(p: &Params) -> Result<(), StrategyError> {
        if !(p.get("lower") < p.get("exit") && p.get("exit") < p.get("upper")) {
            return Err(StrategyError::Inconsistent {
                strategy: "rsi_reversion",
                reason: "levels must satisfy lower < exit < upper".into(),
            });
        }
        Ok(())
    }
}

impl Strategy for RsiReversion {
    fn name(&self) -> &'static str {
        "rsi_reversion"
    }
    fn params(&self) -> &Params {
        &self.params
    }
    fn warmup(&self) -> usize {
        self.params.period("period") + 1
    }

    fn positions(&self, bars: &Ohlcv<'_>, out: &mut [i8]) -> Result<(), StrategyError> {
        check_len(bars, out)?;
        let r = rsi(bars.close(), self.params.period("period"))?;
        let p = &self.params;
        let (lower, upper, exit, short) = (
            p.get("lower"),
            p.get("upper"),
            p.get("exit"),
            p.flag("short"),
        );
        walk(out, |t, pos| {
            let v = r[t];
            match pos {
                _ if v.is_nan() => pos,
                0 if v < lower => 1,
                0 if short && v > upper => -1,
                1 if v > exit => 0,
                -1 if v < exit => 0,
                _ => pos,
            }
        });
        Ok(())
    }

    fn drivers(&self, bars: &Ohlcv<'_>, t: usize) -> Vec<Driver> {
        let b = bars.head(t + 1);
        let v = rsi(b.close(), self.params.period("period")).map_or(f64::NAN, |r| r[t]);
        // Below `exit` argues for a long, above for a short; scaled to ±1 at 0 and 100.
        let weight = (self.params.get("exit") - v) / 50.0;
        vec![Driver::new("rsi", v, weight)]
    }
}

/// Trend following on the MACD histogram: long when it turns positive, out (or short) when it
/// turns negative.
#[derive(Debug, Clone)]
pub struct MacdTrend {
    params: Params,
}

strategy_common!(MacdTrend, "macd_trend");

impl MacdTrend {
    /// Parameters and defaults.
    pub const SPECS: &'static [ParamSpec] = &[
        ParamSpec::int("fast", 12, 2, 1_000, "fast EMA period"),
        ParamSpec::int("slow", 26, 2, 1_000, "slow EMA period"),
        ParamSpec::int("signal", 9, 1, 1_000, "signal EMA period"),
        SHORT,
    ];

    fn check(p: &Params) -> Result<(), StrategyError> {
        if p.period("fast") >= p.period("slow") {
            return Err(StrategyError::Inconsistent {
                strategy: "macd_trend",
                reason: "`fast` must be below `slow`".into(),
            });
        }
        Ok(())
    }

    fn histogram(&self, close: &[f64]) -> Result<crate::indicators::MacdSeries, StrategyError> {
        let p = &self.params;
        Ok(macd(
            close,
            p.period("fast"),
            p.period("slow"),
            p.period("signal"),
        )?)
    }
}

impl Strategy for MacdTrend {
    fn name(&self) -> &'static str {
        "macd_trend"
    }
    fn params(&self) -> &Params {
        &self.params
    }
    fn warmup(&self) -> usize {
        self.params.period("slow") + self.params.period("signal")
    }

    fn positions(&self, bars: &Ohlcv<'_>, out: &mut [i8]) -> Result<(), StrategyError> {
        check_len(bars, out)?;
        let h = self.histogram(bars.close())?.histogram;
        let short = self.params.flag("short");
        walk(out, |t, pos| {
            if t == 0 || h[t - 1].is_nan() || h[t].is_nan() {
                return pos;
            }
            if h[t] > 0.0 && h[t - 1] <= 0.0 {
                1
            } else if h[t] < 0.0 && h[t - 1] >= 0.0 && (pos == 1 || short) {
                exit_to(short, 1)
            } else {
                pos
            }
        });
        Ok(())
    }

    fn drivers(&self, bars: &Ohlcv<'_>, t: usize) -> Vec<Driver> {
        let b = bars.head(t + 1);
        let Ok(m) = self.histogram(b.close()) else {
            return Vec::new();
        };
        let scaled = m.histogram[t] / atr_at(bars, t);
        sorted(vec![
            Driver::new("macd_histogram_atr", scaled, scaled.signum()),
            Driver::new("macd", m.macd[t], 0.0),
            Driver::new("macd_signal", m.signal[t], 0.0),
        ])
    }
}

/// Volatility breakout: long when the close leaves the upper Bollinger band, out when it falls
/// back under the middle band; shorts mirror it on the lower band.
#[derive(Debug, Clone)]
pub struct BollingerBreakout {
    params: Params,
}

strategy_common!(BollingerBreakout, "bollinger_breakout");

impl BollingerBreakout {
    /// Parameters and defaults.
    pub const SPECS: &'static [ParamSpec] = &[
        ParamSpec::int("period", 20, 2, 1_000, "band period"),
        ParamSpec::real("k", 2.0, 0.1, 10.0, "band width in standard deviations"),
        SHORT,
    ];

    #[allow(clippy::unnecessary_wraps)]
    fn check(_: &Params) -> Result<(), StrategyError> {
        Ok(())
    }

    fn bands(&self, close: &[f64]) -> Result<crate::indicators::BollingerSeries, StrategyError> {
        let k = self.params.get("k");
        Ok(bollinger(close, self.params.period("period"), k, k)?)
    }
}

impl Strategy for BollingerBreakout {
    fn name(&self) -> &'static str {
        "bollinger_breakout"
    }
    fn params(&self) -> &Params {
        &self.params
    }
    fn warmup(&self) -> usize {
        self.params.period("period")
    }

    fn positions(&self, bars: &Ohlcv<'_>, out: &mut [i8]) -> Result<(), StrategyError> {
        check_len(bars, out)?;
        let b = self.bands(bars.close())?;
        let c = bars.close();
        let short = self.params.flag("short");
        walk(out, |t, pos| {
            let (up, mid, lo) = (b.upper[t], b.middle[t], b.lower[t]);
            match pos {
                _ if mid.is_nan() => pos,
                0 if c[t] > up => 1,
                0 if short && c[t] < lo => -1,
                1 if c[t] < mid => 0,
                -1 if c[t] > mid => 0,
                _ => pos,
            }
        });
        Ok(())
    }

    fn drivers(&self, bars: &Ohlcv<'_>, t: usize) -> Vec<Driver> {
        let h = bars.head(t + 1);
        let Ok(b) = self.bands(h.close()) else {
            return Vec::new();
        };
        let width = b.upper[t] - b.lower[t];
        let percent_b = (h.close()[t] - b.lower[t]) / width;
        sorted(vec![
            // %b above 1 argues long, below 0 short; 0.5 is neutral.
            Driver::new("bollinger_percent_b", percent_b, (percent_b - 0.5) * 2.0),
            Driver::new("bollinger_bandwidth", width / b.middle[t], 0.0),
        ])
    }
}

/// Channel breakout (the turtle rule): long on a close above the highest high of the previous
/// `entry` bars, out on a close below the lowest low of the previous `exit` bars.
#[derive(Debug, Clone)]
pub struct DonchianBreakout {
    params: Params,
}

strategy_common!(DonchianBreakout, "donchian_breakout");

impl DonchianBreakout {
    /// Parameters and defaults.
    pub const SPECS: &'static [ParamSpec] = &[
        ParamSpec::int("entry", 20, 1, 1_000, "breakout channel period"),
        ParamSpec::int("exit", 10, 1, 1_000, "exit channel period"),
        SHORT,
    ];

    #[allow(clippy::unnecessary_wraps)]
    fn check(_: &Params) -> Result<(), StrategyError> {
        Ok(())
    }
}

impl Strategy for DonchianBreakout {
    fn name(&self) -> &'static str {
        "donchian_breakout"
    }
    fn params(&self) -> &Params {
        &self.params
    }
    fn warmup(&self) -> usize {
        self.params.period("entry").max(self.params.period("exit")) + 1
    }

    fn positions(&self, bars: &Ohlcv<'_>, out: &mut [i8]) -> Result<(), StrategyError> {
        check_len(bars, out)?;
        let entry = donchian(bars.high(), bars.low(), self.params.period("entry"))?;
        let exit = donchian(bars.high(), bars.low(), self.params.period("exit"))?;
        let c = bars.close();
        let short = self.params.flag("short");
        // Channels of the bars before `t`: a close cannot break a channel that includes itself.
        walk(out, |t, pos| {
            if t == 0 || entry.upper[t - 1].is_nan() || exit.upper[t - 1].is_nan() {
                return pos;
            }
            match pos {
                0 if c[t] > entry.upper[t - 1] => 1,
                0 if short && c[t] < entry.lower[t - 1] => -1,
                1 if c[t] < exit.lower[t - 1] => 0,
                -1 if c[t] > exit.upper[t - 1] => 0,
                _ => pos,
            }
        });
        Ok(())
    }

    fn drivers(&self, bars: &Ohlcv<'_>, t: usize) -> Vec<Driver> {
        if t == 0 {
            return Vec::new();
        }
        let h = bars.head(t + 1);
        let Ok(ch) = donchian(h.high(), h.low(), self.params.period("entry")) else {
            return Vec::new();
        };
        let atr = atr_at(bars, t);
        let c = h.close()[t];
        let above = (c - ch.upper[t - 1]) / atr;
        let below = (ch.lower[t - 1] - c) / atr;
        let weight = if above >= below { above } else { -below };
        sorted(vec![
            Driver::new("breakout_atr", weight, weight.signum()),
            Driver::new("channel_high", ch.upper[t - 1], 0.0),
            Driver::new("channel_low", ch.lower[t - 1], 0.0),
        ])
    }
}
