//! The Yahoo chart client: `GET {base}/v8/finance/chart/{ticker}?period1&period2&interval`.
//!
//! The chart endpoint needs no cookie or crumb (the quote endpoints do), so `latest` also reads
//! the chart's `meta.regularMarketPrice`. Base URL, timeouts and retries come from
//! [`HttpConfig`]; nothing is read from the environment.

use std::time::Duration;

use futures::future::BoxFuture;
use harbinger_core::{Interval, Symbol};
use reqwest::{Client, Url};

use super::{ChartResponse, parse_chart};
use crate::error::ProviderError;
use crate::http::{self, HttpConfig, RetryPolicy};
use crate::provider::{History, MarketData, Quote};
use crate::raw::Source;
use crate::validate::{BarValidator, ValidatorConfig};

/// The public endpoint (`query2` answers the same).
pub const DEFAULT_BASE_URL: &str = "https://query1.finance.yahoo.com";

impl HttpConfig {
    /// Yahoo defaults: 5 s to connect, 10 s per request, one retry.
    pub fn yahoo() -> Self {
        Self {
            base_url: DEFAULT_BASE_URL.to_owned(),
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            user_agent: concat!("harbinger/", env!("CARGO_PKG_VERSION")).to_owned(),
        }
    }
}

/// The `yahoo` provider.
#[derive(Debug, Clone)]
pub struct YahooProvider {
    client: Client,
    base: Url,
    retry: RetryPolicy,
    validation: ValidatorConfig,
}

/// Yahoo writes share classes with a dash (`BRK-B`), where the instrument list has `BRK.B`.
pub fn yahoo_ticker(symbol: &Symbol) -> String {
    symbol.as_str().replace('.', "-")
}

/// Yahoo's interval text; 4-hour bars are not offered.
pub const fn yahoo_interval(interval: Interval) -> Option<&'static str> {
    Some(match interval {
        Interval::M1 => "1m",
        Interval::M5 => "5m",
        Interval::M15 => "15m",
        Interval::M30 => "30m",
        Interval::H1 => "60m",
        Interval::H4 => return None,
        Interval::D1 => "1d",
        Interval::W1 => "1wk",
    })
}

impl YahooProvider {
    /// Builds the client; fails only on a bad base URL or TLS set-up.
    pub fn new(config: &HttpConfig, validation: ValidatorConfig) -> Result<Self, ProviderError> {
        Ok(Self {
            client: config.client()?,
            base: config.base()?,
            retry: config.retry,
            validation,
        })
    }

    /// The chart URL for a request (public so the request shape can be checked).
    pub fn chart_url(&self, symbol: &Symbol, query: &[(&str, &str)]) -> Url {
        let mut url = self.base.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            // `base()` refused URLs that cannot take a path, so this branch always runs.
            path.pop_if_empty()
                .extend(["v8", "finance", "chart", &yahoo_ticker(symbol)]);
        }
        url.query_pairs_mut().extend_pairs(query);
        url
    }

    async fn chart(&self, url: Url) -> Result<ChartResponse, ProviderError> {
        let answer = http::get(&self.client, &url, self.retry).await?;
        // 400 and 404 carry `chart.error`, which `parse_chart` turns into the matching error.
        match parse_chart(&answer.body) {
            Err(ProviderError::Schema(_)) if answer.status >= 400 => {
                Err(ProviderError::from_status(answer.status, None))
            }
            Ok(_) if answer.status >= 400 => Err(ProviderError::from_status(answer.status, None)),
            other => other,
        }
    }

    async fn fetch_history(
        &self,
        symbol: &Symbol,
        interval: Interval,
        from: i64,
        to: i64,
    ) -> Result<History, ProviderError> {
        let code = yahoo_interval(interval)
            .ok_or_else(|| ProviderError::BadRequest(format!("yahoo has no {interval} bars")))?;
        // Daily bars are stamped at the session open (13:30 UTC in New York) while `to` is the
        // day's midnight, so ask for one interval more and cut after normalising.
        let period2 = to.saturating_add(interval.seconds()).to_string();
        let period1 = from.to_string();
        let url = self.chart_url(
            symbol,
            &[
                ("period1", &period1),
                ("period2", &period2),
                ("interval", code),
                ("events", "div|split"),
                ("includePrePost", "false"),
            ],
        );
        let series = self.chart(url).await?.series();
        let checked = BarValidator::new(self.validation).validate(&series.bars, &series.splits);
        let mut bars = checked.bars;
        bars.retain(|b| (from..=to).contains(&b.time));
        Ok(History {
            symbol: symbol.clone(),
            interval,
            source: Source::Yahoo,
            bars,
            rejected: checked.rejected,
        })
    }

    async fn fetch_latest(&self, symbol: &Symbol) -> Result<Quote, ProviderError> {
        let url = self.chart_url(symbol, &[("range", "5d"), ("interval", "1d")]);
        let chart = self.chart(url).await?;
        let from_meta = chart
            .meta
            .regular_market_price
            .zip(chart.meta.regular_market_time)
            .filter(|(p, _)| p.is_finite() && *p > 0.0);
        let from_bars = || {
            let s = chart.series();
            BarValidator::new(self.validation)
                .validate(&s.bars, &s.splits)
                .bars
                .last()
                .map(|b| (b.close, b.time))
        };
        let (price, time) = from_meta
            .or_else(from_bars)
            .ok_or_else(|| ProviderError::NotFound(format!("no price for {symbol}")))?;
        Ok(Quote {
            symbol: symbol.clone(),
            price,
            time,
            source: Source::Yahoo,
        })
    }
}

impl MarketData for YahooProvider {
    fn source(&self) -> Source {
        Source::Yahoo
    }

    fn history<'a>(
        &'a self,
        symbol: &'a Symbol,
        interval: Interval,
        from: i64,
        to: i64,
    ) -> BoxFuture<'a, Result<History, ProviderError>> {
        Box::pin(self.fetch_history(symbol, interval, from, to))
    }

    fn latest<'a>(&'a self, symbol: &'a Symbol) -> BoxFuture<'a, Result<Quote, ProviderError>> {
        Box::pin(self.fetch_latest(symbol))
    }
}
