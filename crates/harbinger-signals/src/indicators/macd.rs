//! Moving average convergence/divergence (TA-Lib `MACD`).

use super::IndicatorError;
use super::ema::{Ema, ema_coefficients, seed_mean};
use super::util::{check_len, check_period, pad_nan};

const NAME: &str = "MACD";

/// One MACD value: the line, its signal EMA and their difference.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MacdOutput {
    /// Fast EMA minus slow EMA.
    pub macd: f64,
    /// EMA of the MACD line.
    pub signal: f64,
    /// `macd - signal`.
    pub histogram: f64,
}

/// The three MACD series, each as long as the input.
#[derive(Debug, Clone, PartialEq)]
pub struct MacdSeries {
    /// Fast EMA minus slow EMA.
    pub macd: Vec<f64>,
    /// EMA of the MACD line.
    pub signal: Vec<f64>,
    /// `macd - signal`.
    pub histogram: Vec<f64>,
}

/// Number of leading NaN values of [`macd`]: `slow - 1 + signal - 1`.
pub fn macd_lookback(slow: usize, signal: usize) -> usize {
    slow.saturating_sub(1) + signal.saturating_sub(1)
}

fn check_params(fast: usize, slow: usize, signal: usize) -> Result<(), IndicatorError> {
    check_period(NAME, "fast", fast, 2)?;
    check_period(NAME, "slow", slow, 2)?;
    check_period(NAME, "signal", signal, 1)?;
    if fast >= slow {
        return Err(IndicatorError::PeriodOrder {
            indicator: NAME,
            fast,
            slow,
        });
    }
    Ok(())
}

/// MACD of `input` into three output slices (each as long as `input`).
///
/// TA-Lib's alignment: both EMAs produce their first value at index `slow - 1`; the fast EMA
/// is seeded with the mean of the `fast` values ending there (not of the first `fast`
/// values), the slow EMA with the mean of the first `slow`. The signal EMA is seeded with the
/// mean of the first `signal` MACD values, and all three outputs start at
/// [`macd_lookback`]. `fast` must be below `slow` (TA-Lib swaps them silently; Harbinger
/// reports the mistake).
pub fn macd_into(
    input: &[f64],
    fast: usize,
    slow: usize,
    signal: usize,
    out_macd: &mut [f64],
    out_signal: &mut [f64],
    out_histogram: &mut [f64],
) -> Result<(), IndicatorError> {
    check_params(fast, slow, signal)?;
    let n = input.len();
    check_len(NAME, "out_macd", n, out_macd.len())?;
    check_len(NAME, "out_signal", n, out_signal.len())?;
    check_len(NAME, "out_histogram", n, out_histogram.len())?;
    let lookback = macd_lookback(slow, signal);
    pad_nan(out_macd, lookback);
    pad_nan(out_signal, lookback);
    pad_nan(out_histogram, lookback);
    if n <= lookback {
        return Ok(());
    }
    let (kf, df) = ema_coefficients(fast);
    let (ks, ds) = ema_coefficients(slow);
    let (kg, dg) = ema_coefficients(signal);
    let mut yf = seed_mean(&input[slow - fast..slow]);
    let mut ys = seed_mean(&input[..slow]);
    // Warm-up of the signal line: its seed is the mean of the first `signal` MACD values.
    let mut sum = yf - ys;
    for &x in &input[slow..=lookback] {
        yf = df.step(yf, kf * x);
        ys = ds.step(ys, ks * x);
        sum += yf - ys;
    }
    let mut yg = sum / signal as f64;
    out_macd[lookback] = yf - ys;
    out_signal[lookback] = yg;
    out_histogram[lookback] = (yf - ys) - yg;

    // One fused pass, four bars per step, three independent recurrences (fast, slow, signal).
    let (xs, xtail) = input[lookback + 1..].as_chunks::<4>();
    let (ms, mtail) = out_macd[lookback + 1..].as_chunks_mut::<4>();
    let (gs, gtail) = out_signal[lookback + 1..].as_chunks_mut::<4>();
    let (hs, htail) = out_histogram[lookback + 1..].as_chunks_mut::<4>();
    for (((x, m), g), h) in xs.iter().zip(ms).zip(gs).zip(hs) {
        let f4 = df.step4(yf, x.map(|v| kf * v));
        let s4 = ds.step4(ys, x.map(|v| ks * v));
        let m4 = [f4[0] - s4[0], f4[1] - s4[1], f4[2] - s4[2], f4[3] - s4[3]];
        let g4 = dg.step4(yg, m4.map(|v| kg * v));
        *m = m4;
        *g = g4;
        *h = [m4[0] - g4[0], m4[1] - g4[1], m4[2] - g4[2], m4[3] - g4[3]];
        (yf, ys, yg) = (f4[3], s4[3], g4[3]);
    }
    for (((&x, m), g), h) in xtail.iter().zip(mtail).zip(gtail).zip(htail) {
        yf = df.step(yf, kf * x);
        ys = ds.step(ys, ks * x);
        *m = yf - ys;
        yg = dg.step(yg, kg * *m);
        *g = yg;
        *h = *m - yg;
    }
    Ok(())
}

