//! Bollinger bands (TA-Lib `BBANDS` with a simple moving average).

use super::IndicatorError;
use super::moments::{Moments, RESTART_EVERY, mean_of, variance_of};
use super::util::{TA_EPSILON, Window, check_finite, check_len, check_period, pad_nan};

const NAME: &str = "BBANDS";

/// One set of band values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BollingerOutput {
    /// `middle + up · stddev`.
    pub upper: f64,
    /// Simple moving average.
    pub middle: f64,
    /// `middle - down · stddev`.
    pub lower: f64,
}

/// The three band series, each as long as the input.
#[derive(Debug, Clone, PartialEq)]
pub struct BollingerSeries {
    /// Upper band.
    pub upper: Vec<f64>,
    /// Middle band (simple moving average).
    pub middle: Vec<f64>,
    /// Lower band.
    pub lower: Vec<f64>,
}

/// Number of leading NaN values of [`bollinger`]: `period - 1`.
pub fn bollinger_lookback(period: usize) -> usize {
    period.saturating_sub(1)
}

fn check_params(period: usize, up: f64, down: f64) -> Result<(), IndicatorError> {
    check_period(NAME, "period", period, 2)?;
    check_finite(NAME, "up", up)?;
    check_finite(NAME, "down", down)
}

/// TA-Lib's standard deviation of a window: a variance below 1e-8 counts as zero.
#[inline]
fn stddev(variance: f64) -> f64 {
    if variance < TA_EPSILON {
        0.0
    } else {
        variance.sqrt()
    }
}

/// Bollinger bands of `input` into three output slices (each as long as `input`).
///
/// Middle band: simple moving average over `period >= 2` values. Upper/lower: the middle band
/// plus `up`/minus `down` population standard deviations (TA-Lib's default `BBANDS(20, 2, 2)`
/// is `period = 20, up = 2.0, down = 2.0`). See the `moments` module for how the variance is
/// kept accurate.
pub fn bollinger_into(
    input: &[f64],
    period: usize,
    up: f64,
    down: f64,
    out_upper: &mut [f64],
    out_middle: &mut [f64],
    out_lower: &mut [f64],
) -> Result<(), IndicatorError> {
    check_params(period, up, down)?;
    let n = input.len();
    check_len(NAME, "out_upper", n, out_upper.len())?;
    check_len(NAME, "out_middle", n, out_middle.len())?;
    check_len(NAME, "out_lower", n, out_lower.len())?;
    let lookback = bollinger_lookback(period);
    pad_nan(out_upper, lookback);
    pad_nan(out_middle, lookback);
    pad_nan(out_lower, lookback);
    let mut moments = Moments::new(period);
    let inv_n = 1.0 / period as f64;
    let mut start = lookback;
    while start < n {
        let end = (start + RESTART_EVERY).min(n);
        // Serial part, kept minimal: the two sliding sums, parked in the middle and upper
        // band slices (a segment stays in L1 for the second pass).
        let window = input[start + 1 - period..=start].iter().copied();
        moments.restart(window, input[start]);
        (out_middle[start], out_upper[start]) = moments.sums();
        let entering = &input[start + 1..end];
        let leaving = &input[start + 1 - period..end - period];
        let s1s = &mut out_middle[start + 1..end];
        let s2s = &mut out_upper[start + 1..end];
        for (((&new, &old), s1), s2) in entering.iter().zip(leaving).zip(s1s).zip(s2s) {
            moments.slide(new, old);
            (*s1, *s2) = moments.sums();
        }
        // Independent per value, so this pass vectorizes (square roots included).
        let anchor = moments.anchor();
        let uppers = &mut out_upper[start..end];
        let mids = &mut out_middle[start..end];
        let lowers = &mut out_lower[start..end];
        for ((u, m), l) in uppers.iter_mut().zip(mids.iter_mut()).zip(lowers) {
            let (s1, s2) = (*m, *u);
            let mean = mean_of(anchor, s1, inv_n);
            let sd = stddev(variance_of(s1, s2, inv_n));
            *m = mean;
            *u = mean + sd * up;
            *l = mean - sd * down;
        }
        start = end;
    }
    Ok(())
}

/// Allocating form of [`bollinger_into`].
pub fn bollinger(
    input: &[f64],
    period: usize,
    up: f64,
    down: f64,
) -> Result<BollingerSeries, IndicatorError> {
    let n = input.len();
    let mut s = BollingerSeries {
        upper: vec![0.0; n],
        middle: vec![0.0; n],
        lower: vec![0.0; n],
    };
    bollinger_into(
        input,
        period,
        up,
        down,
        &mut s.upper,
        &mut s.middle,
        &mut s.lower,
    )?;
    Ok(s)
}

/// Streaming Bollinger bands.
#[derive(Debug, Clone)]
pub struct Bollinger {
    up: f64,
    down: f64,
    window: Window,
    moments: Moments,
    emitted: usize,
}

impl Bollinger {
    /// New bands over `period >= 2` values, `up`/`down` standard deviations wide.
    pub fn new(period: usize, up: f64, down: f64) -> Result<Self, IndicatorError> {
        check_params(period, up, down)?;
        Ok(Self {
            up,
            down,
            window: Window::new(period),
            moments: Moments::new(period),
            emitted: 0,
        })
    }

    /// Feed the next close; `None` until `period` values have been seen.
    pub fn update(&mut self, value: f64) -> Option<BollingerOutput> {
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
        let middle = self.moments.mean();
        let sd = stddev(self.moments.variance());
        Some(BollingerOutput {
            upper: middle + sd * self.up,
            middle,
            lower: middle - sd * self.down,
        })
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
    fn bands_use_the_population_deviation() {
        // Window [1, 2, 3, 4]: mean 2.5, population variance 1.25.
        let s = bollinger(&[1.0, 2.0, 3.0, 4.0], 4, 2.0, 1.0).unwrap();
        let sd = 1.25f64.sqrt();
        assert!((s.middle[3] - 2.5).abs() < 1e-12);
        assert!((s.upper[3] - (2.5 + 2.0 * sd)).abs() < 1e-12);
        assert!((s.lower[3] - (2.5 - sd)).abs() < 1e-12);
    }

    #[test]
    fn flat_prices_give_zero_width_bands() {
        let s = bollinger(&[42.0; 300], 20, 2.0, 2.0).unwrap();
        assert!(
            s.upper[19..]
                .iter()
                .zip(&s.lower[19..])
                .all(|(u, l)| u == l)
        );
    }

    #[test]
    fn rejects_non_finite_multipliers() {
        assert!(matches!(
            bollinger(&[1.0; 30], 20, f64::NAN, 2.0),
            Err(IndicatorError::NotFinite { .. })
        ));
    }
}
