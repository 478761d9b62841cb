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

#[path = "../../harbinger-signals/examples/common/gen_csv.rs"]
mod gen_csv;

use gen_csv::{Columns, load};

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
    let series: Vec<Ohlcv<'_>> = columns.iter().map(Columns::view).collect();
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
