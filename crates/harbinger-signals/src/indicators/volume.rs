//! Volume indicators: on-balance volume (TA-Lib `OBV`) and volume-weighted average price,
//! cumulative and over a rolling window.

use super::moments::RESTART_EVERY;
use super::util::{Window, check_len, check_period, pad_nan, some_if_number};
use super::{Candle, IndicatorError};

/// On-balance volume of `close`/`volume` into `out`.
///
/// TA-Lib's form: starts at the first bar's volume (no warm-up), then adds the volume of
/// every bar that closes higher than the one before and subtracts it when lower.
pub fn obv_into(close: &[f64], volume: &[f64], out: &mut [f64]) -> Result<(), IndicatorError> {
    let n = close.len();
    check_len("OBV", "volume", n, volume.len())?;
    check_len("OBV", "out", n, out.len())?;
    let mut obv = Obv::new();
    for ((&c, &v), o) in close.iter().zip(volume).zip(out) {
        *o = obv.step(c, v);
    }
    Ok(())
}

/// Allocating form of [`obv_into`].
pub fn obv(close: &[f64], volume: &[f64]) -> Result<Vec<f64>, IndicatorError> {
    let mut out = vec![0.0; close.len()];
    obv_into(close, volume, &mut out)?;
    Ok(out)
}

/// Streaming on-balance volume.
#[derive(Debug, Clone, Default)]
pub struct Obv {
    started: bool,
    prev_close: f64,
    value: f64,
}

impl Obv {
    /// A new running total.
    pub fn new() -> Self {
        Self::default()
    }

    #[inline]
    fn step(&mut self, close: f64, volume: f64) -> f64 {
        if !self.started {
            self.started = true;
            self.value = volume;
        } else if close > self.prev_close {
            self.value += volume;
        } else if close < self.prev_close {
            self.value -= volume;
        }
        self.prev_close = close;
        self.value
    }

    /// Feed the next bar (close and volume are used); available from the first bar on.
    pub fn update(&mut self, bar: Candle) -> f64 {
        self.step(bar.close, bar.volume)
    }
}

fn check_hlcv(
    indicator: &'static str,
    high: &[f64],
    low: &[f64],
    close: &[f64],
    volume: &[f64],
) -> Result<usize, IndicatorError> {
    let n = high.len();
    check_len(indicator, "low", n, low.len())?;
    check_len(indicator, "close", n, close.len())?;
    check_len(indicator, "volume", n, volume.len())?;
    Ok(n)
}

/// Typical price `(high + low + close) / 3`, the price VWAP weights by volume.
#[inline]
fn typical(high: f64, low: f64, close: f64) -> f64 {
    (high + low + close) / 3.0
}

/// `pv / volume`, or NaN while no volume has traded.
#[inline]
fn ratio(pv: f64, volume: f64) -> f64 {
    if volume > 0.0 { pv / volume } else { f64::NAN }
}

/// Cumulative volume-weighted average of the typical price since the first bar, into `out`.
/// NaN while the cumulative volume is zero. For a session-anchored VWAP, run it per session.
pub fn vwap_into(
    high: &[f64],
    low: &[f64],
    close: &[f64],
    volume: &[f64],
    out: &mut [f64],
) -> Result<(), IndicatorError> {
    let n = check_hlcv("VWAP", high, low, close, volume)?;
    check_len("VWAP", "out", n, out.len())?;
    let mut state = Vwap::new();
    for i in 0..n {
        out[i] = state.step(high[i], low[i], close[i], volume[i]);
    }
    Ok(())
}

/// Allocating form of [`vwap_into`].
pub fn vwap(
    high: &[f64],
    low: &[f64],
    close: &[f64],
    volume: &[f64],
) -> Result<Vec<f64>, IndicatorError> {
    let mut out = vec![0.0; high.len()];
    vwap_into(high, low, close, volume, &mut out)?;
    Ok(out)
}

/// Streaming cumulative VWAP.
#[derive(Debug, Clone, Default)]
pub struct Vwap {
    pv: f64,
    volume: f64,
}

impl Vwap {
    /// A new cumulative VWAP.
    pub fn new() -> Self {
        Self::default()
    }

    #[inline]
    fn step(&mut self, high: f64, low: f64, close: f64, volume: f64) -> f64 {
        self.pv += typical(high, low, close) * volume;
        self.volume += volume;
        ratio(self.pv, self.volume)
    }

    /// Feed the next bar; `None` while no volume has traded.
    pub fn update(&mut self, bar: Candle) -> Option<f64> {
        some_if_number(self.step(bar.high, bar.low, bar.close, bar.volume))
    }

    /// Start a new anchor (for example a new trading session).
    pub fn reset(&mut self) {
        *self = Self::default();
    }
}

