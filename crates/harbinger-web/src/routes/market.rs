//! Prices and symbol search.

use axum::Json;
use axum::extract::{Path, Query, State};
use harbinger_core::{Interval, Symbol};
use harbinger_marketdata::BarsRequest;
use harbinger_store::Instrument;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::{AppState, Problem};

/// Most bars one request returns.
const MAX_BARS: i64 = 5_000;
/// Most search results one request returns.
const MAX_SYMBOLS: i64 = 50;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct BarsParams {
    /// `1d` (default), `1h`, `1m` …
    #[param(pattern = "^(1m|5m|15m|30m|1h|4h|1d|1wk)$")]
    interval: Option<String>,
    /// First day `YYYY-MM-DD` or Unix seconds (inclusive).
    #[param(pattern = r"^(\d{4}-(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])|\d{1,11})$")]
    from: Option<String>,
    /// Last day `YYYY-MM-DD` or Unix seconds (inclusive).
    #[param(pattern = r"^(\d{4}-(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])|\d{1,11})$")]
    to: Option<String>,
    /// At most this many bars (default and maximum 5000), oldest first.
    #[param(minimum = 1, maximum = 5000)]
    limit: Option<i64>,
}

/// One stored bar.
#[derive(Debug, Serialize, ToSchema)]
pub struct BarOut {
    /// Opening instant, Unix seconds UTC (daily bars: midnight of the trading day).
    time: i64,
    /// The trading day or instant as ISO 8601.
    date: String,
    open: f64,
    high: f64,
    low: f64,
    close: f64,
    volume: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    adj_close: Option<f64>,
    /// The provider that delivered it (`replay` for the bundled history).
    source: String,
}

/// Bars for one symbol.
#[derive(Debug, Serialize, ToSchema)]
pub struct BarsOut {
    symbol: String,
    interval: String,
    bars: Vec<BarOut>,
    /// Time of the newest bar returned, Unix seconds.
    as_of: Option<i64>,
    /// True when no provider could confirm the data just now (every provider failed): the
    /// bars are the stored ones, synced at most 24 h ago. Older data is a 503 instead.
    stale: bool,
    /// When a provider last delivered bars for this symbol and interval, Unix seconds.
    synced_at: Option<i64>,
}

/// Bars for a symbol, oldest first: cached or stored, fetched from the providers when the
/// store lacks the range or its data is old; stale (flagged) when every provider fails.
#[utoipa::path(get, path = "/api/v1/market/{symbol}/bars", tag = "market",
    params(("symbol" = String, Path, description = "Ticker, e.g. AAPL", pattern = r"^[A-Za-z0-9.^=_-]{1,16}$"), BarsParams),
    responses(
        (status = 200, description = "Bars, oldest first", body = BarsOut),
        (status = 400, description = "Bad symbol, interval or range", body = Problem),
        (status = 404, description = "No data and no provider knows the symbol", body = Problem),
        (status = 503, description = "No provider answered and no data from the last 24 h is stored", body = Problem),
    ))]
