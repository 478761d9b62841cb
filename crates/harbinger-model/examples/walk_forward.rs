//! Walk-forward evaluation of the model on a bundled symbol, with timing.
//!
//! `cargo run --release -p harbinger-model --example walk_forward -- AAPL [platt|isotonic|none] [l2] [rolling window|expanding] [calibration fraction] [platt prior]`
//!
//! Every argument is optional; the defaults are `ModelConfig::default()`'s.
#![allow(clippy::print_stdout)]

#[path = "../tests/model/data.rs"]
#[allow(dead_code)]
mod data;

use std::time::Instant;

use harbinger_model::{CalibrationMethod, WalkForwardConfig, walk_forward};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let symbol = args.next().unwrap_or_else(|| "AAPL".into());
    let mut config = WalkForwardConfig::default();
    config.model.calibration = match args.next().as_deref() {
        Some("isotonic") => CalibrationMethod::Isotonic,
        Some("none") => CalibrationMethod::None,
        _ => CalibrationMethod::Platt,
    };
    if let Some(l2) = args.next() {
        config.model.logistic.l2 = l2.parse()?;
    }
    if let Some(w) = args.next().filter(|w| w != "expanding") {
        config.window = harbinger_model::TrainWindow::Rolling(w.parse()?);
    }
    if let Some(f) = args.next() {
        config.model.calibration_fraction = f.parse()?;
    }
    if let Some(k) = args.next() {
        config.model.platt_prior = k.parse()?;
    }
    let series = data::load(&symbol);
    let started = Instant::now();
    let wf = walk_forward(&series.view(), &config)?;
    let elapsed = started.elapsed();
    let r = &wf.report;
    println!(
        "{symbol}: {} bars, {} folds, {} OOS predictions scored in {elapsed:.2?}",
        series.time.len(),
        wf.folds.len(),
        r.predictions
    );
    println!(
        "base rate {:.4}  Brier {:.5}  base-rate Brier {:.5}  prior Brier {:.5}  skill {:+.4}",
        r.base_rate,
        r.brier,
        r.brier_base_rate,
        r.brier_prior.unwrap_or(f64::NAN),
        r.brier_skill
    );
    println!(
        "log loss {:.5}  base-rate log loss {:.5}",
        r.log_loss, r.log_loss_base_rate
    );
    println!("bucket        count  mean p  hit rate");
    for b in &r.buckets {
        let show = |v: Option<f64>| v.map_or_else(|| "   -  ".into(), |v| format!("{v:.4}"));
        println!(
            "[{:.1}, {:.1})  {:>6}  {}  {}",
            b.lower,
            b.upper,
            b.count,
            show(b.mean_probability),
            show(b.hit_rate)
        );
    }
    if let Some(Some(last)) = wf.predictions.last() {
        println!(
            "last bar: p = {:.4}, model {}",
            last.probability, last.model_version
        );
        for d in &last.drivers {
            println!(
                "  {:<18} value {:+.4}  weight {:+.4}",
                d.name, d.value, d.weight
            );
        }
    }
    Ok(())
}
