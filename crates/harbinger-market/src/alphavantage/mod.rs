//! Alpha Vantage `TIME_SERIES_DAILY` (and `GLOBAL_QUOTE` for the latest price).
//!
//! Alpha Vantage answers HTTP 200 even when it refuses: `{"Information": "…"}` (today's quota
//! message), `{"Note": "…"}` (the older per-minute throttle) and `{"Error Message": "…"}` (bad
//! call or unknown symbol) must become errors, never an empty series. All numbers are strings
//! and dates come newest first.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::time::Duration;

use serde::Deserialize;

use crate::date::parse_ymd;
use crate::error::{ProviderError, clip};
use crate::raw::RawBar;
use crate::wire::num;

/// A daily series, oldest first.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DailySeries {
    /// `Meta Data` → `2. Symbol`, when present.
    pub symbol: Option<String>,
    pub bars: Vec<RawBar>,
}

/// `GLOBAL_QUOTE`: the latest trading day's numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct GlobalQuote {
    pub symbol: String,
    pub price: f64,
    pub volume: f64,
    /// Midnight UTC of `07. latest trading day`.
    pub latest_trading_day: i64,
    pub previous_close: f64,
}

#[derive(Deserialize)]
struct Messages<'a> {
    #[serde(rename = "Information", default, borrow)]
    information: Option<Cow<'a, str>>,
    #[serde(rename = "Note", default, borrow)]
    note: Option<Cow<'a, str>>,
    #[serde(rename = "Error Message", default, borrow)]
    error_message: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct Daily<'a> {
    #[serde(rename = "Meta Data", default, borrow)]
    meta: Option<BTreeMap<Cow<'a, str>, Cow<'a, str>>>,
    #[serde(rename = "Time Series (Daily)", default, borrow)]
    series: Option<BTreeMap<Cow<'a, str>, Day<'a>>>,
    #[serde(flatten, borrow)]
    messages: Messages<'a>,
}

#[derive(Deserialize)]
struct Day<'a> {
    #[serde(rename = "1. open", borrow)]
    open: Cow<'a, str>,
    #[serde(rename = "2. high", borrow)]
    high: Cow<'a, str>,
    #[serde(rename = "3. low", borrow)]
    low: Cow<'a, str>,
    #[serde(rename = "4. close", borrow)]
    close: Cow<'a, str>,
    /// `TIME_SERIES_DAILY_ADJUSTED` puts the adjusted close at 5 and the volume at 6.
    #[serde(rename = "5. volume", alias = "6. volume", borrow)]
    volume: Cow<'a, str>,
    #[serde(rename = "5. adjusted close", default, borrow)]
    adjusted_close: Option<Cow<'a, str>>,
}

/// Parses a `TIME_SERIES_DAILY` (or `_ADJUSTED`) answer into bars, oldest first.
pub fn parse_daily(body: &[u8]) -> Result<DailySeries, ProviderError> {
    let d: Daily<'_> = serde_json::from_slice(body)?;
    let Some(series) = d.series else {
        return Err(message_error(&d.messages)
            .unwrap_or_else(|| ProviderError::schema("no `Time Series (Daily)` in the answer")));
    };
    let symbol = d.meta.and_then(|m| {
        m.iter()
            .find(|(k, _)| k.ends_with("Symbol"))
            .map(|(_, v)| v.to_string())
    });
    // BTreeMap keys are `YYYY-MM-DD`, so iteration order is already oldest first.
    let bars = series
        .iter()
        .map(|(date, day)| {
            let time = parse_ymd(date.as_bytes()).ok_or_else(|| {
                ProviderError::schema(format!("date {:?} is not YYYY-MM-DD", clip(date, 20)))
            })?;
            Ok(RawBar {
                time,
                open: num(&day.open, "1. open")?,
                high: num(&day.high, "2. high")?,
                low: num(&day.low, "3. low")?,
                close: num(&day.close, "4. close")?,
                volume: num(&day.volume, "5. volume")?,
                adj_close: day
                    .adjusted_close
                    .as_deref()
                    .map(|a| num(a, "5. adjusted close"))
                    .transpose()?,
            })
        })
        .collect::<Result<Vec<_>, ProviderError>>()?;
    Ok(DailySeries { symbol, bars })
}

#[derive(Deserialize)]
struct QuoteEnvelope<'a> {
    #[serde(rename = "Global Quote", default, borrow)]
    quote: Option<BTreeMap<Cow<'a, str>, Cow<'a, str>>>,
    #[serde(flatten, borrow)]
    messages: Messages<'a>,
}

/// Parses a `GLOBAL_QUOTE` answer. An empty `Global Quote` object means an unknown symbol.
pub fn parse_global_quote(body: &[u8]) -> Result<GlobalQuote, ProviderError> {
    let q: QuoteEnvelope<'_> = serde_json::from_slice(body)?;
    let Some(quote) = q.quote else {
        return Err(message_error(&q.messages)
            .unwrap_or_else(|| ProviderError::schema("no `Global Quote` in the answer")));
    };
    if quote.is_empty() {
        return Err(ProviderError::NotFound("empty Global Quote".to_owned()));
    }
    let get = |key: &str| -> Result<&str, ProviderError> {
        quote
            .iter()
            .find(|(k, _)| k.split_once(". ").is_some_and(|(_, name)| name == key))
            .map(|(_, v)| v.as_ref())
            .ok_or_else(|| ProviderError::schema(format!("Global Quote has no {key:?}")))
    };
    let day = get("latest trading day")?;
    Ok(GlobalQuote {
        symbol: get("symbol")?.to_owned(),
        price: num(get("price")?, "price")?,
        volume: num(get("volume")?, "volume")?,
        latest_trading_day: parse_ymd(day.as_bytes()).ok_or_else(|| {
            ProviderError::schema(format!("latest trading day {:?}", clip(day, 20)))
        })?,
        previous_close: num(get("previous close")?, "previous close")?,
    })
}

/// Turns the HTTP-200 refusal messages into typed errors.
fn message_error(m: &Messages<'_>) -> Option<ProviderError> {
    let (key, text) = [
        ("Note", &m.note),
        ("Information", &m.information),
        ("Error Message", &m.error_message),
    ]
    .into_iter()
    .find_map(|(k, v)| v.as_deref().map(|t| (k, t)))?;
    let lower = text.to_ascii_lowercase();
    let message = clip(text, 300);
    let throttled = [
        "rate limit",
        "call frequency",
        "calls per",
        "requests per",
        "spreading out",
    ]
    .iter()
    .any(|p| lower.contains(p));
    Some(if key == "Note" || throttled {
        ProviderError::RateLimited {
            // The per-minute throttle clears within a minute; the daily quota's reset time is
            // not stated, so the caller's default applies.
            retry_after: lower
                .contains("per minute")
                .then_some(Duration::from_mins(1)),
            message,
        }
    } else if lower.contains("apikey") || lower.contains("api key") || lower.contains("premium") {
        ProviderError::Unauthorized(message)
    } else {
        ProviderError::BadRequest(message)
    })
}

mod client;

pub use client::{AlphaVantageProvider, DEFAULT_BASE_URL};