/// Allocating form of [`macd_into`].
pub fn macd(
    input: &[f64],
    fast: usize,
    slow: usize,
    signal: usize,
) -> Result<MacdSeries, IndicatorError> {
    let n = input.len();
    let mut s = MacdSeries {
        macd: vec![0.0; n],
        signal: vec![0.0; n],
        histogram: vec![0.0; n],
    };
    macd_into(
        input,
        fast,
        slow,
        signal,
        &mut s.macd,
        &mut s.signal,
        &mut s.histogram,
    )?;
    Ok(s)
}

/// Streaming MACD with TA-Lib's alignment.
#[derive(Debug, Clone)]
pub struct Macd {
    skip_fast: usize,
    seen: usize,
    fast: Ema,
    slow: Ema,
    signal: Ema,
}

impl Macd {
    /// A new MACD; `2 <= fast < slow`, `signal >= 1` (the classic is 12, 26, 9).
    pub fn new(fast: usize, slow: usize, signal: usize) -> Result<Self, IndicatorError> {
        check_params(fast, slow, signal)?;
        Ok(Self {
            skip_fast: slow - fast,
            seen: 0,
            fast: Ema::new(fast)?,
            slow: Ema::new(slow)?,
            signal: Ema::new(signal)?,
        })
    }

    /// Feed the next close; `None` until [`macd_lookback`] + 1 values have been seen.
    pub fn update(&mut self, value: f64) -> Option<MacdOutput> {
        self.seen += 1;
        let slow = self.slow.update(value);
        // The fast EMA starts late so that its seed window ends where the slow one's does.
        let fast = if self.seen > self.skip_fast {
            self.fast.update(value)
        } else {
            None
        };
        let line = fast? - slow?;
        let signal = self.signal.update(line)?;
        Some(MacdOutput {
            macd: line,
            signal,
            histogram: line - signal,
        })
    }

    /// Forget everything seen so far.
    pub fn reset(&mut self) {
        self.seen = 0;
        self.fast.reset();
        self.slow.reset();
        self.signal.reset();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_fast_not_below_slow() {
        assert!(matches!(
            macd(&[1.0; 50], 26, 12, 9),
            Err(IndicatorError::PeriodOrder { .. })
        ));
        assert!(Macd::new(12, 12, 9).is_err());
    }

    #[test]
    fn constant_prices_give_a_zero_line() {
        let s = macd(&[7.5; 60], 12, 26, 9).unwrap();
        assert!(s.macd[..33].iter().all(|v| v.is_nan()));
        assert!(
            s.macd[33..]
                .iter()
                .chain(&s.signal[33..])
                .all(|v| v.abs() < 1e-12)
        );
    }
}
