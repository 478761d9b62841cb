//! Small helpers shared by the indicators: argument checks, NaN padding, TA-Lib's zero test
//! and the window buffer the streaming forms keep.

use super::IndicatorError;

/// TA-Lib treats `|x| < 1e-8` as zero when guarding a denominator (its `TA_IS_ZERO`).
/// Harbinger keeps the same threshold so that degenerate windows give TA-Lib's output.
pub(crate) const TA_EPSILON: f64 = 1e-8;

/// TA-Lib's `TA_IS_ZERO`.
#[inline]
pub(crate) fn ta_is_zero(x: f64) -> bool {
    x > -TA_EPSILON && x < TA_EPSILON
}

/// Reject a period below `min`.
pub(crate) fn check_period(
    indicator: &'static str,
    parameter: &'static str,
    value: usize,
    min: usize,
) -> Result<(), IndicatorError> {
    if value < min {
        return Err(IndicatorError::PeriodTooSmall {
            indicator,
            parameter,
            value,
            min,
        });
    }
    Ok(())
}

/// Reject a slice whose length differs from the first input's.
pub(crate) fn check_len(
    indicator: &'static str,
    slice: &'static str,
    expected: usize,
    actual: usize,
) -> Result<(), IndicatorError> {
    if expected != actual {
        return Err(IndicatorError::LengthMismatch {
            indicator,
            slice,
            expected,
            actual,
        });
    }
    Ok(())
}

/// Reject a NaN or infinite parameter.
pub(crate) fn check_finite(
    indicator: &'static str,
    parameter: &'static str,
    value: f64,
) -> Result<(), IndicatorError> {
    if !value.is_finite() {
        return Err(IndicatorError::NotFinite {
            indicator,
            parameter,
        });
    }
    Ok(())
}

/// Write NaN to the warm-up prefix `out[..lookback]` (or all of `out` when it is shorter).
#[inline]
pub(crate) fn pad_nan(out: &mut [f64], lookback: usize) {
    let end = lookback.min(out.len());
    out[..end].fill(f64::NAN);
}

/// Map a streaming value to `None` while it is NaN, so that `update` and the batch form
/// agree: batch NaN is streaming `None`.
#[inline]
pub(crate) fn some_if_number(x: f64) -> Option<f64> {
    if x.is_nan() { None } else { Some(x) }
}

/// Fixed-capacity ring of the last `capacity` values seen by a streaming indicator.
#[derive(Debug, Clone)]
pub(crate) struct Window {
    buf: Vec<f64>,
    next: usize,
    len: usize,
}

impl Window {
    pub(crate) fn new(capacity: usize) -> Self {
        Self {
            buf: vec![0.0; capacity.max(1)],
            next: 0,
            len: 0,
        }
    }

    /// Append `x`; return the value that fell out when the window was already full.
    #[inline]
    pub(crate) fn push(&mut self, x: f64) -> Option<f64> {
        let old = if self.len == self.buf.len() {
            Some(self.buf[self.next])
        } else {
            None
        };
        self.buf[self.next] = x;
        // A compare instead of `%`: an integer division per bar would dominate cheap updates.
        self.next += 1;
        if self.next == self.buf.len() {
            self.next = 0;
        }
        if self.len < self.buf.len() {
            self.len += 1;
        }
        old
    }

    pub(crate) fn is_full(&self) -> bool {
        self.len == self.buf.len()
    }

    /// Values oldest first.
    pub(crate) fn iter(&self) -> impl Iterator<Item = f64> + '_ {
        let (older, newer) = if self.is_full() {
            (&self.buf[self.next..], &self.buf[..self.next])
        } else {
            (&self.buf[..self.len], &self.buf[..0])
        };
        older.iter().chain(newer).copied()
    }

    pub(crate) fn clear(&mut self) {
        self.next = 0;
        self.len = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_returns_what_falls_out_and_iterates_oldest_first() {
        let mut w = Window::new(3);
        assert_eq!(w.push(1.0), None);
        assert_eq!(w.push(2.0), None);
        assert!(!w.is_full());
        assert_eq!(w.iter().collect::<Vec<_>>(), vec![1.0, 2.0]);
        assert_eq!(w.push(3.0), None);
        assert_eq!(w.push(4.0), Some(1.0));
        assert_eq!(w.push(5.0), Some(2.0));
        assert_eq!(w.iter().collect::<Vec<_>>(), vec![3.0, 4.0, 5.0]);
        w.clear();
        assert_eq!(w.iter().count(), 0);
    }

    #[test]
    fn ta_lib_zero_is_an_open_interval() {
        assert!(ta_is_zero(0.0) && ta_is_zero(-9e-9) && ta_is_zero(9e-9));
        assert!(!ta_is_zero(1e-8) && !ta_is_zero(-1e-8));
    }
}
