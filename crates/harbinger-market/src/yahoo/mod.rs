//! Yahoo Finance chart API: `GET /v8/finance/chart/{symbol}?period1=&period2=&interval=`.
//!
//! One parser covers every recorded shape: daily and intraday bars, `events.splits` and
//! `events.dividends`, `indicators.adjclose`, the weekend answer whose result has `meta` but no
//! `timestamp` (and `quote: [{}]`), and the error envelope Yahoo sends with HTTP 400/404
//! (`{"chart":{"result":null,"error":{"code","description"}}}`).

mod client;
mod wire;

pub use client::{DEFAULT_BASE_URL, YahooProvider, yahoo_interval, yahoo_ticker};

use std::borrow::Cow;

use harbinger_core::Interval;

use crate::date::local_midnight;
use crate::error::{ProviderError, clip};
use crate::raw::{Dividend, RawBar, SplitEvent};
use crate::wire::NanVec;
use wire::Envelope;

/// The instrument description Yahoo sends with every chart.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChartMeta {
    pub symbol: String,
    pub currency: Option<String>,
    pub instrument_type: Option<String>,
    pub exchange_timezone_name: Option<String>,
    /// The exchange's offset from UTC in seconds *at the time of the request* (not per bar).
    pub gmtoffset: i64,
    /// Yahoo's interval text (`1d`, `30m`, `1m`, `60m`, `1wk` …).
    pub data_granularity: Option<String>,
    pub regular_market_price: Option<f64>,
    pub regular_market_time: Option<i64>,
}

/// A parsed chart, columns exactly as Yahoo sent them (`null` values are `NaN`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChartResponse {
    pub meta: ChartMeta,
    /// Bar opening instants, Unix seconds. Daily bars carry the session open (13:30 UTC for New
    /// York), not midnight: [`ChartResponse::series`] normalises them.
    pub timestamps: Vec<i64>,
    pub open: Vec<f64>,
    pub high: Vec<f64>,
    pub low: Vec<f64>,
    pub close: Vec<f64>,
    pub volume: Vec<f64>,
    pub adj_close: Option<Vec<f64>>,
    pub splits: Vec<SplitEvent>,
    pub dividends: Vec<Dividend>,
}

/// A chart turned into rows ready for validation, with event times on the same clock as bars.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChartSeries {
    pub bars: Vec<RawBar>,
    pub splits: Vec<SplitEvent>,
    pub dividends: Vec<Dividend>,
}

impl ChartResponse {
    /// The interval Yahoo says the bars have, if it is one Harbinger knows.
    pub fn interval(&self) -> Option<Interval> {
        match self.meta.data_granularity.as_deref()? {
            "60m" => Some(Interval::H1),
            "1wk" | "5d" => Some(Interval::W1),
            other => Interval::parse(other).ok(),
        }
    }

    /// Whether the bars are daily or longer, so their time is a trading day.
    fn is_daily(&self) -> bool {
        matches!(
            self.meta.data_granularity.as_deref(),
            Some("1d" | "5d" | "1wk" | "1mo" | "3mo")
        )
    }

    /// Rows and events for validation. Daily bars (and their events) move to midnight UTC of
    /// the exchange-local trading day, the convention of `harbinger_core::Bar`.
    pub fn series(&self) -> ChartSeries {
        let offset = self.meta.gmtoffset;
        let daily = self.is_daily();
        let when = |t: i64| if daily { local_midnight(t, offset) } else { t };
        // The columns are equally long when they come from `parse_chart`; a hand-built value
        // with ragged columns gets NaN (and so a rejection), never a panic.
        let at = |v: &[f64], i: usize| v.get(i).copied().unwrap_or(f64::NAN);
        let bars = self
            .timestamps
            .iter()
            .enumerate()
            .map(|(i, &t)| RawBar {
                time: when(t),
                open: at(&self.open, i),
                high: at(&self.high, i),
                low: at(&self.low, i),
                close: at(&self.close, i),
                volume: at(&self.volume, i),
                adj_close: self.adj_close.as_deref().map(|a| at(a, i)),
            })
            .collect();
        let splits = self
            .splits
            .iter()
            .map(|s| SplitEvent {
                time: when(s.time),
                ..*s
            })
            .collect();
        let dividends = self
            .dividends
            .iter()
            .map(|d| Dividend {
                time: when(d.time),
                ..*d
            })
            .collect();
        ChartSeries {
            bars,
            splits,
            dividends,
        }
    }
}

