//! Bad parameters and mismatched slices are typed errors, never panics.

use harbinger_signals::indicators::{self as ind, IndicatorError};

fn is_period_error<T: std::fmt::Debug>(r: Result<T, IndicatorError>) -> bool {
    matches!(r.err(), Some(IndicatorError::PeriodTooSmall { .. }))
}

#[test]
fn period_zero_is_refused_everywhere() {
    let x = [1.0; 40];
    assert!(is_period_error(ind::sma(&x, 0)));
    assert!(is_period_error(ind::ema(&x, 0)));
    assert!(is_period_error(ind::wma(&x, 0)));
    assert!(is_period_error(ind::rsi(&x, 0)));
    assert!(is_period_error(ind::roc(&x, 0)));
    assert!(is_period_error(ind::zscore(&x, 0)));
    assert!(is_period_error(ind::macd(&x, 0, 26, 9)));
    assert!(is_period_error(ind::macd(&x, 12, 26, 0)));
    assert!(is_period_error(ind::bollinger(&x, 0, 2.0, 2.0)));
    assert!(is_period_error(ind::atr(&x, &x, &x, 0)));
    assert!(is_period_error(ind::adx(&x, &x, &x, 0)));
    assert!(is_period_error(ind::plus_di(&x, &x, &x, 1)));
    assert!(is_period_error(ind::stochastic(&x, &x, &x, 5, 0, 3)));
    assert!(is_period_error(ind::donchian(&x, &x, 0)));
    assert!(is_period_error(ind::rolling_vwap(&x, &x, &x, &x, 0)));
    assert!(is_period_error(ind::Sma::new(0)));
    assert!(is_period_error(ind::Ema::new(0)));
    assert!(is_period_error(ind::Stochastic::new(0, 3, 3)));
    assert!(is_period_error(ind::Dmi::new(0)));
}

#[test]
fn mismatched_lengths_name_the_offending_slice() {
    let x = [1.0; 40];
    let short = [1.0; 39];
    let mut out = [0.0; 40];
    let mut out_short = [0.0; 39];
    let mismatch = |r: Result<(), IndicatorError>| match r {
        Err(IndicatorError::LengthMismatch {
            slice,
            expected: 40,
            actual: 39,
            ..
        }) => slice,
        other => panic!("expected a length mismatch, got {other:?}"),
    };
    assert_eq!(mismatch(ind::sma_into(&x, 5, &mut out_short)), "out");
    assert_eq!(mismatch(ind::atr_into(&x, &short, &x, 14, &mut out)), "low");
    assert_eq!(mismatch(ind::obv_into(&x, &short, &mut out)), "volume");
    assert_eq!(
        mismatch(ind::vwap_into(&x, &x, &x, &short, &mut out)),
        "volume"
    );
    let (mut a, mut b) = ([0.0; 40], [0.0; 40]);
    assert_eq!(
        mismatch(ind::macd_into(
            &x,
            12,
            26,
            9,
            &mut a,
            &mut b,
            &mut out_short
        )),
        "out_histogram"
    );
    assert_eq!(
        mismatch(ind::stochastic_into(
            &x, &x, &short, 5, 3, 3, &mut a, &mut b
        )),
        "close"
    );
}

#[test]
fn errors_explain_themselves() {
    let err = ind::rsi(&[1.0], 1).unwrap_err();
    assert_eq!(err.to_string(), "RSI: `period` must be at least 2, got 1");
    let err = ind::macd(&[1.0], 26, 12, 9).unwrap_err();
    assert_eq!(
        err.to_string(),
        "MACD: fast period 26 must be below slow period 12"
    );
}

#[test]
fn empty_input_gives_empty_output() {
    assert!(ind::sma(&[], 5).unwrap().is_empty());
    assert!(ind::macd(&[], 12, 26, 9).unwrap().macd.is_empty());
    assert!(ind::atr(&[], &[], &[], 14).unwrap().is_empty());
    assert!(ind::adx(&[], &[], &[], 14).unwrap().is_empty());
}
