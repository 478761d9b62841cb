//! [`Dataset`]: features and labels of one series, computed once and shared by every fold.

use crate::features::{FeatureMatrix, features};
use crate::labels::triple_barrier_labels;
use crate::{ModelConfig, ModelError, Ohlcv};

/// The features, labels and times of one series under one [`ModelConfig`].
#[derive(Debug, Clone)]
pub struct Dataset {
    time: Vec<i64>,
    features: FeatureMatrix,
    labels: Vec<Option<bool>>,
}

impl Dataset {
    /// Features of every bar and the triple-barrier labels of `config`'s side and barriers.
    pub fn new(bars: &Ohlcv<'_>, config: &ModelConfig) -> Result<Self, ModelError> {
        config.validate()?;
        Ok(Self {
            time: bars.time.to_vec(),
            features: features(bars)?,
            labels: triple_barrier_labels(bars, &config.barrier, config.side)?,
        })
    }

    /// Number of bars.
    pub fn len(&self) -> usize {
        self.time.len()
    }

    /// Whether there are no bars.
    pub fn is_empty(&self) -> bool {
        self.time.is_empty()
    }

    /// Bar times, Unix seconds.
    pub fn time(&self) -> &[i64] {
        &self.time
    }

    /// The feature matrix.
    pub fn features(&self) -> &FeatureMatrix {
        &self.features
    }

    /// The label of every bar (`None` where undefined).
    pub fn labels(&self) -> &[Option<bool>] {
        &self.labels
    }

    /// Whether bar `t` can be trained on: complete features and a defined label.
    pub fn is_usable(&self, t: usize) -> bool {
        self.features.is_complete(t) && self.labels.get(t).copied().flatten().is_some()
    }
}
