use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use harbinger_core::{Interval, Symbol};
use harbinger_market::date::{format_ymd, parse_ymd};
use harbinger_market::replay::Tape;
use harbinger_market::{MarketData, ProviderError, ReplayConfig, ReplayProvider, Source};

fn sym(s: &str) -> Symbol {
    Symbol::parse(s).unwrap()
}

fn day(text: &str) -> i64 {
    parse_ymd(text.as_bytes()).unwrap()
}

#[test]
fn bundled_tape_loads_every_row_and_rejects_none() {
    let tape = Tape::bundled().unwrap();
    let names: Vec<&str> = tape.symbols().map(Symbol::as_str).collect();
    assert_eq!(names, ["AAPL", "MSFT", "IBM", "GOOG", "FB"]);
    let rows: Vec<usize> = ["AAPL", "MSFT", "IBM", "GOOG", "FB"]
        .iter()
        .map(|s| tape.series(&sym(s)).unwrap().bars.len())
        .collect();
    assert_eq!(rows, [3270, 3270, 3270, 2148, 196]);
    assert!(tape.rejected().is_empty(), "{:?}", tape.rejected());
    assert_eq!(tape.days(), 3270);
}

#[test]
fn splits_are_derived_from_adjusted_closes() {
    let tape = Tape::bundled().unwrap();
    let dates = |s: &str| -> Vec<(String, i64)> {
        tape.series(&sym(s))
            .unwrap()
            .splits
            .iter()
            .map(|x| (format_ymd(x.time), x.numerator.round() as i64))
            .collect()
    };
    assert_eq!(
        dates("AAPL"),
        [("2000-06-21".into(), 2), ("2005-02-28".into(), 2)]
    );
    assert_eq!(dates("MSFT"), [("2003-02-18".into(), 2)]);
    assert!(dates("IBM").is_empty());
}

#[tokio::test]
async fn history_and_latest_only_show_what_was_played() {
    let p = ReplayProvider::bundled(ReplayConfig::new(0.1).unwrap().with_warmup_days(10)).unwrap();
    let aapl = sym("AAPL");
    let h = p.history(&aapl, Interval::D1, 0, i64::MAX).await.unwrap();
    assert_eq!(h.bars.len(), 10);
    assert_eq!(h.source, Source::Replay);
    assert_eq!(format_ymd(h.bars[0].time), "2000-03-01");
    let before = p.latest(&aapl).await.unwrap();
    assert_eq!(before.time, h.bars[9].time);

    let step = p.next_step();
    assert_eq!(
        step.len(),
        3,
        "AAPL, MSFT and IBM trade on day 11; GOOG and FB not yet"
    );
    assert!(step.iter().all(|b| b.source == Source::Replay && b.closed));
    assert!(step.iter().all(|b| b.bar.time > before.time));
    let after = p.latest(&aapl).await.unwrap();
    assert_eq!(after.time, step[0].bar.time);
    assert_eq!(after.price, step[0].bar.close);
    // Ranges are inclusive on both ends.
    let t = after.time;
    assert_eq!(
        p.history(&aapl, Interval::D1, t, t)
            .await
            .unwrap()
            .bars
            .len(),
        1
    );
    assert!(
        p.history(&aapl, Interval::D1, t + 1, t - 1)
            .await
            .unwrap()
            .bars
            .is_empty()
    );
}

#[tokio::test]
async fn unknown_symbols_and_intervals_are_typed_errors() {
    let p = ReplayProvider::bundled(ReplayConfig::default()).unwrap();
    assert!(matches!(
        p.latest(&sym("TSLA")).await,
        Err(ProviderError::NotFound(_))
    ));
    assert!(matches!(
        p.history(&sym("AAPL"), Interval::H1, 0, i64::MAX).await,
        Err(ProviderError::BadRequest(_))
    ));
    // FB only starts in 2012: not traded yet at the start of the replay.
    assert!(matches!(
        p.latest(&sym("FB")).await,
        Err(ProviderError::NotFound(_))
    ));
}

#[test]
fn next_bar_walks_every_bar_once_per_lap_then_loops() {
    let a = b"date,open,high,low,close,volume\n2020-01-01,1,1,1,1,1\n2020-01-02,1,1,1,1,1\n2020-01-04,1,1,1,1,1\n";
    let b = b"date,open,high,low,close,volume\n2020-01-02,2,2,2,2,1\n2020-01-03,2,2,2,2,1\n";
    let tape = Arc::new(Tape::from_csv_files([("A", &a[..]), ("B", &b[..])]).unwrap());
    let p = ReplayProvider::new(tape, ReplayConfig::default().with_warmup_days(1));
    let seen: Vec<(String, String)> = (0..5)
        .map(|_| {
            let b = p.next_bar().unwrap();
            (b.symbol.to_string(), format_ymd(b.bar.time))
        })
        .collect();
    let expected = [
        ("A", "2020-01-02"),
        ("B", "2020-01-02"),
        ("B", "2020-01-03"),
        ("A", "2020-01-04"),
        ("A", "2020-01-02"), // looped: back to the first day after the warm-up
    ];
    assert_eq!(seen, expected.map(|(s, d)| (s.to_owned(), d.to_owned())));
    assert_eq!(p.lap(), 1);
    // After the loop, history is back to the warm-up plus what was replayed again.
    assert_eq!(p.revealed(&sym("A")).unwrap().len(), 2);
    assert_eq!(p.revealed(&sym("B")).unwrap().len(), 0);
}

#[test]
fn empty_tape_never_spins() {
    let p = ReplayProvider::new(Arc::new(Tape::default()), ReplayConfig::default());
    assert_eq!(p.next_bar(), None);
    assert!(p.next_step().is_empty());
}

#[test]
fn config_rejects_bad_speeds() {
    for bad in [0.0, -1.0, f64::NAN, f64::INFINITY, 1e9] {
        assert!(ReplayConfig::new(bad).is_err(), "{bad}");
    }
    assert_eq!(
        ReplayConfig::new(0.1).unwrap().bar_period(),
        Duration::from_millis(100)
    );
}

#[tokio::test(start_paused = true)]
async fn stream_emits_one_trading_day_per_period() {
    let p = Arc::new(
        ReplayProvider::bundled(ReplayConfig::new(2.0).unwrap().with_warmup_days(0)).unwrap(),
    );
    let mut s = p.stream();
    let start = tokio::time::Instant::now();
    let mut days = Vec::new();
    while days.len() < 9 {
        let b = s.next().await.unwrap();
        assert_eq!(b.interval, Interval::D1);
        days.push((b.bar.time, tokio::time::Instant::now() - start));
    }
    // Three symbols trade on each of the first days; each day arrives 2 s after the previous.
    assert_eq!(days[0].0, day("2000-03-01"));
    assert_eq!(days[3].0, day("2000-03-02"));
    assert_eq!(days[0].1, Duration::ZERO);
    assert_eq!(days[3].1, Duration::from_secs(2));
    assert_eq!(days[8].1, Duration::from_secs(4));
}
