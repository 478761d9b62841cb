//! The little dense linear algebra the Newton solvers need.

// Single letters (a, b, x, y, l, n) are the textbook names of these quantities.
#![allow(clippy::many_single_char_names)]

/// Solve `a · x = b` for a symmetric positive-definite `a` (row-major, `n × n`) by Cholesky
/// factorisation. `None` when `a` is not (numerically) positive definite.
pub(crate) fn solve_spd(a: &[f64], b: &[f64]) -> Option<Vec<f64>> {
    let n = b.len();
    debug_assert_eq!(a.len(), n * n);
    // Lower-triangular factor L with a = L·Lᵀ.
    let mut l = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..=i {
            let mut sum = a[i * n + j];
            for k in 0..j {
                sum -= l[i * n + k] * l[j * n + k];
            }
            if i == j {
                if !(sum > 0.0 && sum.is_finite()) {
                    return None;
                }
                l[i * n + i] = sum.sqrt();
            } else {
                l[i * n + j] = sum / l[j * n + j];
            }
        }
    }
    // Forward substitution L·y = b, then back substitution Lᵀ·x = y.
    let mut y = vec![0.0; n];
    for i in 0..n {
        let mut sum = b[i];
        for k in 0..i {
            sum -= l[i * n + k] * y[k];
        }
        y[i] = sum / l[i * n + i];
    }
    let mut x = vec![0.0; n];
    for i in (0..n).rev() {
        let mut sum = y[i];
        for k in i + 1..n {
            sum -= l[k * n + i] * x[k];
        }
        x[i] = sum / l[i * n + i];
    }
    x.iter().all(|v| v.is_finite()).then_some(x)
}

/// The logistic function, without overflow for large `|z|`.
pub(crate) fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// `ln(1 + e^z)`, without overflow for large `z`.
pub(crate) fn softplus(z: f64) -> f64 {
    if z > 0.0 {
        z + (-z).exp().ln_1p()
    } else {
        z.exp().ln_1p()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solves_a_small_spd_system() {
        // a = [[4, 2], [2, 3]], x = [1, -2] → b = [0, -4].
        let x = solve_spd(&[4.0, 2.0, 2.0, 3.0], &[0.0, -4.0]).unwrap();
        assert!(
            (x[0] - 1.0).abs() < 1e-12 && (x[1] + 2.0).abs() < 1e-12,
            "{x:?}"
        );
    }

    #[test]
    fn refuses_an_indefinite_matrix() {
        assert!(solve_spd(&[1.0, 2.0, 2.0, 1.0], &[1.0, 1.0]).is_none());
    }

    #[test]
    fn sigmoid_and_softplus_stay_finite_at_the_extremes() {
        for z in [-1000.0, -30.0, 0.0, 30.0, 1000.0] {
            assert!(sigmoid(z).is_finite() && softplus(z).is_finite(), "{z}");
        }
        assert!((sigmoid(0.0) - 0.5).abs() < 1e-15);
        assert!((softplus(0.0) - 2f64.ln()).abs() < 1e-15);
        assert!((softplus(1000.0) - 1000.0).abs() < 1e-9);
    }
}
