//! Isotonic regression by pool-adjacent-violators.

use crate::ModelError;

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
            return Err(ModelError::InputLength {
                stage: ISOTONIC,
                input: "scores",
                expected,
                actual,
            });
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
}
