//! [`ModelConfig`] and [`TrainedModel`]: fit on a range of bars, predict calibrated
//! probabilities with their drivers.

use std::ops::Range;

use crate::calibration::{CalibrationMethod, Calibrator};
use crate::features::{FEATURE_COUNT, FEATURE_SET};
use crate::labels::{BarrierParams, Side};
use crate::logistic::{Logistic, LogisticParams, Standardizer};
use crate::{Dataset, ModelError, ModelVersion};

/// Everything that defines a model, with defaults for each.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelConfig {
    /// The side the model predicts for (default long).
    pub side: Side,
    /// Target, stop, horizon (defaults 2 ATR, 1 ATR, 10 bars).
    pub barrier: BarrierParams,
    /// Penalty and solver settings.
    pub logistic: LogisticParams,
    /// How raw scores become probabilities (default Platt).
    pub calibration: CalibrationMethod,
    /// Strength of the prior that the raw scores are calibrated, for Platt scaling (see
    /// [`crate::Platt::fit`]; default 100, 0 for classic Platt).
    pub platt_prior: f64,
    /// Share of the usable training rows, the most recent ones, held out to fit the
    /// calibrator (default 0.3; ignored without calibration).
    pub calibration_fraction: f64,
    /// Fewest usable rows (complete features, defined label) a fit accepts (default 250).
    pub min_train_rows: usize,
    /// How many drivers each prediction reports (default 5).
    pub top_drivers: usize,
}

impl Default for ModelConfig {
    fn default() -> Self {
        Self {
            side: Side::Long,
            barrier: BarrierParams::default(),
            logistic: LogisticParams::default(),
            calibration: CalibrationMethod::Platt,
            platt_prior: 100.0,
            calibration_fraction: 0.3,
            min_train_rows: 250,
            top_drivers: 5,
        }
    }
}

impl ModelConfig {
    /// Check every parameter.
    pub fn validate(&self) -> Result<(), ModelError> {
        self.barrier.validate()?;
        self.logistic.validate()?;
        let k = self.platt_prior;
        if !(k.is_finite() && k >= 0.0) {
            return Err(ModelError::invalid(
                "platt_prior",
                "must be finite and at least 0",
                k,
            ));
        }
        let f = self.calibration_fraction;
        if !(f.is_finite() && f > 0.0 && f < 1.0) {
            return Err(ModelError::invalid(
                "calibration_fraction",
                "must be in (0, 1)",
                f,
            ));
        }
        if self.min_train_rows < 20 {
            let v = self.min_train_rows;
            return Err(ModelError::invalid(
                "min_train_rows",
                "must be at least 20",
                v,
            ));
        }
        Ok(())
    }
}

/// One feature's part in a prediction.
#[derive(Debug, Clone, PartialEq)]
pub struct Driver {
    /// Feature name, from [`FEATURE_SET`].
    pub name: &'static str,
    /// The feature's value for this bar (not standardised).
    pub value: f64,
    /// Its contribution to the raw log-odds: coefficient × standardised value. Positive
    /// pushes towards the target being hit.
    pub weight: f64,
}

/// A model's output for one bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    /// Calibrated probability that the target is hit before the stop within the horizon:
    /// the signal's confidence.
    pub probability: f64,
    /// The logistic regression's own probability, before calibration.
    pub raw_probability: f64,
    /// The largest contributions by absolute weight, largest first.
    pub drivers: Vec<Driver>,
}

/// A fitted, calibrated model and the range it was trained on.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainedModel {
    config: ModelConfig,
    standardizer: Standardizer,
    logistic: Logistic,
    calibrator: Calibrator,
    train_rows: usize,
    first_time: i64,
    last_time: i64,
    version: ModelVersion,
}

const STAGE: &str = "model fit";

/// Fewest rows on either side of the calibration split.
const MIN_ROWS: usize = 10;

