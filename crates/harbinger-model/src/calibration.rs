//! Calibration: turn the model's raw scores into probabilities that match observed
//! frequencies, fitted on rows the model was not trained on.

use crate::ModelError;
use crate::linalg::{sigmoid, softplus, solve_spd};
use crate::logistic::check_both_classes;

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

/// Platt scaling: `P(y = 1) = σ(a · score + b)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Platt {
    /// Slope on the score.
    pub a: f64,
    /// Offset.
    pub b: f64,
}

const PLATT: &str = "Platt scaling";

impl Platt {
    /// Fit on raw scores (log-odds) and their labels, with Platt's smoothed targets
    /// `(N₊ + 1) / (N₊ + 2)` and `1 / (N₋ + 2)` so a perfectly separated hold-out set does
    /// not drive the slope to infinity.
    pub fn fit(scores: &[f64], labels: &[bool]) -> Result<Self, ModelError> {
        if scores.len() != labels.len() {
            let (expected, actual) = (labels.len(), scores.len());
            return Err(ModelError::FeatureCount { expected, actual });
        }
        check_both_classes(PLATT, labels)?;
        let pos = labels.iter().filter(|&&y| y).count() as f64;
        let neg = labels.len() as f64 - pos;
        let (t_pos, t_neg) = ((pos + 1.0) / (pos + 2.0), 1.0 / (neg + 2.0));
        let targets: Vec<f64> = labels
            .iter()
            .map(|&y| if y { t_pos } else { t_neg })
            .collect();
        let objective = |a: f64, b: f64| -> f64 {
            scores
                .iter()
                .zip(&targets)
                .map(|(&s, &t)| {
                    let z = a * s + b;
                    softplus(z) - t * z
                })
                .sum()
        };
        let (mut a, mut b) = (0.0, ((pos + 1.0) / (neg + 1.0)).ln());
        let mut obj = objective(a, b);
        for _ in 0..100 {
            let (mut ga, mut gb, mut haa, mut hab, mut hbb) = (0.0, 0.0, 1e-12, 0.0, 1e-12);
            for (&s, &t) in scores.iter().zip(&targets) {
                let mu = sigmoid(a * s + b);
                let (r, w) = (mu - t, mu * (1.0 - mu));
                ga += r * s;
                gb += r;
                haa += w * s * s;
                hab += w * s;
                hbb += w;
            }
            let Some(step) = solve_spd(&[haa, hab, hab, hbb], &[ga, gb]) else {
                return Err(ModelError::Numerical {
                    stage: PLATT,
                    reason: "singular Hessian",
                });
            };
            let slope = ga * step[0] + gb * step[1];
            let mut t = 1.0;
            let mut moved = false;
            for _ in 0..60 {
                let (ca, cb) = (a - t * step[0], b - t * step[1]);
                let c = objective(ca, cb);
                if c <= obj - 1e-4 * t * slope {
                    (a, b, obj, moved) = (ca, cb, c, true);
                    break;
                }
                t *= 0.5;
            }
            if !moved || (t * step[0]).abs().max((t * step[1]).abs()) < 1e-12 {
                break;
            }
        }
        if a.is_finite() && b.is_finite() {
            Ok(Self { a, b })
        } else {
            Err(ModelError::Numerical {
                stage: PLATT,
                reason: "non-finite parameter",
            })
        }
    }

    /// The calibrated probability of a raw score.
    pub fn apply(&self, score: f64) -> f64 {
        sigmoid(self.a * score + self.b)
    }
}

/// Isotonic regression: a non-decreasing step function of the score.
#[derive(Debug, Clone, PartialEq)]
pub struct Isotonic {
    /// Smallest score of each block, increasing.
    thresholds: Vec<f64>,
    /// Fitted probability of each block, non-decreasing.
    values: Vec<f64>,
}

const ISOTONIC: &str = "isotonic regression";

impl Isotonic {
    /// Fit by pool-adjacent-violators. Equal scores are pooled first, so the result does
    /// not depend on the order of tied rows.
    pub fn fit(scores: &[f64], labels: &[bool]) -> Result<Self, ModelError> {
        if scores.len() != labels.len() {
            let (expected, actual) = (labels.len(), scores.len());
            return Err(ModelError::FeatureCount { expected, actual });
        }
        if scores.iter().any(|s| !s.is_finite()) {
            return Err(ModelError::Numerical {
                stage: ISOTONIC,
                reason: "non-finite score",
            });
        }
        if scores.is_empty() {
            return Err(ModelError::NotEnoughData {
                stage: ISOTONIC,
                available: 0,
                required: 1,
            });
        }
        let mut order: Vec<usize> = (0..scores.len()).collect();
        order.sort_by(|&i, &j| scores[i].total_cmp(&scores[j]).then(i.cmp(&j)));
        // Blocks of (lowest score, sum of labels, count).
        let mut blocks: Vec<(f64, f64, f64)> = Vec::new();
        for i in order {
            let y = f64::from(u8::from(labels[i]));
            match blocks.last_mut() {
                // Exact ties only: equal scores must share one block.
                Some(last) if last.0.total_cmp(&scores[i]).is_eq() => {
                    last.1 += y;
                    last.2 += 1.0;
                }
                _ => blocks.push((scores[i], y, 1.0)),
            }
            // Pool while the last block's mean is below the previous one's.
            while blocks.len() >= 2 {
                let (hi, lo) = (blocks[blocks.len() - 1], blocks[blocks.len() - 2]);
                if hi.1 * lo.2 >= lo.1 * hi.2 {
                    break;
                }
                blocks.pop();
                if let Some(prev) = blocks.last_mut() {
                    *prev = (lo.0, lo.1 + hi.1, lo.2 + hi.2);
                }
            }
        }
        Ok(Self {
            thresholds: blocks.iter().map(|b| b.0).collect(),
            values: blocks.iter().map(|b| b.1 / b.2).collect(),
        })
    }

