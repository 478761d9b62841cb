//! Wiring between configuration and the market-data crate: which provider a name means, with
//! the base URL the configuration gives it.

use std::sync::Arc;

use harbinger_core::{Clock, Symbol};
use harbinger_market::alphavantage::AlphaVantageProvider;
use harbinger_market::binance::BinanceProvider;
use harbinger_market::instruments::InstrumentTable;
use harbinger_market::stooq::StooqProvider;
use harbinger_market::yahoo::YahooProvider;
use harbinger_market::{HttpConfig, MarketData, ReplayConfig, ReplayProvider, ValidatorConfig};
use harbinger_store::{Instrument, Store, StoreError};
use secrecy::SecretString;

use crate::config::Config;

/// Builds the provider named `name` from the configuration. The error is one line for the
/// operator.
pub fn provider(
    name: &str,
    config: &Config,
    clock: Arc<dyn Clock>,
) -> Result<Arc<dyn MarketData>, String> {
    provider_with_retries(name, config, clock, None)
}

/// As [`provider`], with the HTTP providers' retries set to `max_retries` when given (the
/// server's chain sets 0 when a fallback exists: the next provider is the retry).
pub fn provider_with_retries(
    name: &str,
    config: &Config,
    clock: Arc<dyn Clock>,
    max_retries: Option<u32>,
) -> Result<Arc<dyn MarketData>, String> {
    let m = &config.market;
    let with_base = |mut http: HttpConfig, base: &str| {
        base.clone_into(&mut http.base_url);
        if let Some(n) = max_retries {
            http.retry.max_retries = n;
        }
        http
    };
    let built: Result<Arc<dyn MarketData>, _> = match name {
        "replay" => {
            let rc = ReplayConfig::new(m.replay_bar_seconds).map_err(|e| e.0)?;
            ReplayProvider::bundled(rc).map(|p| Arc::new(p) as Arc<dyn MarketData>)
        }
        "yahoo" => YahooProvider::new(
            &with_base(HttpConfig::yahoo(), &m.yahoo_base_url),
            ValidatorConfig::EQUITY,
        )
        .map(|p| Arc::new(p) as Arc<dyn MarketData>),
        "stooq" => StooqProvider::new(
            &with_base(HttpConfig::stooq(), &m.stooq_base_url),
            ValidatorConfig::EQUITY,
            clock,
        )
        .map(|p| Arc::new(p) as Arc<dyn MarketData>),
        "alphavantage" => {
            let key = m.alphavantage_api_key.as_ref().ok_or_else(|| {
                "HARBINGER_MARKET__ALPHAVANTAGE_API_KEY is required for the alphavantage provider".to_owned()
            })?;
            AlphaVantageProvider::new(
                &with_base(HttpConfig::alphavantage(), &m.alphavantage_base_url),
                ValidatorConfig::EQUITY,
                SecretString::from(key.expose().to_owned()),
            )
            .map(|p| Arc::new(p) as Arc<dyn MarketData>)
        }
        "binance" => BinanceProvider::new(
            &with_base(HttpConfig::binance(), &m.binance_base_url),
            ValidatorConfig::CRYPTO,
            clock,
        )
        .map(|p| Arc::new(p) as Arc<dyn MarketData>),
        other => {
            return Err(format!(
                "unknown provider {other:?}; choose from replay, yahoo, stooq, alphavantage, binance"
            ));
        }
    };
    built.map_err(|e| format!("cannot set up the {name} provider: {e}"))
}

/// Fills the instrument table from the bundled S&P 500 list (and the replayed symbols) the
/// first time, so symbol search works on a fresh data directory.
pub async fn seed_instruments(store: &Store) -> Result<(), StoreError> {
    if store.instrument_count().await? > 0 {
        return Ok(());
    }
    let table = InstrumentTable::bundled().map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let mut rows: Vec<Instrument> = table
        .iter()
        .map(|i| Instrument {
            symbol: i.symbol.to_string(),
            name: i.name.clone(),
            asset_class: "equity".into(),
            exchange: None,
            sector: Some(i.sector.clone()).filter(|s| !s.is_empty()),
            currency: "USD".into(),
        })
        .collect();
    // Replayed symbols missing from today's index (FB is META now) stay searchable.
    for (sym, name) in [
        ("FB", "Facebook, Inc. (history to 2013)"),
        ("GOOG", "Google Inc. (history to 2013)"),
    ] {
        if !rows.iter().any(|r| r.symbol == sym) {
            rows.push(Instrument {
                symbol: sym.into(),
                name: name.into(),
                asset_class: "equity".into(),
                exchange: None,
                sector: None,
                currency: "USD".into(),
            });
        }
    }
    store.upsert_instruments(&rows).await?;
    Ok(())
}

/// Parses `--symbols A,B` (already split on commas by clap).
pub fn symbols(raw: &[String]) -> Result<Vec<Symbol>, String> {
    let mut out: Vec<Symbol> = Vec::new();
    for s in raw {
        let sym = Symbol::parse(s).map_err(|e| format!("--symbols: {s:?}: {e}"))?;
        if !out.contains(&sym) {
            out.push(sym);
        }
    }
    if out.is_empty() {
        return Err("--symbols: give at least one symbol, e.g. --symbols AAPL,MSFT".into());
    }
    Ok(out)
}

/// Parses `YYYY-MM-DD` into Unix seconds at midnight UTC.
pub fn day(flag: &str, raw: &str) -> Result<i64, String> {
    harbinger_market::date::parse_ymd(raw.trim().as_bytes())
        .ok_or_else(|| format!("{flag}: {raw:?} is not a date; use YYYY-MM-DD"))
}