impl TrainedModel {
    /// Fit on the usable bars of `rows` (complete features, defined label).
    ///
    /// The caller chooses `rows` so that every label in it was known at the time the model
    /// is used ([`crate::walk_forward()`] leaves a gap of `horizon` bars). With calibration,
    /// the most recent `calibration_fraction` of the usable rows are held out: the
    /// regression is fitted on the older rows, minus the last `horizon` bars before the
    /// hold-out so no training label overlaps it, and the calibrator on the regression's
    /// scores over the hold-out. The regression is *not* refitted on all rows afterwards:
    /// the calibrator maps exactly the scores it was fitted on (refitting shifts the score
    /// scale, and on weak financial signals that shift made calibrated forecasts worse than
    /// uncalibrated ones). The hold-out being the most recent rows, calibration also tracks
    /// the current base rate.
    pub fn fit(
        data: &Dataset,
        rows: Range<usize>,
        config: &ModelConfig,
    ) -> Result<Self, ModelError> {
        config.validate()?;
        let end = rows.end.min(data.len());
        let usable: Vec<usize> = (rows.start..end).filter(|&t| data.is_usable(t)).collect();
        if usable.len() < config.min_train_rows {
            let (available, required) = (usable.len(), config.min_train_rows);
            return Err(ModelError::NotEnoughData {
                stage: STAGE,
                available,
                required,
            });
        }
        let (regression_rows, hold_out) = split_for_calibration(&usable, config)?;
        let (mut x, y) = gather(data, &regression_rows);
        let standardizer = Standardizer::fit(&x, FEATURE_COUNT);
        standardizer.transform(&mut x);
        let logistic = Logistic::fit(&x, FEATURE_COUNT, &y, &config.logistic)?;
        let calibrator = if hold_out.is_empty() {
            Calibrator::Identity
        } else {
            let (mut xh, yh) = gather(data, hold_out);
            standardizer.transform(&mut xh);
            let scores: Vec<f64> = xh
                .chunks_exact(FEATURE_COUNT)
                .map(|r| logistic.logit(r))
                .collect();
            Calibrator::fit(config.calibration, &scores, &yh, config.platt_prior)?
        };
        let (first, last) = (
            data.time()[usable[0]],
            data.time()[usable[usable.len() - 1]],
        );
        Ok(Self {
            config: config.clone(),
            standardizer,
            logistic,
            calibrator,
            train_rows: usable.len(),
            first_time: first,
            last_time: last,
            version: ModelVersion::new(config, &FEATURE_SET, first, last),
        })
    }

    /// Predict from one feature row; `None` when a feature is missing.
    pub fn predict(&self, row: &[f64]) -> Result<Option<Prediction>, ModelError> {
        if row.len() != FEATURE_COUNT {
            let (expected, actual) = (FEATURE_COUNT, row.len());
            return Err(ModelError::FeatureCount { expected, actual });
        }
        if row.iter().any(|v| v.is_nan()) {
            return Ok(None);
        }
        let z: Vec<f64> = row
            .iter()
            .enumerate()
            .map(|(j, &v)| self.standardizer.apply(j, v))
            .collect();
        let score = self.logistic.logit(&z);
        let mut drivers: Vec<Driver> = (0..FEATURE_COUNT)
            .map(|j| Driver {
                name: FEATURE_SET.names[j],
                value: row[j],
                weight: self.logistic.weights[j] * z[j],
            })
            .collect();
        // Stable sort: ties keep feature order, so the list is deterministic.
        drivers.sort_by(|a, b| b.weight.abs().total_cmp(&a.weight.abs()));
        drivers.truncate(self.config.top_drivers);
        Ok(Some(Prediction {
            probability: self.calibrator.apply(score),
            raw_probability: crate::linalg::sigmoid(score),
            drivers,
        }))
    }

    /// Hash of parameters, feature-set version and training range.
    pub fn version(&self) -> &ModelVersion {
        &self.version
    }

    /// The configuration it was fitted with.
    pub fn config(&self) -> &ModelConfig {
        &self.config
    }

    /// The fitted regression (on standardised features).
    pub fn logistic(&self) -> &Logistic {
        &self.logistic
    }

    /// The fitted calibrator.
    pub fn calibrator(&self) -> &Calibrator {
        &self.calibrator
    }

    /// Usable rows of the training window (regression and calibration hold-out).
    pub fn train_rows(&self) -> usize {
        self.train_rows
    }

    /// Times of the first and last bar trained on (Unix seconds).
    pub fn train_range(&self) -> (i64, i64) {
        (self.first_time, self.last_time)
    }
}

/// The feature rows (row-major) and labels of `rows`.
fn gather(data: &Dataset, rows: &[usize]) -> (Vec<f64>, Vec<bool>) {
    let mut x = Vec::with_capacity(rows.len() * FEATURE_COUNT);
    let mut y = Vec::with_capacity(rows.len());
    for &t in rows {
        if let (Some(r), Some(Some(l))) = (data.features().row(t), data.labels().get(t)) {
            x.extend_from_slice(r);
            y.push(*l);
        }
    }
    (x, y)
}

/// Split the usable rows into the regression's rows and the calibration hold-out (empty
/// without calibration), with `horizon` bars dropped between them.
fn split_for_calibration<'u>(
    usable: &'u [usize],
    config: &ModelConfig,
) -> Result<(Vec<usize>, &'u [usize]), ModelError> {
    if config.calibration == CalibrationMethod::None {
        return Ok((usable.to_vec(), &[]));
    }
    let held = ((usable.len() as f64) * config.calibration_fraction).ceil() as usize;
    let split = usable.len() - held.min(usable.len());
    let hold_out = &usable[split..];
    let first_held = hold_out.first().copied().unwrap_or(usize::MAX);
    let regression: Vec<usize> = usable[..split]
        .iter()
        .copied()
        .filter(|&t| t + config.barrier.horizon < first_held)
        .collect();
    if regression.len() < MIN_ROWS || hold_out.len() < MIN_ROWS {
        let available = regression.len().min(hold_out.len());
        return Err(ModelError::NotEnoughData {
            stage: "calibration split",
            available,
            required: MIN_ROWS,
        });
    }
    Ok((regression, hold_out))
}
