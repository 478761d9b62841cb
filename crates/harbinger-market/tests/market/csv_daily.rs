use std::fmt::Write as _;

use harbinger_market::ProviderError;
use harbinger_market::csv_daily::{parse, parse_multi};
use harbinger_market::date::format_ymd;

use crate::fixture;

/// The bundled files are in the contract's format: read one from the repository's `data/`.
fn bundled(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../data/prices")
        .join(name);
    std::fs::read(path).unwrap()
}

#[test]
fn contract_format_with_adj_close() {
    let csv = parse(&bundled("AAPL.csv")).unwrap();
    assert_eq!(csv.bars.len(), 3270);
    assert!(csv.bad_rows.is_empty());
    let first = csv.bars[0];
    assert_eq!(format_ymd(first.time), "2000-03-01");
    assert_eq!(
        (first.open, first.high, first.low, first.close),
        (118.56, 132.06, 118.5, 130.31)
    );
    assert_eq!(first.volume, 9_616_100.0);
    assert_eq!(first.adj_close, Some(4.186_662_803_811));
}

#[test]
fn adj_close_is_optional_and_headers_are_case_insensitive() {
    let csv = parse(b"Date,Open,High,Low,Close,Volume\r\n2024-01-02,10,11,9,10.5,100\r\n").unwrap();
    assert_eq!(csv.bars.len(), 1);
    assert_eq!(csv.bars[0].adj_close, None);
    // Column order does not matter; extra columns are ignored; empty adj_close is "none".
    let csv =
        parse(b"volume,close,x,low,high,open,date,adj_close\n7,2,z,1,3,2,2024-01-03,\n").unwrap();
    assert_eq!(
        (csv.bars[0].open, csv.bars[0].volume, csv.bars[0].adj_close),
        (2.0, 7.0, None)
    );
}

#[test]
fn bad_rows_are_reported_with_their_line_and_do_not_stop_the_file() {
    let text = b"date,open,high,low,close,volume\n\
        2024-01-02,10,11,9,10.5,100\n\
        2024-02-30,10,11,9,10.5,100\n\
        2024-01-04,ten,11,9,10.5,100\n\
        2024-01-05,10,11,9\n\
        \n\
        2024-01-08,10,11,9,10.5,\n\
        2024-01-09,10,11,9,10.5,100\n";
    let csv = parse(text).unwrap();
    assert_eq!(csv.bars.len(), 2);
    let found: Vec<(u64, &str)> = csv.bad_rows.iter().map(|b| (b.line, b.reason)).collect();
    assert_eq!(
        found,
        [
            (3, "unparsable"),
            (4, "unparsable"),
            (5, "field_count"),
            (7, "unparsable")
        ]
    );
}

#[test]
fn missing_columns_fail_the_whole_file() {
    for text in [
        &b"date,open,high,low,close\n2024-01-02,1,1,1,1\n"[..],
        b"",
        b"\xff\xfe",
    ] {
        assert!(
            matches!(parse(text), Err(ProviderError::Schema(_))),
            "{text:?}"
        );
    }
}

#[test]
fn alpha_vantage_extended_csv_is_not_daily() {
    // `time` instead of `date`: the daily reader refuses it by header.
    let err = parse(&fixture("alpha_vantage/time_series_intraday_extended.csv")).unwrap_err();
    assert!(
        matches!(err, ProviderError::Schema(ref m) if m.contains("date")),
        "{err:?}"
    );
}

