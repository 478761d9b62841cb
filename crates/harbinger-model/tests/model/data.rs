//! The bundled daily prices (`data/prices/*.csv`), split-adjusted.

use std::path::PathBuf;

/// One symbol's bars as owned columns.
pub struct Series {
    pub time: Vec<i64>,
    pub open: Vec<f64>,
    pub high: Vec<f64>,
    pub low: Vec<f64>,
    pub close: Vec<f64>,
    pub volume: Vec<f64>,
}

impl Series {
    pub fn view(&self) -> harbinger_model::Ohlcv<'_> {
        harbinger_model::Ohlcv::new(
            &self.time,
            &self.open,
            &self.high,
            &self.low,
            &self.close,
            &self.volume,
        )
        .expect("bundled prices are well-formed")
    }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `date,open,high,low,close,volume[,adj_close]`. With `adj_close`, prices are scaled by
/// `adj_close / close` and volume by its inverse, so splits do not look like crashes.
pub fn load(symbol: &str) -> Series {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../data/prices")
        .join(format!("{symbol}.csv"));
    let text = std::fs::read_to_string(&path).expect("bundled price file");
    let mut s = Series {
        time: Vec::new(),
        open: Vec::new(),
        high: Vec::new(),
        low: Vec::new(),
        close: Vec::new(),
        volume: Vec::new(),
    };
    for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split(',').collect();
        let date: Vec<i64> = f[0].split('-').map(|p| p.parse().expect("date")).collect();
        let num = |i: usize| -> f64 { f[i].parse().expect("number") };
        let close = num(4);
        let factor = if f.len() > 6 { num(6) / close } else { 1.0 };
        s.time
            .push(days_from_civil(date[0], date[1], date[2]) * 86_400);
        s.open.push(num(1) * factor);
        s.high.push(num(2) * factor);
        s.low.push(num(3) * factor);
        s.close.push(close * factor);
        s.volume.push(num(5) / factor);
    }
    s
}

#[test]
fn dates_convert_to_unix_days() {
    assert_eq!(days_from_civil(1970, 1, 1), 0);
    assert_eq!(days_from_civil(2000, 3, 1), 11_017);
}

#[test]
fn every_bundled_file_loads_with_increasing_times() {
    for symbol in ["AAPL", "MSFT", "IBM", "GOOG", "FB"] {
        let s = load(symbol);
        assert!(s.time.len() > 100, "{symbol}");
        assert_eq!(s.view().len(), s.close.len());
    }
}
