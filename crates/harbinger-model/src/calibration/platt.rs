//! Platt scaling.

use crate::ModelError;
use crate::linalg::{sigmoid, softplus, solve_spd};
use crate::logistic::check_both_classes;

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
    ///
    /// `prior` (≥ 0) adds `prior/2 · ((a − 1)² + b²)` to the summed log loss: a Gaussian
    /// prior that the raw scores are already calibrated. With a few hundred hold-out rows
    /// and a weak signal, an unpenalised fit chases noise in the hold-out's base rate and
    /// slope; the prior keeps the mapping near the identity unless the hold-out clearly
    /// says otherwise. 0 is classic Platt scaling.
    pub fn fit(scores: &[f64], labels: &[bool], prior: f64) -> Result<Self, ModelError> {
        if !(prior.is_finite() && prior >= 0.0) {
            return Err(ModelError::invalid(
                "platt_prior",
                "must be finite and at least 0",
                prior,
            ));
        }
        if scores.len() != labels.len() {
            let (expected, actual) = (labels.len(), scores.len());
            return Err(ModelError::InputLength {
                stage: PLATT,
                input: "scores",
                expected,
                actual,
            });
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
            0.5 * prior * ((a - 1.0) * (a - 1.0) + b * b)
                + scores
                    .iter()
                    .zip(&targets)
                    .map(|(&s, &t)| {
                        let z = a * s + b;
                        softplus(z) - t * z
                    })
                    .sum::<f64>()
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
            ga += prior * (a - 1.0);
            gb += prior * b;
            haa += prior;
            hbb += prior;
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

#[cfg(test)]
mod tests {
    use super::*;

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
        let p = Platt::fit(&scores, &labels, 0.0).unwrap();
        assert!(
            (p.a - 2.0).abs() < 0.02 && (p.b + 1.0).abs() < 0.02,
            "{p:?}"
        );
    }

    #[test]
    fn platt_stays_finite_on_separable_hold_out_sets() {
        let p = Platt::fit(&[-2.0, -1.0, 1.0, 2.0], &[false, false, true, true], 0.0).unwrap();
        assert!(p.a > 0.0 && p.a.is_finite());
        assert!(p.apply(2.0) < 1.0 && p.apply(-2.0) > 0.0);
    }

    #[test]
    fn the_prior_pulls_towards_the_identity_and_fades_with_evidence() {
        // Hold-out labels that say "halve the slope, shift down".
        let (mut scores, mut labels) = (Vec::new(), Vec::new());
        for k in -10..=10 {
            let s = f64::from(k) / 5.0;
            let pos = (sigmoid(0.5 * s - 0.5) * 40.0).round() as usize;
            for i in 0..40 {
                scores.push(s);
                labels.push(i < pos);
            }
        }
        let free = Platt::fit(&scores, &labels, 0.0).unwrap();
        let mild = Platt::fit(&scores, &labels, 10.0).unwrap();
        let strong = Platt::fit(&scores, &labels, 1e9).unwrap();
        assert!(
            (free.a - 0.5).abs() < 0.1 && (free.b + 0.5).abs() < 0.1,
            "{free:?}"
        );
        assert!(
            mild.a > free.a && mild.a < 1.0 && mild.b > free.b && mild.b < 0.0,
            "{mild:?}"
        );
        assert!(
            (strong.a - 1.0).abs() < 1e-5 && strong.b.abs() < 1e-5,
            "{strong:?}"
        );
        assert!(Platt::fit(&scores, &labels, -1.0).is_err());
        assert!(Platt::fit(&scores, &labels, f64::NAN).is_err());
    }
}
