//! The Binance REST client against the loopback fake.

use std::fmt::Write as _;
use std::sync::Arc;

use harbinger_core::{Interval, ManualClock, Symbol};
use harbinger_market::binance::{BinanceProvider, binance_pair};
use harbinger_market::validate::ValidatorConfig;
use harbinger_market::{MarketData, ProviderError, Source};

use crate::fake::{self, Fake, Reply};

const DOC: &str = "binance/klines_doc_example.json";
const DAY_MS: i64 = 86_400_000;

async fn spawn(now_ms: i64, script: Vec<Reply>) -> (BinanceProvider, Arc<Fake>) {
    let (config, fake) = fake::spawn(script).await;
    let clock = Arc::new(ManualClock::new(now_ms));
    (
        BinanceProvider::new(&config, ValidatorConfig::CRYPTO, clock).unwrap(),
        fake,
    )
}

fn btc() -> Symbol {
    Symbol::parse("BTC-USD").unwrap()
}

/// `n` daily klines from `start_ms`, prices as strings like Binance sends them.
fn klines(start_ms: i64, n: i64) -> String {
    let mut out = String::from("[");
    for i in 0..n {
        let t = start_ms + i * DAY_MS;
        let sep = if i == 0 { "" } else { "," };
        write!(
            out,
            r#"{sep}[{t},"100.0","101.0","99.0","100.5","12.5",{},"0",1,"0","0","0"]"#,
            t + DAY_MS - 1
        )
        .unwrap();
    }
    out.push(']');
    out
}

#[tokio::test]
async fn doc_example_kline_and_request_shape() {
    let (p, fake) = spawn(1_700_000_000_000, vec![Reply::Body(200, DOC)]).await;
    let h = p
        .history(&btc(), Interval::D1, 1_499_040_000, 1_499_644_799)
        .await
        .unwrap();
    assert_eq!(h.source, Source::Binance);
    assert_eq!(h.bars.len(), 1);
    assert_eq!(h.bars[0].time, 1_499_040_000);
    assert_eq!(
        fake.last_uri(),
        "/api/v3/klines?symbol=BTCUSDT&interval=1d&startTime=1499040000000&endTime=1499644799000&limit=1000"
    );
}

#[tokio::test]
async fn a_kline_still_forming_is_not_returned() {
    // The clock is before the doc example's close time.
    let (p, _) = spawn(1_499_100_000_000, vec![Reply::Body(200, DOC)]).await;
    let h = p
        .history(&btc(), Interval::D1, 0, 1_499_644_799)
        .await
        .unwrap();
    assert!(h.bars.is_empty());
}

#[tokio::test]
async fn long_ranges_are_paged() {
    let start = 1_600_000_000_000 - 1_600_000_000_000 % DAY_MS;
    let second = start + 1_000 * DAY_MS;
    let (p, fake) = spawn(
        i64::MAX,
        vec![
            Reply::Made(200, klines(start, 1_000)),
            Reply::Made(200, klines(second, 5)),
        ],
    )
    .await;
    let h = p
        .history(
            &btc(),
            Interval::D1,
            start / 1_000,
            (second + 10 * DAY_MS) / 1_000,
        )
        .await
        .unwrap();
    assert_eq!(h.bars.len(), 1_005);
    let uris = fake.uris();
    assert_eq!(uris.len(), 2);
    let next = start + 999 * DAY_MS + 1;
    assert!(
        uris[1].contains(&format!("startTime={next}")),
        "{}",
        uris[1]
    );
}

#[tokio::test]
async fn error_bodies_keep_their_meaning() {
    let (p, fake) = spawn(
        0,
        vec![
            Reply::Body(400, "binance/error_invalid_symbol_doc_example.json"),
            Reply::Status(418, None),
        ],
    )
    .await;
    let err = p.history(&btc(), Interval::D1, 0, 1).await.unwrap_err();
    assert!(matches!(err, ProviderError::NotFound(_)), "{err:?}");
    let err = p.history(&btc(), Interval::D1, 0, 1).await.unwrap_err();
    assert!(matches!(err, ProviderError::RateLimited { .. }), "{err:?}");
    assert_eq!(fake.hits(), 2);
}

#[tokio::test]
async fn latest_is_the_newest_one_minute_close() {
    let now_ms = 1_499_040_000_000 + 30_000;
    let (p, fake) = spawn(now_ms, vec![Reply::Body(200, DOC)]).await;
    let q = p.latest(&btc()).await.unwrap();
    assert_eq!((q.price, q.source), (0.015_771, Source::Binance));
    assert!(fake.last_uri().contains("interval=1m"));
}

#[test]
fn pairs() {
    let pair = |s: &str| binance_pair(&Symbol::parse(s).unwrap());
    assert_eq!(pair("BTC-USD"), "BTCUSDT");
    assert_eq!(pair("ETH-BTC"), "ETHBTC");
    assert_eq!(pair("BNBBTC"), "BNBBTC");
}
