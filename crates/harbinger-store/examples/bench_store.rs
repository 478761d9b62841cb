//! `harbinger.store.bulk`: bars per second through `Store::upsert_bars` (the idempotent upsert
//! every ingest path uses) into a fresh, migrated database, beside `store.sqlite_executemany`
//! of `bench/peers/ingest_peers.py` (Python's sqlite3, all rows in one transaction).
//!
//! The CSV (`gen_ohlcv.py`'s `symbol,ts,open,high,low,close,volume`) is read and validated
//! into bars untimed first, with a plain line splitter (the peer also times only the insert). Each timed run writes every symbol's bars into a new database: a new SQLite file
//! (WAL, synchronous=NORMAL, like the peer), or a new PostgreSQL database cloned from the
//! migrated template (`HARBINGER_TEST_PG_URL`). `seconds` is the median of `--runs` runs after
//! one untimed warm-up.
//!
//! ```text
//! cargo run --release -p harbinger-store --example bench_store -- \
//!     --csv /tmp/ohlcv_large.csv [--runs 3] [--backend sqlite|postgres]
//! ```
#![allow(clippy::print_stdout)] // a benchmark prints its JSON lines

use std::time::Instant;

use harbinger_core::{Bar, Interval, Symbol};
use harbinger_store::testing::TestDb;
use harbinger_store::{Backend, Store};

type Series = Vec<(Symbol, Vec<Bar>)>;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut csv = None;
    let mut runs = 3usize;
    let mut backend = Backend::Sqlite;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--csv" => csv = args.next(),
            "--runs" => runs = args.next().ok_or("--runs needs a value")?.parse()?,
            "--backend" => {
                backend = match args.next().as_deref() {
                    Some("sqlite") => Backend::Sqlite,
                    Some("postgres") => Backend::Postgres,
                    _ => return Err("--backend takes sqlite or postgres".into()),
                }
            }
            other => return Err(format!("unknown argument {other:?}").into()),
        }
    }
    let path = csv.ok_or("usage: bench_store --csv FILE [--runs N] [--backend sqlite|postgres]")?;
    let series = read_csv(&std::fs::read_to_string(&path)?)?;
    let points: usize = series.iter().map(|(_, b)| b.len()).sum();

    let mut times = Vec::with_capacity(runs);
    for run in 0..=runs {
        let db = TestDb::new(backend).await;
        let started = Instant::now();
        let written = store_all(&db.store, &series).await?;
        let secs = started.elapsed().as_secs_f64();
        if written != points as u64 {
            return Err(format!("wrote {written} of {points} bars").into());
        }
        if run > 0 {
            times.push(secs);
        }
        db.store.close().await;
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    let name = match backend {
        Backend::Sqlite => "harbinger.store.bulk",
        Backend::Postgres => "harbinger.store.bulk.postgres",
    };
    println!(
        "{}",
        serde_json::json!({
            "name": name,
            "points": points,
            "seconds": median,
            "points_per_s": points as f64 / median,
            "runs": times.len(),
            "min_s": times[0],
            "max_s": times[times.len() - 1],
            "backend": backend.as_str(),
        })
    );
    Ok(())
}

async fn store_all(store: &Store, series: &Series) -> Result<u64, Box<dyn std::error::Error>> {
    let mut written = 0;
    for (symbol, bars) in series {
        written += store.upsert_bars(symbol, Interval::D1, "csv", bars).await?;
    }
    Ok(written)
}

/// Bars per symbol, in file order (the file is grouped by symbol).
fn read_csv(text: &str) -> Result<Series, Box<dyn std::error::Error>> {
    let mut series: Series = Vec::new();
    for line in text.lines().skip(1).filter(|l| !l.is_empty()) {
        let f: Vec<&str> = line.split(',').collect();
        let [sym, ts, open, high, low, close, volume] = f.as_slice() else {
            return Err(format!("not 7 columns: {line:?}").into());
        };
        let bar = Bar::new(
            ts.parse()?,
            open.parse()?,
            high.parse()?,
            low.parse()?,
            close.parse()?,
            volume.parse()?,
            None,
        )?;
        match series.last_mut() {
            Some((s, bars)) if s.as_str() == *sym => bars.push(bar),
            _ => series.push((Symbol::parse(sym)?, vec![bar])),
        }
    }
    Ok(series)
}
