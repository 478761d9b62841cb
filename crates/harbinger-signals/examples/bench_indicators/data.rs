//! Benchmark inputs: gen_ohlcv.py CSV files and an in-memory random walk.

use std::time::Instant;

/// The columns the six benchmarked indicators read.
#[derive(Debug, Default)]
pub struct Series {
    pub high: Vec<f64>,
    pub low: Vec<f64>,
    pub close: Vec<f64>,
}

/// Read a gen_ohlcv.py CSV (`symbol,ts,open,high,low,close,volume`), one series per symbol.
pub fn load_csv(path: &str, max_symbols: Option<usize>) -> Vec<Series> {
    let t0 = Instant::now();
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    let mut out: Vec<Series> = Vec::new();
    let mut current = "";
    for line in text.lines().skip(1) {
        let mut f = line.split(',');
        let sym = f.next().unwrap_or_default();
        if sym != current || out.is_empty() {
            if max_symbols.is_some_and(|m| out.len() == m) {
                break;
            }
            out.push(Series::default());
            current = sym;
        }
        let mut v = f.skip(2).map(|x| x.parse::<f64>().unwrap_or(f64::NAN));
        let s = out.last_mut().expect("a series was just pushed");
        s.high.push(v.next().unwrap_or(f64::NAN));
        s.low.push(v.next().unwrap_or(f64::NAN));
        s.close.push(v.next().unwrap_or(f64::NAN));
    }
    let rows: usize = out.iter().map(|s| s.close.len()).sum();
    eprintln!(
        "loaded {path}: {} series, {rows} rows in {:.1} s",
        out.len(),
        t0.elapsed().as_secs_f64()
    );
    out
}

/// In-memory random walk of `n` points like the peer's `--long-synthetic` (its numbers are
/// not reproduced bit for bit: the peer uses numpy's generator).
pub fn synthetic(n: usize) -> Series {
    let mut state: u64 = 42;
    let mut uniform = move || {
        // splitmix64
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut normal = move || {
        let (u1, u2) = (1.0 - uniform(), uniform());
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    };
    let mut s = Series::default();
    let mut log_price = 0.0;
    for _ in 0..n {
        log_price += 0.001 * normal();
        let close = 100.0 * f64::exp(log_price);
        let spread = (0.0005 * normal()).abs();
        s.high.push(close * (1.0 + spread));
        s.low.push(close * (1.0 - spread));
        s.close.push(close);
    }
    s
}