    /// The calibrated probability of a raw score: the value of the last block starting at
    /// or below it (the first block's value below every threshold).
    pub fn apply(&self, score: f64) -> f64 {
        let k = self.thresholds.partition_point(|&t| t <= score);
        self.values[k.saturating_sub(1)]
    }

    /// The fitted step values, non-decreasing.
    pub fn values(&self) -> &[f64] {
        &self.values
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
    pub fn fit(
        method: CalibrationMethod,
        scores: &[f64],
        labels: &[bool],
    ) -> Result<Self, ModelError> {
        Ok(match method {
            CalibrationMethod::Platt => Self::Platt(Platt::fit(scores, labels)?),
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
    fn pav_output_is_monotone_and_pools_violators() {
        let scores = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let labels = [false, true, false, false, true, true];
        let iso = Isotonic::fit(&scores, &labels).unwrap();
        assert!(
            iso.values().windows(2).all(|w| w[0] <= w[1]),
            "{:?}",
            iso.values()
        );
        // 1 → 0; (2, 3, 4) pooled → 1/3; 5, 6 → 1.
        assert_eq!(iso.apply(1.0), 0.0);
        assert!((iso.apply(3.5) - 1.0 / 3.0).abs() < 1e-15);
        assert_eq!(iso.apply(9.0), 1.0);
        assert_eq!(iso.apply(-9.0), 0.0);
    }

    #[test]
    fn pav_is_monotone_on_noisy_data_and_preserves_the_mean() {
        // A deterministic pseudo-random sequence with a rising trend.
        let mut state = 12_345_u64;
        let mut scores = Vec::new();
        let mut labels = Vec::new();
        for i in 0..500 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            let u = (state >> 11) as f64 / (1u64 << 53) as f64;
            let s = f64::from(i) / 500.0;
            scores.push(s);
            labels.push(u < s);
        }
        let iso = Isotonic::fit(&scores, &labels).unwrap();
        let fitted: Vec<f64> = scores.iter().map(|&s| iso.apply(s)).collect();
        assert!(fitted.windows(2).all(|w| w[0] <= w[1]));
        let mean_fit = fitted.iter().sum::<f64>() / 500.0;
        let mean_obs = labels.iter().filter(|&&y| y).count() as f64 / 500.0;
        assert!((mean_fit - mean_obs).abs() < 1e-12);
    }

    #[test]
    fn pav_pools_tied_scores_regardless_of_order() {
        let a = Isotonic::fit(&[1.0, 1.0, 2.0], &[true, false, true]).unwrap();
        let b = Isotonic::fit(&[1.0, 1.0, 2.0], &[false, true, true]).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.apply(1.0), 0.5);
    }

    #[test]
    fn platt_recovers_a_known_curve() {
        // Labels drawn exactly in proportion σ(2s - 1) at each score, 1000 rows per score.
        let (mut scores, mut labels) = (Vec::new(), Vec::new());
        for k in -10..=10 {
            let s = f64::from(k) / 5.0;
            let pos = (sigmoid(2.0 * s - 1.0) * 1000.0).round() as usize;
            for i in 0..1000 {
                scores.push(s);
                labels.push(i < pos);
            }
        }
        let p = Platt::fit(&scores, &labels).unwrap();
        assert!(
            (p.a - 2.0).abs() < 0.02 && (p.b + 1.0).abs() < 0.02,
            "{p:?}"
        );
    }

    #[test]
    fn platt_stays_finite_on_separable_hold_out_sets() {
        let p = Platt::fit(&[-2.0, -1.0, 1.0, 2.0], &[false, false, true, true]).unwrap();
        assert!(p.a > 0.0 && p.a.is_finite());
        assert!(p.apply(2.0) < 1.0 && p.apply(-2.0) > 0.0);
    }

    #[test]
    fn calibrators_refuse_mismatched_or_degenerate_input() {
        assert!(Platt::fit(&[1.0], &[true, false]).is_err());
        assert!(Platt::fit(&[1.0, 2.0], &[true, true]).is_err());
        assert!(Isotonic::fit(&[f64::NAN], &[true]).is_err());
        assert!(Isotonic::fit(&[], &[]).is_err());
    }
}
