//! Binance spot market data: `GET /api/v3/klines` and the `<symbol>@kline_<interval>` stream.
//!
//! A REST kline is a 12-element array `[openTime ms, open, high, low, close, volume,
//! closeTime, quoteVolume, trades, takerBuyBase, takerBuyQuote, ignore]` with prices as strings;
//! extra trailing elements are ignored so a future field does not break parsing. Errors are
//! `{"code": -1121, "msg": "Invalid symbol."}` objects.

use std::borrow::Cow;
use std::fmt;

use harbinger_core::Interval;
use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, SeqAccess, Visitor};

use crate::error::{ProviderError, clip};
use crate::raw::RawBar;
use crate::wire::num;

/// One kline. `raw.time` is the open time in Unix seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Kline {
    pub raw: RawBar,
    pub open_time_ms: i64,
    pub close_time_ms: i64,
}

/// One kline stream event.
#[derive(Debug, Clone, PartialEq)]
pub struct WsKline {
    pub symbol: String,
    /// Binance's interval text (`1m`, `1h`, `1w` …).
    pub interval: String,
    pub kline: Kline,
    /// `k.x`: the bar is final. Only closed bars are stored; open ones update a live chart.
    pub closed: bool,
}

/// Binance's interval text for an [`Interval`].
pub const fn interval_code(i: Interval) -> &'static str {
    match i {
        Interval::W1 => "1w",
        other => other.as_str(),
    }
}

/// A price Binance sends as text (`"0.01634790"`); a bare number is accepted too.
struct Price(f64);

impl<'de> Deserialize<'de> for Price {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Price;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a decimal number as text")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Price, E> {
                num(v, "price").map(Price).map_err(E::custom)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Price, E> {
                Ok(Price(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Price, E> {
                Ok(Price(v as f64))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Price, E> {
                Ok(Price(v as f64))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Kline {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Kline;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a kline array")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Kline, A::Error> {
                let short = || de::Error::custom("kline array has fewer than 7 elements");
                let open_time_ms: i64 = seq.next_element()?.ok_or_else(short)?;
                let mut p = [0.0; 5];
                for slot in &mut p {
                    *slot = seq.next_element::<Price>()?.ok_or_else(short)?.0;
                }
                let close_time_ms: i64 = seq.next_element()?.ok_or_else(short)?;
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Kline {
                    raw: RawBar {
                        time: open_time_ms.div_euclid(1_000),
                        open: p[0],
                        high: p[1],
                        low: p[2],
                        close: p[3],
                        volume: p[4],
                        adj_close: None,
                    },
                    open_time_ms,
                    close_time_ms,
                })
            }
        }
        d.deserialize_seq(V)
    }
}

#[derive(Deserialize)]
struct ApiError<'a> {
    code: i64,
    #[serde(borrow)]
    msg: Cow<'a, str>,
}

/// Parses a `GET /api/v3/klines` answer (oldest first, as Binance sends it).
pub fn parse_klines(body: &[u8]) -> Result<Vec<Kline>, ProviderError> {
    if body.trim_ascii_start().first() == Some(&b'{') {
        let e: ApiError<'_> = serde_json::from_slice(body)?;
        return Err(map_error(e.code, &e.msg));
    }
    Ok(serde_json::from_slice(body)?)
}

#[derive(Deserialize)]
struct Frame<'a> {
    /// Combined streams wrap the event: `{"stream": "...", "data": {...}}`.
    #[serde(default, borrow)]
    data: Option<Event<'a>>,
    #[serde(flatten, borrow)]
    event: Event<'a>,
}

#[derive(Deserialize, Default)]
struct Event<'a> {
    #[serde(default, borrow)]
    e: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    k: Option<WsK<'a>>,
}

#[derive(Deserialize)]
struct WsK<'a> {
    t: i64,
    #[serde(rename = "T")]
    close_time: i64,
    #[serde(borrow)]
    s: Cow<'a, str>,
    #[serde(borrow)]
    i: Cow<'a, str>,
    o: Price,
    h: Price,
    l: Price,
    c: Price,
    v: Price,
    x: bool,
}

/// Parses one stream message. Kline events give `Some`; other frames on the same socket
/// (subscription acknowledgements `{"result":null,"id":1}`, other event types) give `None`.
pub fn parse_ws_kline(body: &[u8]) -> Result<Option<WsKline>, ProviderError> {
    let frame: Frame<'_> = serde_json::from_slice(body)?;
    let event = frame.data.unwrap_or(frame.event);
    match (event.e.as_deref(), event.k) {
        (Some("kline"), Some(k)) => Ok(Some(WsKline {
            symbol: k.s.into_owned(),
            interval: k.i.into_owned(),
            kline: Kline {
                raw: RawBar {
                    time: k.t.div_euclid(1_000),
                    open: k.o.0,
                    high: k.h.0,
                    low: k.l.0,
                    close: k.c.0,
                    volume: k.v.0,
                    adj_close: None,
                },
                open_time_ms: k.t,
                close_time_ms: k.close_time,
            },
            closed: k.x,
        })),
        (Some("kline"), None) => Err(ProviderError::schema("kline event without `k`")),
        _ => Ok(None),
    }
}

/// Maps Binance's error codes (see its `errors.md`).
fn map_error(code: i64, msg: &str) -> ProviderError {
    let message = clip(&format!("{code}: {msg}"), 300);
    match code {
        -1003 | -1015 => ProviderError::RateLimited {
            retry_after: None,
            message,
        },
        -1002 | -1022 | -2014 | -2015 => ProviderError::Unauthorized(message),
        -1121 => ProviderError::NotFound(message),
        -1000 | -1001 | -1006 | -1007 | -1008 => ProviderError::Upstream { status: 503 },
        _ => ProviderError::BadRequest(message),
    }
}

mod client;

pub use client::{BinanceProvider, DEFAULT_BASE_URL, binance_pair};
