//! The Binance REST client: `GET {base}/api/v3/klines?symbol=&interval=&startTime=&endTime=`.
//!
//! A page holds at most 1,000 klines, so long ranges take several calls. Only klines that have
//! closed by the injected clock's "now" are returned: the newest one in an answer may still be
//! forming. The live stream (`<symbol>@kline_<interval>`) needs a WebSocket client and is parsed
//! by [`super::parse_ws_kline`]; it is not wired here.

use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use harbinger_core::{Clock, Interval, Symbol};
use reqwest::{Client, Url};

use super::{Kline, interval_code, parse_klines};
use crate::error::ProviderError;
use crate::http::{self, HttpConfig, RetryPolicy};
use crate::provider::{History, MarketData, Quote};
use crate::raw::{RawBar, Source};
use crate::validate::{BarValidator, ValidatorConfig};

/// The public endpoint.
pub const DEFAULT_BASE_URL: &str = "https://api.binance.com";

/// Klines per page, Binance's maximum.
const PAGE: usize = 1_000;
/// Pages per request at most (50,000 bars), so one call can never loop for long.
const MAX_PAGES: usize = 50;

impl HttpConfig {
    /// Binance defaults: 5 s to connect, 10 s per request, one retry.
    pub fn binance() -> Self {
        Self {
            base_url: DEFAULT_BASE_URL.to_owned(),
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            user_agent: concat!("harbinger/", env!("CARGO_PKG_VERSION")).to_owned(),
        }
    }
}

/// Binance's pair for a symbol: `BTC-USD` → `BTCUSDT` (Binance quotes in the USDT stablecoin,
/// not dollars), `ETH-BTC` → `ETHBTC`; a symbol without a dash is taken as a pair already.
pub fn binance_pair(symbol: &Symbol) -> String {
    match symbol.as_str().split_once('-') {
        Some((base, "USD")) => format!("{base}USDT"),
        Some((base, quote)) => format!("{base}{quote}"),
        None => symbol.as_str().to_owned(),
    }
}

/// The `binance` provider.
#[derive(Debug, Clone)]
pub struct BinanceProvider {
    client: Client,
    base: Url,
    retry: RetryPolicy,
    validation: ValidatorConfig,
    clock: Arc<dyn Clock>,
}

impl BinanceProvider {
    /// Builds the client; fails only on a bad base URL or TLS set-up.
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

    /// The klines URL for one page.
    pub fn klines_url(
        &self,
        symbol: &Symbol,
        interval: Interval,
        start_ms: i64,
        end_ms: i64,
    ) -> Url {
        let mut url = self.base.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            // `base()` refused URLs that cannot take a path, so this branch always runs.
            path.pop_if_empty().extend(["api", "v3", "klines"]);
        }
        url.query_pairs_mut()
            .append_pair("symbol", &binance_pair(symbol))
            .append_pair("interval", interval_code(interval))
            .append_pair("startTime", &start_ms.to_string())
            .append_pair("endTime", &end_ms.to_string())
            .append_pair("limit", &PAGE.to_string());
        url
    }

    /// Closed klines with open time in `[from, to]` seconds, oldest first.
    async fn klines(
        &self,
        symbol: &Symbol,
        interval: Interval,
        from: i64,
        to: i64,
    ) -> Result<Vec<RawBar>, ProviderError> {
        let now_ms = self.clock.now_ms();
        let end_ms = to.saturating_mul(1_000);
        let mut start_ms = from.saturating_mul(1_000);
        let mut rows = Vec::new();
        for _ in 0..MAX_PAGES {
            let url = self.klines_url(symbol, interval, start_ms, end_ms);
            let page = page(&http::get(&self.client, &url, self.retry).await?)?;
            let full = page.len() >= PAGE;
            let next = page.last().map(|k| k.open_time_ms.saturating_add(1));
            rows.extend(
                page.into_iter()
                    .filter(|k| k.close_time_ms < now_ms)
                    .map(|k| k.raw),
            );
            match next {
                Some(n) if full && n <= end_ms && n > start_ms => start_ms = n,
                _ => break,
            }
        }
        Ok(rows)
    }
}

/// Klines from an answer. Binance explains a 4xx in a `{code, msg}` body, which says more
/// than the status (an unknown pair is HTTP 400 with code -1121); 418 is its ban after
/// ignored 429s.
fn page(answer: &http::Answer) -> Result<Vec<Kline>, ProviderError> {
    match answer.status {
        200..=299 => parse_klines(&answer.body),
        418 => Err(ProviderError::RateLimited {
            retry_after: None,
            message: "HTTP 418: IP banned after repeated 429".to_owned(),
        }),
        status => match parse_klines(&answer.body) {
            Err(e) if !matches!(e, ProviderError::Schema(_)) => Err(e),
            _ => Err(ProviderError::from_status(status, None)),
        },
    }
}

impl MarketData for BinanceProvider {
    fn source(&self) -> Source {
        Source::Binance
    }

    fn history<'a>(
        &'a self,
        symbol: &'a Symbol,
        interval: Interval,
        from: i64,
        to: i64,
    ) -> BoxFuture<'a, Result<History, ProviderError>> {
        Box::pin(async move {
            let rows = self.klines(symbol, interval, from, to).await?;
            let checked = BarValidator::new(self.validation).validate(&rows, &[]);
            Ok(History {
                symbol: symbol.clone(),
                interval,
                source: Source::Binance,
                bars: checked.bars,
                rejected: checked.rejected,
            })
        })
    }

    fn latest<'a>(&'a self, symbol: &'a Symbol) -> BoxFuture<'a, Result<Quote, ProviderError>> {
        Box::pin(async move {
            // The forming one-minute kline carries the latest trade price as its close.
            let now = self.clock.now_ms().div_euclid(1_000);
            let url = self.klines_url(symbol, Interval::M1, (now - 120) * 1_000, now * 1_000);
            let last = page(&http::get(&self.client, &url, self.retry).await?)?
                .into_iter()
                .rev()
                .find(|k| k.raw.close.is_finite() && k.raw.close > 0.0)
                .ok_or_else(|| ProviderError::NotFound(format!("no recent trade for {symbol}")))?;
            Ok(Quote {
                symbol: symbol.clone(),
                price: last.raw.close,
                time: last.raw.time,
                source: Source::Binance,
            })
        })
    }
}
