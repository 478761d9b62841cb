//! The Yahoo client against a loopback fake server that replays the recorded bodies.

use std::sync::Arc;
use std::time::Duration;

use harbinger_core::{Interval, Symbol};
use harbinger_market::date::parse_ymd;
use harbinger_market::validate::ValidatorConfig;
use harbinger_market::yahoo::YahooProvider;
use harbinger_market::{HttpConfig, MarketData, ProviderError, Source};

use crate::fake::{self, Fake, Reply};

async fn spawn(script: Vec<Reply>) -> (YahooProvider, Arc<Fake>) {
    let (config, fake) = fake::spawn(script).await;
    (
        YahooProvider::new(&config, ValidatorConfig::EQUITY).unwrap(),
        fake,
    )
}

fn sym(s: &str) -> Symbol {
    Symbol::parse(s).unwrap()
}

const SPLIT: &str = "yahoo/chart_AAPL_1d_2020-08-31_2020-11-07_split.body.json";

#[tokio::test]
async fn daily_history_has_the_recorded_bars_and_the_right_request_shape() {
    let (p, fake) = spawn(vec![Reply::Body(200, SPLIT)]).await;
    let (from, to) = (
        parse_ymd(b"2020-08-31").unwrap(),
        parse_ymd(b"2020-11-06").unwrap(),
    );
    let h = p
        .history(&sym("AAPL"), Interval::D1, from, to)
        .await
        .unwrap();
    assert_eq!(h.source, Source::Yahoo);
    assert_eq!(h.bars.len(), 49);
    assert!(h.rejected.is_empty());
    assert_eq!((h.bars[0].time, h.bars[48].time), (from, to));
    let uri = fake.last_uri();
    assert!(uri.starts_with("/v8/finance/chart/AAPL?"), "{uri}");
    for part in [
        "period1=1598832000",
        "period2=1604707200",
        "interval=1d",
        "events=div%7Csplit",
    ] {
        assert!(uri.contains(part), "{uri} lacks {part}");
    }
}

#[tokio::test]
async fn share_classes_use_yahoo_tickers_and_ranges_are_cut() {
    let (p, fake) = spawn(vec![Reply::Body(200, SPLIT)]).await;
    let (from, to) = (
        parse_ymd(b"2020-09-01").unwrap(),
        parse_ymd(b"2020-09-03").unwrap(),
    );
    let h = p
        .history(&sym("BRK.B"), Interval::D1, from, to)
        .await
        .unwrap();
    assert_eq!(h.bars.len(), 3);
    assert!(fake.last_uri().starts_with("/v8/finance/chart/BRK-B?"));
}

#[tokio::test]
async fn error_envelope_is_bad_request_without_retry() {
    let (p, fake) = spawn(vec![Reply::Body(
        400,
        "yahoo/chart_error_400_BEKE_no_data_for_range.body.json",
    )])
    .await;
    let err = p
        .history(&sym("BEKE"), Interval::D1, 0, 86_400)
        .await
        .unwrap_err();
    assert!(matches!(err, ProviderError::BadRequest(_)), "{err:?}");
    assert_eq!(fake.hits(), 1);
}

#[tokio::test]
async fn throttling_is_retried_once_when_retry_after_is_short() {
    let (p, fake) = spawn(vec![Reply::Status(429, Some("0")), Reply::Body(200, SPLIT)]).await;
    assert!(
        p.history(&sym("AAPL"), Interval::D1, 0, i64::MAX / 2)
            .await
            .is_ok()
    );
    assert_eq!(fake.hits(), 2);
}