/// Number of leading NaN values of [`rolling_vwap`]: `period - 1`.
pub fn rolling_vwap_lookback(period: usize) -> usize {
    period.saturating_sub(1)
}

/// VWAP over the last `period >= 1` bars into `out`; NaN where the window has no volume.
///
/// The window sums slide, and are recomputed exactly on the schedule of the `moments` module
/// so that rounding cannot accumulate over long series.
pub fn rolling_vwap_into(
    high: &[f64],
    low: &[f64],
    close: &[f64],
    volume: &[f64],
    period: usize,
    out: &mut [f64],
) -> Result<(), IndicatorError> {
    check_period("ROLLING_VWAP", "period", period, 1)?;
    let n = check_hlcv("ROLLING_VWAP", high, low, close, volume)?;
    check_len("ROLLING_VWAP", "out", n, out.len())?;
    let lookback = rolling_vwap_lookback(period);
    pad_nan(out, lookback);
    let pv = |i: usize| typical(high[i], low[i], close[i]) * volume[i];
    let (mut sum_pv, mut sum_v) = (0.0, 0.0);
    for i in lookback..n {
        if (i - lookback).is_multiple_of(RESTART_EVERY) {
            (sum_pv, sum_v) = (0.0, 0.0);
            for (j, &v) in volume.iter().enumerate().take(i + 1).skip(i + 1 - period) {
                sum_pv += pv(j);
                sum_v += v;
            }
        } else {
            sum_pv += pv(i) - pv(i - period);
            sum_v += volume[i] - volume[i - period];
        }
        out[i] = ratio(sum_pv, sum_v);
    }
    Ok(())
}

/// Allocating form of [`rolling_vwap_into`].
pub fn rolling_vwap(
    high: &[f64],
    low: &[f64],
    close: &[f64],
    volume: &[f64],
    period: usize,
) -> Result<Vec<f64>, IndicatorError> {
    let mut out = vec![0.0; high.len()];
    rolling_vwap_into(high, low, close, volume, period, &mut out)?;
    Ok(out)
}

/// Streaming rolling-window VWAP.
#[derive(Debug, Clone)]
pub struct RollingVwap {
    pv: Window,
    volume: Window,
    sum_pv: f64,
    sum_v: f64,
    emitted: usize,
}

impl RollingVwap {
    /// A new VWAP over the last `period >= 1` bars.
    pub fn new(period: usize) -> Result<Self, IndicatorError> {
        check_period("ROLLING_VWAP", "period", period, 1)?;
        Ok(Self {
            pv: Window::new(period),
            volume: Window::new(period),
            sum_pv: 0.0,
            sum_v: 0.0,
            emitted: 0,
        })
    }

    /// Feed the next bar; `None` during warm-up and while the window has no volume.
    pub fn update(&mut self, bar: Candle) -> Option<f64> {
        let pv = typical(bar.high, bar.low, bar.close) * bar.volume;
        let old_pv = self.pv.push(pv);
        let old_v = self.volume.push(bar.volume);
        if !self.pv.is_full() {
            return None;
        }
        match (old_pv, old_v) {
            (Some(opv), Some(ov)) if !self.emitted.is_multiple_of(RESTART_EVERY) => {
                self.sum_pv += pv - opv;
                self.sum_v += bar.volume - ov;
            }
            _ => {
                (self.sum_pv, self.sum_v) = (0.0, 0.0);
                for (p, v) in self.pv.iter().zip(self.volume.iter()) {
                    self.sum_pv += p;
                    self.sum_v += v;
                }
            }
        }
        self.emitted += 1;
        some_if_number(ratio(self.sum_pv, self.sum_v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn obv_starts_at_the_first_volume() {
        let out = obv(&[10.0, 11.0, 11.0, 9.0], &[100.0, 50.0, 70.0, 30.0]).unwrap();
        assert_eq!(out, vec![100.0, 150.0, 150.0, 120.0]);
    }

    #[test]
    fn vwap_weights_by_volume() {
        let h = [3.0, 6.0];
        let l = [3.0, 6.0];
        let c = [3.0, 6.0];
        let out = vwap(&h, &l, &c, &[1.0, 2.0]).unwrap();
        assert_eq!(out[0], 3.0);
        assert!((out[1] - 5.0).abs() < 1e-12);
        let rolling = rolling_vwap(&h, &l, &c, &[1.0, 2.0], 1).unwrap();
        assert!((rolling[1] - 6.0).abs() < 1e-12);
    }

    #[test]
    fn no_volume_means_no_price() {
        let out = vwap(&[1.0], &[1.0], &[1.0], &[0.0]).unwrap();
        assert!(out[0].is_nan());
    }
}
