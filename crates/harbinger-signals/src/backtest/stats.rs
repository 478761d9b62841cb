//! The normal distribution and the Sharpe-ratio statistics of Bailey and López de Prado.

/// Standard normal cumulative distribution, accurate to double precision (via `erfc`).
pub fn normal_cdf(x: f64) -> f64 {
    0.5 * libm::erfc(-x / std::f64::consts::SQRT_2)
}

/// Standard normal quantile: Acklam's rational approximation refined by one Halley step,
/// which brings it to about 1e-15. `p` outside (0, 1) gives ±∞ at the ends and NaN beyond.
pub fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    const LOW: f64 = 0.024_25;
    if p.is_nan() || !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    let tail = |q: f64| {
        let q = (-2.0 * q.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    let x = if p < LOW {
        tail(p)
    } else if p > 1.0 - LOW {
        -tail(1.0 - p)
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    };
    // Halley refinement against the exact CDF.
    let e = normal_cdf(x) - p;
    let u = e * (2.0 * std::f64::consts::PI).sqrt() * (x * x / 2.0).exp();
    x - u / (1.0 + x * u / 2.0)
}

/// Moments of per-period returns that the Sharpe statistics need.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Moments {
    pub n: usize,
    pub mean: f64,
    /// Sample standard deviation (n − 1).
    pub sd: f64,
    /// Skewness (population moments).
    pub skew: f64,
    /// Kurtosis, not excess (3 for a normal distribution).
    pub kurt: f64,
}

impl Moments {
    #[allow(clippy::cast_precision_loss)]
    pub fn of(r: &[f64]) -> Self {
        let n = r.len();
        let nf = n as f64;
        let mean = r.iter().sum::<f64>() / nf;
        let (mut m2, mut m3, mut m4) = (0.0, 0.0, 0.0);
        for &x in r {
            let d = x - mean;
            let d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
            m4 += d2 * d2;
        }
        let sd = (m2 / (nf - 1.0)).sqrt();
        let (p2, p3, p4) = (m2 / nf, m3 / nf, m4 / nf);
        Self {
            n,
            mean,
            sd,
            skew: p3 / p2.powf(1.5),
            kurt: p4 / (p2 * p2),
        }
    }

    /// Per-period Sharpe ratio; NaN without variance.
    pub fn sharpe(&self) -> f64 {
        if self.sd > 0.0 {
            self.mean / self.sd
        } else {
            f64::NAN
        }
    }

    /// Variance of the Sharpe estimate under non-normal returns (Mertens), per period.
    #[allow(clippy::cast_precision_loss)]
    fn sharpe_variance(&self, sr: f64) -> f64 {
        (1.0 - self.skew * sr + (self.kurt - 1.0) / 4.0 * sr * sr) / (self.n as f64 - 1.0)
    }
}

/// Probability that the true per-period Sharpe ratio exceeds `benchmark`, given the sample's
/// length, skewness and kurtosis (Bailey & López de Prado, 2012). NaN when undefined.
pub fn probabilistic_sharpe(returns: &[f64], benchmark: f64) -> f64 {
    if returns.len() < 3 {
        return f64::NAN;
    }
    psr(&Moments::of(returns), benchmark)
}

pub(crate) fn psr(m: &Moments, benchmark: f64) -> f64 {
    let sr = m.sharpe();
    let var = m.sharpe_variance(sr);
    if !(sr.is_finite() && var > 0.0) {
        return f64::NAN;
    }
    normal_cdf((sr - benchmark) / var.sqrt())
}

/// The probabilistic Sharpe ratio against the Sharpe ratio the best of `variants` unskilled
/// trials would show (Bailey & López de Prado, 2014). Without the other trials' ratios, their
/// spread is taken as the estimator's own standard error. One variant gives PSR(0).
pub fn deflated_sharpe(returns: &[f64], variants: u32) -> f64 {
    if returns.len() < 3 {
        return f64::NAN;
    }
    dsr(&Moments::of(returns), variants)
}

pub(crate) fn dsr(m: &Moments, variants: u32) -> f64 {
    const EULER_GAMMA: f64 = 0.577_215_664_901_532_9;
    if variants <= 1 {
        return psr(m, 0.0);
    }
    let sr = m.sharpe();
    let spread = m.sharpe_variance(sr).sqrt();
    let n = f64::from(variants);
    let expected_max = spread
        * ((1.0 - EULER_GAMMA) * normal_quantile(1.0 - 1.0 / n)
            + EULER_GAMMA * normal_quantile(1.0 - 1.0 / (n * std::f64::consts::E)));
    psr(m, expected_max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_cdf_and_quantile_agree_with_tables() {
        assert!((normal_cdf(0.0) - 0.5).abs() < 1e-16);
        assert!((normal_cdf(1.959_963_984_540_054) - 0.975).abs() < 1e-15);
        assert!((normal_quantile(0.975) - 1.959_963_984_540_054).abs() < 1e-13);
        assert!((normal_quantile(0.001) + 3.090_232_306_167_813_6).abs() < 1e-12);
        for p in [1e-10, 0.01, 0.3, 0.5, 0.77, 0.999_999] {
            assert!((normal_cdf(normal_quantile(p)) - p).abs() < 1e-14 * p.max(1e-3) * 1e3);
        }
        assert!(normal_quantile(1.5).is_nan());
    }

    #[test]
    fn deflation_lowers_the_probability() {
        let r: Vec<f64> = (0..500)
            .map(|i| 0.001 + 0.01 * ((f64::from(i) * 0.7).sin()))
            .collect();
        let psr0 = probabilistic_sharpe(&r, 0.0);
        let d1 = deflated_sharpe(&r, 1);
        let d100 = deflated_sharpe(&r, 100);
        assert!((psr0 - d1).abs() < 1e-15);
        assert!(d100 < psr0, "{d100} < {psr0}");
        assert!(psr0 > 0.5 && psr0 < 1.0);
    }
}