#[tokio::test]
async fn throttling_without_retry_after_is_not_retried() {
    let (p, fake) = spawn(vec![Reply::Status(429, None), Reply::Body(200, SPLIT)]).await;
    let err = p.latest(&sym("AAPL")).await.unwrap_err();
    assert!(
        matches!(
            err,
            ProviderError::RateLimited {
                retry_after: None,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(fake.hits(), 1);
}

#[tokio::test]
async fn a_long_retry_after_is_returned_not_waited_for() {
    let (p, fake) = spawn(vec![Reply::Status(429, Some("120"))]).await;
    let err = p.latest(&sym("AAPL")).await.unwrap_err();
    assert_eq!(
        err,
        ProviderError::RateLimited {
            retry_after: Some(Duration::from_mins(2)),
            message: "HTTP 429".to_owned()
        }
    );
    assert_eq!(fake.hits(), 1);
}

#[tokio::test]
async fn server_errors_and_timeouts_make_at_most_two_calls() {
    let (p, fake) = spawn(vec![Reply::Status(503, None), Reply::Status(503, None)]).await;
    let err = p.latest(&sym("AAPL")).await.unwrap_err();
    assert_eq!(err, ProviderError::Upstream { status: 503 });
    assert_eq!(fake.hits(), 2);

    let slow = Duration::from_secs(1);
    let (p, fake) = spawn(vec![Reply::Slow(slow), Reply::Slow(slow)]).await;
    let err = p.latest(&sym("AAPL")).await.unwrap_err();
    assert!(
        matches!(err, ProviderError::Transport(ref m) if m.starts_with("timeout")),
        "{err:?}"
    );
    assert_eq!(fake.hits(), 2);
}

#[tokio::test]
async fn unauthorized_and_unsupported_intervals() {
    let (p, fake) = spawn(vec![Reply::Status(401, None)]).await;
    assert!(matches!(
        p.latest(&sym("AAPL")).await,
        Err(ProviderError::Unauthorized(_))
    ));
    assert_eq!(fake.hits(), 1);
    let err = p
        .history(&sym("AAPL"), Interval::H4, 0, 1)
        .await
        .unwrap_err();
    assert!(matches!(err, ProviderError::BadRequest(_)));
    assert_eq!(fake.hits(), 1, "no request for an interval Yahoo lacks");
}

#[tokio::test]
async fn weekend_answer_is_an_empty_history_and_latest_reads_meta() {
    let (p, _) = spawn(vec![
        Reply::Body(
            200,
            "yahoo/chart_AAPL_1m_2025-02-01_weekend_empty.body.json",
        ),
        Reply::Body(200, "yahoo/chart_AAPL_1d_2020-01-01_2020-01-03.body.json"),
    ])
    .await;
    let h = p
        .history(&sym("AAPL"), Interval::M1, 1_738_368_000, 1_738_454_400)
        .await
        .unwrap();
    assert!(h.bars.is_empty() && h.rejected.is_empty());
    let q = p.latest(&sym("AAPL")).await.unwrap();
    assert_eq!(
        (q.price, q.time, q.source),
        (244.87, 1_739_998_801, Source::Yahoo)
    );
}

#[test]
fn bad_base_urls_are_refused_at_construction() {
    for base in ["not a url", "mailto:x@example.com", "ftp://example.com"] {
        let config = HttpConfig {
            base_url: base.to_owned(),
            ..HttpConfig::yahoo()
        };
        assert!(
            YahooProvider::new(&config, ValidatorConfig::EQUITY).is_err(),
            "{base}"
        );
    }
}

/// S22: a redirect within the provider's origin is followed; one to another host is refused
/// before anything is sent there, and not retried.
#[tokio::test]
async fn s22_redirects_stay_on_the_configured_host() {
    let (from, to) = (
        parse_ymd(b"2020-08-31").unwrap(),
        parse_ymd(b"2020-11-06").unwrap(),
    );
    let (elsewhere_config, elsewhere) = fake::spawn(vec![Reply::Body(200, SPLIT)]).await;
    let (p, fake) = spawn(vec![Reply::Redirect(format!(
        "{}/v8/finance/chart/AAPL",
        elsewhere_config.base_url
    ))])
    .await;
    let err = p
        .history(&sym("AAPL"), Interval::D1, from, to)
        .await
        .unwrap_err();
    assert!(matches!(err, ProviderError::BadRequest(_)), "{err:?}");
    assert_eq!(fake.hits(), 1, "not retried");
    assert_eq!(elsewhere.hits(), 0, "nothing sent off the configured host");

    let (config, fake) = fake::spawn(vec![]).await;
    fake.push(Reply::Redirect(format!("{}/moved", config.base_url)));
    fake.push(Reply::Body(200, SPLIT));
    let p = YahooProvider::new(&config, ValidatorConfig::EQUITY).unwrap();
    let h = p
        .history(&sym("AAPL"), Interval::D1, from, to)
        .await
        .unwrap();
    assert_eq!(h.bars.len(), 49);
    assert_eq!(fake.uris().last().unwrap(), "/moved");
}
