//! The Alpha Vantage client: `GET {base}/query?function=TIME_SERIES_DAILY&symbol=&apikey=`.
//!
//! Refusals come back with HTTP 200 (see the parent module); the key travels in the query
//! string, so it never appears in errors (`reqwest` errors are stripped of their URL) or in
//! `Debug` output.

use std::time::Duration;

use futures::future::BoxFuture;
use harbinger_core::{Interval, Symbol};
use reqwest::{Client, Url};
use secrecy::{ExposeSecret, SecretString};

use super::{parse_daily, parse_global_quote};
use crate::error::ProviderError;
use crate::http::{self, HttpConfig, RetryPolicy};
use crate::provider::{History, MarketData, Quote};
use crate::raw::Source;
use crate::validate::{BarValidator, ValidatorConfig};

/// The public endpoint.
pub const DEFAULT_BASE_URL: &str = "https://www.alphavantage.co";

/// `compact` answers hold the last 100 trading days (about 140 calendar days).
const COMPACT_SPAN: i64 = 140 * 86_400;

impl HttpConfig {
    /// Alpha Vantage defaults: 5 s to connect, 15 s per request, one retry.
    pub fn alphavantage() -> Self {
        Self {
            base_url: DEFAULT_BASE_URL.to_owned(),
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(15),
            retry: RetryPolicy::default(),
            user_agent: concat!("harbinger/", env!("CARGO_PKG_VERSION")).to_owned(),
        }
    }
}

/// The `alphavantage` provider.
#[derive(Debug, Clone)]
pub struct AlphaVantageProvider {
    client: Client,
    base: Url,
    retry: RetryPolicy,
    validation: ValidatorConfig,
    api_key: SecretString,
}

impl AlphaVantageProvider {
    /// Builds the client; fails on a bad base URL, TLS set-up, or an empty key.
    pub fn new(
        config: &HttpConfig,
        validation: ValidatorConfig,
        api_key: SecretString,
    ) -> Result<Self, ProviderError> {
        if api_key.expose_secret().trim().is_empty() {
            return Err(ProviderError::Unauthorized(
                "the Alpha Vantage API key is empty".to_owned(),
            ));
        }
        Ok(Self {
            client: config.client()?,
            base: config.base()?,
            retry: config.retry,
            validation,
            api_key,
        })
    }

    /// The query URL for `function` (`TIME_SERIES_DAILY`, `GLOBAL_QUOTE`) and extra parameters.
    fn url(&self, function: &str, symbol: &Symbol, extra: &[(&str, &str)]) -> Url {
        let mut url = self.base.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            // `base()` refused URLs that cannot take a path, so this branch always runs.
            path.pop_if_empty().push("query");
        }
        url.query_pairs_mut()
            .append_pair("function", function)
            .append_pair("symbol", symbol.as_str())
            .extend_pairs(extra)
            .append_pair("apikey", self.api_key.expose_secret());
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
                "alphavantage is wired for daily bars only, not {interval}"
            )));
        }
        let size = if to.saturating_sub(from) > COMPACT_SPAN {
            "full"
        } else {
            "compact"
        };
        let url = self.url("TIME_SERIES_DAILY", symbol, &[("outputsize", size)]);
        let body = http::get(&self.client, &url, self.retry).await?.ok_body()?;
        let series = parse_daily(&body)?;
        let checked = BarValidator::new(self.validation).validate(&series.bars, &[]);
        let mut bars = checked.bars;
        bars.retain(|b| (from..=to).contains(&b.time));
        Ok(History {
            symbol: symbol.clone(),
            interval,
            source: Source::AlphaVantage,
            bars,
            rejected: checked.rejected,
        })
    }

    async fn quote(&self, symbol: &Symbol) -> Result<Quote, ProviderError> {
        let url = self.url("GLOBAL_QUOTE", symbol, &[]);
        let body = http::get(&self.client, &url, self.retry).await?.ok_body()?;
        let q = parse_global_quote(&body)?;
        if !(q.price.is_finite() && q.price > 0.0) {
            return Err(ProviderError::schema(format!(
                "price {} is not positive",
                q.price
            )));
        }
        Ok(Quote {
            symbol: symbol.clone(),
            price: q.price,
            time: q.latest_trading_day,
            source: Source::AlphaVantage,
        })
    }
}

impl MarketData for AlphaVantageProvider {
    fn source(&self) -> Source {
        Source::AlphaVantage
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
        Box::pin(self.quote(symbol))
    }
}
