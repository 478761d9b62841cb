//! Criterion benchmarks of the indicators: the six TA-Lib comparisons (SMA20, EMA20, RSI14,
//! MACD 12/26/9, BBANDS 20/2, ATR14) in their non-allocating batch form, on a daily-sized
//! series (2,520 bars, cache-resident) and a long one (1,000,000 bars, memory-bound), plus the
//! streaming forms one bar at a time. `examples/bench_indicators.rs` is the tool that runs
//! beside TA-Lib; these are for spotting regressions: `cargo bench -p harbinger-signals`.

// h, l, x: the usual names of price columns.
#![allow(clippy::many_single_char_names)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use harbinger_signals::indicators::{self as ind, Candle};

struct Series {
    high: Vec<f64>,
    low: Vec<f64>,
    close: Vec<f64>,
}

/// Deterministic random walk (splitmix64 + Box-Muller), prices near 100.
fn series(n: usize) -> Series {
    let mut state: u64 = 7;
    let mut uniform = move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut s = Series {
        high: Vec::new(),
        low: Vec::new(),
        close: Vec::new(),
    };
    let mut close = 100.0;
    for _ in 0..n {
        let z = (-2.0 * (1.0 - uniform()).ln()).sqrt() * (std::f64::consts::TAU * uniform()).cos();
        close *= 1.0 + 0.01 * z;
        let spread = 0.005 * uniform();
        s.high.push(close * (1.0 + spread));
        s.low.push(close * (1.0 - spread));
        s.close.push(close);
    }
    s
}

fn batch(c: &mut Criterion) {
    for n in [2_520, 1_000_000] {
        let s = series(n);
        let (h, l, x) = (&s.high, &s.low, &s.close);
        let (mut a, mut b, mut d) = (vec![0.0; n], vec![0.0; n], vec![0.0; n]);
        let mut group = c.benchmark_group(format!("batch/{n}"));
        group.throughput(Throughput::Elements(n as u64));
        group.bench_function("SMA20", |bench| {
            bench.iter(|| ind::sma_into(black_box(x), 20, &mut a));
        });
        group.bench_function("EMA20", |bench| {
            bench.iter(|| ind::ema_into(black_box(x), 20, &mut a));
        });
        group.bench_function("RSI14", |bench| {
            bench.iter(|| ind::rsi_into(black_box(x), 14, &mut a));
        });
        group.bench_function("MACD12_26_9", |bench| {
            bench.iter(|| ind::macd_into(black_box(x), 12, 26, 9, &mut a, &mut b, &mut d));
        });
        group.bench_function("BBANDS20_2", |bench| {
            bench.iter(|| ind::bollinger_into(black_box(x), 20, 2.0, 2.0, &mut a, &mut b, &mut d));
        });
        group.bench_function("ATR14", |bench| {
            bench.iter(|| ind::atr_into(black_box(h), l, x, 14, &mut a));
        });
        group.bench_function("ADX14", |bench| {
            bench.iter(|| ind::adx_into(black_box(h), l, x, 14, &mut a));
        });
        group.bench_function("STOCH5_3_3", |bench| {
            bench.iter(|| ind::stochastic_into(black_box(h), l, x, 5, 3, 3, &mut a, &mut b));
        });
        group.finish();
    }
}

fn streaming(c: &mut Criterion) {
    let n = 100_000;
    let s = series(n);
    let bars: Vec<Candle> = (0..n)
        .map(|i| Candle::new(s.close[i], s.high[i], s.low[i], s.close[i], 1.0))
        .collect();
    let mut group = c.benchmark_group("streaming");
    group.throughput(Throughput::Elements(n as u64));
    group.bench_function(BenchmarkId::new("EMA20", n), |bench| {
        bench.iter(|| {
            let mut ema = ind::Ema::new(20).expect("valid period");
            bars.iter().filter_map(|b| ema.update(b.close)).sum::<f64>()
        });
    });
    group.bench_function(BenchmarkId::new("MACD12_26_9", n), |bench| {
        bench.iter(|| {
            let mut macd = ind::Macd::new(12, 26, 9).expect("valid periods");
            bars.iter()
                .filter_map(|b| macd.update(b.close))
                .map(|o| o.histogram)
                .sum::<f64>()
        });
    });
    group.bench_function(BenchmarkId::new("BBANDS20_2", n), |bench| {
        bench.iter(|| {
            let mut bb = ind::Bollinger::new(20, 2.0, 2.0).expect("valid parameters");
            bars.iter()
                .filter_map(|b| bb.update(b.close))
                .map(|o| o.upper)
                .sum::<f64>()
        });
    });
    group.bench_function(BenchmarkId::new("ADX14", n), |bench| {
        bench.iter(|| {
            let mut dmi = ind::Dmi::new(14).expect("valid period");
            bars.iter().filter_map(|b| dmi.update(*b)?.adx).sum::<f64>()
        });
    });
    group.finish();
}

fn config() -> Criterion {
    // Two shared cores: short, repeatable runs rather than long ones.
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
}

criterion_group! { name = benches; config = config(); targets = batch, streaming }
criterion_main!(benches);
