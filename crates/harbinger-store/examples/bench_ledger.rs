//! Signal ledger timings on a fresh SQLite database:
//! - `append`: p50 and p99 of `Store::append_ledger` (one transaction each, WAL,
//!   synchronous=NORMAL) for `--appends` signal entries;
//! - `verify`: a chain of `--entries` entries, read back in pages and recomputed by
//!   `Store::verify_ledger` (what `harbinger ledger verify` runs), timed as reading plus
//!   hashing.
//!
//! The long chain is written by appending, so `--entries 1000000` takes a while to set up.
//!
//! ```text
//! cargo run --release -p harbinger-store --example bench_ledger -- --entries 1000000 --appends 2000
//! ```
#![allow(clippy::print_stdout, clippy::cast_precision_loss)]

use std::time::Instant;

use harbinger_store::testing::TestDb;
use harbinger_store::{LedgerKind, NewLedgerEntry};
use serde_json::json;

fn entry(i: usize) -> NewLedgerEntry {
    NewLedgerEntry {
        kind: LedgerKind::Signal,
        strategy: "sma_cross".into(),
        symbol: format!("S{}", i % 500),
        bar_time: i64::try_from(i / 500).unwrap_or(i64::MAX),
        signal_id: None,
        entry: json!({"side": "long", "entry": "101.25", "stop": "99.5", "target": "104.75",
                      "horizon_bars": 10, "confidence": "0.4123", "model_version": "0f3a9c",
                      "drivers": [{"name": "sma_fast", "value": "101.1", "weight": "0.31"}]}),
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut entries = 100_000usize;
    let mut appends = 2_000usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--entries" => entries = args.next().ok_or("--entries needs a value")?.parse()?,
            "--appends" => appends = args.next().ok_or("--appends needs a value")?.parse()?,
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let db = TestDb::sqlite().await;
    let store = db.store.clone();

    let mut times = Vec::with_capacity(appends);
    for i in 0..appends {
        let t = Instant::now();
        store.append_ledger(&entry(i)).await?.ok_or("duplicate")?;
        times.push(t.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    let pct = |p: f64| times[((times.len() - 1) as f64 * p) as usize] * 1e3;
    println!(
        "{{\"name\": \"harbinger.ledger.append\", \"points\": {appends}, \"p50_ms\": {:.4}, \"p99_ms\": {:.4}, \"max_ms\": {:.4}}}",
        pct(0.5),
        pct(0.99),
        pct(1.0)
    );

    let t = Instant::now();
    for i in appends..entries {
        store.append_ledger(&entry(i)).await?.ok_or("duplicate")?;
    }
    eprintln!(
        "chain of {entries} entries written in {:.1} s",
        t.elapsed().as_secs_f64()
    );

    let t = Instant::now();
    let key = harbinger_ledger::CheckpointKey::from_bytes(&[7; 32]);
    let v = store.verify_ledger(&[], &key.verifier()).await??;
    let total = t.elapsed().as_secs_f64();
    println!(
        "{{\"name\": \"harbinger.ledger.verify\", \"points\": {}, \"seconds\": {total:.3}, \"points_per_s\": {:.0}}}",
        v.rows,
        v.rows as f64 / total
    );
    Ok(())
}
