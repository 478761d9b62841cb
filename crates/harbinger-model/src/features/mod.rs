//! Features for the model: a named, versioned set computed bar by bar with no look-ahead.
//!
//! Every feature is scale-free (a return, a ratio to price or ATR, an oscillator divided by
//! its range), so one model can be trained on any symbol and price level. The values of row
//! `t` depend on bars `0..=t` only. This is guaranteed by construction, not by care: the
//! matrix is built by feeding bars one at a time into [`FeatureStream`], which is made of
//! the *streaming* indicators of `harbinger-signals`. (Their batch forms advance some
//! recurrences four bars per step and finish with single steps, so the last few values of a
//! batch series can differ in the last bit between a series and its truncation; the streaming
//! forms cannot.) The property tests in `tests/model/lookahead.rs` check that changing or
//! removing any bar after `t` leaves row `t` bit-identical.

mod stream;

pub use stream::FeatureStream;

use crate::Ohlcv;
use harbinger_signals::indicators::Candle;

/// A named, versioned list of features. The version enters every
/// [`crate::ModelVersion`], so changing a definition must change the version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeatureSet {
    /// Version string, e.g. `"harbinger-features/1"`.
    pub version: &'static str,
    /// Feature names in column order.
    pub names: &'static [&'static str],
}

impl FeatureSet {
    /// Number of features.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether the set is empty (never for [`FEATURE_SET`]).
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// Number of features in [`FEATURE_SET`].
pub const FEATURE_COUNT: usize = 18;

/// The feature set this crate computes.
///
/// | name | definition |
/// |---|---|
/// | `ret_1`, `ret_5`, `ret_20`, `ret_60` | log return of the close over 1, 5, 20, 60 bars |
/// | `rvol_20` | population standard deviation of the last 20 one-bar log returns |
/// | `rsi_14` | RSI(14) / 100 − 0.5 |
/// | `macd_hist_close` | MACD(12, 26, 9) histogram / close |
/// | `bb_pct_b` | Bollinger(20, 2) %b: (close − lower) / (upper − lower), 0.5 for flat bands |
/// | `bb_width` | (upper − lower) / middle |
/// | `atr_14_close` | ATR(14) / close |
/// | `adx_14` | ADX(14) / 100 |
/// | `stoch_k_14` | slow %K of STOCH(14, 3, 3) / 100 |
/// | `roc_10` | ROC(10) / 100 |
/// | `volume_z_20` | rolling z-score of volume over 20 bars |
/// | `high_20_dist_atr`, `low_20_dist_atr` | (close − highest high) / ATR(14) and (close − lowest low) / ATR(14) over 20 bars (current bar included) |
/// | `high_60_dist_atr`, `low_60_dist_atr` | the same over 60 bars |
pub const FEATURE_SET: FeatureSet = FeatureSet {
    version: "harbinger-features/1",
    names: &FEATURE_NAMES,
};

const FEATURE_NAMES: [&str; FEATURE_COUNT] = [
    "ret_1",
    "ret_5",
    "ret_20",
    "ret_60",
    "rvol_20",
    "rsi_14",
    "macd_hist_close",
    "bb_pct_b",
    "bb_width",
    "atr_14_close",
    "adx_14",
    "stoch_k_14",
    "roc_10",
    "volume_z_20",
    "high_20_dist_atr",
    "low_20_dist_atr",
    "high_60_dist_atr",
    "low_60_dist_atr",
];

/// Number of leading rows of [`features`] that are incomplete on any clean series (the
/// 60-bar return needs 61 bars).
pub const FEATURE_WARMUP: usize = 60;

/// A row-major matrix of features: one row per bar, one column per feature of
/// [`FEATURE_SET`]. NaN marks a missing value (warm-up rows, or prices that make a feature
/// undefined); no value is ever infinite.
#[derive(Debug, Clone, PartialEq)]
pub struct FeatureMatrix {
    rows: usize,
    data: Vec<f64>,
}

impl FeatureMatrix {
    /// Number of rows (bars).
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of columns, [`FEATURE_COUNT`].
    pub fn cols(&self) -> usize {
        FEATURE_COUNT
    }

    /// The feature set of the columns.
    pub fn feature_set(&self) -> FeatureSet {
        FEATURE_SET
    }

    /// The features of bar `t`, `None` past the end.
    pub fn row(&self, t: usize) -> Option<&[f64]> {
        let start = t.checked_mul(FEATURE_COUNT)?;
        self.data.get(start..start.checked_add(FEATURE_COUNT)?)
    }

    /// Whether every feature of bar `t` is present.
    pub fn is_complete(&self, t: usize) -> bool {
        self.row(t).is_some_and(|r| r.iter().all(|v| !v.is_nan()))
    }

    /// The whole matrix, row after row.
    pub fn as_slice(&self) -> &[f64] {
        &self.data
    }
}

/// The features of every bar of `bars`.
pub fn features(bars: &Ohlcv<'_>) -> Result<FeatureMatrix, crate::ModelError> {
    let mut stream = FeatureStream::new()?;
    let mut data = Vec::with_capacity(bars.len() * FEATURE_COUNT);
    for i in 0..bars.len() {
        let row = stream.update(Candle::new(
            bars.open[i],
            bars.high[i],
            bars.low[i],
            bars.close[i],
            bars.volume[i],
        ));
        data.extend_from_slice(&row);
    }
    Ok(FeatureMatrix {
        rows: bars.len(),
        data,
    })
}
