//! Technical indicators, batch and streaming.
//!
//! # Conventions
//!
//! * **Batch** functions come in pairs: `name_into(inputs…, params…, out…)` writes into
//!   caller-provided slices as long as the inputs and never allocates; `name(inputs…,
//!   params…)` allocates and returns the output(s).
//! * **Warm-up**: the first `name_lookback(params)` outputs are NaN, exactly where TA-Lib's
//!   Python wrapper pads its shorter result with NaN. A series shorter than the warm-up gives
//!   only NaN.
//! * **Streaming**: a struct per indicator whose `update` takes the next value (or
//!   [`Candle`]) and returns `None` where the batch form has NaN. It keeps O(period) memory.
//!   Streaming and batch use the same arithmetic, except that the batch forms of the
//!   EMA-like recurrences (EMA, RSI, ATR, MACD) advance four values per step (see
//!   `smoothing`), which changes results only by rounding.
//! * **Errors**: bad periods, non-finite multipliers and slices of the wrong length are an
//!   [`IndicatorError`], never a panic. Input values are not checked: prices are expected
//!   finite, and a NaN input makes the outputs that depend on it meaningless (usually NaN).
//! * **TA-Lib parity**: SMA, EMA, WMA, RSI, MACD, BBANDS, ATR, STOCH, ADX, +DI, -DI, OBV and
//!   ROC follow TA-Lib's definitions, seeds and zero guards (the golden tests check 1e-9).
//!   Donchian channels, VWAP and the rolling z-score are not in TA-Lib; their definitions are
//!   in their docs.

mod atr;
mod bollinger;
mod dmi;
mod donchian;
mod ema;
mod error;
mod extremes;
mod macd;
mod moments;
mod roc;
mod rsi;
mod sma;
mod smoothing;
mod stochastic;
mod util;
mod volume;
mod wma;
mod zscore;

pub use atr::{Atr, atr, atr_into, atr_lookback, true_range};
pub use bollinger::{
    Bollinger, BollingerOutput, BollingerSeries, bollinger, bollinger_into, bollinger_lookback,
};
pub use dmi::{
    Dmi, DmiOutput, adx, adx_into, adx_lookback, di_lookback, dmi_into, minus_di, minus_di_into,
    plus_di, plus_di_into,
};
pub use donchian::{
    Donchian, DonchianOutput, DonchianSeries, donchian, donchian_into, donchian_lookback,
};
pub use ema::{Ema, ema, ema_into, ema_lookback};
pub use error::IndicatorError;
pub use macd::{Macd, MacdOutput, MacdSeries, macd, macd_into, macd_lookback};
pub use roc::{Roc, roc, roc_into, roc_lookback};
pub use rsi::{Rsi, rsi, rsi_into, rsi_lookback};
pub use sma::{Sma, sma, sma_into, sma_lookback, sma_ta_exact, sma_ta_exact_into};
pub use stochastic::{
    Stochastic, StochasticOutput, StochasticSeries, stochastic, stochastic_into,
    stochastic_lookback,
};
pub use volume::{
    Obv, RollingVwap, Vwap, obv, obv_into, rolling_vwap, rolling_vwap_into, rolling_vwap_lookback,
    vwap, vwap_into,
};
pub use wma::{Wma, wma, wma_into, wma_lookback};
pub use zscore::{ZScore, zscore, zscore_into, zscore_lookback};

/// One price bar as the streaming indicators consume it. Indicators read only the fields
/// they need (ATR: high, low, close; OBV: close, volume; …).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Candle {
    /// Opening price.
    pub open: f64,
    /// Highest price.
    pub high: f64,
    /// Lowest price.
    pub low: f64,
    /// Closing price.
    pub close: f64,
    /// Traded volume.
    pub volume: f64,
}

impl Candle {
    /// A bar from its five fields.
    pub fn new(open: f64, high: f64, low: f64, close: f64, volume: f64) -> Self {
        Self {
            open,
            high,
            low,
            close,
            volume,
        }
    }
}
