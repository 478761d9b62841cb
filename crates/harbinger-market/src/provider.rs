//! The `MarketData` trait every provider implements, and the values it returns.
//!
//! Methods return boxed futures rather than `async fn` so the trait stays dyn-compatible: the
//! fallback chain holds `Vec<Arc<dyn MarketData>>` and tries each in order.

use std::fmt;

use futures::future::BoxFuture;
use futures::stream::BoxStream;
use harbinger_core::{Bar, Interval, Symbol};
use serde::Serialize;

use crate::error::ProviderError;
use crate::raw::Source;
use crate::validate::Rejection;

/// Validated bars for one symbol and interval, oldest first.
#[derive(Debug, Clone, PartialEq)]
pub struct History {
    pub symbol: Symbol,
    pub interval: Interval,
    pub source: Source,
    /// Every bar passed validation; times strictly increase.
    pub bars: Vec<Bar>,
    /// Rows the provider sent that validation refused (to be counted, never stored).
    pub rejected: Vec<Rejection>,
}

/// The latest known price of a symbol.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quote {
    pub symbol: Symbol,
    pub price: f64,
    /// When the price was current, Unix seconds UTC (for a daily bar: its trading day).
    pub time: i64,
    pub source: Source,
}

/// A bar pushed by a live feed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LiveBar {
    pub symbol: Symbol,
    pub interval: Interval,
    pub bar: Bar,
    pub source: Source,
    /// The bar is final. A still-forming bar (Binance `x: false`) may change and is not stored.
    pub closed: bool,
}

/// A source of market data. Implementations take base URL, timeouts and retry policy from the
/// configuration they are built with; they never read the environment.
pub trait MarketData: Send + Sync + fmt::Debug {
    /// Which provider this is; stored with every bar it delivers.
    fn source(&self) -> Source;

    /// The provider's configuration name (`replay`, `yahoo` …).
    fn name(&self) -> &'static str {
        self.source().as_str()
    }

    /// Bars with `from ≤ time ≤ to` (Unix seconds UTC, both inclusive), validated.
    fn history<'a>(
        &'a self,
        symbol: &'a Symbol,
        interval: Interval,
        from: i64,
        to: i64,
    ) -> BoxFuture<'a, Result<History, ProviderError>>;

    /// The latest price.
    fn latest<'a>(&'a self, symbol: &'a Symbol) -> BoxFuture<'a, Result<Quote, ProviderError>>;

    /// Live bars for `symbols`, for providers that push them; `None` for the others.
    fn live(&self, symbols: &[Symbol], interval: Interval) -> Option<BoxStream<'static, LiveBar>> {
        let _ = (symbols, interval);
        None
    }
}
