//! Backtest throughput beside `backtest_peers.py` (numpy reference, vectorbt, backtesting.py):
//! the SMA-cross strategy (10/30) filled at the close with no fees, every metric of the report,
//! over the first `--symbols` series of a gen_ohlcv.py CSV. Prints one JSON line per measurement
//! in the shape compare.py reads:
//!
//! ```text
//! cargo run --release -p harbinger-signals --example bench_backtest -- \
//!     --csv ohlcv_large.csv --symbols 1000 --runs 5 [--threads 2]
//! ```
//!
//! `check` carries the means of the four cross-checked metrics, to compare with the peers'.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::cast_precision_loss,
    clippy::print_stdout,
    clippy::print_stderr
)]

use std::time::Instant;

use harbinger_signals::Ohlcv;
use harbinger_signals::backtest::{Config, Fill, Metrics, mean_metrics, run};
use harbinger_signals::strategy::{Strategy, rule};

#[path = "common/gen_csv.rs"]
mod gen_csv;

use gen_csv::{Columns, load};

fn backtest_all(strategy: &dyn Strategy, series: &[Ohlcv<'_>], cfg: &Config) -> Vec<Metrics> {
    series
        .iter()
        .map(|bars| run(strategy, bars, cfg).expect("valid input").metrics)
        .collect()
}

fn backtest_threads(
    strategy: &dyn Strategy,
    series: &[Ohlcv<'_>],
    cfg: &Config,
    threads: usize,
) -> Vec<Metrics> {
    if threads <= 1 {
        return backtest_all(strategy, series, cfg);
    }
    let chunk = series.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = series
            .chunks(chunk)
            .map(|part| scope.spawn(move || backtest_all(strategy, part, cfg)))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a benchmark thread panicked"))
            .collect()
    })
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
    let symbols: usize = arg(&args, "--symbols").map_or(100, |s| s.parse().expect("--symbols N"));
    let runs: usize = arg(&args, "--runs").map_or(5, |s| s.parse().expect("--runs N"));
    let threads: usize = arg(&args, "--threads").map_or(1, |s| s.parse().expect("--threads N"));

    let columns = load(&csv, symbols);
    let series: Vec<Ohlcv<'_>> = columns.iter().map(Columns::view).collect();
    let points: usize = series.iter().map(Ohlcv::len).sum();
    let strategy = rule("sma_cross", &[]).expect("sma_cross exists");
    let cfg = Config {
        fill: Fill::Close,
        commission_bps: 0.0,
        slippage_bps: 0.0,
        ..Config::default()
    };

    for t in 1..=threads {
        let mut times = Vec::with_capacity(runs);
        let mut last = Vec::new();
        // One warm-up run, as the peers do.
        for i in 0..=runs {
            let t0 = Instant::now();
            last = backtest_threads(strategy.as_ref(), &series, &cfg, t);
            if i > 0 {
                times.push(t0.elapsed().as_secs_f64());
            }
        }
        times.sort_by(f64::total_cmp);
        let median = times[times.len() / 2];
        let mean = mean_metrics(&last);
        let name = if t == 1 {
            "harbinger.backtest.sma_cross".to_owned()
        } else {
            format!("harbinger.backtest.sma_cross.threads{t}")
        };
        println!(
            "{{\"name\": \"{name}\", \"points\": {points}, \"seconds\": {median:.9}, \"points_per_s\": {:.1}, \"runs\": {runs}, \"symbols\": {}, \"threads\": {t}, \"check\": {{\"total_return_mean\": {}, \"sharpe_mean\": {}, \"max_drawdown_mean\": {}, \"win_rate_mean\": {}}}}}",
            points as f64 / median,
            series.len(),
            mean["total_return"],
            mean["sharpe"],
            mean["max_drawdown"],
            mean["win_rate"],
        );
    }
}
