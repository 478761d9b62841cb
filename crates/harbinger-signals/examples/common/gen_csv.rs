//! Benchmark input shared by the engine's and the model's examples: a gen_ohlcv.py CSV
//! (`symbol,ts,open,high,low,close,volume`, grouped by symbol) as full OHLCV columns.

use harbinger_signals::Ohlcv;

/// One symbol's columns.
#[derive(Default)]
pub struct Columns {
    time: Vec<i64>,
    open: Vec<f64>,
    high: Vec<f64>,
    low: Vec<f64>,
    close: Vec<f64>,
    volume: Vec<f64>,
}

impl Columns {
    pub fn view(&self) -> Ohlcv<'_> {
        Ohlcv::new(
            &self.time,
            &self.open,
            &self.high,
            &self.low,
            &self.close,
            &self.volume,
        )
        .expect("gen_ohlcv.py series are ordered and complete")
    }
}

/// `symbol,ts,open,high,low,close,volume`, grouped by symbol; the first `max` symbols.
pub fn load(path: &str, max: usize) -> Vec<Columns> {
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
