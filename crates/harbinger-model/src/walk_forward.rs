//! Walk-forward evaluation: time-ordered folds, out-of-sample predictions only.

use std::ops::Range;

use crate::model::{Driver, Prediction};
use crate::{
    CalibrationReport, Dataset, ModelConfig, ModelError, ModelVersion, Ohlcv, TrainedModel,
};

/// Which past bars each fold trains on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TrainWindow {
    /// Every bar from the start of the series (the default).
    #[default]
    Expanding,
    /// The last `n` bars before the embargo.
    Rolling(usize),
}

/// Settings of a walk-forward run.
#[derive(Debug, Clone, PartialEq)]
pub struct WalkForwardConfig {
    /// The model fitted in every fold.
    pub model: ModelConfig,
    /// Bars per test fold: how often the model is refitted (default 63, a quarter of daily
    /// bars).
    pub test_size: usize,
    /// Expanding or rolling training window.
    pub window: TrainWindow,
}

impl Default for WalkForwardConfig {
    fn default() -> Self {
        Self {
            model: ModelConfig::default(),
            test_size: 63,
            window: TrainWindow::Expanding,
        }
    }
}

impl WalkForwardConfig {
    /// Check every parameter.
    pub fn validate(&self) -> Result<(), ModelError> {
        self.model.validate()?;
        if self.test_size == 0 {
            return Err(ModelError::invalid("test_size", "must be at least 1", 0));
        }
        if let TrainWindow::Rolling(n) = self.window
            && n < self.model.min_train_rows
        {
            return Err(ModelError::invalid(
                "window",
                "must hold at least min_train_rows bars",
                n,
            ));
        }
        Ok(())
    }
}

/// One fold: the bars it trained on and the bars it predicted.
#[derive(Debug, Clone, PartialEq)]
pub struct Fold {
    /// Bar indices of the training window (usable rows inside were trained on).
    pub train: Range<usize>,
    /// Bar indices predicted. `test.start - train.end` is the embargo, `horizon` bars.
    pub test: Range<usize>,
    /// Usable rows trained on.
    pub train_rows: usize,
    /// Share of hits among them: the no-skill forecast of this fold.
    pub train_base_rate: f64,
    /// The fold's model version.
    pub model_version: ModelVersion,
}

/// The out-of-sample prediction of one bar.
#[derive(Debug, Clone, PartialEq)]
pub struct BarPrediction {
    /// Bar time, Unix seconds.
    pub time: i64,
    /// Calibrated probability that the target is hit first: the signal's confidence.
    pub probability: f64,
    /// Uncalibrated probability.
    pub raw_probability: f64,
    /// Top feature contributions.
    pub drivers: Vec<Driver>,
    /// Version of the model that made the prediction.
    pub model_version: ModelVersion,
    /// Index into [`WalkForward::folds`].
    pub fold: usize,
    /// What happened, when already known (`None` in the last `horizon` bars).
    pub outcome: Option<bool>,
}

/// Result of [`walk_forward`].
#[derive(Debug, Clone, PartialEq)]
pub struct WalkForward {
    /// One entry per bar of the input: `Some` for every bar of a test fold with complete
    /// features, `None` before the first fold and during warm-up.
    pub predictions: Vec<Option<BarPrediction>>,
    /// The folds in time order.
    pub folds: Vec<Fold>,
    /// Scores of every out-of-sample prediction whose outcome is known.
    pub report: CalibrationReport,
}

const STAGE: &str = "walk-forward";

