//! The borrowed column view every function of the crate reads.

use crate::ModelError;

/// Price bars as borrowed columns, oldest first.
///
/// Built with [`Ohlcv::new`], which checks that every column has the length of `time` and
/// that times strictly increase. Prices are not checked: a non-finite or non-positive price
/// makes the features that depend on it NaN (missing), never a panic.
#[derive(Debug, Clone, Copy)]
pub struct Ohlcv<'a> {
    /// Bar open times, Unix seconds, strictly increasing.
    pub time: &'a [i64],
    /// Opening prices.
    pub open: &'a [f64],
    /// Highest prices.
    pub high: &'a [f64],
    /// Lowest prices.
    pub low: &'a [f64],
    /// Closing prices.
    pub close: &'a [f64],
    /// Traded volumes.
    pub volume: &'a [f64],
}

impl<'a> Ohlcv<'a> {
    /// A view over six columns of equal length with strictly increasing times.
    pub fn new(
        time: &'a [i64],
        open: &'a [f64],
        high: &'a [f64],
        low: &'a [f64],
        close: &'a [f64],
        volume: &'a [f64],
    ) -> Result<Self, ModelError> {
        let expected = time.len();
        for (column, len) in [
            ("open", open.len()),
            ("high", high.len()),
            ("low", low.len()),
            ("close", close.len()),
            ("volume", volume.len()),
        ] {
            if len != expected {
                return Err(ModelError::LengthMismatch {
                    column,
                    expected,
                    actual: len,
                });
            }
        }
        if let Some(i) = time.windows(2).position(|w| w[1] <= w[0]) {
            return Err(ModelError::TimeNotIncreasing {
                index: i + 1,
                time: time[i + 1],
                previous: time[i],
            });
        }
        Ok(Self {
            time,
            open,
            high,
            low,
            close,
            volume,
        })
    }

    /// Number of bars.
    pub fn len(&self) -> usize {
        self.time.len()
    }

    /// Whether there are no bars.
    pub fn is_empty(&self) -> bool {
        self.time.is_empty()
    }

    /// The first `len` bars (all of them when `len` is larger): what was known at bar
    /// `len - 1`.
    #[must_use]
    pub fn prefix(&self, len: usize) -> Ohlcv<'a> {
        let n = len.min(self.len());
        Ohlcv {
            time: &self.time[..n],
            open: &self.open[..n],
            high: &self.high[..n],
            low: &self.low[..n],
            close: &self.close[..n],
            volume: &self.volume[..n],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_columns_of_different_lengths() {
        let t = [1, 2, 3];
        let x = [1.0, 2.0, 3.0];
        let short = [1.0, 2.0];
        let err = Ohlcv::new(&t, &x, &x, &short, &x, &x).unwrap_err();
        assert_eq!(
            err,
            ModelError::LengthMismatch {
                column: "low",
                expected: 3,
                actual: 2
            }
        );
    }

    #[test]
    fn rejects_times_that_do_not_increase() {
        let t = [1, 5, 5];
        let x = [1.0, 2.0, 3.0];
        let err = Ohlcv::new(&t, &x, &x, &x, &x, &x).unwrap_err();
        assert!(matches!(
            err,
            ModelError::TimeNotIncreasing {
                index: 2,
                time: 5,
                previous: 5
            }
        ));
    }

    #[test]
    fn prefix_keeps_the_first_bars() {
        let t = [1, 2, 3];
        let x = [1.0, 2.0, 3.0];
        let v = Ohlcv::new(&t, &x, &x, &x, &x, &x).unwrap();
        assert_eq!(v.prefix(2).close, &[1.0, 2.0]);
        assert_eq!(v.prefix(9).len(), 3);
    }
}
