//! Yahoo's chart JSON as serde sees it: borrowed where possible, unknown fields ignored.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Deserialize;

use crate::wire::NanVec;

#[derive(Deserialize)]
pub(super) struct Envelope<'a> {
    #[serde(borrow)]
    pub(super) chart: Chart<'a>,
}

#[derive(Deserialize)]
pub(super) struct Chart<'a> {
    #[serde(default, borrow)]
    pub(super) result: Option<Vec<WireResult<'a>>>,
    #[serde(default, borrow)]
    pub(super) error: Option<WireError<'a>>,
}

#[derive(Deserialize)]
pub(super) struct WireError<'a> {
    #[serde(borrow)]
    pub(super) code: Cow<'a, str>,
    #[serde(default, borrow)]
    pub(super) description: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
pub(super) struct WireResult<'a> {
    #[serde(borrow)]
    pub(super) meta: WireMeta<'a>,
    #[serde(default)]
    pub(super) timestamp: Option<Vec<i64>>,
    #[serde(default, borrow)]
    pub(super) events: Option<WireEvents<'a>>,
    pub(super) indicators: WireIndicators,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct WireMeta<'a> {
    #[serde(borrow)]
    pub(super) symbol: Cow<'a, str>,
    #[serde(default, borrow)]
    pub(super) currency: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    pub(super) instrument_type: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    pub(super) exchange_timezone_name: Option<Cow<'a, str>>,
    #[serde(default, rename = "gmtoffset")]
    pub(super) gmtoffset: Option<i64>,
    #[serde(default, borrow)]
    pub(super) data_granularity: Option<Cow<'a, str>>,
    #[serde(default)]
    pub(super) regular_market_price: Option<f64>,
    #[serde(default)]
    pub(super) regular_market_time: Option<i64>,
}

#[derive(Deserialize)]
pub(super) struct WireEvents<'a> {
    #[serde(default, borrow)]
    pub(super) splits: Option<BTreeMap<Cow<'a, str>, WireSplit>>,
    #[serde(default, borrow)]
    pub(super) dividends: Option<BTreeMap<Cow<'a, str>, WireDividend>>,
}

#[derive(Deserialize)]
pub(super) struct WireSplit {
    pub(super) date: i64,
    pub(super) numerator: f64,
    pub(super) denominator: f64,
}

#[derive(Deserialize)]
pub(super) struct WireDividend {
    pub(super) date: i64,
    pub(super) amount: f64,
}

#[derive(Deserialize)]
pub(super) struct WireIndicators {
    pub(super) quote: Vec<WireQuote>,
    #[serde(default)]
    pub(super) adjclose: Option<Vec<WireAdjClose>>,
}

#[derive(Deserialize)]
pub(super) struct WireQuote {
    #[serde(default)]
    pub(super) open: Option<NanVec>,
    #[serde(default)]
    pub(super) high: Option<NanVec>,
    #[serde(default)]
    pub(super) low: Option<NanVec>,
    #[serde(default)]
    pub(super) close: Option<NanVec>,
    #[serde(default)]
    pub(super) volume: Option<NanVec>,
}

#[derive(Deserialize)]
pub(super) struct WireAdjClose {
    #[serde(default)]
    pub(super) adjclose: Option<NanVec>,
}
