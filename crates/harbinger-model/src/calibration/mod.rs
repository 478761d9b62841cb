//! Calibration: turn the model's raw scores into probabilities that match observed
//! frequencies, fitted on rows the model was not trained on.

mod isotonic;
mod platt;

pub use isotonic::Isotonic;
pub use platt::Platt;

use crate::ModelError;
use crate::linalg::sigmoid;

/// How raw scores become probabilities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum CalibrationMethod {
    /// Platt scaling: a logistic curve on the raw log-odds (two parameters, hard to
    /// overfit; the default).
    #[default]
    Platt,
    /// Isotonic regression by pool-adjacent-violators: any monotone step function (more
    /// flexible, needs more held-out rows).
    Isotonic,
    /// The raw logistic probability, uncalibrated.
    None,
}

impl CalibrationMethod {
    /// `"platt"`, `"isotonic"` or `"none"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Platt => "platt",
            Self::Isotonic => "isotonic",
            Self::None => "none",
        }
    }
}

/// A fitted calibrator of either kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Calibrator {
    /// Platt scaling.
    Platt(Platt),
    /// Isotonic regression.
    Isotonic(Isotonic),
    /// No calibration: the raw probability.
    Identity,
}

impl Calibrator {
    /// Fit the chosen method on held-out raw scores (log-odds) and labels.
    /// `platt_prior` is the strength of Platt's prior (see [`Platt::fit`]).
    pub fn fit(
        method: CalibrationMethod,
        scores: &[f64],
        labels: &[bool],
        platt_prior: f64,
    ) -> Result<Self, ModelError> {
        Ok(match method {
            CalibrationMethod::Platt => Self::Platt(Platt::fit(scores, labels, platt_prior)?),
            CalibrationMethod::Isotonic => Self::Isotonic(Isotonic::fit(scores, labels)?),
            CalibrationMethod::None => Self::Identity,
        })
    }

    /// The calibrated probability of a raw score (log-odds).
    pub fn apply(&self, score: f64) -> f64 {
        match self {
            Self::Platt(p) => p.apply(score),
            Self::Isotonic(i) => i.apply(score),
            Self::Identity => sigmoid(score),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calibrators_refuse_mismatched_or_degenerate_input() {
        assert!(Platt::fit(&[1.0], &[true, false], 0.0).is_err());
        assert!(Platt::fit(&[1.0, 2.0], &[true, true], 0.0).is_err());
        assert!(Isotonic::fit(&[f64::NAN], &[true]).is_err());
        assert!(Isotonic::fit(&[], &[]).is_err());
    }
}
