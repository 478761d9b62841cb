//! The first-order linear recurrence `y ← a·y + u` behind EMA, Wilder smoothing (RSI, ATR)
//! and MACD.
//!
//! Stepped one value at a time, the recurrence is bound by the latency of a multiply and an
//! add per value. The batch forms step four values at a time instead:
//!
//! ```text
//! y[t+j] = a^j · y[t] + p_j,   p_1 = u[t+1],  p_j = a · p_{j-1} + u[t+j]
//! ```
//!
//! The `p_j` do not depend on `y`, so only one multiply-add per four values stays on the
//! critical path. The result differs from stepping one value at a time only by rounding
//! (a few units in the last place): the recurrence contracts (`|a| < 1`), so these
//! differences do not grow along the series.

/// Coefficient `a` of `y ← a·y + u` with its first four powers.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Decay {
    a: f64,
    a2: f64,
    a3: f64,
    a4: f64,
}

impl Decay {
    pub(crate) fn new(a: f64) -> Self {
        let a2 = a * a;
        Self {
            a,
            a2,
            a3: a2 * a,
            a4: a2 * a2,
        }
    }

    /// One step: `a·y + u`.
    #[inline]
    pub(crate) fn step(self, y: f64, u: f64) -> f64 {
        self.a * y + u
    }

    /// Four steps from state `y`; returns the four new states (the last is the new state).
    #[inline]
    pub(crate) fn step4(self, y: f64, u: [f64; 4]) -> [f64; 4] {
        let p2 = self.a * u[0] + u[1];
        let p3 = self.a * p2 + u[2];
        let p4 = self.a * p3 + u[3];
        [
            self.a * y + u[0],
            self.a2 * y + p2,
            self.a3 * y + p3,
            self.a4 * y + p4,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::Decay;

    #[test]
    fn four_steps_at_once_match_single_steps() {
        let d = Decay::new(0.9);
        let u = [1.5, -2.25, 3.0, 0.125];
        let mut y = 10.0;
        let mut seq = [0.0; 4];
        for (s, &ui) in seq.iter_mut().zip(&u) {
            y = d.step(y, ui);
            *s = y;
        }
        let block = d.step4(10.0, u);
        for (a, b) in seq.iter().zip(&block) {
            assert!((a - b).abs() <= 1e-14 * a.abs().max(1.0), "{a} vs {b}");
        }
    }
}
