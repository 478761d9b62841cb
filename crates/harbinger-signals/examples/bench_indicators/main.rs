//! Indicator throughput, printed as JSON lines in the shape of the peer benchmarks
//! (`shared/bench/peers/talib_indicators.py`), so `compare.py` can pair the two runs:
//!
//! ```text
//! cargo run --release -p harbinger-signals --example bench_indicators -- \
//!     --csv /tmp/ohlcv_large.csv --long-csv /tmp/ohlcv_long.csv --runs 5 --threads 2
//! ```
//!
//! Options: `--csv FILE` (multi-symbol gen_ohlcv.py CSV, names `harbinger.<IND>.multi`),
//! `--long-csv FILE` (one long series, `.long`), `--long-synthetic N` (in-memory random walk,
//! `.long_synth`), `--runs R` (timed runs after one warm-up; the median is reported),
//! `--threads T` (adds `harbinger.all6.multi.threadsT`), `--only A,B`, `--max-symbols N`,
//! `--api alloc|into`: `alloc` (default) calls the allocating wrappers, one fresh set of
//! output arrays per call like TA-Lib's Python wrapper; `into` reuses caller buffers.
//! `check` is the sum over all symbols of the non-NaN values of the first output.

// A command-line report: printing to stdout is its job; h, l, c are the usual names of
// price columns.
#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::many_single_char_names
)]

mod data;

use std::time::Instant;

use data::{Series, load_csv, synthetic};
use harbinger_signals::indicators as ind;

const INDICATORS: [&str; 6] = [
    "SMA20",
    "EMA20",
    "RSI14",
    "MACD12_26_9",
    "BBANDS20_2",
    "ATR14",
];

/// Output buffers for the `into` form; `a` always holds the first output.
#[derive(Debug)]
struct Buffers {
    a: Vec<f64>,
    b: Vec<f64>,
    c: Vec<f64>,
}

impl Buffers {
    fn new(n: usize) -> Self {
        Self {
            a: vec![0.0; n],
            b: vec![0.0; n],
            c: vec![0.0; n],
        }
    }
}

/// Run one indicator with the allocating API; return its first output.
fn run_alloc(name: &str, s: &Series) -> Vec<f64> {
    let (h, l, c) = (&s.high, &s.low, &s.close);
    let r = match name {
        "SMA20" => ind::sma(c, 20),
        "EMA20" => ind::ema(c, 20),
        "RSI14" => ind::rsi(c, 14),
        "MACD12_26_9" => ind::macd(c, 12, 26, 9).map(|m| m.macd),
        "BBANDS20_2" => ind::bollinger(c, 20, 2.0, 2.0).map(|b| b.upper),
        "ATR14" => ind::atr(h, l, c, 14),
        _ => unreachable!("unknown indicator {name}"),
    };
    r.expect("benchmark parameters are valid")
}

/// Run one indicator into reused buffers.
fn run_into(name: &str, s: &Series, o: &mut Buffers) {
    let (h, l, c) = (&s.high, &s.low, &s.close);
    let r = match name {
        "SMA20" => ind::sma_into(c, 20, &mut o.a),
        "EMA20" => ind::ema_into(c, 20, &mut o.a),
        "RSI14" => ind::rsi_into(c, 14, &mut o.a),
        "MACD12_26_9" => ind::macd_into(c, 12, 26, 9, &mut o.a, &mut o.b, &mut o.c),
        "BBANDS20_2" => ind::bollinger_into(c, 20, 2.0, 2.0, &mut o.a, &mut o.b, &mut o.c),
        "ATR14" => ind::atr_into(h, l, c, 14, &mut o.a),
        _ => unreachable!("unknown indicator {name}"),
    };
    r.expect("benchmark parameters are valid");
}

fn nansum(x: &[f64]) -> f64 {
    x.iter().filter(|v| !v.is_nan()).sum()
}

/// One untimed warm-up, then `runs` timed calls; returns the sorted times.
fn time_runs(runs: usize, mut f: impl FnMut()) -> Vec<f64> {
    f();
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let t0 = Instant::now();
            f();
            t0.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times
}

fn emit(name: &str, points: usize, times: &[f64], api: &str, check: Option<f64>) {
    let n = times.len();
    let median = if n % 2 == 1 {
        times[n / 2]
    } else {
        0.5 * (times[n / 2 - 1] + times[n / 2])
    };
    let check = check.map_or(String::new(), |c| format!(", \"check\": {c}"));
    println!(
        "{{\"name\": \"{name}\", \"points\": {points}, \"seconds\": {median:.9}, \"points_per_s\": {:.1}, \"runs\": {n}, \"min_s\": {:.9}, \"max_s\": {:.9}, \"api\": \"{api}\"{check}}}",
        points as f64 / median,
        times[0],
        times[n - 1],
    );
}

