//! [`FeatureStream`]: the feature set computed one bar at a time.

use std::collections::VecDeque;

use harbinger_signals::indicators::{
    Atr, Bollinger, Candle, Dmi, Donchian, Macd, Roc, Rsi, Stochastic, ZScore,
};

use super::FEATURE_COUNT;
use crate::ModelError;

/// Longest return window; the close history keeps this many bars plus the current one.
const LONGEST_RETURN: usize = 60;
const RETURN_WINDOWS: [usize; 4] = [1, 5, 20, 60];
const VOL_WINDOW: usize = 20;

/// The features of [`super::FEATURE_SET`], one bar at a time.
///
/// `update` returns the row of the bar just fed; it depends on that bar and the ones before
/// it only. [`super::features`] is this stream run over a whole series, so live and batch
/// rows are identical bit for bit.
#[derive(Debug, Clone)]
pub struct FeatureStream {
    closes: VecDeque<f64>,
    log_returns: VecDeque<f64>,
    rsi: Rsi,
    macd: Macd,
    bollinger: Bollinger,
    atr: Atr,
    dmi: Dmi,
    stochastic: Stochastic,
    roc: Roc,
    volume_z: ZScore,
    channel_20: Donchian,
    channel_60: Donchian,
}

/// `value` if finite, NaN otherwise: NaN is the one "missing" marker of a feature row.
fn finite(value: f64) -> f64 {
    if value.is_finite() { value } else { f64::NAN }
}

impl FeatureStream {
    /// A stream that has seen no bar.
    pub fn new() -> Result<Self, ModelError> {
        Ok(Self {
            closes: VecDeque::with_capacity(LONGEST_RETURN + 1),
            log_returns: VecDeque::with_capacity(VOL_WINDOW),
            rsi: Rsi::new(14)?,
            macd: Macd::new(12, 26, 9)?,
            bollinger: Bollinger::new(20, 2.0, 2.0)?,
            atr: Atr::new(14)?,
            dmi: Dmi::new(14)?,
            stochastic: Stochastic::new(14, 3, 3)?,
            roc: Roc::new(10)?,
            volume_z: ZScore::new(20)?,
            channel_20: Donchian::new(20)?,
            channel_60: Donchian::new(60)?,
        })
    }

    /// Feed the next bar and get its feature row (NaN where a feature is not yet defined).
    pub fn update(&mut self, bar: Candle) -> [f64; FEATURE_COUNT] {
        let close = bar.close;
        if let Some(&prev) = self.closes.back() {
            if self.log_returns.len() == VOL_WINDOW {
                self.log_returns.pop_front();
            }
            self.log_returns.push_back((close / prev).ln());
        }
        if self.closes.len() == LONGEST_RETURN + 1 {
            self.closes.pop_front();
        }
        self.closes.push_back(close);

        let mut row = [f64::NAN; FEATURE_COUNT];
        for (slot, &k) in row.iter_mut().zip(&RETURN_WINDOWS) {
            if let Some(&then) = self
                .closes
                .len()
                .checked_sub(k + 1)
                .and_then(|i| self.closes.get(i))
            {
                *slot = (close / then).ln();
            }
        }
        row[4] = self.realized_volatility();
        if let Some(rsi) = self.rsi.update(close) {
            row[5] = rsi / 100.0 - 0.5;
        }
        if let Some(m) = self.macd.update(close) {
            row[6] = m.histogram / close;
        }
        if let Some(b) = self.bollinger.update(close) {
            let width = b.upper - b.lower;
            row[7] = if width > 0.0 {
                (close - b.lower) / width
            } else {
                0.5
            };
            row[8] = width / b.middle;
        }
        let atr = self.atr.update(bar);
        if let Some(atr) = atr {
            row[9] = atr / close;
        }
        if let Some(adx) = self.dmi.update(bar).and_then(|d| d.adx) {
            row[10] = adx / 100.0;
        }
        if let Some(s) = self.stochastic.update(bar) {
            row[11] = s.k / 100.0;
        }
        if let Some(roc) = self.roc.update(close) {
            row[12] = roc / 100.0;
        }
        if let Some(z) = self.volume_z.update(bar.volume) {
            row[13] = z;
        }
        let channels = [self.channel_20.update(bar), self.channel_60.update(bar)];
        for (pair, channel) in row[14..].chunks_exact_mut(2).zip(channels) {
            if let (Some(c), Some(atr)) = (channel, atr) {
                // A flat series has no range: the close sits on both extremes.
                let scale = if atr > 0.0 { atr } else { f64::INFINITY };
                pair[0] = (close - c.upper) / scale;
                pair[1] = (close - c.lower) / scale;
            }
        }
        row.map(finite)
    }

    /// Population standard deviation of the last [`VOL_WINDOW`] log returns, NaN before.
    fn realized_volatility(&self) -> f64 {
        if self.log_returns.len() < VOL_WINDOW {
            return f64::NAN;
        }
        let n = VOL_WINDOW as f64;
        let mean = self.log_returns.iter().sum::<f64>() / n;
        let var = self
            .log_returns
            .iter()
            .map(|r| (r - mean) * (r - mean))
            .sum::<f64>()
            / n;
        var.sqrt()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::{FEATURE_SET, FEATURE_WARMUP};

    fn bar(close: f64, i: usize) -> Candle {
        let wiggle = (i % 7) as f64 * 0.1;
        Candle::new(
            close,
            close + 1.0 + wiggle,
            close - 1.0,
            close,
            1000.0 + wiggle * 100.0,
        )
    }

    #[test]
    fn names_match_the_row_width() {
        assert_eq!(FEATURE_SET.len(), FEATURE_COUNT);
    }

    #[test]
    fn rows_are_complete_exactly_from_the_warmup_on() {
        let mut s = FeatureStream::new().unwrap();
        for i in 0..=FEATURE_WARMUP + 5 {
            let row = s.update(bar(100.0 + i as f64, i));
            let complete = row.iter().all(|v| v.is_finite());
            assert_eq!(complete, i >= FEATURE_WARMUP, "bar {i}: {row:?}");
        }
    }

    #[test]
    fn returns_are_log_returns_over_their_window() {
        let mut s = FeatureStream::new().unwrap();
        let mut row = [0.0; FEATURE_COUNT];
        for i in 0..70 {
            row = s.update(bar(100.0 * 1.01f64.powi(i as i32), i));
        }
        for (k, &r) in [1.0, 5.0, 20.0, 60.0].iter().zip(&row[..4]) {
            assert!((r - k * 1.01f64.ln()).abs() < 1e-12, "{k}: {r}");
        }
        // Constant growth: every one-bar return equal, no volatility.
        assert!(row[4].abs() < 1e-12);
    }

    #[test]
    fn non_positive_prices_give_missing_values_not_infinities() {
        let mut s = FeatureStream::new().unwrap();
        for i in 0..80 {
            let close = if i == 75 { 0.0 } else { 50.0 };
            let row = s.update(bar(close, i));
            assert!(row.iter().all(|v| !v.is_infinite()));
        }
    }
}
