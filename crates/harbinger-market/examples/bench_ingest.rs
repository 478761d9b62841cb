//! Ingest benchmark, the counterpart of `bench/peers/ingest_peers.py`:
//!
//! * `harbinger.ingest.csv` — open a `gen_ohlcv.py` file (`symbol,ts,open,high,low,close,volume`)
//!   and parse every row into typed bars, streaming from disk (peer: `pandas.read_csv` with
//!   dtypes, which also reads the file itself).
//! * `harbinger.ingest.json_chart` — parse one Yahoo-chart-shaped document per symbol, built
//!   untimed first exactly as the peer builds them (peer: `orjson.loads`).
//!
//! `points` = rows = bars; `seconds` = median of `--runs` timed runs after one warm-up. CSV
//! parsing uses two threads unless `--threads 1` (the peer uses one).
//!
//! ```text
//! cargo run --release -p harbinger-market --example bench_ingest -- --csv /tmp/ohlcv_large.csv
//! ```

use std::io::Write;
use std::time::Instant;

use harbinger_market::RawBar;
use harbinger_market::csv_daily::{MultiCsv, Threads, parse_multi_reader};
use harbinger_market::yahoo::parse_chart;
use serde_json::json;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut csv = None;
    let mut runs = 5usize;
    let mut skip = String::new();
    let mut threads = Threads::Two;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--csv" => csv = args.next(),
            "--runs" => runs = args.next().ok_or("--runs needs a value")?.parse()?,
            "--skip" => skip = args.next().ok_or("--skip needs a value")?,
            "--threads" => {
                threads = match args.next().as_deref() {
                    Some("1") => Threads::One,
                    Some("2") => Threads::Two,
                    _ => return Err("--threads takes 1 or 2".into()),
                }
            }
            other => {
                return Err(format!(
                    "unknown argument {other:?}; use --csv FILE [--runs N] [--skip csv|json] [--threads 1|2]"
                )
                .into());
            }
        }
    }
    let path =
        csv.ok_or("usage: bench_ingest --csv FILE [--runs N] [--skip csv|json] [--threads 1|2]")?;
    let size = std::fs::metadata(&path)?.len();

    let csv_runs = if skip.split(',').any(|s| s == "csv") {
        0
    } else {
        runs
    };
    let (times, parsed) = timeit(
        csv_runs,
        || -> Result<MultiCsv, Box<dyn std::error::Error>> {
            Ok(parse_multi_reader(std::fs::File::open(&path)?, threads)?)
        },
    )?;
    if !parsed.bad_rows.is_empty() {
        return Err(format!(
            "{} unreadable rows, first {:?}",
            parsed.bad_rows.len(),
            parsed.bad_rows[0]
        )
        .into());
    }
    let rows = parsed.rows();
    if csv_runs > 0 {
        let med = median(&times);
        emit(
            "harbinger.ingest.csv",
            rows,
            &times,
            &[
                ("bytes", json!(size)),
                (
                    "mb_per_s",
                    json!((size as f64 / 1e6 / med * 10.0).round() / 10.0),
                ),
            ],
        )?;
    }

    if skip.split(',').any(|s| s == "json") {
        return Ok(());
    }
    let docs = chart_docs(&parsed)?;
    drop(parsed);
    let jbytes: usize = docs.iter().map(Vec::len).sum();
    let (times, bars) = timeit(runs, || -> Result<usize, Box<dyn std::error::Error>> {
        let mut n = 0;
        for d in &docs {
            let c = parse_chart(d)?;
            if c.close.len() != c.timestamps.len() {
                return Err("ragged chart".into());
            }
            n += c.timestamps.len();
        }
        Ok(n)
    })?;
    emit(
        "harbinger.ingest.json_chart",
        bars,
        &times,
        &[("bytes", json!(jbytes)), ("documents", json!(docs.len()))],
    )?;
    Ok(())
}

/// One untimed warm-up, then `runs` timed calls; returns the times and the last result.
/// With `runs == 0` only the warm-up runs (its result is still needed to build the JSON).
fn timeit<T>(
    runs: usize,
    mut f: impl FnMut() -> Result<T, Box<dyn std::error::Error>>,
) -> Result<(Vec<f64>, T), Box<dyn std::error::Error>> {
    let mut last = f()?;
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t0 = Instant::now();
        last = f()?;
        times.push(t0.elapsed().as_secs_f64());
    }
    Ok((times, last))
}

fn median(times: &[f64]) -> f64 {
    let mut t = times.to_vec();
    t.sort_by(f64::total_cmp);
    let mid = t.len() / 2;
    if t.len().is_multiple_of(2) {
        f64::midpoint(t[mid - 1], t[mid])
    } else {
        t[mid]
    }
}

fn emit(
    name: &str,
    points: usize,
    times: &[f64],
    extra: &[(&str, serde_json::Value)],
) -> Result<(), Box<dyn std::error::Error>> {
    let med = median(times);
    let mut rec = json!({
        "name": name,
        "points": points,
        "seconds": (med * 1e9).round() / 1e9,
        "points_per_s": (points as f64 / med * 10.0).round() / 10.0,
        "runs": times.len(),
        "min_s": times.iter().copied().fold(f64::INFINITY, f64::min),
        "max_s": times.iter().copied().fold(0.0, f64::max),
    });
    if let Some(obj) = rec.as_object_mut() {
        for (k, v) in extra {
            obj.insert((*k).to_owned(), v.clone());
        }
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "{rec}")?;
    out.flush()?;
    Ok(())
}

/// A quote column: its JSON name and how to read it from a bar.
type Column = (&'static str, fn(&RawBar) -> f64);

/// The peer's `build_chart_docs`: one compact document per symbol with the same keys, key
/// order and number formatting (`json.dumps(..., separators=(",", ":"))`; serde_json and
/// Python both print the shortest round-trip form of a float).
fn chart_docs(parsed: &MultiCsv) -> Result<Vec<Vec<u8>>, serde_json::Error> {
    parsed
        .series
        .iter()
        .map(|(symbol, bars)| {
            let mut d = String::with_capacity(bars.len() * 64);
            d.push_str(r#"{"chart":{"result":[{"meta":{"symbol":"#);
            d.push_str(&serde_json::to_string(symbol.as_str())?);
            d.push_str(r#","currency":"USD","dataGranularity":"1d"},"timestamp":"#);
            d.push_str(&serde_json::to_string(
                &bars.iter().map(|b| b.time).collect::<Vec<_>>(),
            )?);
            d.push_str(r#","indicators":{"quote":[{"#);
            let cols: [Column; 4] = [
                ("open", |b| b.open),
                ("high", |b| b.high),
                ("low", |b| b.low),
                ("close", |b| b.close),
            ];
            for (name, get) in cols {
                d.push('"');
                d.push_str(name);
                d.push_str("\":");
                d.push_str(&serde_json::to_string(
                    &bars.iter().map(get).collect::<Vec<_>>(),
                )?);
                d.push(',');
            }
            d.push_str(r#""volume":"#);
            let volume: Vec<i64> = bars.iter().map(|b| b.volume as i64).collect();
            d.push_str(&serde_json::to_string(&volume)?);
            d.push_str(r#"}]}}],"error":null}}"#);
            Ok(d.into_bytes())
        })
        .collect()
}