/// Parses a chart body. An error envelope becomes the matching [`ProviderError`]; a body
/// that is not a chart (renamed field, truncated JSON, ragged columns) is `Schema`.
pub fn parse_chart(body: &[u8]) -> Result<ChartResponse, ProviderError> {
    let env: Envelope<'_> = serde_json::from_slice(body)?;
    if let Some(err) = env.chart.error {
        return Err(map_error(
            &err.code,
            err.description.as_deref().unwrap_or(""),
        ));
    }
    let mut results = env
        .chart
        .result
        .ok_or_else(|| ProviderError::schema("chart has neither result nor error"))?;
    if results.is_empty() {
        return Err(ProviderError::NotFound("chart.result is empty".to_owned()));
    }
    let r = results.swap_remove(0);
    let timestamps = r.timestamp.unwrap_or_default();
    let n = timestamps.len();
    let quote = r.indicators.quote.into_iter().next();
    let column = |col: Option<NanVec>, name: &str| -> Result<Vec<f64>, ProviderError> {
        match col {
            Some(NanVec(v)) if v.len() == n => Ok(v),
            Some(NanVec(v)) => Err(ProviderError::schema(format!(
                "quote.{name} has {} values for {n} timestamps",
                v.len()
            ))),
            None if n == 0 => Ok(Vec::new()),
            None => Err(ProviderError::schema(format!("quote.{name} is missing"))),
        }
    };
    let (open, high, low, close, volume) = match quote {
        Some(q) => (
            column(q.open, "open")?,
            column(q.high, "high")?,
            column(q.low, "low")?,
            column(q.close, "close")?,
            column(q.volume, "volume")?,
        ),
        None if n == 0 => Default::default(),
        None => return Err(ProviderError::schema("indicators.quote is empty")),
    };
    let adj_close = match r.indicators.adjclose.and_then(|a| a.into_iter().next()) {
        Some(a) => Some(column(a.adjclose, "adjclose")?),
        None => None,
    };
    let events = r.events;
    let mut splits: Vec<SplitEvent> = events
        .as_ref()
        .and_then(|e| e.splits.as_ref())
        .map(|m| {
            m.values()
                .map(|s| SplitEvent {
                    time: s.date,
                    numerator: s.numerator,
                    denominator: s.denominator,
                })
                .collect()
        })
        .unwrap_or_default();
    splits.sort_by_key(|s| s.time);
    let mut dividends: Vec<Dividend> = events
        .as_ref()
        .and_then(|e| e.dividends.as_ref())
        .map(|m| {
            m.values()
                .map(|d| Dividend {
                    time: d.date,
                    amount: d.amount,
                })
                .collect()
        })
        .unwrap_or_default();
    dividends.sort_by_key(|d| d.time);
    let m = r.meta;
    Ok(ChartResponse {
        meta: ChartMeta {
            symbol: m.symbol.into_owned(),
            currency: m.currency.map(Cow::into_owned),
            instrument_type: m.instrument_type.map(Cow::into_owned),
            exchange_timezone_name: m.exchange_timezone_name.map(Cow::into_owned),
            gmtoffset: m.gmtoffset.unwrap_or(0),
            data_granularity: m.data_granularity.map(Cow::into_owned),
            regular_market_price: m.regular_market_price,
            regular_market_time: m.regular_market_time,
        },
        timestamps,
        open,
        high,
        low,
        close,
        volume,
        adj_close,
        splits,
        dividends,
    })
}

/// Yahoo's `chart.error.code` is the HTTP reason phrase of the status it came with.
fn map_error(code: &str, description: &str) -> ProviderError {
    let msg = clip(&format!("{code}: {description}"), 300);
    match code {
        "Not Found" => ProviderError::NotFound(msg),
        "Unauthorized" | "Forbidden" => ProviderError::Unauthorized(msg),
        "Too Many Requests" => ProviderError::RateLimited {
            retry_after: None,
            message: msg,
        },
        "Internal Server Error" => ProviderError::Upstream { status: 500 },
        "Bad Gateway" => ProviderError::Upstream { status: 502 },
        "Service Unavailable" => ProviderError::Upstream { status: 503 },
        _ => ProviderError::BadRequest(msg),
    }
}
