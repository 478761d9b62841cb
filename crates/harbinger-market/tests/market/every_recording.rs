//! Every parser on every recording: each fixture file has a declared outcome for each parser,
//! so a new fixture without expectations fails here, and no parser may panic on any file.

use std::collections::BTreeSet;

use harbinger_market::{alphavantage, binance, csv_daily, stooq, yahoo};

use crate::{fixture, fixture_path, recording};

/// What a parser gives for a file: `"ok"` or a `ProviderError::reason()` label.
type Outcome = &'static str;

fn run_all(bytes: &[u8]) -> [Outcome; 7] {
    fn label<T>(r: Result<T, harbinger_market::ProviderError>) -> Outcome {
        r.map_or_else(|e| e.reason(), |_| "ok")
    }
    [
        label(yahoo::parse_chart(bytes)),
        label(stooq::parse_daily_csv(bytes)),
        label(alphavantage::parse_daily(bytes)),
        label(binance::parse_klines(bytes)),
        label(binance::parse_ws_kline(bytes).and_then(|k| {
            k.ok_or_else(|| harbinger_market::ProviderError::Schema("not a kline".into()))
        })),
        label(csv_daily::parse(bytes)),
        label(csv_daily::parse_multi(bytes)),
    ]
}

/// Columns: yahoo, stooq, alphavantage, binance klines, binance ws, csv_daily, csv multi.
const EXPECTED: &[(&str, [Outcome; 7])] = &[
    (
        "alpha_vantage/error_invalid_api_call.json",
        [
            "schema",
            "schema",
            "bad_request",
            "schema",
            "schema",
            "schema",
            "schema",
        ],
    ),
    (
        "alpha_vantage/global_quote_MSFT.json",
        [
            "schema", "schema", "schema", "schema", "schema", "schema", "schema",
        ],
    ),
    (
        "alpha_vantage/rate_limit_information_25_per_day.json",
        [
            "schema",
            "schema",
            "rate_limited",
            "schema",
            "schema",
            "schema",
            "schema",
        ],
    ),
    (
        "alpha_vantage/rate_limit_note_legacy.json",
        [
            "schema",
            "schema",
            "rate_limited",
            "schema",
            "schema",
            "schema",
            "schema",
        ],
    ),
    (
        "alpha_vantage/symbol_search_BA.json",
        [
            "schema", "schema", "schema", "schema", "schema", "schema", "schema",
        ],
    ),
    (
        "alpha_vantage/time_series_daily_AAPL_excerpt.json",
        [
            "schema", "schema", "ok", "schema", "schema", "schema", "schema",
        ],
    ),
    (
        "alpha_vantage/time_series_intraday_1min_MSFT.json",
        [
            "schema", "schema", "schema", "schema", "schema", "schema", "schema",
        ],
    ),
    (
        "alpha_vantage/time_series_intraday_extended.csv",
        [
            "schema", "schema", "schema", "schema", "schema", "schema", "schema",
        ],
    ),
    (
        "binance/error_invalid_symbol_doc_example.json",
        [
            "schema",
            "schema",
            "schema",
            "not_found",
            "schema",
            "schema",
            "schema",
        ],
    ),
    (
        "binance/klines_doc_example.json",
        [
            "schema", "schema", "schema", "ok", "schema", "schema", "schema",
        ],
    ),
    (
        "binance/ws_kline_event_doc_example.json",
        [
            "schema", "schema", "schema", "schema", "ok", "schema", "schema",
        ],
    ),
    (
        "polygon/aggs_grouped_us_stocks_2005-04-04.json",
        [
            "schema", "schema", "schema", "schema", "schema", "schema", "schema",
        ],
    ),
    (
        "polygon/aggs_prev_AAPL.json",
        [
            "schema", "schema", "schema", "schema", "schema", "schema", "schema",
        ],
    ),
    (
        "polygon/aggs_range_AAPL_1_day_2005-04-01_2005-04-04.json",
        [
            "schema", "schema", "schema", "schema", "schema", "schema", "schema",
        ],
    ),
    (
        "polygon/open_close_AAPL.json",
        [
            "schema", "schema", "schema", "schema", "schema", "schema", "schema",
        ],
    ),
    (
        "stooq/error_daily_hits_limit.txt",
        [
            "schema",
            "rate_limited",
            "schema",
            "schema",
            "schema",
            "schema",
            "schema",
        ],
    ),
    (
        "stooq/error_no_data.txt",
        [
            "schema",
            "not_found",
            "schema",
            "schema",
            "schema",
            "schema",
            "schema",
        ],
    ),
    (
        "stooq/spy.us_d_2000rows.csv",
        ["schema", "ok", "schema", "schema", "schema", "ok", "schema"],
    ),
    (
        "stooq/spy.us_d_head30.csv",
        ["schema", "ok", "schema", "schema", "schema", "ok", "schema"],
    ),
    (
        "yahoo/chart_AAPL_1d_2020-01-01_2020-01-03.body.json",
        [
            "ok", "schema", "schema", "schema", "schema", "schema", "schema",
        ],
    ),
    (
        "yahoo/chart_AAPL_1d_2020-08-31_2020-11-07_split.body.json",
        [
            "ok", "schema", "schema", "schema", "schema", "schema", "schema",
        ],
    ),
    (
        "yahoo/chart_AAPL_1m_2025-02-01_weekend_empty.body.json",
        [
            "ok", "schema", "schema", "schema", "schema", "schema", "schema",
        ],
    ),
    (
        "yahoo/chart_BTC-USD_1d_2020-01-01_2020-01-03.body.json",
        [
            "ok", "schema", "schema", "schema", "schema", "schema", "schema",
        ],
    ),
    (
        "yahoo/chart_EURUSD=X_1d_2020-01-01_2020-01-03.body.json",
        [
            "ok", "schema", "schema", "schema", "schema", "schema", "schema",
        ],
    ),
    (
        "yahoo/chart_TSLA_30m_2021-11-22_2021-11-23.body.json",
        [
            "ok", "schema", "schema", "schema", "schema", "schema", "schema",
        ],
    ),
    (
        "yahoo/chart_error_400_BEKE_no_data_for_range.body.json",
        [
            "bad_request",
            "schema",
            "schema",
            "schema",
            "schema",
            "schema",
            "schema",
        ],
    ),
];

