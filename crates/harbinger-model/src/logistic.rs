//! L2-regularised logistic regression fitted by Newton's method.
//!
//! Every sum runs in row order on one thread, and the stopping rule depends only on the
//! data, so a fit is a pure function of its input: the same rows give the same coefficients
//! bit for bit.

// x, y, p, m, d, z: the usual notation (rows, labels, features, rows, parameters, scores).
#![allow(clippy::many_single_char_names)]

use crate::ModelError;
use crate::linalg::{sigmoid, softplus, solve_spd};
pub use crate::standardize::Standardizer;

/// Solver settings of [`Logistic::fit`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogisticParams {
    /// L2 penalty on the weights (not the intercept), on the mean log loss:
    /// `mean(logloss) + l2/2 · |w|²`. Default 1.
    pub l2: f64,
    /// Most Newton steps (default 50; a fit usually converges in under 10).
    pub max_iter: usize,
    /// Stop once no coefficient moves by more than this (default 1e-10).
    pub tolerance: f64,
}

impl Default for LogisticParams {
    fn default() -> Self {
        Self {
            l2: 1.0,
            max_iter: 50,
            tolerance: 1e-10,
        }
    }
}

impl LogisticParams {
    /// Check every parameter.
    pub fn validate(&self) -> Result<(), ModelError> {
        if !(self.l2.is_finite() && self.l2 > 0.0) {
            return Err(ModelError::invalid(
                "l2",
                "must be finite and positive",
                self.l2,
            ));
        }
        if self.max_iter == 0 {
            return Err(ModelError::invalid("max_iter", "must be at least 1", 0));
        }
        if !(self.tolerance.is_finite() && self.tolerance > 0.0) {
            let t = self.tolerance;
            return Err(ModelError::invalid(
                "tolerance",
                "must be finite and positive",
                t,
            ));
        }
        Ok(())
    }
}

/// A fitted logistic regression: `P(y = 1) = σ(intercept + w · x)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Logistic {
    /// Intercept.
    pub intercept: f64,
    /// One weight per feature.
    pub weights: Vec<f64>,
    /// Newton steps taken.
    pub iterations: usize,
    /// Whether the step size fell below the tolerance within `max_iter` steps.
    pub converged: bool,
}

const STAGE: &str = "logistic regression";

impl Logistic {
    /// Fit on `x` (row-major, `p` columns, already standardised) and labels `y`.
    pub fn fit(
        x: &[f64],
        p: usize,
        y: &[bool],
        params: &LogisticParams,
    ) -> Result<Self, ModelError> {
        params.validate()?;
        let m = y.len();
        if p == 0 || x.len() != m * p {
            return Err(ModelError::InputLength {
                stage: STAGE,
                input: "x",
                expected: m * p.max(1),
                actual: x.len(),
            });
        }
        check_both_classes(STAGE, y)?;
        let d = p + 1;
        let mut theta = vec![0.0; d];
        let mut obj = objective(x, y, &theta, params.l2);
        let (mut iterations, mut converged) = (0, false);
        while iterations < params.max_iter && !converged {
            iterations += 1;
            let (grad, hess) = gradient_hessian(x, y, &theta, params.l2);
            let step = solve_spd(&hess, &grad).ok_or(ModelError::Numerical {
                stage: STAGE,
                reason: "Hessian is not positive definite",
            })?;
            let slope: f64 = grad.iter().zip(&step).map(|(g, s)| g * s).sum();
            // Backtracking (Armijo) keeps every step a descent step, even far from the optimum.
            let mut t = 1.0;
            let mut accepted = None;
            for _ in 0..60 {
                let cand: Vec<f64> = theta.iter().zip(&step).map(|(th, s)| th - t * s).collect();
                let c = objective(x, y, &cand, params.l2);
                if c <= obj - 1e-4 * t * slope {
                    accepted = Some((cand, c));
                    break;
                }
                t *= 0.5;
            }
            let Some((cand, c)) = accepted else {
                // No decrease possible at machine precision: we are at the optimum.
                converged = true;
                break;
            };
            let moved = step.iter().map(|s| (t * s).abs()).fold(0.0, f64::max);
            theta = cand;
            obj = c;
            converged = moved < params.tolerance;
        }
        if !theta.iter().all(|v| v.is_finite()) {
            return Err(ModelError::Numerical {
                stage: STAGE,
                reason: "non-finite coefficient",
            });
        }
        Ok(Self {
            intercept: theta[0],
            weights: theta[1..].to_vec(),
            iterations,
            converged,
        })
    }

    /// The linear score (log-odds) of a standardised row.
    pub fn logit(&self, z: &[f64]) -> f64 {
        self.intercept + self.weights.iter().zip(z).map(|(w, v)| w * v).sum::<f64>()
    }

    /// `P(y = 1)` for a standardised row.
    pub fn probability(&self, z: &[f64]) -> f64 {
        sigmoid(self.logit(z))
    }
}

