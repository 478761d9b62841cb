//! Timings of the model's steps on the bundled prices (a plain benchmark; medians of runs).
//!
//! `cargo run --release -p harbinger-model --example bench`
#![allow(clippy::print_stdout)]

#[path = "../tests/model/data.rs"]
#[allow(dead_code)]
mod data;

use std::hint::black_box;
use std::time::{Duration, Instant};

use harbinger_model::{
    Dataset, ModelConfig, TrainedModel, WalkForwardConfig, features, fit_latest, walk_forward,
};

fn median<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            black_box(f());
            t.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let s = data::load("AAPL");
    let bars = s.view();
    let n = bars.len();
    let config = ModelConfig::default();
    let t = median(21, || features(&bars));
    println!(
        "features        {n} bars: {t:>10.2?}  ({:.1} ns/bar)",
        t.as_nanos() as f64 / n as f64
    );
    let t = median(21, || Dataset::new(&bars, &config));
    println!("dataset         {n} bars: {t:>10.2?}  (features + labels)");
    let data = Dataset::new(&bars, &config)?;
    let t = median(11, || TrainedModel::fit(&data, 0..n, &config));
    println!("fit             {n} bars: {t:>10.2?}");
    let model = TrainedModel::fit(&data, 0..n, &config)?;
    let row = data.features().row(n - 1).ok_or("no row")?;
    let t = median(1001, || model.predict(row));
    println!("predict          one row: {t:>10.2?}");
    let t = median(11, || fit_latest(&bars, &config));
    println!("fit_latest      {n} bars: {t:>10.2?}  (today's signal from scratch)");
    let wf = WalkForwardConfig::default();
    let t = median(5, || walk_forward(&bars, &wf));
    println!(
        "walk_forward    {n} bars: {t:>10.2?}  ({} folds)",
        walk_forward(&bars, &wf)?.folds.len()
    );
    Ok(())
}
