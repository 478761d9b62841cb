//! Stochastic oscillator %K/%D with simple-average smoothing (TA-Lib `STOCH`, MA type SMA).

use super::atr::check_hlc;
use super::extremes::{Extreme, RollingExtreme};
use super::sma::{Sma, sma_kernel};
use super::util::{Window, check_len, check_period, pad_nan};
use super::{Candle, IndicatorError};

const NAME: &str = "STOCH";

/// One stochastic value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StochasticOutput {
    /// Slow %K: the raw %K averaged over `slow_k` bars.
    pub k: f64,
    /// Slow %D: slow %K averaged over `slow_d` bars.
    pub d: f64,
}

/// Both stochastic series, each as long as the input.
#[derive(Debug, Clone, PartialEq)]
pub struct StochasticSeries {
    /// Slow %K.
    pub k: Vec<f64>,
    /// Slow %D.
    pub d: Vec<f64>,
}

/// Number of leading NaN values of [`stochastic`]: `fast_k - 1 + slow_k - 1 + slow_d - 1`.
pub fn stochastic_lookback(fast_k: usize, slow_k: usize, slow_d: usize) -> usize {
    fast_k.saturating_sub(1) + slow_k.saturating_sub(1) + slow_d.saturating_sub(1)
}

fn check_params(fast_k: usize, slow_k: usize, slow_d: usize) -> Result<(), IndicatorError> {
    check_period(NAME, "fast_k", fast_k, 1)?;
    check_period(NAME, "slow_k", slow_k, 1)?;
    check_period(NAME, "slow_d", slow_d, 1)
}

/// Raw %K: `100 · (close - lowest) / (highest - lowest)`, 0 for a flat window (TA-Lib's
/// guard). TA-Lib divides twice (`(c - l) / ((h - l) / 100)`); one division gives the same
/// value up to rounding at half the cost.
#[inline]
fn raw_k(close: f64, highest: f64, lowest: f64) -> f64 {
    let range = highest - lowest;
    if range == 0.0 {
        0.0
    } else {
        100.0 * (close - lowest) / range
    }
}

/// Stochastic oscillator into `out_k` and `out_d` (TA-Lib's default is 5, 3, 3).
///
/// Raw %K compares the close with the highest high and lowest low of the last `fast_k` bars;
/// slow %K is its `slow_k`-bar simple average and slow %D the `slow_d`-bar average of slow %K.
/// Both outputs start at [`stochastic_lookback`]. Uses `out_d` as scratch space, so it needs
/// no allocation.
#[allow(clippy::too_many_arguments)]
pub fn stochastic_into(
    high: &[f64],
    low: &[f64],
    close: &[f64],
    fast_k: usize,
    slow_k: usize,
    slow_d: usize,
    out_k: &mut [f64],
    out_d: &mut [f64],
) -> Result<(), IndicatorError> {
    check_params(fast_k, slow_k, slow_d)?;
    let n = check_hlc(NAME, high, low, close)?;
    check_len(NAME, "out_k", n, out_k.len())?;
    check_len(NAME, "out_d", n, out_d.len())?;
    let lookback = stochastic_lookback(fast_k, slow_k, slow_d);
    if n > lookback {
        // Raw %K parked in out_d, slow %K into out_k, then slow %D over it into out_d.
        let mut hi = RollingExtreme::new(Extreme::Highest, fast_k);
        let mut lo = RollingExtreme::new(Extreme::Lowest, fast_k);
        for i in fast_k - 1..n {
            out_d[i] = raw_k(close[i], hi.at(high, i), lo.at(low, i));
        }
        let k_start = fast_k - 1 + slow_k - 1;
        sma_kernel(&out_d[fast_k - 1..], slow_k, &mut out_k[k_start..]);
        sma_kernel(&out_k[k_start..], slow_d, &mut out_d[lookback..]);
    }
    pad_nan(out_k, lookback);
    pad_nan(out_d, lookback);
    Ok(())
}

/// Allocating form of [`stochastic_into`].
pub fn stochastic(
    high: &[f64],
    low: &[f64],
    close: &[f64],
    fast_k: usize,
    slow_k: usize,
    slow_d: usize,
) -> Result<StochasticSeries, IndicatorError> {
    let n = high.len();
    let mut s = StochasticSeries {
        k: vec![0.0; n],
        d: vec![0.0; n],
    };
    stochastic_into(high, low, close, fast_k, slow_k, slow_d, &mut s.k, &mut s.d)?;
    Ok(s)
}

/// Streaming stochastic oscillator.
#[derive(Debug, Clone)]
pub struct Stochastic {
    highs: Window,
    lows: Window,
    slow_k: Sma,
    slow_d: Sma,
}

impl Stochastic {
    /// A new oscillator; every period must be at least 1.
    pub fn new(fast_k: usize, slow_k: usize, slow_d: usize) -> Result<Self, IndicatorError> {
        check_params(fast_k, slow_k, slow_d)?;
        Ok(Self {
            highs: Window::new(fast_k),
            lows: Window::new(fast_k),
            slow_k: Sma::new(slow_k)?,
            slow_d: Sma::new(slow_d)?,
        })
    }

    /// Feed the next bar; `None` until [`stochastic_lookback`] + 1 bars have been seen.
    pub fn update(&mut self, bar: Candle) -> Option<StochasticOutput> {
        self.highs.push(bar.high);
        self.lows.push(bar.low);
        if !self.highs.is_full() {
            return None;
        }
        let highest = Extreme::Highest.of(self.highs.iter());
        let lowest = Extreme::Lowest.of(self.lows.iter());
        let k = self.slow_k.update(raw_k(bar.close, highest, lowest))?;
        let d = self.slow_d.update(k)?;
        Some(StochasticOutput { k, d })
    }

    /// Forget everything seen so far.
    pub fn reset(&mut self) {
        self.highs.clear();
        self.lows.clear();
        self.slow_k.reset();
        self.slow_d.reset();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_at_the_high_reads_100() {
        let high: Vec<f64> = (0..12).map(|i| 10.0 + f64::from(i)).collect();
        let low: Vec<f64> = high.iter().map(|h| h - 2.0).collect();
        let s = stochastic(&high, &low, &high, 5, 3, 3).unwrap();
        assert!(s.k[..8].iter().all(|v| v.is_nan()));
        assert!(
            s.k[8..]
                .iter()
                .chain(&s.d[8..])
                .all(|&v| (v - 100.0).abs() < 1e-9)
        );
    }
}
