use harbinger_market::ProviderError;
use harbinger_market::date::format_ymd;
use harbinger_market::stooq::parse_daily_csv;
use harbinger_market::validate::{ValidatorConfig, validate};

use crate::fixture;

#[test]
fn full_download() {
    let csv = parse_daily_csv(&fixture("stooq/spy.us_d_2000rows.csv")).unwrap();
    assert_eq!(csv.bars.len(), 2000);
    assert!(csv.bad_rows.is_empty());
    assert_eq!(format_ymd(csv.bars[0].time), "2018-02-26");
    assert_eq!(csv.bars[0].open, 245.63);
    assert_eq!(format_ymd(csv.bars[1999].time), "2026-02-09");
    assert!(csv.bars.iter().all(|b| b.adj_close.is_none()));
    let v = validate(ValidatorConfig::EQUITY, &csv.bars, &[]);
    assert_eq!(v.bars.len(), 2000, "{:?}", v.rejected);
}

#[test]
fn head_is_a_prefix_of_the_full_download() {
    let head = parse_daily_csv(&fixture("stooq/spy.us_d_head30.csv")).unwrap();
    let full = parse_daily_csv(&fixture("stooq/spy.us_d_2000rows.csv")).unwrap();
    assert_eq!(head.bars.len(), 30);
    assert_eq!(head.bars[..], full.bars[..30]);
}

#[test]
fn no_data_is_not_found() {
    let err = parse_daily_csv(&fixture("stooq/error_no_data.txt")).unwrap_err();
    assert_eq!(err, ProviderError::NotFound("No data".to_owned()));
}

#[test]
fn daily_limit_is_rate_limited() {
    let err = parse_daily_csv(&fixture("stooq/error_daily_hits_limit.txt")).unwrap_err();
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
}

#[test]
fn html_or_garbage_is_schema() {
    for body in [
        &b"<html><body>Service unavailable</body></html>"[..],
        b"Symbol,Price\nX,1",
    ] {
        assert!(matches!(
            parse_daily_csv(body),
            Err(ProviderError::Schema(_))
        ));
    }
    assert!(matches!(
        parse_daily_csv(b"  "),
        Err(ProviderError::NotFound(_))
    ));
}

#[test]
fn index_without_volume_gets_zero_volume() {
    let csv = parse_daily_csv(b"Date,Open,High,Low,Close\n2024-01-02,10,11,9,10.5\n").unwrap();
    assert_eq!(csv.bars.len(), 1);
    assert_eq!(csv.bars[0].volume, 0.0);
}
