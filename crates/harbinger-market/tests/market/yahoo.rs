use harbinger_core::Interval;
use harbinger_market::ProviderError;
use harbinger_market::date::format_ymd;
use harbinger_market::validate::{ValidatorConfig, validate};
use harbinger_market::yahoo::parse_chart;

use crate::{fixture, recording};

const DIR: &str = "yahoo/";

#[test]
fn daily_one_bar_with_adjclose() {
    let c = parse_chart(&fixture(
        "yahoo/chart_AAPL_1d_2020-01-01_2020-01-03.body.json",
    ))
    .unwrap();
    assert_eq!(c.meta.symbol, "AAPL");
    assert_eq!(c.meta.currency.as_deref(), Some("USD"));
    assert_eq!(
        c.meta.exchange_timezone_name.as_deref(),
        Some("America/New_York")
    );
    assert_eq!(c.interval(), Some(Interval::D1));
    assert_eq!(c.timestamps, [1_577_975_400]);
    assert_eq!(c.close, [75.087_501_525_878_9]);
    assert_eq!(c.adj_close.as_deref(), Some(&[72.716_072_082_519_53][..]));
    let s = c.series();
    // 14:30 UTC on 2020-01-02 becomes midnight UTC of the New York trading day.
    assert_eq!(format_ymd(s.bars[0].time), "2020-01-02");
    assert_eq!(s.bars[0].time % 86_400, 0);
    let v = validate(ValidatorConfig::EQUITY, &s.bars, &s.splits);
    assert_eq!(v.bars.len(), 1);
    assert_eq!(v.bars[0].volume, 135_480_400.0);
}

#[test]
fn daily_with_split_and_dividend_events() {
    let c = parse_chart(&fixture(
        "yahoo/chart_AAPL_1d_2020-08-31_2020-11-07_split.body.json",
    ))
    .unwrap();
    assert_eq!(c.timestamps.len(), 49);
    assert_eq!(c.splits.len(), 1);
    assert_eq!((c.splits[0].numerator, c.splits[0].denominator), (4.0, 1.0));
    assert_eq!(c.splits[0].time, 1_598_880_600);
    assert_eq!(c.dividends.len(), 1);
    assert!((c.dividends[0].amount - 0.205).abs() < 1e-12);
    let s = c.series();
    // Events move to the same midnight clock as the bars they belong to.
    assert_eq!(s.splits[0].time, s.bars[0].time);
    assert_eq!(format_ymd(s.dividends[0].time), "2020-11-06");
    let v = validate(ValidatorConfig::EQUITY, &s.bars, &s.splits);
    assert_eq!(v.bars.len(), 49, "{:?}", v.rejected);
    assert!(v.bars.windows(2).all(|w| w[0].time < w[1].time));
}

#[test]
fn weekend_answer_is_an_empty_chart_not_an_error() {
    let c = parse_chart(&fixture(
        "yahoo/chart_AAPL_1m_2025-02-01_weekend_empty.body.json",
    ))
    .unwrap();
    assert_eq!(c.meta.symbol, "AAPL");
    assert_eq!(c.interval(), Some(Interval::M1));
    assert!(c.timestamps.is_empty() && c.close.is_empty());
    assert!(c.series().bars.is_empty());
}

#[test]
fn intraday_keeps_exact_times() {
    let c = parse_chart(&fixture(
        "yahoo/chart_TSLA_30m_2021-11-22_2021-11-23.body.json",
    ))
    .unwrap();
    assert_eq!(c.interval(), Some(Interval::M30));
    assert_eq!(c.timestamps.len(), 30);
    assert!(c.adj_close.is_none());
    let s = c.series();
    assert_eq!(s.bars[0].time, 1_637_571_600);
    assert!(s.bars.windows(2).all(|w| w[1].time - w[0].time == 1_800));
    let v = validate(ValidatorConfig::EQUITY, &s.bars, &[]);
    assert_eq!(v.bars.len(), 30, "{:?}", v.rejected);
}

