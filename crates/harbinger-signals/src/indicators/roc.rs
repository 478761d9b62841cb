//! Rate of change in percent (TA-Lib `ROC`).

use super::IndicatorError;
use super::util::{Window, check_len, check_period, pad_nan};

const NAME: &str = "ROC";

/// Number of leading NaN values of [`roc`]: `period`.
pub fn roc_lookback(period: usize) -> usize {
    period
}

/// TA-Lib's `((x / x_then) - 1) · 100`, and 0 when the old value is 0.
#[inline]
fn roc_value(now: f64, then: f64) -> f64 {
    if then == 0.0 {
        0.0
    } else {
        ((now / then) - 1.0) * 100.0
    }
}

/// Percentage change of `input` over `period >= 1` values into `out`.
pub fn roc_into(input: &[f64], period: usize, out: &mut [f64]) -> Result<(), IndicatorError> {
    check_period(NAME, "period", period, 1)?;
    check_len(NAME, "out", input.len(), out.len())?;
    pad_nan(out, period);
    if input.len() > period {
        for ((o, &now), &then) in out[period..].iter_mut().zip(&input[period..]).zip(input) {
            *o = roc_value(now, then);
        }
    }
    Ok(())
}

/// Allocating form of [`roc_into`].
pub fn roc(input: &[f64], period: usize) -> Result<Vec<f64>, IndicatorError> {
    let mut out = vec![0.0; input.len()];
    roc_into(input, period, &mut out)?;
    Ok(out)
}

/// Streaming rate of change.
#[derive(Debug, Clone)]
pub struct Roc {
    window: Window,
}

impl Roc {
    /// A new rate of change over `period >= 1` values.
    pub fn new(period: usize) -> Result<Self, IndicatorError> {
        check_period(NAME, "period", period, 1)?;
        // The window holds the current value too: `period + 1` values span `period` steps.
        Ok(Self {
            window: Window::new(period + 1),
        })
    }

    /// Feed the next value; `None` until `period + 1` values have been seen.
    pub fn update(&mut self, value: f64) -> Option<f64> {
        self.window.push(value);
        if !self.window.is_full() {
            return None;
        }
        let then = self.window.iter().next()?;
        Some(roc_value(value, then))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_percent_change() {
        let out = roc(&[100.0, 50.0, 110.0, 0.0, 5.0, 7.0], 2).unwrap();
        assert!(out[0].is_nan() && out[1].is_nan());
        assert!((out[2] - 10.0).abs() < 1e-12);
        assert!((out[3] - -100.0).abs() < 1e-12);
        // The value two steps back is 0: TA-Lib reports 0 rather than infinity.
        assert_eq!(out[5], 0.0);
    }
}
