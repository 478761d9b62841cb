//! Feature standardisation, fitted on training rows only.

/// Per-feature mean and standard deviation of the training rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Standardizer {
    mean: Vec<f64>,
    scale: Vec<f64>,
}

impl Standardizer {
    /// Fit on `x`, row-major with `p` columns. A constant column gets scale 1 (it then
    /// standardises to 0 and carries no weight).
    pub fn fit(x: &[f64], p: usize) -> Self {
        let m = x.len().checked_div(p).unwrap_or(0);
        let mut mean = vec![0.0; p];
        let mut scale = vec![0.0; p];
        for row in x.chunks_exact(p.max(1)) {
            for (s, v) in mean.iter_mut().zip(row) {
                *s += v;
            }
        }
        let inv = if m == 0 { 0.0 } else { 1.0 / m as f64 };
        for s in &mut mean {
            *s *= inv;
        }
        for row in x.chunks_exact(p.max(1)) {
            for ((s, v), mu) in scale.iter_mut().zip(row).zip(&mean) {
                *s += (v - mu) * (v - mu);
            }
        }
        for s in &mut scale {
            let sd = (*s * inv).sqrt();
            *s = if sd > 0.0 && sd.is_finite() { sd } else { 1.0 };
        }
        Self { mean, scale }
    }

    /// Number of features.
    pub fn len(&self) -> usize {
        self.mean.len()
    }

    /// Whether there are no features.
    pub fn is_empty(&self) -> bool {
        self.mean.is_empty()
    }

    /// Standardise feature `j`'s value `v`.
    pub fn apply(&self, j: usize, v: f64) -> f64 {
        (v - self.mean[j]) / self.scale[j]
    }

    /// Standardise every row of `x` (row-major) in place.
    pub fn transform(&self, x: &mut [f64]) {
        for row in x.chunks_exact_mut(self.len().max(1)) {
            for (j, v) in row.iter_mut().enumerate() {
                *v = self.apply(j, *v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standardizer_centres_and_scales_and_tolerates_constant_columns() {
        let x = [1.0, 5.0, 3.0, 5.0];
        let s = Standardizer::fit(&x, 2);
        assert_eq!(s.apply(0, 2.0), 0.0);
        assert_eq!(s.apply(0, 3.0), 1.0);
        assert_eq!(s.apply(1, 5.0), 0.0);
    }
}
