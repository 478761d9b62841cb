//! Directional movement: +DI, -DI and ADX (TA-Lib `PLUS_DI`, `MINUS_DI`, `ADX`).
//!
//! One state machine serves all three and both forms, so batch and streaming agree to the bit.
//! It follows TA-Lib's definitions, seeds and zero guards; Wilder's `x - x/period + new` is
//! evaluated as `x·(1 - 1/period) + new` and each DI pair shares one division, which keeps
//! the divisions off the dependency chains and changes values only by rounding.

use std::cmp::Ordering;

use super::atr::{check_hlc, true_range};
use super::util::{check_len, check_period, ta_is_zero};
use super::{Candle, IndicatorError};

const NAME: &str = "DMI";

/// One directional-movement value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DmiOutput {
    /// +DI, in percent.
    pub plus_di: f64,
    /// -DI, in percent.
    pub minus_di: f64,
    /// ADX, available from [`adx_lookback`] on.
    pub adx: Option<f64>,
}

/// Number of leading NaN values of +DI and -DI: `period`.
pub fn di_lookback(period: usize) -> usize {
    period
}

/// Number of leading NaN values of ADX: `2·period - 1`.
pub fn adx_lookback(period: usize) -> usize {
    (2 * period).saturating_sub(1)
}

/// Streaming directional movement (+DI, -DI, ADX) with Wilder smoothing.
#[derive(Debug, Clone)]
pub struct Dmi {
    period: usize,
    p: f64,
    /// Wilder decay `1 - 1/period` and weight `1/period`.
    a: f64,
    b: f64,
    seen: usize,
    // The previous bar as three scalars (not a `Candle`): the batch loop reads them right
    // after writing them, and a struct copy defeats store-to-load forwarding there.
    prev_high: f64,
    prev_low: f64,
    prev_close: f64,
    plus_dm: f64,
    minus_dm: f64,
    tr: f64,
    sum_dx: f64,
    adx: f64,
}

impl Dmi {
    /// A new indicator over `period >= 2` bars (TA-Lib's default is 14; with a period of 1
    /// TA-Lib drops the percent scaling of +DI/-DI, so that case is refused).
    pub fn new(period: usize) -> Result<Self, IndicatorError> {
        check_period(NAME, "period", period, 2)?;
        Ok(Self {
            period,
            p: period as f64,
            a: 1.0 - 1.0 / period as f64,
            b: 1.0 / period as f64,
            seen: 0,
            prev_high: f64::NAN,
            prev_low: f64::NAN,
            prev_close: f64::NAN,
            plus_dm: 0.0,
            minus_dm: 0.0,
            tr: 0.0,
            sum_dx: 0.0,
            adx: 0.0,
        })
    }

    /// Feed the next bar; `None` until `period + 1` bars have been seen.
    pub fn update(&mut self, bar: Candle) -> Option<DmiOutput> {
        self.step(bar.high, bar.low, bar.close)
    }

    #[inline]
    fn step(&mut self, high: f64, low: f64, close: f64) -> Option<DmiOutput> {
        let i = self.seen;
        self.seen += 1;
        let prev_high = std::mem::replace(&mut self.prev_high, high);
        let prev_low = std::mem::replace(&mut self.prev_low, low);
        let prev_close = std::mem::replace(&mut self.prev_close, close);
        if i == 0 {
            return None;
        }
        let diff_plus = high - prev_high;
        let diff_minus = prev_low - low;
        // TA-Lib's cases as two selects (at most one holds): branches here mispredict.
        let minus = if diff_minus > 0.0 && diff_plus < diff_minus {
            diff_minus
        } else {
            0.0
        };
        let plus = if diff_plus > 0.0 && diff_plus > diff_minus {
            diff_plus
        } else {
            0.0
        };
        let tr = true_range(high, low, prev_close);
        if i < self.period {
            self.plus_dm += plus;
            self.minus_dm += minus;
            self.tr += tr;
            return None;
        }
        self.plus_dm = self.plus_dm * self.a + plus;
        self.minus_dm = self.minus_dm * self.a + minus;
        self.tr = self.tr * self.a + tr;
        let scale = if ta_is_zero(self.tr) {
            0.0
        } else {
            100.0 / self.tr
        };
        let (plus_di, minus_di) = (self.plus_dm * scale, self.minus_dm * scale);
        // TA-Lib skips the DX of a bar whose true range or DI sum is zero: it neither enters
        // the first average nor moves the ADX afterwards.
        let sum_di = minus_di + plus_di;
        let dx = (!ta_is_zero(self.tr) && !ta_is_zero(sum_di))
            .then(|| 100.0 * ((minus_di - plus_di).abs() / sum_di));
        let adx = match i.cmp(&(2 * self.period - 1)) {
            Ordering::Less => {
                self.sum_dx += dx.unwrap_or(0.0);
                None
            }
            Ordering::Equal => {
                self.sum_dx += dx.unwrap_or(0.0);
                self.adx = self.sum_dx / self.p;
                Some(self.adx)
            }
            Ordering::Greater => {
                if let Some(dx) = dx {
                    self.adx = self.adx * self.a + dx * self.b;
                }
                Some(self.adx)
            }
        };
        Some(DmiOutput {
            plus_di,
            minus_di,
            adx,
        })
    }

