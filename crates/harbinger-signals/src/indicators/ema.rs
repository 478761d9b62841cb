//! Exponential moving average (TA-Lib `EMA`).

use super::IndicatorError;
use super::smoothing::Decay;
use super::util::{check_len, check_period, pad_nan};

const NAME: &str = "EMA";

/// Number of leading NaN values of [`ema`]: `period - 1`.
pub fn ema_lookback(period: usize) -> usize {
    period.saturating_sub(1)
}

/// Exponential moving average of `input` into `out` (same length as `input`).
///
/// TA-Lib's default: smoothing factor `k = 2 / (period + 1)`, seeded with the simple average
/// of the first `period` values (the first output, at index `period - 1`).
pub fn ema_into(input: &[f64], period: usize, out: &mut [f64]) -> Result<(), IndicatorError> {
    check_period(NAME, "period", period, 1)?;
    check_len(NAME, "out", input.len(), out.len())?;
    let lookback = ema_lookback(period);
    pad_nan(out, lookback);
    if input.len() > lookback {
        ema_kernel(input, period, &mut out[lookback..]);
    }
    Ok(())
}

/// Allocating form of [`ema_into`].
pub fn ema(input: &[f64], period: usize) -> Result<Vec<f64>, IndicatorError> {
    let mut out = vec![0.0; input.len()];
    ema_into(input, period, &mut out)?;
    Ok(out)
}

/// `k = 2 / (period + 1)` and the decay `1 - k` of an EMA over `period` values.
pub(crate) fn ema_coefficients(period: usize) -> (f64, Decay) {
    let k = 2.0 / (period as f64 + 1.0);
    (k, Decay::new(1.0 - k))
}

/// Seed of TA-Lib's EMA: the plain mean of `x` (summed in order, then divided).
pub(crate) fn seed_mean(x: &[f64]) -> f64 {
    let mut sum = 0.0;
    for &v in x {
        sum += v;
    }
    sum / x.len() as f64
}

/// EMA of `x` into `out` (`out.len() == x.len() - period + 1`); returns the last state.
pub(crate) fn ema_kernel(x: &[f64], period: usize, out: &mut [f64]) -> f64 {
    let (k, decay) = ema_coefficients(period);
    let mut y = seed_mean(&x[..period]);
    out[0] = y;
    let (xs, xtail) = x[period..].as_chunks::<4>();
    let (os, otail) = out[1..].as_chunks_mut::<4>();
    for (xi, oi) in xs.iter().zip(os) {
        *oi = decay.step4(y, [k * xi[0], k * xi[1], k * xi[2], k * xi[3]]);
        y = oi[3];
    }
    for (&xi, oi) in xtail.iter().zip(otail) {
        y = decay.step(y, k * xi);
        *oi = y;
    }
    y
}

/// Streaming exponential moving average with TA-Lib's seeding.
#[derive(Debug, Clone)]
pub struct Ema {
    period: usize,
    k: f64,
    decay: Decay,
    seen: usize,
    sum: f64,
    value: f64,
}

impl Ema {
    /// A new average over `period >= 1` values.
    pub fn new(period: usize) -> Result<Self, IndicatorError> {
        check_period(NAME, "period", period, 1)?;
        let (k, decay) = ema_coefficients(period);
        Ok(Self {
            period,
            k,
            decay,
            seen: 0,
            sum: 0.0,
            value: f64::NAN,
        })
    }

    /// Feed the next value; `None` until `period` values have been seen.
    pub fn update(&mut self, value: f64) -> Option<f64> {
        self.seen += 1;
        if self.seen < self.period {
            self.sum += value;
            return None;
        }
        if self.seen == self.period {
            self.sum += value;
            self.value = self.sum / self.period as f64;
        } else {
            self.value = self.decay.step(self.value, self.k * value);
        }
        Some(self.value)
    }

    /// The last output, if any.
    pub fn value(&self) -> Option<f64> {
        (self.seen >= self.period).then_some(self.value)
    }

    /// Forget everything seen so far.
    pub fn reset(&mut self) {
        self.seen = 0;
        self.sum = 0.0;
        self.value = f64::NAN;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_with_the_simple_average() {
        let out = ema(&[2.0, 4.0, 6.0, 8.0], 3).unwrap();
        assert!(out[0].is_nan() && out[1].is_nan());
        assert_eq!(out[2], 4.0);
        // k = 0.5: 4 + 0.5 * (8 - 4)
        assert!((out[3] - 6.0).abs() < 1e-12);
    }

    #[test]
    fn period_one_is_the_identity() {
        let x = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0];
        assert_eq!(ema(&x, 1).unwrap(), x.to_vec());
    }
}
