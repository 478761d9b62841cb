//! Harbinger's market data service, between the HTTP API and the providers.
//!
//! [`MarketService`] answers "bars for a symbol, interval and range" and "the latest quote":
//! from a two-tier [`TieredCache`] (in process, then Redis when configured), then the store,
//! then the `FallbackChain` of `harbinger-market`, serving stale data (≤ 24 h, flagged) when
//! every provider fails and refusing older data. New bars go out on the [`BarBus`]
//! (`bars:<SYMBOL>`), in process or over Redis pub/sub.
//!
//! This crate joins `harbinger-market` (providers, no storage) and `harbinger-store`
//! (storage, no providers); it never reads configuration (the binary passes
//! [`ServiceSettings`]) and never sees HTTP types.
#![forbid(unsafe_code)]

pub mod bus;
pub mod cache;
pub mod calendar;
pub mod crosscheck;
pub mod error;
pub mod gaps;
pub mod record;
pub mod service;
pub mod settings;

pub use bus::{
    BarBus, BarEvent, BusError, InProcessBus, LedgerEvent, RedisBus, SIGNALS_CHANNEL,
    receiver_stream,
};
pub use cache::TieredCache;
pub use calendar::Calendar;
pub use crosscheck::{CrossCheck, Verdict};
pub use error::MarketError;
pub use gaps::{GapReport, find_gaps};
pub use record::BarRecord;
pub use service::{BarsAnswer, BarsRequest, MarketService, Origin, QuoteAnswer};
pub use settings::ServiceSettings;
