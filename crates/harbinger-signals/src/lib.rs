//! Harbinger's signal engine: indicators, strategies, signals with graded outcomes and the
//! backtester.
//!
//! [`indicators`] holds the technical indicators every strategy builds on. Each indicator
//! comes in two forms that give the same numbers:
//!
//! * **batch**: slices in, caller-provided slices out (`*_into`), no allocation, plus
//!   wrappers that allocate and return `Vec`s;
//! * **streaming**: a small state machine per indicator whose `update` takes one value or
//!   one [`indicators::Candle`] at a time, for live feeds.
//!
//! Where TA-Lib has the indicator, warm-up positions and values follow TA-Lib (as padded
//! with NaN by its Python wrapper); the golden tests in `tests/golden` hold this to 1e-9.
#![forbid(unsafe_code)]
// Unit tests compare floats bit for bit on purpose and unwrap known-good results.
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::float_cmp))]

pub mod backtest;
pub mod indicators;
pub mod outcome;
mod series;
pub mod signal;
pub mod strategy;

pub use series::{Ohlcv, OhlcvBuf, SeriesError};
