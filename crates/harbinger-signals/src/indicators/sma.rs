//! Simple moving average (TA-Lib `SMA`).

use super::IndicatorError;
use super::util::{Window, check_len, check_period, pad_nan};

const NAME: &str = "SMA";

/// Number of leading NaN values of [`sma`]: `period - 1`.
pub fn sma_lookback(period: usize) -> usize {
    period.saturating_sub(1)
}

/// Simple moving average of `input` over `period` values into `out` (same length as `input`).
///
/// Like TA-Lib, the mean is kept as a running sum (add the newest value, drop the oldest);
/// the first `period - 1` outputs are NaN.
pub fn sma_into(input: &[f64], period: usize, out: &mut [f64]) -> Result<(), IndicatorError> {
    check_period(NAME, "period", period, 1)?;
    check_len(NAME, "out", input.len(), out.len())?;
    let lookback = sma_lookback(period);
    pad_nan(out, lookback);
    if input.len() > lookback {
        sma_kernel(input, period, &mut out[lookback..]);
    }
    Ok(())
}

/// Allocating form of [`sma_into`].
pub fn sma(input: &[f64], period: usize) -> Result<Vec<f64>, IndicatorError> {
    let mut out = vec![0.0; input.len()];
    sma_into(input, period, &mut out)?;
    Ok(out)
}

/// [`sma_into`] with TA-Lib's own rounding, bit for bit: the newest value is added, the sum
/// divided by the period, then the oldest value dropped.
///
/// [`sma_into`] keeps the same running sum but adds `new - old` in one step and multiplies by
/// `1 / period`, which halves the dependent chain; the two differ only in the last bits. That
/// difference matters where a decision compares two averages that are exactly equal in real
/// arithmetic (real prices with two decimals make such ties): a crossover rule built on this
/// form decides every tie as TA-Lib-based engines do.
pub fn sma_ta_exact_into(
    input: &[f64],
    period: usize,
    out: &mut [f64],
) -> Result<(), IndicatorError> {
    check_period(NAME, "period", period, 1)?;
    check_len(NAME, "out", input.len(), out.len())?;
    let lookback = sma_lookback(period);
    pad_nan(out, lookback);
    if input.len() <= lookback {
        return Ok(());
    }
    let div = period as f64;
    let mut sum = 0.0;
    for &v in &input[..lookback] {
        sum += v;
    }
    for ((o, &new), &old) in out[lookback..]
        .iter_mut()
        .zip(&input[lookback..])
        .zip(input)
    {
        sum += new;
        *o = sum / div;
        sum -= old;
    }
    Ok(())
}

/// Allocating form of [`sma_ta_exact_into`].
pub fn sma_ta_exact(input: &[f64], period: usize) -> Result<Vec<f64>, IndicatorError> {
    let mut out = vec![0.0; input.len()];
    sma_ta_exact_into(input, period, &mut out)?;
    Ok(out)
}

/// Running-sum SMA of `x` into `out` (`out.len() == x.len() - period + 1`, `period >= 1`).
///
/// The arithmetic is exactly that of [`Sma::update`], so streaming and batch agree to the bit;
/// other indicators (stochastic) reuse it for the same reason.
pub(crate) fn sma_kernel(x: &[f64], period: usize, out: &mut [f64]) {
    debug_assert_eq!(out.len() + period, x.len() + 1);
    let inv = 1.0 / period as f64;
    let mut sum = 0.0;
    for &v in &x[..period] {
        sum += v;
    }
    out[0] = sum * inv;
    // The difference `new - old` is formed off the critical path, so the running sum costs
    // one dependent add per value.
    for ((o, &new), &old) in out[1..].iter_mut().zip(&x[period..]).zip(x) {
        sum += new - old;
        *o = sum * inv;
    }
}

/// Streaming simple moving average.
#[derive(Debug, Clone)]
pub struct Sma {
    period: usize,
    inv: f64,
    window: Window,
    sum: f64,
}

impl Sma {
    /// A new average over `period >= 1` values.
    pub fn new(period: usize) -> Result<Self, IndicatorError> {
        check_period(NAME, "period", period, 1)?;
        Ok(Self {
            period,
            inv: 1.0 / period as f64,
            window: Window::new(period),
            sum: 0.0,
        })
    }

    /// The window length.
    pub fn period(&self) -> usize {
        self.period
    }

    /// Feed the next value; `None` until `period` values have been seen.
    pub fn update(&mut self, value: f64) -> Option<f64> {
        match self.window.push(value) {
            Some(old) => self.sum += value - old,
            None => self.sum += value,
        }
        self.window.is_full().then_some(self.sum * self.inv)
    }

    /// Forget everything seen so far.
    pub fn reset(&mut self) {
        self.window.clear();
        self.sum = 0.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn averages_a_short_series() {
        let out = sma(&[1.0, 2.0, 3.0, 4.0, 5.0], 3).unwrap();
        assert!(out[0].is_nan() && out[1].is_nan());
        assert_eq!(&out[2..], &[2.0, 3.0, 4.0]);
    }

    #[test]
    fn the_ta_exact_form_agrees_with_the_fast_one_to_rounding() {
        let x: Vec<f64> = (0..500)
            .map(|i| 100.0 + (f64::from(i) * 0.37).sin() * 9.99)
            .collect();
        let (fast, exact) = (sma(&x, 10).unwrap(), sma_ta_exact(&x, 10).unwrap());
        for (a, b) in fast.iter().zip(&exact) {
            assert!(a.is_nan() == b.is_nan() && (a.is_nan() || (a - b).abs() < 1e-12 * a.abs()));
        }
        assert!(sma_ta_exact(&x, 0).is_err());
    }

    #[test]
    fn rejects_period_zero_and_short_output() {
        assert!(matches!(
            sma(&[1.0], 0),
            Err(IndicatorError::PeriodTooSmall { .. })
        ));
        let mut out = [0.0; 1];
        assert!(matches!(
            sma_into(&[1.0, 2.0], 1, &mut out),
            Err(IndicatorError::LengthMismatch { .. })
        ));
    }

    #[test]
    fn series_shorter_than_the_window_is_all_nan() {
        assert!(sma(&[1.0, 2.0], 3).unwrap().iter().all(|v| v.is_nan()));
    }
}
