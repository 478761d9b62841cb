use std::time::Duration;

use harbinger_market::ProviderError;
use harbinger_market::alphavantage::{parse_daily, parse_global_quote};
use harbinger_market::date::format_ymd;
use harbinger_market::validate::{ValidatorConfig, validate};

use crate::fixture;

#[test]
fn daily_series_comes_out_oldest_first() {
    let s = parse_daily(&fixture(
        "alpha_vantage/time_series_daily_AAPL_excerpt.json",
    ))
    .unwrap();
    assert_eq!(s.symbol.as_deref(), Some("AAPL"));
    let days: Vec<String> = s.bars.iter().map(|b| format_ymd(b.time)).collect();
    assert_eq!(
        days,
        [
            "2017-11-10",
            "2017-11-13",
            "2017-11-14",
            "2017-11-15",
            "2017-11-16"
        ]
    );
    let last = s.bars[4];
    assert_eq!(
        (last.open, last.high, last.low, last.close),
        (171.18, 171.87, 170.3, 171.1)
    );
    assert_eq!(last.volume, 23_598_023.0);
    let v = validate(ValidatorConfig::EQUITY, &s.bars, &[]);
    assert_eq!(v.bars.len(), 5);
}

#[test]
fn information_quota_message_is_rate_limited() {
    let err = parse_daily(&fixture(
        "alpha_vantage/rate_limit_information_25_per_day.json",
    ))
    .unwrap_err();
    match err {
        ProviderError::RateLimited {
            retry_after,
            message,
        } => {
            assert_eq!(retry_after, None);
            assert!(message.contains("25 requests per day"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn legacy_note_is_rate_limited_for_a_minute() {
    let err = parse_daily(&fixture("alpha_vantage/rate_limit_note_legacy.json")).unwrap_err();
    assert!(
        matches!(err, ProviderError::RateLimited { retry_after: Some(d), .. } if d == Duration::from_mins(1)),
        "{err:?}"
    );
}

#[test]
fn error_message_is_bad_request() {
    let err = parse_daily(&fixture("alpha_vantage/error_invalid_api_call.json")).unwrap_err();
    assert!(matches!(err, ProviderError::BadRequest(ref m) if m.starts_with("Invalid API call")));
}

#[test]
fn missing_key_is_unauthorized() {
    let body = br#"{"Error Message": "the parameter apikey is invalid or missing."}"#;
    assert!(matches!(
        parse_daily(body),
        Err(ProviderError::Unauthorized(_))
    ));
}

#[test]
fn other_answers_are_schema_errors() {
    // An intraday answer, a quote, a search result: none has `Time Series (Daily)`.
    for f in [
        "alpha_vantage/time_series_intraday_1min_MSFT.json",
        "alpha_vantage/global_quote_MSFT.json",
        "alpha_vantage/symbol_search_BA.json",
    ] {
        assert!(
            matches!(parse_daily(&fixture(f)), Err(ProviderError::Schema(_))),
            "{f}"
        );
    }
    let bad_number = br#"{"Time Series (Daily)": {"2017-11-16": {"1. open": "n/a",
        "2. high": "1", "3. low": "1", "4. close": "1", "5. volume": "1"}}}"#;
    assert!(matches!(
        parse_daily(bad_number),
        Err(ProviderError::Schema(_))
    ));
}

#[test]
fn global_quote() {
    let q = parse_global_quote(&fixture("alpha_vantage/global_quote_MSFT.json")).unwrap();
    assert_eq!(q.symbol, "MSFT");
    assert_eq!(q.price, 112.13);
    assert_eq!(q.previous_close, 112.79);
    assert_eq!(format_ymd(q.latest_trading_day), "2018-10-05");
    assert!(matches!(
        parse_global_quote(br#"{"Global Quote": {}}"#),
        Err(ProviderError::NotFound(_))
    ));
    assert!(matches!(
        parse_global_quote(&fixture("alpha_vantage/rate_limit_note_legacy.json")),
        Err(ProviderError::RateLimited { .. })
    ));
}
