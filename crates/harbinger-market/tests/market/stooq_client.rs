//! The Stooq client against the loopback fake.

use std::sync::Arc;

use harbinger_core::{Interval, ManualClock, Symbol};
use harbinger_market::date::{format_ymd, parse_ymd};
use harbinger_market::stooq::StooqProvider;
use harbinger_market::validate::ValidatorConfig;
use harbinger_market::{MarketData, ProviderError, Source};

use crate::fake::{self, Fake, Reply};

const SPY: &str = "stooq/spy.us_d_2000rows.csv";

/// A provider whose clock reads 2026-02-10 (the day after the recording's last bar).
async fn spawn(script: Vec<Reply>) -> (StooqProvider, Arc<Fake>) {
    let (config, fake) = fake::spawn(script).await;
    let now_ms = parse_ymd(b"2026-02-10").unwrap() * 1_000;
    let clock = Arc::new(ManualClock::new(now_ms));
    (
        StooqProvider::new(&config, ValidatorConfig::EQUITY, clock).unwrap(),
        fake,
    )
}

fn sym(s: &str) -> Symbol {
    Symbol::parse(s).unwrap()
}

#[tokio::test]
async fn history_is_the_download_cut_to_the_range() {
    let (p, fake) = spawn(vec![Reply::Body(200, SPY)]).await;
    let (from, to) = (
        parse_ymd(b"2026-02-02").unwrap(),
        parse_ymd(b"2026-02-06").unwrap(),
    );
    let h = p
        .history(&sym("SPY"), Interval::D1, from, to)
        .await
        .unwrap();
    assert_eq!(h.source, Source::Stooq);
    let days: Vec<String> = h.bars.iter().map(|b| format_ymd(b.time)).collect();
    assert_eq!(
        days,
        [
            "2026-02-02",
            "2026-02-03",
            "2026-02-04",
            "2026-02-05",
            "2026-02-06"
        ]
    );
    assert_eq!(
        fake.last_uri(),
        "/q/d/l/?s=spy.us&i=d&d1=20260202&d2=20260206"
    );
}

#[tokio::test]
async fn latest_is_the_newest_close_of_the_last_two_weeks() {
    let (p, fake) = spawn(vec![Reply::Body(200, SPY)]).await;
    let q = p.latest(&sym("SPY")).await.unwrap();
    assert_eq!(
        (format_ymd(q.time).as_str(), q.price),
        ("2026-02-09", 695.16)
    );
    assert!(
        fake.last_uri().ends_with("d1=20260127&d2=20260210"),
        "{}",
        fake.last_uri()
    );
}

#[tokio::test]
async fn text_answers_are_typed_errors() {
    let (p, _) = spawn(vec![
        Reply::Body(200, "stooq/error_no_data.txt"),
        Reply::Body(200, "stooq/error_daily_hits_limit.txt"),
    ])
    .await;
    let s = sym("NOPE");
    assert!(matches!(
        p.history(&s, Interval::D1, 0, 1).await,
        Err(ProviderError::NotFound(_))
    ));
    assert!(matches!(
        p.history(&s, Interval::D1, 0, 1).await,
        Err(ProviderError::RateLimited { .. })
    ));
    assert!(matches!(
        p.history(&s, Interval::H1, 0, 1).await,
        Err(ProviderError::BadRequest(_))
    ));
}

#[tokio::test]
async fn a_404_is_not_found() {
    let (p, fake) = spawn(vec![Reply::Status(404, None)]).await;
    assert!(matches!(
        p.latest(&sym("SPY")).await,
        Err(ProviderError::NotFound(_))
    ));
    assert_eq!(fake.hits(), 1);
}

#[test]
fn tickers() {
    use harbinger_market::stooq::stooq_ticker;
    assert_eq!(stooq_ticker(&sym("BRK.B")), "brk-b.us");
    assert_eq!(stooq_ticker(&sym("^SPX")), "^spx");
    assert_eq!(stooq_ticker(&sym("EURUSD=X")), "eurusdx");
}