#[test]
fn crypto_and_fx_daily() {
    let btc = parse_chart(&fixture(
        "yahoo/chart_BTC-USD_1d_2020-01-01_2020-01-03.body.json",
    ))
    .unwrap();
    assert_eq!(btc.meta.instrument_type.as_deref(), Some("CRYPTOCURRENCY"));
    let days: Vec<String> = btc
        .series()
        .bars
        .iter()
        .map(|b| format_ymd(b.time))
        .collect();
    assert_eq!(days, ["2020-01-01", "2020-01-02", "2020-01-03"]);
    let fx = parse_chart(&fixture(
        "yahoo/chart_EURUSD=X_1d_2020-01-01_2020-01-03.body.json",
    ))
    .unwrap();
    assert!(fx.volume.iter().all(|v| *v == 0.0));
    let v = validate(ValidatorConfig::FX, &fx.series().bars, &[]);
    assert_eq!(
        v.bars.len(),
        3,
        "FX bars with zero volume are valid: {:?}",
        v.rejected
    );
}

#[test]
fn http_400_error_envelope_is_bad_request() {
    let err = parse_chart(&fixture(
        "yahoo/chart_error_400_BEKE_no_data_for_range.body.json",
    ))
    .unwrap_err();
    match err {
        ProviderError::BadRequest(msg) => assert!(msg.contains("Data doesn't exist"), "{msg}"),
        other => panic!("expected BadRequest, got {other:?}"),
    }
}

#[test]
fn not_found_envelope_is_not_found() {
    let body = br#"{"chart":{"result":null,"error":{"code":"Not Found","description":"No data found, symbol may be delisted"}}}"#;
    assert!(matches!(parse_chart(body), Err(ProviderError::NotFound(_))));
}

#[test]
fn recordings_match_their_bodies() {
    // The `*.recording.json` files carry the same body plus the HTTP status; parsing the
    // embedded body gives the same chart as the bare body file.
    for name in [
        "chart_AAPL_1d_2020-01-01_2020-01-03",
        "chart_AAPL_1d_2020-08-31_2020-11-07_split",
        "chart_AAPL_1m_2025-02-01_weekend_empty",
        "chart_BTC-USD_1d_2020-01-01_2020-01-03",
        "chart_EURUSD=X_1d_2020-01-01_2020-01-03",
        "chart_TSLA_30m_2021-11-22_2021-11-23",
        "chart_error_400_BEKE_no_data_for_range",
    ] {
        let (status, body) = recording(&format!("{DIR}{name}.recording.json"));
        let from_recording = parse_chart(&body);
        let from_body = parse_chart(&fixture(&format!("{DIR}{name}.body.json")));
        assert_eq!(from_recording, from_body, "{name}");
        assert_eq!(status == 200, from_body.is_ok(), "{name}: HTTP {status}");
    }
}

#[test]
fn schema_drift_is_a_typed_error_never_zero_prices() {
    let good = String::from_utf8(fixture(
        "yahoo/chart_AAPL_1d_2020-01-01_2020-01-03.body.json",
    ))
    .unwrap();
    let cases = [
        good.replace("\"close\"", "\"Close\""), // renamed column
        good.replace("\"timestamp\"", "\"timestamps\""), // renamed timestamps: ragged
        good.replace("\"chart\"", "\"graph\""), // renamed envelope
        good.replace("\"symbol\"", "\"ticker\""), // meta lost its symbol
        good[..good.len() / 2].to_owned(),      // truncated body
        good.replace("75.0875015258789", "\"75.0875015258789\""), // number sent as text
        String::new(),
        "null".to_owned(),
        r#"{"chart":{"result":null,"error":null}}"#.to_owned(),
    ];
    for (i, body) in cases.iter().enumerate() {
        match parse_chart(body.as_bytes()) {
            Err(ProviderError::Schema(_)) => {}
            other => panic!("case {i}: expected Schema, got {other:?}"),
        }
    }
}

#[test]
fn null_values_are_rejected_by_validation() {
    let body = br#"{"chart":{"result":[{"meta":{"symbol":"X","gmtoffset":0,"dataGranularity":"1d"},
        "timestamp":[86400,172800],"indicators":{"quote":[{"open":[1.0,null],"high":[1.0,null],
        "low":[1.0,null],"close":[1.0,null],"volume":[5,null]}]}}],"error":null}}"#;
    let c = parse_chart(body).unwrap();
    let v = validate(ValidatorConfig::EQUITY, &c.series().bars, &[]);
    assert_eq!(v.bars.len(), 1);
    assert_eq!(v.rejected[0].reason.label(), "not_finite");
}