#[test]
fn multi_symbol_format() {
    let text = b"symbol,ts,open,high,low,close,volume\n\
        SYM0000,1262304000,100.0,101.5,99.0,100.5,1000\n\
        SYM0000,1262390400,100.5,102.0,100.0,101.0,1100\n\
        SYM0001,1262304000,50.0,51.0,49.5,50.5,500\n\
        SYM0000,1262476800,101.0,101.0,100.0,100.5,900\n\
        bad sym,1262304000,1,1,1,1,1\n\
        SYM0001,1262390400.5,1,1,1,1,1\n";
    let m = parse_multi(text).unwrap();
    assert_eq!(m.series.len(), 2);
    assert_eq!(m.series[0].0.as_str(), "SYM0000");
    assert_eq!(m.series[0].1.len(), 3);
    assert_eq!(m.series[1].1.len(), 1);
    assert_eq!(m.rows(), 4);
    assert_eq!(m.series[0].1[2].time, 1_262_476_800);
    let lines: Vec<u64> = m.bad_rows.iter().map(|b| b.line).collect();
    assert_eq!(lines, [6, 7]);
}

#[test]
fn streaming_reader_matches_the_slice_parser_across_chunks() {
    use harbinger_market::csv_daily::{Threads, parse_multi_reader, parse_reader};
    // Big enough for several 2 MiB chunks, so rows and a symbol cross chunk boundaries and the
    // second thread is used; a bad row in the middle keeps its global line number.
    let mut text = String::from("symbol,ts,open,high,low,close,volume\n");
    for s in 0..80 {
        for d in 0..2_000 {
            let p = 100.0 + f64::from(d % 50);
            writeln!(
                text,
                "s{s:03},{},{p:.4},{:.4},{:.4},{p:.4},{}",
                86_400 * d,
                p + 1.0,
                p - 1.0,
                1_000 + d
            )
            .unwrap();
        }
    }
    text.push_str("s000,1,x,1,1,1,1\n");
    text.push_str("s999,1,1,1,1,1,1");
    let bytes = text.as_bytes();
    assert!(bytes.len() > 3 * (2 << 20));
    let from_slice = parse_multi(bytes).unwrap();
    let streamed = parse_multi_reader(bytes, Threads::Two).unwrap();
    assert_eq!(streamed, from_slice);
    assert_eq!(parse_multi_reader(bytes, Threads::One).unwrap(), from_slice);
    assert_eq!(streamed.series.len(), 81);
    assert_eq!(streamed.series[0].0.as_str(), "S000");
    assert_eq!(streamed.series[0].1.len(), 2_000);
    assert_eq!(streamed.bad_rows.len(), 1);
    assert_eq!(streamed.bad_rows[0].line, 160_002);

    let daily = bundled("MSFT.csv");
    for threads in [Threads::One, Threads::Two] {
        assert_eq!(
            parse_reader(daily.as_slice(), threads).unwrap(),
            parse(&daily).unwrap()
        );
    }
}

mod fused_equals_general {
    //! Unquoted lines take a fused fast path; lines in a block that contains a quote take the
    //! general splitter. Appending an empty quoted column forces the general path without
    //! changing any value, so both paths must agree on every row, value and bad row.
    use harbinger_market::csv_daily::{parse, parse_multi};
    use proptest::prelude::*;

    fn number() -> impl Strategy<Value = String> {
        prop_oneof![
            (0.0f64..1e5, 0usize..6).prop_map(|(v, d)| format!("{v:.d$}")),
            (-1e3f64..1e3).prop_map(|v| v.to_string()),
            Just("1e3".to_owned()),
            Just(" 7 ".to_owned()),
            Just(String::new()),
            Just("7.".to_owned()),
            Just(".5".to_owned()),
            Just("-".to_owned()),
            Just("00012.50".to_owned()),
            Just("1234567890123456789".to_owned()),
            Just("NaN".to_owned()),
            Just("abc".to_owned()),
        ]
    }

