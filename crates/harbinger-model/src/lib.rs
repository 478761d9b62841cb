//! Harbinger's machine-learning signal model.
//!
//! The question it answers, for every bar: *if a trade is entered at this close, what is the
//! probability that its target (`k_t` ATRs away) is reached before its stop (`k_s` ATRs the
//! other way) within `H` bars?* That probability, calibrated on held-out data, is the
//! signal's confidence.
//!
//! The pipeline, one module per step:
//!
//! 1. [`Ohlcv`]: the bars, as borrowed columns.
//! 2. [`features`]: a named, versioned set of scale-free features built only from past
//!    bars ([`FEATURE_SET`], [`features()`], [`FeatureStream`] for live bars).
//! 3. [`labels`]: triple-barrier labels ([`triple_barrier_labels`]).
//! 4. [`logistic`]: L2-regularised logistic regression on standardised features.
//! 5. [`calibration`]: Platt scaling or isotonic regression on a held-out part of the
//!    training window.
//! 6. [`walk_forward()`]: time-ordered folds with an embargo, out-of-sample predictions
//!    only, and a [`CalibrationReport`].
//! 7. [`TrainedModel`]: predictions with their [`Driver`]s (the largest per-feature
//!    contributions) and a [`ModelVersion`].
//!
//! # Using it as a strategy
//!
//! A backtest takes the out-of-sample predictions of [`walk_forward()`], one per bar (`None`
//! before the first fold and during warm-up); a live signal trains with [`fit_latest`] and
//! reads the last bar's prediction. Either way a prediction carries the calibrated
//! probability (the confidence), the drivers and the `model_version`; the stop and target
//! are [`BarrierParams::levels`] on the close and [`barrier_atr`], the ATR the labels use.
//!
//! ```no_run
//! use harbinger_model::{ModelConfig, Ohlcv, WalkForwardConfig, fit_latest, walk_forward};
//! # fn run(time: &[i64], o: &[f64], h: &[f64], l: &[f64], c: &[f64], v: &[f64])
//! # -> Result<(), harbinger_model::ModelError> {
//! let bars = Ohlcv::new(time, o, h, l, c, v)?;
//!
//! // Backtest: out-of-sample probabilities for every bar, and how good they were.
//! let wf = walk_forward(&bars, &WalkForwardConfig::default())?;
//! for (t, p) in wf.predictions.iter().enumerate() {
//!     if let Some(p) = p {
//!         let _ = (t, p.probability, &p.drivers, &p.model_version);
//!     }
//! }
//! println!("Brier {:.4} vs base rate {:.4}", wf.report.brier, wf.report.brier_base_rate);
//!
//! // Live: train on everything resolved so far, predict today.
//! let latest = fit_latest(&bars, &ModelConfig::default())?;
//! if let Some(p) = latest.prediction {
//!     println!("{} p={:.3} model {}", latest.time, p.probability, latest.model.version());
//! }
//! # Ok(()) }
//! ```
//!
//! # What to expect
//!
//! On the bundled daily prices the model has little edge: walk-forward Brier scores sit
//! within about 1% of the no-skill forecast (see `EVALUATION.md` in this crate), and the
//! calibration keeps the probabilities honest, close to the base rate, rather than
//! confident. On a series with a planted signal it finds the signal (tested).
//!
//! # Why own code rather than smartcore or linfa
//!
//! The model is small (18 features and an intercept) and must be reproducible byte for byte:
//! the same bars must give the same signals and the same `model_version` on every run. A
//! Newton solver with a 19 × 19 Cholesky solve is about 150 lines whose every sum runs in a
//! fixed order on one thread; it needs no BLAS, no random initialisation and no thread pool,
//! whose reduction order could change the last bits. linfa-logistic pulls in ndarray and an
//! argmin optimiser stack, smartcore a generic linear-algebra layer; both are far larger
//! than what they would replace here, and neither offers per-feature contributions of a
//! standardised model directly. Owning the code also keeps the explanation exact: a driver's
//! weight is literally the coefficient times the standardised value that entered the score.
//!
//! # Determinism
//!
//! No randomness, no threads, no hash-map iteration: equal input gives bit-identical
//! output (tested). Across machines the results can differ in the last bits only where the
//! platform's `exp`/`ln` differ.
#![forbid(unsafe_code)]
// Unit tests compare floats bit for bit on purpose and unwrap known-good results.
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::float_cmp))]

pub mod calibration;
mod dataset;
mod error;
mod evaluate;
pub mod features;
pub mod labels;
mod linalg;
pub mod logistic;
mod model;
mod ohlcv;
mod report;
mod standardize;
pub mod strategies;
mod strategy;
pub mod track_record;
mod version;
mod walk_forward;

pub use calibration::{CalibrationMethod, Calibrator, Isotonic, Platt};
pub use dataset::Dataset;
pub use error::ModelError;
pub use evaluate::calibration;
pub use features::{
    FEATURE_COUNT, FEATURE_SET, FeatureMatrix, FeatureSet, FeatureStream, features,
};
pub use harbinger_signals::indicators::Candle;
pub use labels::{BarrierParams, Side, barrier_atr, triple_barrier_labels};
pub use logistic::{Logistic, LogisticParams, Standardizer};
pub use model::{Driver, ModelConfig, Prediction, TrainedModel};
pub use ohlcv::Ohlcv;
pub use report::{BUCKETS, Bucket, CalibrationReport};
pub use strategies::{
    STRATEGIES, UnknownStrategy, all_latest as all_latest_strategies, build as build_strategy,
    build_latest as build_latest_strategy, known_strategy,
};
pub use strategy::Ml;
pub use track_record::{EquityPoint, GradedReturn, TrackStats, track_stats};
pub use version::ModelVersion;
pub use walk_forward::{
    BarPrediction, Fold, Latest, TrainWindow, WalkForward, WalkForwardConfig, fit_latest,
    walk_forward,
};
