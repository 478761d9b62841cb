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
//! ```no_run
//! use harbinger_model::{Ohlcv, WalkForwardConfig, walk_forward};
//! # fn run(time: &[i64], o: &[f64], h: &[f64], l: &[f64], c: &[f64], v: &[f64])
//! # -> Result<(), harbinger_model::ModelError> {
//! let bars = Ohlcv::new(time, o, h, l, c, v)?;
//! let wf = walk_forward(&bars, &WalkForwardConfig::default())?;
//! if let Some(Some(p)) = wf.predictions.last() {
//!     // p.probability, p.drivers, p.model_version
//! }
//! println!("Brier {:.4} vs base rate {:.4}", wf.report.brier, wf.report.brier_base_rate);
//! # Ok(()) }
//! ```
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
pub mod features;
pub mod labels;
mod linalg;
pub mod logistic;
mod model;
mod ohlcv;
mod report;
mod standardize;
mod version;
mod walk_forward;

pub use calibration::{CalibrationMethod, Calibrator, Isotonic, Platt};
pub use dataset::Dataset;
pub use error::ModelError;
pub use features::{
    FEATURE_COUNT, FEATURE_SET, FeatureMatrix, FeatureSet, FeatureStream, features,
};
pub use harbinger_signals::indicators::Candle;
pub use labels::{BarrierParams, Side, barrier_atr, triple_barrier_labels};
pub use logistic::{Logistic, LogisticParams, Standardizer};
pub use model::{Driver, ModelConfig, Prediction, TrainedModel};
pub use ohlcv::Ohlcv;
pub use report::{BUCKETS, Bucket, CalibrationReport};
pub use version::ModelVersion;
pub use walk_forward::{
    BarPrediction, Fold, Latest, TrainWindow, WalkForward, WalkForwardConfig, fit_latest,
    walk_forward,
};
