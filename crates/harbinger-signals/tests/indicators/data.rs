//! Loading the committed golden files (everything under `tests/golden/`).

use std::collections::BTreeMap;
use std::path::PathBuf;

/// One OHLCV series as column vectors.
#[derive(Debug, Default, Clone)]
pub struct Series {
    pub open: Vec<f64>,
    pub high: Vec<f64>,
    pub low: Vec<f64>,
    pub close: Vec<f64>,
    pub volume: Vec<f64>,
}

impl Series {
    fn push(&mut self, o: f64, h: f64, l: f64, c: f64, v: f64) {
        self.open.push(o);
        self.high.push(h);
        self.low.push(l);
        self.close.push(c);
        self.volume.push(v);
    }
}

pub fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("golden")
}

fn read(rel: &str) -> String {
    let path = golden_dir().join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

fn num(field: &str) -> f64 {
    if field.is_empty() {
        return f64::NAN;
    }
    field
        .parse()
        .unwrap_or_else(|e| panic!("bad number {field:?}: {e}"))
}

/// `data/AAPL.csv`-style file: `date,open,high,low,close,volume,adj_close`.
pub fn read_prices(rel: &str) -> Series {
    let text = read(rel);
    let mut lines = text.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("date,open,high,low,close,volume")
    );
    let mut s = Series::default();
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        s.push(num(f[1]), num(f[2]), num(f[3]), num(f[4]), num(f[5]));
    }
    s
}

/// `gen_ohlcv.py` file: `symbol,ts,open,high,low,close,volume`, grouped by symbol.
pub fn read_synthetic(rel: &str) -> Vec<(String, Series)> {
    let text = read(rel);
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "symbol,ts,open,high,low,close,volume"
    );
    let mut out: Vec<(String, Series)> = Vec::new();
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        if out.last().is_none_or(|(sym, _)| sym != f[0]) {
            out.push((f[0].to_string(), Series::default()));
        }
        let s = &mut out.last_mut().unwrap().1;
        s.push(num(f[2]), num(f[3]), num(f[4]), num(f[5]), num(f[6]));
    }
    out
}

/// `expected/NAME.csv`: header of column names, empty fields for NaN.
pub fn read_expected(rel: &str) -> BTreeMap<String, Vec<f64>> {
    let text = read(rel);
    let mut lines = text.lines();
    let names: Vec<String> = lines
        .next()
        .unwrap()
        .split(',')
        .map(str::to_string)
        .collect();
    let mut cols: Vec<Vec<f64>> = vec![Vec::new(); names.len()];
    for line in lines {
        let fields: Vec<&str> = line.split(',').collect();
        assert_eq!(fields.len(), names.len(), "ragged row in {rel}");
        for (col, field) in cols.iter_mut().zip(fields) {
            col.push(num(field));
        }
    }
    names.into_iter().zip(cols).collect()
}
