//! The calibration report of out-of-sample forecasts.

use crate::ModelError;

/// Probabilities are clipped to `[EPS, 1 - EPS]` for the log loss only, so a confident miss
/// costs a large but finite amount.
const EPS: f64 = 1e-15;

/// Number of confidence buckets: `[0, 0.1), [0.1, 0.2), …, [0.9, 1]`.
pub const BUCKETS: usize = 10;

/// One confidence bucket.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Bucket {
    /// Lowest probability of the bucket (included).
    pub lower: f64,
    /// Highest probability (excluded, except 1 in the last bucket).
    pub upper: f64,
    /// Forecasts in the bucket.
    pub count: usize,
    /// Their mean probability; `None` when empty.
    pub mean_probability: Option<f64>,
    /// Share of them whose target was hit; `None` when empty. Calibrated forecasts have
    /// a hit rate close to their mean probability.
    pub hit_rate: Option<f64>,
}

/// How good a set of probability forecasts was, against what happened.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CalibrationReport {
    /// Forecasts scored (out-of-sample, with a known outcome).
    pub predictions: usize,
    /// Outcomes that were hits.
    pub positives: usize,
    /// `positives / predictions`.
    pub base_rate: f64,
    /// Mean squared error of the probabilities (lower is better).
    pub brier: f64,
    /// Brier score of always forecasting `base_rate`: a hindsight benchmark, since the base
    /// rate of the test period is not known in advance. `brier < brier_base_rate` means skill.
    pub brier_base_rate: f64,
    /// Brier score of forecasting, for each bar, the base rate of the training window in
    /// force (the no-skill forecast available at the time); `None` when no priors were given.
    pub brier_prior: Option<f64>,
    /// `1 - brier / brier_base_rate` (positive means better than the base rate).
    pub brier_skill: f64,
    /// Mean negative log-likelihood (natural log).
    pub log_loss: f64,
    /// Log loss of always forecasting `base_rate`.
    pub log_loss_base_rate: f64,
    /// Ten equal-width confidence buckets.
    pub buckets: Vec<Bucket>,
}

impl CalibrationReport {
    /// Score `probabilities` against `outcomes`; `priors`, when given, are the no-skill
    /// forecasts of the same bars. Every slice must have the same length, at least 1.
    pub fn new(
        probabilities: &[f64],
        outcomes: &[bool],
        priors: Option<&[f64]>,
    ) -> Result<Self, ModelError> {
        let n = probabilities.len();
        let lengths = [outcomes.len(), priors.map_or(n, <[f64]>::len)];
        if let Some(&actual) = lengths.iter().find(|&&l| l != n) {
            return Err(ModelError::InputLength {
                stage: "calibration report",
                input: "outcomes or priors",
                expected: n,
                actual,
            });
        }
        if n == 0 {
            return Err(ModelError::NotEnoughData {
                stage: "calibration report",
                available: 0,
                required: 1,
            });
        }
        if probabilities
            .iter()
            .chain(priors.unwrap_or(&[]))
            .any(|p| !(0.0..=1.0).contains(p))
        {
            return Err(ModelError::invalid(
                "probabilities",
                "must lie in [0, 1]",
                "a value outside",
            ));
        }
        let positives = outcomes.iter().filter(|&&y| y).count();
        let base_rate = positives as f64 / n as f64;
        let brier_of = |f: &dyn Fn(usize) -> f64| mean(n, |i| (f(i) - target(outcomes[i])).powi(2));
        let log_loss_of = |f: &dyn Fn(usize) -> f64| mean(n, |i| log_loss(f(i), outcomes[i]));
        let brier = brier_of(&|i| probabilities[i]);
        let brier_base_rate = brier_of(&|_| base_rate);
        let mut buckets: Vec<Bucket> = (0..BUCKETS)
            .map(|k| Bucket {
                lower: k as f64 / BUCKETS as f64,
                upper: (k + 1) as f64 / BUCKETS as f64,
                count: 0,
                mean_probability: None,
                hit_rate: None,
            })
            .collect();
        let mut sums = [(0.0, 0.0); BUCKETS];
        for (&p, &y) in probabilities.iter().zip(outcomes) {
            let k = ((p * BUCKETS as f64) as usize).min(BUCKETS - 1);
            buckets[k].count += 1;
            sums[k].0 += p;
            sums[k].1 += target(y);
        }
        for (b, (sp, sy)) in buckets.iter_mut().zip(sums) {
            if b.count > 0 {
                b.mean_probability = Some(sp / b.count as f64);
                b.hit_rate = Some(sy / b.count as f64);
            }
        }
        Ok(Self {
            predictions: n,
            positives,
            base_rate,
            brier,
            brier_base_rate,
            brier_prior: priors.map(|pr| brier_of(&|i| pr[i])),
            brier_skill: if brier_base_rate > 0.0 {
                1.0 - brier / brier_base_rate
            } else {
                0.0
            },
            log_loss: log_loss_of(&|i| probabilities[i]),
            log_loss_base_rate: log_loss_of(&|_| base_rate),
            buckets,
        })
    }
}

fn target(y: bool) -> f64 {
    f64::from(u8::from(y))
}

fn log_loss(p: f64, y: bool) -> f64 {
    let p = p.clamp(EPS, 1.0 - EPS);
    if y { -p.ln() } else { -(1.0 - p).ln() }
}

fn mean(n: usize, f: impl Fn(usize) -> f64) -> f64 {
    (0..n).map(f).sum::<f64>() / n as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_a_small_hand_computed_case() {
        let p = [0.9, 0.2, 0.65, 0.05];
        let y = [true, false, false, false];
        let r = CalibrationReport::new(&p, &y, Some(&[0.5; 4])).unwrap();
        let brier = (0.01 + 0.04 + 0.4225 + 0.0025) / 4.0;
        assert!((r.brier - brier).abs() < 1e-15);
        assert_eq!(r.base_rate, 0.25);
        assert!((r.brier_base_rate - 0.1875).abs() < 1e-15);
        assert_eq!(r.brier_prior, Some(0.25));
        let ll = -(0.9f64.ln() + 0.8f64.ln() + 0.35f64.ln() + 0.95f64.ln()) / 4.0;
        assert!((r.log_loss - ll).abs() < 1e-15);
        let counts: Vec<usize> = r.buckets.iter().map(|b| b.count).collect();
        assert_eq!(counts, [1, 0, 1, 0, 0, 0, 1, 0, 0, 1]);
        assert_eq!(r.buckets[9].hit_rate, Some(1.0));
        assert_eq!(r.buckets[6].hit_rate, Some(0.0));
        assert_eq!(r.buckets[1].hit_rate, None);
    }

    #[test]
    fn a_probability_of_one_falls_in_the_last_bucket() {
        let r = CalibrationReport::new(&[1.0, 0.0], &[true, false], None).unwrap();
        assert_eq!(r.buckets[9].count, 1);
        assert_eq!(r.buckets[0].count, 1);
        assert!(r.log_loss.is_finite());
    }

    #[test]
    fn refuses_empty_mismatched_or_out_of_range_input() {
        assert!(CalibrationReport::new(&[], &[], None).is_err());
        assert!(CalibrationReport::new(&[0.5], &[true, false], None).is_err());
        assert!(CalibrationReport::new(&[0.5], &[true], Some(&[])).is_err());
        assert!(CalibrationReport::new(&[1.5], &[true], None).is_err());
        assert!(CalibrationReport::new(&[f64::NAN], &[true], None).is_err());
    }
}
