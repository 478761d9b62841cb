//! Donchian channels: highest high, lowest low and their midpoint over a window.

use super::extremes::{Extreme, RollingExtreme};
use super::util::{Window, check_len, check_period, pad_nan};
use super::{Candle, IndicatorError};

const NAME: &str = "DONCHIAN";

/// One channel value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DonchianOutput {
    /// Highest high of the window.
    pub upper: f64,
    /// `(upper + lower) / 2`.
    pub middle: f64,
    /// Lowest low of the window.
    pub lower: f64,
}

/// The three channel series, each as long as the input.
#[derive(Debug, Clone, PartialEq)]
pub struct DonchianSeries {
    /// Highest high.
    pub upper: Vec<f64>,
    /// Midpoint.
    pub middle: Vec<f64>,
    /// Lowest low.
    pub lower: Vec<f64>,
}

/// Number of leading NaN values of [`donchian`]: `period - 1`.
pub fn donchian_lookback(period: usize) -> usize {
    period.saturating_sub(1)
}

/// Donchian channels over `period >= 1` bars (the current bar included) into three slices.
pub fn donchian_into(
    high: &[f64],
    low: &[f64],
    period: usize,
    out_upper: &mut [f64],
    out_middle: &mut [f64],
    out_lower: &mut [f64],
) -> Result<(), IndicatorError> {
    check_period(NAME, "period", period, 1)?;
    let n = high.len();
    check_len(NAME, "low", n, low.len())?;
    check_len(NAME, "out_upper", n, out_upper.len())?;
    check_len(NAME, "out_middle", n, out_middle.len())?;
    check_len(NAME, "out_lower", n, out_lower.len())?;
    let lookback = donchian_lookback(period);
    pad_nan(out_upper, lookback);
    pad_nan(out_middle, lookback);
    pad_nan(out_lower, lookback);
    let mut hi = RollingExtreme::new(Extreme::Highest, period);
    let mut lo = RollingExtreme::new(Extreme::Lowest, period);
    for i in lookback..n {
        let (u, l) = (hi.at(high, i), lo.at(low, i));
        out_upper[i] = u;
        out_lower[i] = l;
        out_middle[i] = midpoint(u, l);
    }
    Ok(())
}

#[inline]
fn midpoint(upper: f64, lower: f64) -> f64 {
    0.5 * (upper + lower)
}

/// Allocating form of [`donchian_into`].
pub fn donchian(
    high: &[f64],
    low: &[f64],
    period: usize,
) -> Result<DonchianSeries, IndicatorError> {
    let n = high.len();
    let mut s = DonchianSeries {
        upper: vec![0.0; n],
        middle: vec![0.0; n],
        lower: vec![0.0; n],
    };
    donchian_into(high, low, period, &mut s.upper, &mut s.middle, &mut s.lower)?;
    Ok(s)
}

/// Streaming Donchian channels.
#[derive(Debug, Clone)]
pub struct Donchian {
    highs: Window,
    lows: Window,
}

impl Donchian {
    /// New channels over `period >= 1` bars.
    pub fn new(period: usize) -> Result<Self, IndicatorError> {
        check_period(NAME, "period", period, 1)?;
        Ok(Self {
            highs: Window::new(period),
            lows: Window::new(period),
        })
    }

    /// Feed the next bar (high and low are used); `None` until `period` bars have been seen.
    pub fn update(&mut self, bar: Candle) -> Option<DonchianOutput> {
        self.highs.push(bar.high);
        self.lows.push(bar.low);
        if !self.highs.is_full() {
            return None;
        }
        let upper = Extreme::Highest.of(self.highs.iter());
        let lower = Extreme::Lowest.of(self.lows.iter());
        Some(DonchianOutput {
            upper,
            middle: midpoint(upper, lower),
            lower,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channels_span_the_window() {
        let s = donchian(&[5.0, 7.0, 6.0, 4.0], &[4.0, 5.0, 3.0, 2.0], 3).unwrap();
        assert_eq!((s.upper[2], s.lower[2], s.middle[2]), (7.0, 3.0, 5.0));
        assert_eq!((s.upper[3], s.lower[3]), (7.0, 2.0));
    }
}