pub async fn bars(
    State(state): State<AppState>,
    Path(symbol): Path<String>,
    Query(p): Query<BarsParams>,
) -> Result<Json<BarsOut>, Problem> {
    let symbol =
        Symbol::parse(&symbol).map_err(|e| Problem::bad_request(format!("symbol: {e}")))?;
    let interval = match p.interval.as_deref() {
        None => Interval::D1,
        Some(raw) => Interval::parse(raw).map_err(|e| Problem::bad_request(e.to_string()))?,
    };
    let from = p
        .from
        .as_deref()
        .map(|t| time_param("from", t))
        .transpose()?
        .unwrap_or(i64::MIN);
    let to = match p.to.as_deref() {
        // A day includes all of itself.
        Some(t) if t.contains('-') => time_param("to", t)? + 86_399,
        Some(t) => time_param("to", t)?,
        None => i64::MAX,
    };
    let limit = p.limit.unwrap_or(MAX_BARS);
    if !(1..=MAX_BARS).contains(&limit) {
        return Err(Problem::bad_request(format!(
            "limit must be between 1 and {MAX_BARS}"
        )));
    }
    if from > to {
        // An empty range holds no bars.
        return Ok(Json(BarsOut {
            symbol: symbol.to_string(),
            interval: interval.as_str().to_owned(),
            bars: Vec::new(),
            as_of: None,
            stale: false,
            synced_at: None,
        }));
    }
    let answer = state
        .market
        .bars(&BarsRequest {
            symbol: symbol.clone(),
            interval,
            from,
            to,
            limit,
        })
        .await?;
    let bars = answer
        .bars
        .into_iter()
        .map(|b| BarOut {
            time: b.bar.time,
            date: iso(b.bar.time, interval),
            open: b.bar.open,
            high: b.bar.high,
            low: b.bar.low,
            close: b.bar.close,
            volume: b.bar.volume,
            adj_close: b.bar.adj_close,
            source: b.source,
        })
        .collect();
    Ok(Json(BarsOut {
        symbol: symbol.to_string(),
        interval: interval.as_str().to_owned(),
        bars,
        as_of: answer.as_of,
        stale: answer.stale,
        synced_at: answer.synced_at_ms.map(|ms| ms.div_euclid(1000)),
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SymbolsParams {
    /// Ticker prefix or part of the name.
    #[param(min_length = 1, max_length = 64, pattern = r"\S")]
    q: String,
    /// At most this many results (default 20, maximum 50).
    #[param(minimum = 1, maximum = 50)]
    limit: Option<i64>,
}

/// Search results.
#[derive(Debug, Serialize, ToSchema)]
pub struct SymbolsOut {
    items: Vec<SymbolOut>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SymbolOut {
    symbol: String,
    name: String,
    asset_class: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    sector: Option<String>,
    currency: String,
}

impl From<Instrument> for SymbolOut {
    fn from(i: Instrument) -> Self {
        Self {
            symbol: i.symbol,
            name: i.name,
            asset_class: i.asset_class,
            sector: i.sector,
            currency: i.currency,
        }
    }
}

/// Symbol search: exact ticker first, then ticker prefix, then name matches.
#[utoipa::path(get, path = "/api/v1/symbols", tag = "market", params(SymbolsParams),
    responses(
        (status = 200, description = "Matching instruments", body = SymbolsOut),
        (status = 400, description = "Missing or over-long query", body = Problem),
    ))]
pub async fn symbols(
    State(state): State<AppState>,
    Query(p): Query<SymbolsParams>,
) -> Result<Json<SymbolsOut>, Problem> {
    let q = p.q.trim();
    if q.is_empty() || q.chars().count() > 64 {
        return Err(Problem::bad_request("q must be 1 to 64 characters"));
    }
    let limit = p.limit.unwrap_or(20);
    if !(1..=MAX_SYMBOLS).contains(&limit) {
        return Err(Problem::bad_request(format!(
            "limit must be between 1 and {MAX_SYMBOLS}"
        )));
    }
    let items = state.store.search_instruments(q, limit).await?;
    Ok(Json(SymbolsOut {
        items: items.into_iter().map(SymbolOut::from).collect(),
    }))
}

/// `YYYY-MM-DD` (midnight UTC) or Unix seconds.
pub(super) fn time_param(name: &str, raw: &str) -> Result<i64, Problem> {
    let raw = raw.trim();
    if let Ok(secs) = raw.parse::<i64>() {
        return Ok(secs);
    }
    chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|dt| dt.and_utc().timestamp())
        .ok_or_else(|| {
            Problem::bad_request(format!("{name}: {raw:?} is not YYYY-MM-DD or Unix seconds"))
        })
}

fn iso(time: i64, interval: Interval) -> String {
    let Some(dt) = chrono::DateTime::from_timestamp(time, 0) else {
        return time.to_string();
    };
    if interval.seconds() >= 86_400 {
        dt.format("%Y-%m-%d").to_string()
    } else {
        dt.format("%Y-%m-%dT%H:%M:%SZ").to_string()
    }
}
