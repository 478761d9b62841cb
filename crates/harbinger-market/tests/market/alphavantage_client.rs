//! The Alpha Vantage client against the loopback fake.

use std::sync::Arc;

use harbinger_core::{Interval, Symbol};
use harbinger_market::alphavantage::AlphaVantageProvider;
use harbinger_market::date::{format_ymd, parse_ymd};
use harbinger_market::validate::ValidatorConfig;
use harbinger_market::{HttpConfig, MarketData, ProviderError, Source};
use secrecy::SecretString;

use crate::fake::{self, Fake, Reply};

async fn spawn(script: Vec<Reply>) -> (AlphaVantageProvider, Arc<Fake>) {
    let (config, fake) = fake::spawn(script).await;
    let key = SecretString::from("demo-key");
    (
        AlphaVantageProvider::new(&config, ValidatorConfig::EQUITY, key).unwrap(),
        fake,
    )
}

fn aapl() -> Symbol {
    Symbol::parse("AAPL").unwrap()
}

#[tokio::test]
async fn daily_history_and_request_shape() {
    let (p, fake) = spawn(vec![Reply::Body(
        200,
        "alpha_vantage/time_series_daily_AAPL_excerpt.json",
    )])
    .await;
    let (from, to) = (
        parse_ymd(b"2017-11-13").unwrap(),
        parse_ymd(b"2017-11-16").unwrap(),
    );
    let h = p.history(&aapl(), Interval::D1, from, to).await.unwrap();
    assert_eq!(h.source, Source::AlphaVantage);
    let days: Vec<String> = h.bars.iter().map(|b| format_ymd(b.time)).collect();
    assert_eq!(
        days,
        ["2017-11-13", "2017-11-14", "2017-11-15", "2017-11-16"]
    );
    assert_eq!(
        fake.last_uri(),
        "/query?function=TIME_SERIES_DAILY&symbol=AAPL&outputsize=compact&apikey=demo-key"
    );
}

#[tokio::test]
async fn http_200_refusals_are_errors() {
    let (p, fake) = spawn(vec![
        Reply::Body(200, "alpha_vantage/rate_limit_information_25_per_day.json"),
        Reply::Body(200, "alpha_vantage/rate_limit_note_legacy.json"),
        Reply::Body(200, "alpha_vantage/error_invalid_api_call.json"),
    ])
    .await;
    let s = aapl();
    for expected in ["rate_limited", "rate_limited", "bad_request"] {
        let err = p.history(&s, Interval::D1, 0, 1).await.unwrap_err();
        assert_eq!(err.reason(), expected, "{err:?}");
    }
    assert_eq!(fake.hits(), 3, "a refusal in a 200 body is never retried");
}

#[tokio::test]
async fn latest_uses_global_quote() {
    let (p, fake) = spawn(vec![Reply::Body(
        200,
        "alpha_vantage/global_quote_MSFT.json",
    )])
    .await;
    let q = p.latest(&Symbol::parse("MSFT").unwrap()).await.unwrap();
    assert_eq!(
        (q.price, format_ymd(q.time).as_str()),
        (112.13, "2018-10-05")
    );
    assert!(
        fake.last_uri()
            .starts_with("/query?function=GLOBAL_QUOTE&symbol=MSFT&apikey=")
    );
}

#[test]
fn the_key_is_required_and_never_printed() {
    let config = HttpConfig::alphavantage();
    let empty =
        AlphaVantageProvider::new(&config, ValidatorConfig::EQUITY, SecretString::from(" "));
    assert!(matches!(empty, Err(ProviderError::Unauthorized(_))));
    let p = AlphaVantageProvider::new(
        &config,
        ValidatorConfig::EQUITY,
        SecretString::from("s3cr3t-k3y"),
    )
    .unwrap();
    assert!(!format!("{p:?}").contains("s3cr3t-k3y"));
}
