//! True range and average true range with Wilder smoothing (TA-Lib `TRANGE`, `ATR`).

use super::rsi::wilder_coefficients;
use super::smoothing::Decay;
use super::util::{check_len, check_period, pad_nan};
use super::{Candle, IndicatorError};

const NAME: &str = "ATR";

/// True range of a bar given the previous close: the largest of `high - low`,
/// `|prev_close - high|` and `|prev_close - low|`.
///
/// Computed as `max(high, prev_close) - min(low, prev_close)`: for a valid bar
/// (`high >= low`) that is one of TA-Lib's three differences and, rounding being monotonic,
/// exactly the one TA-Lib picks, but it needs no data-dependent branch (TA-Lib's chain of
/// comparisons mispredicts on real prices).
#[inline]
pub fn true_range(high: f64, low: f64, prev_close: f64) -> f64 {
    let top = if prev_close > high { prev_close } else { high };
    let bottom = if prev_close < low { prev_close } else { low };
    top - bottom
}

/// Number of leading NaN values of [`atr`]: `period` (the first bar has no previous close).
pub fn atr_lookback(period: usize) -> usize {
    period
}

/// Check that `high`, `low` and `close` have one length; return it.
pub(crate) fn check_hlc(
    indicator: &'static str,
    high: &[f64],
    low: &[f64],
    close: &[f64],
) -> Result<usize, IndicatorError> {
    let n = high.len();
    check_len(indicator, "low", n, low.len())?;
    check_len(indicator, "close", n, close.len())?;
    Ok(n)
}

/// Average true range into `out`.
///
/// TA-Lib's form: the first value (index `period`) is the plain mean of the true ranges of bars
/// `1..=period`; then `atr = (atr·(period-1) + tr) / period`.
pub fn atr_into(
    high: &[f64],
    low: &[f64],
    close: &[f64],
    period: usize,
    out: &mut [f64],
) -> Result<(), IndicatorError> {
    check_period(NAME, "period", period, 1)?;
    let n = check_hlc(NAME, high, low, close)?;
    check_len(NAME, "out", n, out.len())?;
    pad_nan(out, period);
    if n <= period {
        return Ok(());
    }
    let mut sum = 0.0;
    for i in 1..=period {
        sum += true_range(high[i], low[i], close[i - 1]);
    }
    let mut y = sum / period as f64;
    out[period] = y;
    let (decay, b): (Decay, f64) = wilder_coefficients(period);
    let (hs, htail) = high[period + 1..].as_chunks::<4>();
    let (ls, ltail) = low[period + 1..].as_chunks::<4>();
    let (cs, ctail) = close[period..n - 1].as_chunks::<4>();
    let (os, otail) = out[period + 1..].as_chunks_mut::<4>();
    for (((h, l), c), o) in hs.iter().zip(ls).zip(cs).zip(os) {
        let u = [
            b * true_range(h[0], l[0], c[0]),
            b * true_range(h[1], l[1], c[1]),
            b * true_range(h[2], l[2], c[2]),
            b * true_range(h[3], l[3], c[3]),
        ];
        *o = decay.step4(y, u);
        y = o[3];
    }
    for (((&h, &l), &c), o) in htail.iter().zip(ltail).zip(ctail).zip(otail) {
        y = decay.step(y, b * true_range(h, l, c));
        *o = y;
    }
    Ok(())
}

/// Allocating form of [`atr_into`].
pub fn atr(
    high: &[f64],
    low: &[f64],
    close: &[f64],
    period: usize,
) -> Result<Vec<f64>, IndicatorError> {
    let mut out = vec![0.0; high.len()];
    atr_into(high, low, close, period, &mut out)?;
    Ok(out)
}

/// Streaming average true range.
#[derive(Debug, Clone)]
pub struct Atr {
    period: usize,
    decay: Decay,
    b: f64,
    seen: usize,
    prev_close: f64,
    value: f64,
}

impl Atr {
    /// A new ATR over `period >= 1` bars.
    pub fn new(period: usize) -> Result<Self, IndicatorError> {
        check_period(NAME, "period", period, 1)?;
        let (decay, b) = wilder_coefficients(period);
        Ok(Self {
            period,
            decay,
            b,
            seen: 0,
            prev_close: f64::NAN,
            value: 0.0,
        })
    }

    /// Feed the next bar (high, low, close are used); `None` until `period + 1` bars.
    pub fn update(&mut self, bar: Candle) -> Option<f64> {
        self.seen += 1;
        let prev_close = std::mem::replace(&mut self.prev_close, bar.close);
        if self.seen == 1 {
            return None;
        }
        let tr = true_range(bar.high, bar.low, prev_close);
        if self.seen <= self.period {
            self.value += tr;
            return None;
        }
        if self.seen == self.period + 1 {
            self.value = (self.value + tr) / self.period as f64;
        } else {
            self.value = self.decay.step(self.value, self.b * tr);
        }
        Some(self.value)
    }

    /// Forget everything seen so far.
    pub fn reset(&mut self) {
        self.seen = 0;
        self.prev_close = f64::NAN;
        self.value = 0.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn true_range_covers_gaps() {
        assert_eq!(true_range(10.0, 9.0, 9.5), 1.0);
        assert_eq!(true_range(10.0, 9.0, 12.0), 3.0);
        assert_eq!(true_range(10.0, 9.0, 7.0), 3.0);
    }

    #[test]
    fn rejects_mismatched_inputs() {
        assert!(matches!(
            atr(&[1.0, 2.0], &[1.0], &[1.0, 2.0], 1),
            Err(IndicatorError::LengthMismatch { slice: "low", .. })
        ));
    }
}
