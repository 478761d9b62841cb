//! The Stooq client: `GET {base}/q/d/l/?s={ticker}&i=d&d1=YYYYMMDD&d2=YYYYMMDD`.
//!
//! Daily bars only, adjusted by Stooq for splits and dividends; no key. Stooq has no quote
//! endpoint here, so `latest` is the close of the newest daily bar of the last two weeks.

use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use harbinger_core::{Clock, Interval, Symbol};
use reqwest::{Client, Url};

use super::parse_daily_csv;
use crate::date::format_ymd;
use crate::error::ProviderError;
use crate::http::{self, HttpConfig, RetryPolicy};
use crate::provider::{History, MarketData, Quote};
use crate::raw::Source;
use crate::validate::{BarValidator, ValidatorConfig};

/// The public endpoint.
pub const DEFAULT_BASE_URL: &str = "https://stooq.com";

impl HttpConfig {
    /// Stooq defaults: 5 s to connect, 15 s per request (full histories are large), one retry.
    pub fn stooq() -> Self {
        Self {
            base_url: DEFAULT_BASE_URL.to_owned(),
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(15),
            retry: RetryPolicy::default(),
            user_agent: concat!("harbinger/", env!("CARGO_PKG_VERSION")).to_owned(),
        }
    }
}

/// Stooq's ticker for a US listing: lower case, share-class dot as a dash, `.us` suffix
/// (`BRK.B` → `brk-b.us`). Indices (`^SPX`) and FX pairs (`EURUSD`) pass through lower-cased.
pub fn stooq_ticker(symbol: &Symbol) -> String {
    let s = symbol.as_str().to_ascii_lowercase();
    if s.starts_with('^') || s.contains('=') {
        s.replace('=', "")
    } else {
        format!("{}.us", s.replace('.', "-"))
    }
}

/// The `stooq` provider.
#[derive(Debug, Clone)]
pub struct StooqProvider {
    client: Client,
    base: Url,
    retry: RetryPolicy,
    validation: ValidatorConfig,
    clock: Arc<dyn Clock>,
}

impl StooqProvider {
    /// Builds the client; fails only on a bad base URL or TLS set-up. `clock` decides what
    /// "the last few days" are for [`MarketData::latest`].
    pub fn new(
        config: &HttpConfig,
        validation: ValidatorConfig,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, ProviderError> {
        Ok(Self {
            client: config.client()?,
            base: config.base()?,
            retry: config.retry,
            validation,
            clock,
        })
    }

    /// The download URL for `symbol` between two Unix times (both days included).
    pub fn download_url(&self, symbol: &Symbol, from: i64, to: i64) -> Url {
        let mut url = self.base.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            // `base()` refused URLs that cannot take a path, so this branch always runs.
            path.pop_if_empty().extend(["q", "d", "l", ""]);
        }
        let day = |t: i64| format_ymd(t).replace('-', "");
        url.query_pairs_mut()
            .append_pair("s", &stooq_ticker(symbol))
            .append_pair("i", "d")
            .append_pair("d1", &day(from))
            .append_pair("d2", &day(to));
        url
    }

    async fn fetch(
        &self,
        symbol: &Symbol,
        interval: Interval,
        from: i64,
        to: i64,
    ) -> Result<History, ProviderError> {
        if interval != Interval::D1 {
            return Err(ProviderError::BadRequest(format!(
                "stooq has daily bars only, not {interval}"
            )));
        }
        let url = self.download_url(symbol, from, to);
        let body = http::get(&self.client, &url, self.retry).await?.ok_body()?;
        let csv = parse_daily_csv(&body)?;
        let checked = BarValidator::new(self.validation).validate(&csv.bars, &[]);
        let mut bars = checked.bars;
        bars.retain(|b| (from..=to).contains(&b.time));
        Ok(History {
            symbol: symbol.clone(),
            interval,
            source: Source::Stooq,
            bars,
            rejected: checked.rejected,
        })
    }
}

impl MarketData for StooqProvider {
    fn source(&self) -> Source {
        Source::Stooq
    }

    fn history<'a>(
        &'a self,
        symbol: &'a Symbol,
        interval: Interval,
        from: i64,
        to: i64,
    ) -> BoxFuture<'a, Result<History, ProviderError>> {
        Box::pin(self.fetch(symbol, interval, from, to))
    }

    fn latest<'a>(&'a self, symbol: &'a Symbol) -> BoxFuture<'a, Result<Quote, ProviderError>> {
        Box::pin(async move {
            // Two weeks back covers long weekends and holidays.
            let now = self.clock.now_ms().div_euclid(1_000);
            let h = self
                .fetch(symbol, Interval::D1, now - 14 * 86_400, now)
                .await?;
            let last = h
                .bars
                .last()
                .ok_or_else(|| ProviderError::NotFound(format!("no bars for {symbol}")))?;
            Ok(Quote {
                symbol: symbol.clone(),
                price: last.close,
                time: last.time,
                source: Source::Stooq,
            })
        })
    }
}
