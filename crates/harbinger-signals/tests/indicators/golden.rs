//! Harbinger's indicators against TA-Lib 0.8.2 (and, for the indicators TA-Lib lacks, against
//! direct window-by-window definitions) on real and synthetic prices.
//! The expected files are written by `tests/golden/generate.py`.

use std::collections::BTreeMap;

use harbinger_signals::indicators as ind;

use crate::data::{Series, read_expected, read_prices, read_synthetic};

/// Agreement required: relative 1e-9, absolute 1e-9 for values below 1 in magnitude.
const TOLERANCE: f64 = 1e-9;

fn ours_talib(s: &Series) -> Vec<(&'static str, Vec<f64>)> {
    let (h, l, c, v) = (&s.high, &s.low, &s.close, &s.volume);
    let macd = ind::macd(c, 12, 26, 9).unwrap();
    let bb = ind::bollinger(c, 20, 2.0, 2.0).unwrap();
    let stoch = ind::stochastic(h, l, c, 5, 3, 3).unwrap();
    vec![
        ("SMA20", ind::sma(c, 20).unwrap()),
        ("EMA20", ind::ema(c, 20).unwrap()),
        ("WMA20", ind::wma(c, 20).unwrap()),
        ("RSI14", ind::rsi(c, 14).unwrap()),
        ("MACD", macd.macd),
        ("MACD_SIGNAL", macd.signal),
        ("MACD_HIST", macd.histogram),
        ("BB_UPPER", bb.upper),
        ("BB_MIDDLE", bb.middle),
        ("BB_LOWER", bb.lower),
        ("ATR14", ind::atr(h, l, c, 14).unwrap()),
        ("STOCH_K", stoch.k),
        ("STOCH_D", stoch.d),
        ("ADX14", ind::adx(h, l, c, 14).unwrap()),
        ("PLUS_DI14", ind::plus_di(h, l, c, 14).unwrap()),
        ("MINUS_DI14", ind::minus_di(h, l, c, 14).unwrap()),
        ("OBV", ind::obv(c, v).unwrap()),
        ("ROC10", ind::roc(c, 10).unwrap()),
    ]
}

fn ours_reference(s: &Series) -> Vec<(&'static str, Vec<f64>)> {
    let (h, l, c, v) = (&s.high, &s.low, &s.close, &s.volume);
    let dc = ind::donchian(h, l, 20).unwrap();
    vec![
        ("DONCHIAN20_UPPER", dc.upper),
        ("DONCHIAN20_MIDDLE", dc.middle),
        ("DONCHIAN20_LOWER", dc.lower),
        ("VWAP", ind::vwap(h, l, c, v).unwrap()),
        ("VWAP20", ind::rolling_vwap(h, l, c, v, 20).unwrap()),
        ("ZSCORE20", ind::zscore(c, 20).unwrap()),
    ]
}

/// Compare every expected column with ours; return one line per disagreeing column.
fn compare(
    file: &str,
    expected: &BTreeMap<String, Vec<f64>>,
    ours: &[(&'static str, Vec<f64>)],
) -> Vec<String> {
    let mut problems = Vec::new();
    let ours_names: Vec<&str> = ours.iter().map(|(n, _)| *n).collect();
    let expected_names: Vec<&str> = expected.keys().map(String::as_str).collect();
    let mut sorted = ours_names.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, expected_names, "{file}: columns differ");
    for (name, got) in ours {
        let want = &expected[*name];
        assert_eq!(got.len(), want.len(), "{file}:{name}: length");
        let mut bad = 0;
        let mut first = None;
        let mut worst: f64 = 0.0;
        for (i, (&g, &w)) in got.iter().zip(want).enumerate() {
            let ok = if w.is_nan() || g.is_nan() {
                w.is_nan() && g.is_nan()
            } else {
                let err = (g - w).abs() / w.abs().max(1.0);
                worst = worst.max(err);
                err <= TOLERANCE
            };
            if !ok {
                bad += 1;
                first.get_or_insert((i, g, w));
            }
        }
        if let Some((i, g, w)) = first {
            problems.push(format!(
                "{file}:{name}: {bad} of {} differ (first at row {i}: ours {g}, TA-Lib {w}; worst error {worst:e})",
                want.len()
            ));
        }
    }
    problems
}

#[test]
fn real_prices_match_ta_lib() {
    let mut problems = Vec::new();
    for name in ["AAPL", "MSFT"] {
        let series = read_prices(&format!("data/{name}.csv"));
        assert_eq!(series.close.len(), 3270);
        let expected = read_expected(&format!("expected/{name}.csv"));
        problems.extend(compare(name, &expected, &ours_talib(&series)));
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn synthetic_prices_match_ta_lib_and_reference_definitions() {
    let mut problems = Vec::new();
    let all = read_synthetic("data/synthetic_ohlcv.csv");
    assert_eq!(all.len(), 2);
    for (symbol, series) in &all {
        assert_eq!(series.close.len(), 1000);
        let expected = read_expected(&format!("expected/{symbol}.csv"));
        let mut ours = ours_talib(series);
        ours.extend(ours_reference(series));
        problems.extend(compare(symbol, &expected, &ours));
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}