fn all_fixture_files() -> BTreeSet<String> {
    let root = fixture_path("");
    let mut out = BTreeSet::new();
    for dir in std::fs::read_dir(&root).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        for f in std::fs::read_dir(&dir).unwrap() {
            let p = f.unwrap().path();
            let rel = p
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            out.insert(rel);
        }
    }
    out
}

#[test]
fn every_parser_on_every_recording() {
    let mut seen = BTreeSet::new();
    for (file, expected) in EXPECTED {
        let got = run_all(&fixture(file));
        assert_eq!(&got, expected, "{file}");
        seen.insert((*file).to_owned());
    }
    // Recordings are the same bodies wrapped with request/response metadata: their embedded
    // body must give the same outcomes as the bare body file.
    for file in all_fixture_files() {
        if let Some(stem) = file.strip_suffix(".recording.json") {
            let (_, body) = recording(&file);
            let bare = EXPECTED
                .iter()
                .find(|(f, _)| *f == format!("{stem}.body.json"))
                .map_or_else(
                    || panic!("no expectations for {stem}.body.json"),
                    |(_, e)| e,
                );
            assert_eq!(&run_all(&body), bare, "{file}");
            // The wrapper itself is not a body any parser accepts.
            assert!(
                run_all(&fixture(&file)).iter().all(|o| *o != "ok"),
                "{file}"
            );
            seen.insert(file);
        }
    }
    let missing: Vec<_> = all_fixture_files()
        .into_iter()
        .filter(|f| !seen.contains(f))
        .collect();
    assert!(
        missing.is_empty(),
        "fixtures without expectations: {missing:?}"
    );
}

#[test]
fn truncated_bodies_are_errors_never_partial_data() {
    // Cut every file at every 97th byte (a cheap stand-in for the fuzz targets): no parser
    // panics, and no JSON parser accepts a truncated JSON document.
    for file in all_fixture_files() {
        let bytes = fixture(&file);
        let end = bytes.trim_ascii_end().len();
        // At most ~300 cuts per file keeps the debug-build test fast on the 2,000-row CSV.
        for cut in (0..end).step_by((end / 300).max(97)) {
            let [yahoo, _, alpha, klines, ws, _, _] = run_all(&bytes[..cut]);
            let is_json = std::path::Path::new(&file)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("json"));
            if is_json {
                assert!(
                    [yahoo, alpha, klines, ws].iter().all(|o| *o != "ok"),
                    "{file} cut at {cut}"
                );
            }
        }
    }
}