/// Train and predict fold by fold over `bars`.
///
/// The first fold starts at the first bar with `min_train_rows` usable rows before it
/// (after the embargo); each fold predicts `test_size` bars with a model trained on bars that
/// end `horizon` bars before the fold starts, so every training label was resolved before
/// the first prediction. The last fold reaches the last bar, whose prediction is the one a
/// live signal would use.
pub fn walk_forward(
    bars: &Ohlcv<'_>,
    config: &WalkForwardConfig,
) -> Result<WalkForward, ModelError> {
    config.validate()?;
    let data = Dataset::new(bars, &config.model)?;
    let n = data.len();
    let embargo = config.model.barrier.horizon;
    // usable_before[i]: usable rows among bars 0..i.
    let mut usable_before = vec![0usize; n + 1];
    for t in 0..n {
        usable_before[t + 1] = usable_before[t] + usize::from(data.is_usable(t));
    }
    let first_test = (embargo..n)
        .find(|&s| usable_before[s - embargo] >= config.model.min_train_rows)
        .ok_or(ModelError::NotEnoughData {
            stage: STAGE,
            available: usable_before[n.saturating_sub(embargo)],
            required: config.model.min_train_rows,
        })?;

    let mut predictions = vec![None; n];
    let mut folds = Vec::new();
    let (mut probabilities, mut outcomes, mut priors) = (Vec::new(), Vec::new(), Vec::new());
    for start in (first_test..n).step_by(config.test_size) {
        let test = start..(start + config.test_size).min(n);
        let train_end = start - embargo;
        let train_start = match config.window {
            TrainWindow::Expanding => 0,
            TrainWindow::Rolling(w) => train_end.saturating_sub(w),
        };
        let model = TrainedModel::fit(&data, train_start..train_end, &config.model)?;
        let train_base_rate = base_rate(&data, train_start..train_end);
        let fold = folds.len();
        for t in test.clone() {
            let Some(row) = data.features().row(t) else {
                continue;
            };
            let Some(p) = model.predict(row)? else {
                continue;
            };
            let outcome = data.labels()[t];
            if let Some(y) = outcome {
                probabilities.push(p.probability);
                outcomes.push(y);
                priors.push(train_base_rate);
            }
            predictions[t] = Some(BarPrediction {
                time: data.time()[t],
                probability: p.probability,
                raw_probability: p.raw_probability,
                drivers: p.drivers,
                model_version: model.version().clone(),
                fold,
                outcome,
            });
        }
        folds.push(Fold {
            train: train_start..train_end,
            test,
            train_rows: model.train_rows(),
            train_base_rate,
            model_version: model.version().clone(),
        });
    }
    let report = CalibrationReport::new(&probabilities, &outcomes, Some(&priors))?;
    Ok(WalkForward {
        predictions,
        folds,
        report,
    })
}

/// Share of hits among the usable rows of `rows`.
fn base_rate(data: &Dataset, rows: Range<usize>) -> f64 {
    let (mut hits, mut count) = (0usize, 0usize);
    for t in rows.filter(|&t| data.is_usable(t)) {
        count += 1;
        hits += usize::from(data.labels()[t] == Some(true));
    }
    if count == 0 {
        0.0
    } else {
        hits as f64 / count as f64
    }
}

/// The live end of the pipeline: a model trained on every bar whose outcome is known, and
/// its prediction for the last bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Latest {
    /// The model, trained on bars whose labels resolved by the last bar.
    pub model: TrainedModel,
    /// Time of the last bar.
    pub time: i64,
    /// Its prediction; `None` when a feature of the last bar is missing.
    pub prediction: Option<Prediction>,
}

/// Train on all of `bars` and predict the last bar (today's signal). The labels of the last
/// `horizon` bars are undefined, so the model sees exactly what was known at the last close.
pub fn fit_latest(bars: &Ohlcv<'_>, config: &ModelConfig) -> Result<Latest, ModelError> {
    let data = Dataset::new(bars, config)?;
    let last = data.len().checked_sub(1).ok_or(ModelError::NotEnoughData {
        stage: "latest",
        available: 0,
        required: 1,
    })?;
    let model = TrainedModel::fit(&data, 0..data.len(), config)?;
    let prediction = match data.features().row(last) {
        Some(row) => model.predict(row)?,
        None => None,
    };
    Ok(Latest {
        model,
        time: data.time()[last],
        prediction,
    })
}