    fn field(kind: u8) -> BoxedStrategy<String> {
        match kind {
            0 => prop_oneof![
                Just("AAPL".to_owned()),
                Just("aapl".to_owned()),
                Just("MSFT".to_owned()),
                Just("bad sym".to_owned()),
                Just(String::new()),
            ]
            .boxed(),
            1 => prop_oneof![
                (0i64..2_000_000_000).prop_map(|t| t.to_string()),
                Just("-86400".to_owned()),
                Just("1.5".to_owned()),
                Just("x".to_owned()),
            ]
            .boxed(),
            2 => prop_oneof![
                Just("2024-01-02".to_owned()),
                Just("2024-02-30".to_owned()),
                Just(" 2024-01-03".to_owned()),
                Just("2024/01/04".to_owned()),
            ]
            .boxed(),
            _ => number().boxed(),
        }
    }

    /// Rows of fields of the given kinds, sometimes one field short or long, CRLF or LF.
    fn rows(kinds: &'static [u8]) -> impl Strategy<Value = (Vec<Vec<String>>, bool)> {
        let row = kinds
            .iter()
            .map(|&k| field(k))
            .collect::<Vec<_>>()
            .prop_flat_map(|fields| {
                prop_oneof![8 => Just(fields.clone()), 1 => Just(fields[1..].to_vec()), 1 => Just({
                    let mut f = fields.clone();
                    f.push("9".to_owned());
                    f
                })]
            });
        (proptest::collection::vec(row, 0..30), any::<bool>())
    }

    fn render(header: &str, rows: &[Vec<String>], crlf: bool, quoted_extra: bool) -> String {
        let eol = if crlf { "\r\n" } else { "\n" };
        let note = if quoted_extra { "\"\"" } else { "" };
        let mut out = format!("{header},note{eol}");
        for r in rows {
            out.push_str(&r.join(","));
            out.push(',');
            out.push_str(note);
            out.push_str(eol);
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn multi((rows, crlf) in rows(&[0, 1, 3, 3, 3, 3, 3])) {
            let header = "symbol,ts,open,high,low,close,volume";
            let fused = parse_multi(render(header, &rows, crlf, false).as_bytes());
            let general = parse_multi(render(header, &rows, crlf, true).as_bytes());
            // Compared as text: `NaN` never equals itself, and `{:?}` prints every other value
            // exactly (shortest round-trip form).
            prop_assert_eq!(format!("{fused:?}"), format!("{general:?}"));
        }

        #[test]
        fn daily((rows, crlf) in rows(&[2, 3, 3, 3, 3, 3, 3])) {
            let header = "date,open,high,low,close,volume,adj_close";
            let fused = parse(render(header, &rows, crlf, false).as_bytes());
            let general = parse(render(header, &rows, crlf, true).as_bytes());
            prop_assert_eq!(format!("{fused:?}"), format!("{general:?}"));
        }
    }
}

#[test]
fn import_validates_with_splits_from_the_adjusted_close() {
    use harbinger_market::csv_daily::{Threads, import};
    use harbinger_market::validate::ValidatorConfig;
    // The bundled AAPL file has raw prices: its two 2:1 splits are explained by the adjusted
    // close, and the one real move beyond 50 % (the 2000-09-29 crash, -51.9 %) is what the
    // equity rule refuses.
    let imported = import(
        bundled("AAPL.csv").as_slice(),
        ValidatorConfig::EQUITY,
        Threads::One,
    )
    .unwrap();
    assert_eq!(imported.bars.len(), 3269);
    assert_eq!(imported.rejected.len(), 1);
    assert_eq!(format_ymd(imported.rejected[0].time), "2000-09-29");
    assert_eq!(imported.counts().get("jump"), Some(&1));

    // Newest-first files are put in order; a repeated date and a broken row are counted.
    let text = b"date,open,high,low,close,volume\n\
        2024-01-04,10,11,9,10,1\n2024-01-03,10,11,9,10,1\n2024-01-03,10,11,9,10,1\nx\n";
    let imported = import(&text[..], ValidatorConfig::EQUITY, Threads::Two).unwrap();
    assert_eq!(imported.bars.len(), 2);
    let counts: Vec<_> = imported.counts().into_iter().collect();
    assert_eq!(counts, [("field_count", 1), ("not_increasing", 1)]);
}