struct Options {
    runs: usize,
    api: String,
    only: Vec<String>,
}

impl Options {
    fn wants(&self, name: &str) -> bool {
        self.only.is_empty() || self.only.iter().any(|o| o == name)
    }
}

fn bench_series(series: &[Series], tag: &str, opt: &Options) {
    let points: usize = series.iter().map(|s| s.close.len()).sum();
    let alloc = opt.api == "alloc";
    let mut bufs: Vec<Buffers> = series.iter().map(|s| Buffers::new(s.close.len())).collect();
    for name in INDICATORS.iter().filter(|n| opt.wants(n)) {
        let mut check = 0.0;
        let times = if alloc {
            let mut last: Vec<Vec<f64>> = Vec::new();
            let t = time_runs(opt.runs, || {
                last = series.iter().map(|s| run_alloc(name, s)).collect();
            });
            check = last.iter().map(|o| nansum(o)).sum();
            t
        } else {
            let t = time_runs(opt.runs, || {
                for (s, b) in series.iter().zip(bufs.iter_mut()) {
                    run_into(name, s, b);
                }
            });
            for b in &bufs {
                check += nansum(&b.a);
            }
            t
        };
        emit(
            &format!("harbinger.{name}.{tag}"),
            points,
            &times,
            &opt.api,
            Some(check),
        );
    }
    if opt.wants("all6") {
        let times = time_runs(opt.runs, || all6(series, &mut bufs, alloc));
        emit(
            &format!("harbinger.all6.{tag}"),
            points,
            &times,
            &opt.api,
            None,
        );
    }
}

/// The six indicators one after another on every series (the peer's `all6`).
fn all6(series: &[Series], bufs: &mut [Buffers], alloc: bool) {
    for (s, b) in series.iter().zip(bufs.iter_mut()) {
        for name in INDICATORS {
            if alloc {
                std::hint::black_box(run_alloc(name, s));
            } else {
                run_into(name, s, b);
            }
        }
    }
}

fn bench_threads(series: &[Series], tag: &str, opt: &Options, threads: usize) {
    let points: usize = series.iter().map(|s| s.close.len()).sum();
    let alloc = opt.api == "alloc";
    // Same split as the peer: symbol i goes to worker i mod threads.
    let chunks: Vec<Vec<&Series>> = (0..threads)
        .map(|t| series.iter().skip(t).step_by(threads).collect())
        .collect();
    let mut bufs: Vec<Vec<Buffers>> = chunks
        .iter()
        .map(|c| c.iter().map(|s| Buffers::new(s.close.len())).collect())
        .collect();
    let times = time_runs(opt.runs, || {
        std::thread::scope(|scope| {
            for (chunk, b) in chunks.iter().zip(bufs.iter_mut()) {
                scope.spawn(move || {
                    for (s, b) in chunk.iter().zip(b.iter_mut()) {
                        all6(std::slice::from_ref(*s), std::slice::from_mut(b), alloc);
                    }
                });
            }
        });
    });
    emit(
        &format!("harbinger.all6.{tag}.threads{threads}"),
        points,
        &times,
        &opt.api,
        None,
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
    };
    let number = |flag: &str| {
        value(flag).map(|v| {
            v.parse::<usize>()
                .unwrap_or_else(|_| panic!("{flag} needs a number"))
        })
    };
    let opt = Options {
        runs: number("--runs").unwrap_or(5).max(1),
        api: value("--api").cloned().unwrap_or_else(|| "alloc".into()),
        only: value("--only")
            .map(|o| o.split(',').map(str::to_string).collect())
            .unwrap_or_default(),
    };
    assert!(
        opt.api == "alloc" || opt.api == "into",
        "--api must be alloc or into"
    );
    println!(
        "{{\"name\": \"meta.versions\", \"versions\": {{\"harbinger-signals\": \"{}\"}}}}",
        env!("CARGO_PKG_VERSION")
    );
    if let Some(path) = value("--csv") {
        let series = load_csv(path, number("--max-symbols"));
        bench_series(&series, "multi", &opt);
        if let Some(t) = number("--threads").filter(|&t| t > 1) {
            bench_threads(&series, "multi", &opt, t);
        }
    }
    if let Some(path) = value("--long-csv") {
        bench_series(&load_csv(path, None), "long", &opt);
    }
    if let Some(n) = number("--long-synthetic") {
        bench_series(&[synthetic(n)], "long_synth", &opt);
    }
}
