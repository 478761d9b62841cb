//! The committed series under `tests/golden/data` as [`OhlcvBuf`]s.

use std::path::PathBuf;

use harbinger_signals::OhlcvBuf;

fn read(rel: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// `symbol,ts,open,high,low,close,volume` rows grouped by symbol.
pub fn synthetic() -> Vec<(String, OhlcvBuf)> {
    let mut out: Vec<(String, OhlcvBuf)> = Vec::new();
    for line in read("data/synthetic_ohlcv.csv").lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        if out.last().is_none_or(|(s, _)| s != f[0]) {
            out.push((f[0].to_owned(), OhlcvBuf::default()));
        }
        let n: Vec<f64> = f[2..7].iter().map(|x| x.parse().unwrap()).collect();
        let b = &mut out.last_mut().unwrap().1;
        b.push(f[1].parse().unwrap(), n[0], n[1], n[2], n[3], n[4]);
    }
    out
}

/// A real daily file (`date,open,high,low,close,volume,adj_close`), one bar per day numbered
/// from 2000-03-01 (the figures under test do not read dates).
pub fn daily(symbol: &str) -> OhlcvBuf {
    let mut b = OhlcvBuf::default();
    for (i, line) in read(&format!("data/{symbol}.csv"))
        .lines()
        .skip(1)
        .enumerate()
    {
        let n: Vec<f64> = line
            .split(',')
            .skip(1)
            .take(5)
            .map(|x| x.parse().unwrap())
            .collect();
        let t = 951_868_800 + i64::try_from(i).unwrap() * 86_400;
        b.push(t, n[0], n[1], n[2], n[3], n[4]);
    }
    b
}

/// Every committed series by name.
pub fn all() -> Vec<(String, OhlcvBuf)> {
    let mut out = synthetic();
    out.push(("AAPL".into(), daily("AAPL")));
    out.push(("MSFT".into(), daily("MSFT")));
    out
}
