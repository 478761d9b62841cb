//! Linearly weighted moving average (TA-Lib `WMA`).

use super::IndicatorError;
use super::util::{Window, check_len, check_period, pad_nan};

const NAME: &str = "WMA";

/// Number of leading NaN values of [`wma`]: `period - 1`.
pub fn wma_lookback(period: usize) -> usize {
    period.saturating_sub(1)
}

/// Weighted moving average into `out`: the newest value has weight `period`, the oldest 1,
/// divided by `period·(period+1)/2`.
///
/// TA-Lib's running form: a weighted sum and a plain sum of the window are carried along, so
/// each step costs O(1) regardless of the period.
pub fn wma_into(input: &[f64], period: usize, out: &mut [f64]) -> Result<(), IndicatorError> {
    check_period(NAME, "period", period, 1)?;
    check_len(NAME, "out", input.len(), out.len())?;
    let lookback = wma_lookback(period);
    pad_nan(out, lookback);
    if input.len() <= lookback {
        return Ok(());
    }
    let mut state = WmaSums::new(period);
    for (i, &v) in input[..lookback].iter().enumerate() {
        state.warm(v, i + 1);
    }
    let mut trailing = 0.0;
    for (i, (o, &v)) in out[lookback..]
        .iter_mut()
        .zip(&input[lookback..])
        .enumerate()
    {
        *o = state.step(v, trailing);
        trailing = input[i];
    }
    Ok(())
}

/// Allocating form of [`wma_into`].
pub fn wma(input: &[f64], period: usize) -> Result<Vec<f64>, IndicatorError> {
    let mut out = vec![0.0; input.len()];
    wma_into(input, period, &mut out)?;
    Ok(out)
}

/// TA-Lib's WMA running sums; shared by batch and streaming so both agree to the bit.
#[derive(Debug, Clone)]
struct WmaSums {
    weight: f64,
    divider: f64,
    sum: f64,
    sub: f64,
}

impl WmaSums {
    fn new(period: usize) -> Self {
        let divider = (period * (period + 1) / 2) as f64;
        Self {
            weight: period as f64,
            divider,
            sum: 0.0,
            sub: 0.0,
        }
    }

    /// Accumulate the `rank`-th value (1-based) before the first output.
    #[inline]
    fn warm(&mut self, v: f64, rank: usize) {
        self.sub += v;
        self.sum += v * rank as f64;
    }

    /// Add `v`, drop `trailing` (the value leaving the window, 0 for the first output).
    #[inline]
    fn step(&mut self, v: f64, trailing: f64) -> f64 {
        self.sub += v;
        self.sub -= trailing;
        self.sum += v * self.weight;
        let out = self.sum / self.divider;
        self.sum -= self.sub;
        out
    }
}

/// Streaming weighted moving average.
#[derive(Debug, Clone)]
pub struct Wma {
    period: usize,
    seen: usize,
    sums: WmaSums,
    window: Window,
}

impl Wma {
    /// A new average over `period >= 1` values.
    pub fn new(period: usize) -> Result<Self, IndicatorError> {
        check_period(NAME, "period", period, 1)?;
        Ok(Self {
            period,
            seen: 0,
            sums: WmaSums::new(period),
            window: Window::new(period),
        })
    }

    /// Feed the next value; `None` until `period` values have been seen.
    pub fn update(&mut self, value: f64) -> Option<f64> {
        self.seen += 1;
        let trailing = self.window.push(value).unwrap_or(0.0);
        if self.seen < self.period {
            self.sums.warm(value, self.seen);
            return None;
        }
        Some(self.sums.step(value, trailing))
    }

    /// Forget everything seen so far.
    pub fn reset(&mut self) {
        self.seen = 0;
        self.sums = WmaSums::new(self.period);
        self.window.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_the_newest_value_most() {
        let out = wma(&[1.0, 2.0, 3.0, 4.0], 3).unwrap();
        // (1*1 + 2*2 + 3*3) / 6 and (2*1 + 3*2 + 4*3) / 6
        assert!((out[2] - 14.0 / 6.0).abs() < 1e-12);
        assert!((out[3] - 20.0 / 6.0).abs() < 1e-12);
    }
}
