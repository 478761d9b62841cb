//! Relative strength index with Wilder smoothing (TA-Lib `RSI`).

use super::IndicatorError;
use super::smoothing::Decay;
use super::util::{check_len, check_period, pad_nan, ta_is_zero};

const NAME: &str = "RSI";

/// Number of leading NaN values of [`rsi`]: `period`.
pub fn rsi_lookback(period: usize) -> usize {
    period
}

/// Relative strength index of `input` into `out`, in percent.
///
/// TA-Lib's classic form: average gain and loss are seeded with the plain mean of the first
/// `period` changes, then smoothed as `avg = (avg·(period-1) + change) / period`. When both
/// averages are (TA-Lib-)zero the RSI is 0. `period` must be at least 2, as in TA-Lib.
pub fn rsi_into(input: &[f64], period: usize, out: &mut [f64]) -> Result<(), IndicatorError> {
    check_period(NAME, "period", period, 2)?;
    check_len(NAME, "out", input.len(), out.len())?;
    pad_nan(out, period);
    if input.len() <= period {
        return Ok(());
    }
    let mut avg = WilderAverages::seed(&input[..=period]);
    out[period] = avg.rsi();
    let (decay, b) = wilder_coefficients(period);
    // Four bars per step; gains and losses are two independent chains.
    let mut prev = input[period];
    let (xs, xtail) = input[period + 1..].as_chunks::<4>();
    let (os, otail) = out[period + 1..].as_chunks_mut::<4>();
    for (xi, oi) in xs.iter().zip(os) {
        let mut up = [0.0; 4];
        let mut down = [0.0; 4];
        for j in 0..4 {
            (up[j], down[j]) = split_change(xi[j] - prev);
            up[j] *= b;
            down[j] *= b;
            prev = xi[j];
        }
        let g = decay.step4(avg.gain, up);
        let l = decay.step4(avg.loss, down);
        for j in 0..4 {
            oi[j] = rsi_value(g[j], l[j]);
        }
        avg.gain = g[3];
        avg.loss = l[3];
    }
    for (&x, o) in xtail.iter().zip(otail) {
        avg.step(decay, b, x - prev);
        prev = x;
        *o = avg.rsi();
    }
    Ok(())
}

/// Allocating form of [`rsi_into`].
pub fn rsi(input: &[f64], period: usize) -> Result<Vec<f64>, IndicatorError> {
    let mut out = vec![0.0; input.len()];
    rsi_into(input, period, &mut out)?;
    Ok(out)
}

/// Wilder's smoothing `avg·(p-1)/p + x/p` as a decay `(p-1)/p` and an input weight `1/p`.
pub(crate) fn wilder_coefficients(period: usize) -> (Decay, f64) {
    let p = period as f64;
    (Decay::new((p - 1.0) / p), 1.0 / p)
}

/// A change split into (gain, loss), both >= 0. Two independent selects (max instructions)
/// rather than one branch, which would mispredict on every other bar of a price series.
#[inline]
fn split_change(d: f64) -> (f64, f64) {
    let gain = if d < 0.0 { 0.0 } else { d };
    let loss = if d < 0.0 { -d } else { 0.0 };
    (gain, loss)
}

#[inline]
fn rsi_value(gain: f64, loss: f64) -> f64 {
    let total = gain + loss;
    if ta_is_zero(total) {
        0.0
    } else {
        100.0 * (gain / total)
    }
}

#[derive(Debug, Clone, Copy)]
struct WilderAverages {
    gain: f64,
    loss: f64,
}

impl WilderAverages {
    /// TA-Lib's seed: the changes of `x` (`period + 1` values) summed in order, then divided.
    fn seed(x: &[f64]) -> Self {
        let mut gain = 0.0;
        let mut loss = 0.0;
        for w in x.windows(2) {
            let (g, l) = split_change(w[1] - w[0]);
            gain += g;
            loss += l;
        }
        let p = (x.len() - 1) as f64;
        Self {
            gain: gain / p,
            loss: loss / p,
        }
    }

    #[inline]
    fn step(&mut self, decay: Decay, b: f64, change: f64) {
        let (g, l) = split_change(change);
        self.gain = decay.step(self.gain, g * b);
        self.loss = decay.step(self.loss, l * b);
    }

    fn rsi(self) -> f64 {
        rsi_value(self.gain, self.loss)
    }
}

/// Streaming relative strength index.
#[derive(Debug, Clone)]
pub struct Rsi {
    period: usize,
    decay: Decay,
    b: f64,
    seen: usize,
    prev: f64,
    sum: WilderAverages,
}

impl Rsi {
    /// A new RSI over `period >= 2` changes.
    pub fn new(period: usize) -> Result<Self, IndicatorError> {
        check_period(NAME, "period", period, 2)?;
        let (decay, b) = wilder_coefficients(period);
        let sum = WilderAverages {
            gain: 0.0,
            loss: 0.0,
        };
        Ok(Self {
            period,
            decay,
            b,
            seen: 0,
            prev: f64::NAN,
            sum,
        })
    }

    /// Feed the next close; `None` until `period + 1` values have been seen.
    pub fn update(&mut self, value: f64) -> Option<f64> {
        self.seen += 1;
        let change = value - self.prev;
        self.prev = value;
        if self.seen == 1 {
            return None;
        }
        if self.seen <= self.period + 1 {
            let (g, l) = split_change(change);
            self.sum.gain += g;
            self.sum.loss += l;
            if self.seen <= self.period {
                return None;
            }
            let p = self.period as f64;
            self.sum = WilderAverages {
                gain: self.sum.gain / p,
                loss: self.sum.loss / p,
            };
        } else {
            self.sum.step(self.decay, self.b, change);
        }
        Some(self.sum.rsi())
    }

    /// Forget everything seen so far.
    pub fn reset(&mut self) {
        self.seen = 0;
        self.prev = f64::NAN;
        self.sum = WilderAverages {
            gain: 0.0,
            loss: 0.0,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_rising_prices_give_100() {
        let x: Vec<f64> = (0..30).map(f64::from).collect();
        let out = rsi(&x, 14).unwrap();
        assert!(out[..14].iter().all(|v| v.is_nan()));
        assert!(out[14..].iter().all(|&v| (v - 100.0).abs() < 1e-12));
    }

    #[test]
    fn flat_prices_give_zero_as_in_ta_lib() {
        let out = rsi(&[5.0; 20], 14).unwrap();
        assert!(out[14..].iter().all(|&v| v == 0.0));
    }

    #[test]
    fn period_one_is_rejected() {
        assert!(Rsi::new(1).is_err());
        assert!(rsi(&[1.0, 2.0], 1).is_err());
    }
}
