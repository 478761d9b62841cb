//! Harbinger's market data: provider parsers, bar validation, the [`MarketData`] trait and
//! the bundled replay feed.
//!
//! Everything here is pure and offline: parsers are functions from response bytes to typed
//! results (a provider's refusal is a typed [`ProviderError`], never zero prices), and
//! [`validate`] decides which rows become stored [`harbinger_core::Bar`]s. [`http`] holds what
//! the HTTP providers share (timeouts, retries honouring `Retry-After`); the fallback chain,
//! caching and storage are built on top of this crate.
//!
//! | module | what it reads | client |
//! |---|---|---|
//! | [`yahoo`] | chart API JSON (daily, intraday, splits/dividends, adjclose, errors) | `YahooProvider` |
//! | [`stooq`] | daily CSV download and its `No data` / daily-limit text answers | `StooqProvider` |
//! | [`alphavantage`] | `TIME_SERIES_DAILY`, `GLOBAL_QUOTE` and the HTTP-200 refusals | `AlphaVantageProvider` |
//! | [`binance`] | klines REST arrays and kline stream events | `BinanceProvider` (REST only) |
//! | [`csv_daily`] | the contract's daily CSV and the multi-symbol benchmark CSV | (files) |
//! | [`replay`] | the bundled history, replayed as a live feed | `ReplayProvider` |
//! | [`instruments`] | the bundled instrument table for symbol search | |
//!
//! Every client implements [`MarketData`], takes an [`HttpConfig`] (base URL, timeouts, retry
//! policy) and a [`ValidatorConfig`], and is tested against a loopback fake server replaying the
//! recorded answers in `tests/fixtures/`.
#![forbid(unsafe_code)]

pub mod alphavantage;
pub mod binance;
pub mod breaker;
pub mod chain;
pub mod csv_daily;
pub mod date;
pub mod error;
pub mod http;
pub mod instruments;
mod num;
pub mod provider;
pub mod raw;
pub mod replay;
mod splits;
pub mod stooq;
pub mod validate;
mod wire;
pub mod yahoo;

pub use breaker::{Breaker, BreakerConfig, BreakerState};
pub use chain::{FallbackChain, ProviderHealth};
pub use error::ProviderError;
pub use http::{HttpConfig, RetryPolicy};
pub use provider::{History, LiveBar, MarketData, Quote};
pub use raw::{Dividend, RawBar, Source, SplitEvent};
pub use replay::{ReplayConfig, ReplayProvider};
pub use splits::{adjust_for_splits, splits_of};
pub use validate::{BarValidator, RejectReason, Rejection, Validated, ValidatorConfig};
