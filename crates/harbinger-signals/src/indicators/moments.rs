//! Mean and population variance of a sliding window, for Bollinger bands and the z-score.
//!
//! TA-Lib keeps a running sum of squares and computes `E[x²] - mean²`: with prices near 100
//! and a window variance near 1 that cancellation discards about four digits, and the running
//! sums drift along the series. Harbinger instead keeps the sums of `x - anchor` and
//! `(x - anchor)²`, where the anchor is a recent value, so the squares stay on the scale of the
//! variance; and every [`RESTART_EVERY`] outputs it recomputes both sums exactly from the
//! window, so drift cannot build up over long series. Batch and streaming follow the same
//! schedule and therefore agree to the bit.

/// Outputs between two exact recomputations of the window sums.
pub(crate) const RESTART_EVERY: usize = 128;

/// Shifted window sums.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Moments {
    inv_n: f64,
    anchor: f64,
    s1: f64,
    s2: f64,
}

impl Moments {
    pub(crate) fn new(period: usize) -> Self {
        Self {
            inv_n: 1.0 / period as f64,
            anchor: 0.0,
            s1: 0.0,
            s2: 0.0,
        }
    }

    /// Recompute the sums from the whole window (oldest first), anchored at `anchor`.
    pub(crate) fn restart(&mut self, window: impl Iterator<Item = f64>, anchor: f64) {
        self.anchor = anchor;
        self.s1 = 0.0;
        self.s2 = 0.0;
        for x in window {
            let d = x - anchor;
            self.s1 += d;
            self.s2 += d * d;
        }
    }

    /// Slide the window: `new` enters, `old` leaves.
    #[inline]
    pub(crate) fn slide(&mut self, new: f64, old: f64) {
        let d_in = new - self.anchor;
        let d_out = old - self.anchor;
        self.s1 += d_in - d_out;
        self.s2 += d_in * d_in - d_out * d_out;
    }

    /// The two shifted sums, for callers that finish mean and variance in a separate pass.
    #[inline]
    pub(crate) fn sums(&self) -> (f64, f64) {
        (self.s1, self.s2)
    }

    #[inline]
    pub(crate) fn mean(&self) -> f64 {
        mean_of(self.anchor, self.s1, self.inv_n)
    }

    /// Population variance (divides by the window length, as TA-Lib's `BBANDS`/`STDDEV`).
    #[inline]
    pub(crate) fn variance(&self) -> f64 {
        variance_of(self.s1, self.s2, self.inv_n)
    }

    pub(crate) fn anchor(&self) -> f64 {
        self.anchor
    }
}

/// Window mean from the shifted sum `s1` (`inv_n = 1 / window length`).
#[inline]
pub(crate) fn mean_of(anchor: f64, s1: f64, inv_n: f64) -> f64 {
    anchor + s1 * inv_n
}

/// Population variance from the shifted sums.
#[inline]
pub(crate) fn variance_of(s1: f64, s2: f64, inv_n: f64) -> f64 {
    let m = s1 * inv_n;
    s2 * inv_n - m * m
}