/// Refuse label sets with one class only.
pub(crate) fn check_both_classes(stage: &'static str, y: &[bool]) -> Result<(), ModelError> {
    match (y.iter().any(|&v| v), y.iter().any(|&v| !v)) {
        (true, true) => Ok(()),
        (true, false) => Err(ModelError::SingleClass { stage, label: 1 }),
        (false, _) if y.is_empty() => Err(ModelError::NotEnoughData {
            stage,
            available: 0,
            required: 2,
        }),
        (false, _) => Err(ModelError::SingleClass { stage, label: 0 }),
    }
}

fn linear(row: &[f64], theta: &[f64]) -> f64 {
    theta[0] + theta[1..].iter().zip(row).map(|(w, v)| w * v).sum::<f64>()
}

fn objective(x: &[f64], y: &[bool], theta: &[f64], l2: f64) -> f64 {
    let p = theta.len() - 1;
    let mut loss = 0.0;
    for (row, &yi) in x.chunks_exact(p).zip(y) {
        let z = linear(row, theta);
        loss += softplus(z) - if yi { z } else { 0.0 };
    }
    let penalty: f64 = theta[1..].iter().map(|w| w * w).sum();
    loss / y.len() as f64 + 0.5 * l2 * penalty
}

/// Gradient and Hessian (row-major, `(p+1)²`) of [`objective`]; index 0 is the intercept.
fn gradient_hessian(x: &[f64], y: &[bool], theta: &[f64], l2: f64) -> (Vec<f64>, Vec<f64>) {
    let d = theta.len();
    let p = d - 1;
    let mut grad = vec![0.0; d];
    let mut hess = vec![0.0; d * d];
    let mut ext = vec![1.0; d];
    for (row, &yi) in x.chunks_exact(p).zip(y) {
        ext[1..].copy_from_slice(row);
        let mu = sigmoid(linear(row, theta));
        let r = mu - f64::from(u8::from(yi));
        let s = mu * (1.0 - mu);
        for i in 0..d {
            grad[i] += r * ext[i];
            let si = s * ext[i];
            for j in 0..=i {
                hess[i * d + j] += si * ext[j];
            }
        }
    }
    let inv = 1.0 / y.len() as f64;
    for i in 0..d {
        grad[i] = grad[i] * inv + if i > 0 { l2 * theta[i] } else { 0.0 };
        for j in 0..=i {
            let v = hess[i * d + j] * inv + if i == j && i > 0 { l2 } else { 0.0 };
            hess[i * d + j] = v;
            hess[j * d + i] = v;
        }
    }
    (grad, hess)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separable_data_is_classified_with_bounded_weights() {
        // y = 1 exactly when x > 0; L2 keeps the weight finite.
        let x: Vec<f64> = (-10..=10).filter(|&i| i != 0).map(f64::from).collect();
        let y: Vec<bool> = x.iter().map(|&v| v > 0.0).collect();
        let m = Logistic::fit(
            &x,
            1,
            &y,
            &LogisticParams {
                l2: 1e-3,
                ..LogisticParams::default()
            },
        )
        .unwrap();
        assert!(m.converged);
        assert!(m.weights[0] > 0.0 && m.weights[0].is_finite());
        for (&v, &yi) in x.iter().zip(&y) {
            assert_eq!(m.probability(&[v]) > 0.5, yi, "x = {v}");
        }
    }

    #[test]
    fn recovers_known_coefficients_from_exact_frequencies() {
        // A grid of x with fractional labels encoded as repeated rows: for each x the share
        // of positives is σ(0.5 + 1.5x) rounded to 1/1000. With a tiny penalty the fit must
        // return close to (0.5, 1.5).
        let (mut x, mut y) = (Vec::new(), Vec::new());
        for k in -20..=20 {
            let v = f64::from(k) / 10.0;
            let pos = (sigmoid(0.5 + 1.5 * v) * 1000.0).round() as usize;
            for i in 0..1000 {
                x.push(v);
                y.push(i < pos);
            }
        }
        let params = LogisticParams {
            l2: 1e-9,
            ..LogisticParams::default()
        };
        let m = Logistic::fit(&x, 1, &y, &params).unwrap();
        assert!((m.intercept - 0.5).abs() < 0.01, "{m:?}");
        assert!((m.weights[0] - 1.5).abs() < 0.01, "{m:?}");
    }

    #[test]
    fn refuses_a_single_class_and_bad_parameters() {
        let x = [1.0, 2.0, 3.0];
        let err = Logistic::fit(&x, 1, &[true; 3], &LogisticParams::default()).unwrap_err();
        assert_eq!(
            err,
            ModelError::SingleClass {
                stage: STAGE,
                label: 1
            }
        );
        for params in [
            LogisticParams {
                l2: 0.0,
                ..LogisticParams::default()
            },
            LogisticParams {
                max_iter: 0,
                ..LogisticParams::default()
            },
            LogisticParams {
                tolerance: f64::NAN,
                ..LogisticParams::default()
            },
        ] {
            let err = Logistic::fit(&x, 1, &[true, false, true], &params).unwrap_err();
            assert!(
                matches!(err, ModelError::InvalidParameter { .. }),
                "{err:?}"
            );
        }
    }
}
