//! Rolling z-score: how many standard deviations the latest value sits from the window mean.

use super::IndicatorError;
use super::moments::{Moments, RESTART_EVERY};
use super::util::{Window, check_len, check_period, pad_nan};

const NAME: &str = "ZSCORE";

/// A window whose standard deviation is below this fraction of its mean counts as flat: its
/// "deviation" would be rounding noise, so the z-score is reported as 0.
const FLAT_RELATIVE: f64 = 1e-12;

/// Number of leading NaN values of [`zscore`]: `period - 1`.
pub fn zscore_lookback(period: usize) -> usize {
    period.saturating_sub(1)
}

#[inline]
fn zscore_value(x: f64, m: &Moments) -> f64 {
    let mean = m.mean();
    let var = m.variance();
    let floor = FLAT_RELATIVE * mean;
    if var <= floor * floor {
        0.0
    } else {
        (x - mean) / var.sqrt()
    }
}

/// Rolling z-score `(x - mean) / stddev` over `period >= 2` values (population deviation,
/// the latest value included in its own window) into `out`. Flat windows give 0.
pub fn zscore_into(input: &[f64], period: usize, out: &mut [f64]) -> Result<(), IndicatorError> {
    check_period(NAME, "period", period, 2)?;
    check_len(NAME, "out", input.len(), out.len())?;
    let n = input.len();
    let lookback = zscore_lookback(period);
    pad_nan(out, lookback);
    let mut moments = Moments::new(period);
    let mut start = lookback;
    while start < n {
        let end = (start + RESTART_EVERY).min(n);
        moments.restart(
            input[start + 1 - period..=start].iter().copied(),
            input[start],
        );
        out[start] = zscore_value(input[start], &moments);
        let entering = &input[start + 1..end];
        let leaving = &input[start + 1 - period..end - period];
        for ((&new, &old), o) in entering.iter().zip(leaving).zip(&mut out[start + 1..end]) {
            moments.slide(new, old);
            *o = zscore_value(new, &moments);
        }
        start = end;
    }
    Ok(())
}

/// Allocating form of [`zscore_into`].
pub fn zscore(input: &[f64], period: usize) -> Result<Vec<f64>, IndicatorError> {
    let mut out = vec![0.0; input.len()];
    zscore_into(input, period, &mut out)?;
    Ok(out)
}

/// Streaming rolling z-score.
#[derive(Debug, Clone)]
pub struct ZScore {
    window: Window,
    moments: Moments,
    emitted: usize,
}

impl ZScore {
    /// A new z-score over `period >= 2` values.
    pub fn new(period: usize) -> Result<Self, IndicatorError> {
        check_period(NAME, "period", period, 2)?;
        Ok(Self {
            window: Window::new(period),
            moments: Moments::new(period),
            emitted: 0,
        })
    }

    /// Feed the next value; `None` until `period` values have been seen.
    pub fn update(&mut self, value: f64) -> Option<f64> {
        let old = self.window.push(value);
        if !self.window.is_full() {
            return None;
        }
        match old {
            Some(old) if !self.emitted.is_multiple_of(RESTART_EVERY) => {
                self.moments.slide(value, old);
            }
            _ => self.moments.restart(self.window.iter(), value),
        }
        self.emitted += 1;
        Some(zscore_value(value, &self.moments))
    }

    /// Forget everything seen so far.
    pub fn reset(&mut self) {
        self.window.clear();
        self.emitted = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_the_latest_value() {
        // Window [1, 2, 3, 4, 10]: mean 4, population variance 10.
        let out = zscore(&[1.0, 2.0, 3.0, 4.0, 10.0], 5).unwrap();
        assert!((out[4] - 6.0 / 10f64.sqrt()).abs() < 1e-12);
    }

    #[test]
    fn flat_windows_score_zero() {
        let out = zscore(&[3.0; 10], 4).unwrap();
        assert!(out[3..].iter().all(|&v| v == 0.0));
    }
}
