//! Today's signals for many symbols, every strategy, on one core, from bars in memory: the
//! work the live pipeline does when a trading day closes.
//!
//! ```text
//! cargo run --release -p harbinger-model --example bench_today -- \
//!     --csv ohlcv_large.csv --symbols 500 [--runs 3]
//! ```
//!
//! For each symbol one `Signaller` grades the history (for the rules' confidence), then each of
//! the seven strategies gives its signal on the last bar; `ml` (alone and inside the ensemble)
//! fits one model on everything known, once per symbol for both (`all_latest_strategies`). Prints one JSON line for the
//! whole pass and one per strategy.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::cast_precision_loss,
    clippy::print_stdout,
    clippy::print_stderr
)]

use std::time::Instant;

use harbinger_model::{STRATEGIES, all_latest_strategies};
use harbinger_signals::Ohlcv;
use harbinger_signals::signal::{SignalRules, Signaller};

#[derive(Default)]
struct Columns {
    time: Vec<i64>,
    open: Vec<f64>,
    high: Vec<f64>,
    low: Vec<f64>,
    close: Vec<f64>,
    volume: Vec<f64>,
}

/// `symbol,ts,open,high,low,close,volume`, grouped by symbol; the first `max` symbols.
fn load(path: &str, max: usize) -> Vec<Columns> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    let mut out: Vec<Columns> = Vec::new();
    let mut current = "";
    for line in text.lines().skip(1) {
        let mut f = line.split(',');
        let sym = f.next().unwrap_or_default();
        if sym != current || out.is_empty() {
            if out.len() == max {
                break;
            }
            out.push(Columns::default());
            current = sym;
        }
        let c = out.last_mut().expect("a series was just pushed");
        c.time
            .push(f.next().and_then(|x| x.parse().ok()).unwrap_or(0));
        let mut v = f.map(|x| x.parse::<f64>().unwrap_or(f64::NAN));
        for col in [
            &mut c.open,
            &mut c.high,
            &mut c.low,
            &mut c.close,
            &mut c.volume,
        ] {
            col.push(v.next().unwrap_or(f64::NAN));
        }
    }
    out
}

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let csv = arg(&args, "--csv").expect("--csv FILE (gen_ohlcv.py output)");
    let symbols: usize = arg(&args, "--symbols").map_or(500, |s| s.parse().expect("--symbols N"));
    let runs: usize = arg(&args, "--runs").map_or(3, |s| s.parse().expect("--runs N"));
    let columns = load(&csv, symbols);
    let series: Vec<Ohlcv<'_>> = columns
        .iter()
        .map(|c| Ohlcv::new(&c.time, &c.open, &c.high, &c.low, &c.close, &c.volume).unwrap())
        .collect();
    let bars: usize = series.iter().map(Ohlcv::len).sum();

    let mut totals = Vec::new();
    let mut per_strategy = vec![Vec::new(); STRATEGIES.len() + 1];
    let mut issued = 0;
    for _ in 0..runs {
        // Fresh strategies each run: no model survives from the previous pass.
        let strategies = all_latest_strategies().unwrap();
        let mut spent = vec![0.0_f64; STRATEGIES.len() + 1];
        issued = 0;
        let t0 = Instant::now();
        for bars in &series {
            let t = Instant::now();
            let signaller = Signaller::new(*bars, SignalRules::default()).unwrap();
            spent[0] += t.elapsed().as_secs_f64();
            for (k, strategy) in strategies.iter().enumerate() {
                let t = Instant::now();
                issued += usize::from(signaller.latest(strategy.as_ref()).unwrap().is_some());
                spent[k + 1] += t.elapsed().as_secs_f64();
            }
        }
        totals.push(t0.elapsed().as_secs_f64());
        for (k, s) in spent.into_iter().enumerate() {
            per_strategy[k].push(s);
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let total = median(&mut totals);
    println!(
        "{{\"name\": \"harbinger.today.all_strategies\", \"points\": {}, \"seconds\": {total:.6}, \"points_per_s\": {:.1}, \"symbols\": {}, \"bars\": {bars}, \"strategies\": {}, \"signals\": {issued}, \"runs\": {runs}, \"threads\": 1}}",
        series.len(),
        series.len() as f64 / total,
        series.len(),
        STRATEGIES.len(),
    );
    for (k, name) in std::iter::once("grading").chain(STRATEGIES).enumerate() {
        let s = median(&mut per_strategy[k]);
        println!(
            "{{\"name\": \"harbinger.today.{name}\", \"seconds\": {s:.6}, \"symbols\": {}}}",
            series.len()
        );
    }
}