    /// Forget everything seen so far.
    pub fn reset(&mut self) {
        self.seen = 0;
        self.prev_high = f64::NAN;
        self.prev_low = f64::NAN;
        self.prev_close = f64::NAN;
        self.plus_dm = 0.0;
        self.minus_dm = 0.0;
        self.tr = 0.0;
        self.sum_dx = 0.0;
        self.adx = 0.0;
    }
}

/// +DI, -DI and ADX in one pass; any output may be skipped by passing `None`.
pub fn dmi_into(
    high: &[f64],
    low: &[f64],
    close: &[f64],
    period: usize,
    mut out_plus_di: Option<&mut [f64]>,
    mut out_minus_di: Option<&mut [f64]>,
    mut out_adx: Option<&mut [f64]>,
) -> Result<(), IndicatorError> {
    let mut state = Dmi::new(period)?;
    let n = check_hlc(NAME, high, low, close)?;
    for (name, out) in [
        ("out_plus_di", &out_plus_di),
        ("out_minus_di", &out_minus_di),
        ("out_adx", &out_adx),
    ] {
        if let Some(out) = out {
            check_len(NAME, name, n, out.len())?;
        }
    }
    for i in 0..n {
        let (plus, minus, adx) = match state.step(high[i], low[i], close[i]) {
            Some(v) => (v.plus_di, v.minus_di, v.adx.unwrap_or(f64::NAN)),
            None => (f64::NAN, f64::NAN, f64::NAN),
        };
        if let Some(out) = out_plus_di.as_deref_mut() {
            out[i] = plus;
        }
        if let Some(out) = out_minus_di.as_deref_mut() {
            out[i] = minus;
        }
        if let Some(out) = out_adx.as_deref_mut() {
            out[i] = adx;
        }
    }
    Ok(())
}

/// Average directional index into `out`.
pub fn adx_into(
    high: &[f64],
    low: &[f64],
    close: &[f64],
    period: usize,
    out: &mut [f64],
) -> Result<(), IndicatorError> {
    dmi_into(high, low, close, period, None, None, Some(out))
}

/// Allocating form of [`adx_into`].
pub fn adx(
    high: &[f64],
    low: &[f64],
    close: &[f64],
    period: usize,
) -> Result<Vec<f64>, IndicatorError> {
    let mut out = vec![0.0; high.len()];
    adx_into(high, low, close, period, &mut out)?;
    Ok(out)
}

/// Plus directional indicator into `out`.
pub fn plus_di_into(
    high: &[f64],
    low: &[f64],
    close: &[f64],
    period: usize,
    out: &mut [f64],
) -> Result<(), IndicatorError> {
    dmi_into(high, low, close, period, Some(out), None, None)
}

/// Allocating form of [`plus_di_into`].
pub fn plus_di(
    high: &[f64],
    low: &[f64],
    close: &[f64],
    period: usize,
) -> Result<Vec<f64>, IndicatorError> {
    let mut out = vec![0.0; high.len()];
    plus_di_into(high, low, close, period, &mut out)?;
    Ok(out)
}

/// Minus directional indicator into `out`.
pub fn minus_di_into(
    high: &[f64],
    low: &[f64],
    close: &[f64],
    period: usize,
    out: &mut [f64],
) -> Result<(), IndicatorError> {
    dmi_into(high, low, close, period, None, Some(out), None)
}

/// Allocating form of [`minus_di_into`].
pub fn minus_di(
    high: &[f64],
    low: &[f64],
    close: &[f64],
    period: usize,
) -> Result<Vec<f64>, IndicatorError> {
    let mut out = vec![0.0; high.len()];
    minus_di_into(high, low, close, period, &mut out)?;
    Ok(out)
}
