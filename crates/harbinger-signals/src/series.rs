//! Price series as the engine reads them: columns, oldest bar first.

/// Why a series was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SeriesError {
    /// The columns do not all have the length of `time`.
    #[error("column `{column}` has {actual} values, expected {expected}")]
    Length {
        /// The column that differs.
        column: &'static str,
        /// Its length.
        actual: usize,
        /// The length of `time`.
        expected: usize,
    },
    /// Bar times are not strictly increasing.
    #[error("bar times must be strictly increasing (bar {index} is not after bar {})", index - 1)]
    Unordered {
        /// The first bar whose time is not after the previous one.
        index: usize,
    },
}

/// A borrowed OHLCV series: equal-length columns, times strictly increasing.
///
/// Times are Unix seconds of each bar's open. Prices are expected finite (bars are validated
/// before they are stored); the engine never panics on other values, it only computes NaN.
#[derive(Debug, Clone, Copy)]
pub struct Ohlcv<'a> {
    time: &'a [i64],
    open: &'a [f64],
    high: &'a [f64],
    low: &'a [f64],
    close: &'a [f64],
    volume: &'a [f64],
}

impl<'a> Ohlcv<'a> {
    /// Checks the column lengths and the order of times.
    pub fn new(
        time: &'a [i64],
        open: &'a [f64],
        high: &'a [f64],
        low: &'a [f64],
        close: &'a [f64],
        volume: &'a [f64],
    ) -> Result<Self, SeriesError> {
        let expected = time.len();
        for (column, len) in [
            ("open", open.len()),
            ("high", high.len()),
            ("low", low.len()),
            ("close", close.len()),
            ("volume", volume.len()),
        ] {
            if len != expected {
                return Err(SeriesError::Length {
                    column,
                    actual: len,
                    expected,
                });
            }
        }
        if let Some(index) = time.windows(2).position(|w| w[1] <= w[0]) {
            return Err(SeriesError::Unordered { index: index + 1 });
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

    /// True when there are no bars.
    pub fn is_empty(&self) -> bool {
        self.time.is_empty()
    }

    /// Bar open times, Unix seconds.
    pub fn time(&self) -> &'a [i64] {
        self.time
    }

    /// Opening prices.
    pub fn open(&self) -> &'a [f64] {
        self.open
    }

    /// Highest prices.
    pub fn high(&self) -> &'a [f64] {
        self.high
    }

    /// Lowest prices.
    pub fn low(&self) -> &'a [f64] {
        self.low
    }

    /// Closing prices.
    pub fn close(&self) -> &'a [f64] {
        self.close
    }

    /// Volumes.
    pub fn volume(&self) -> &'a [f64] {
        self.volume
    }

    /// The first `n` bars (all of them when `n` is larger), for walk-forward and no-look-ahead
    /// checks.
    #[must_use]
    pub fn head(&self, n: usize) -> Self {
        let n = n.min(self.len());
        Self {
            time: &self.time[..n],
            open: &self.open[..n],
            high: &self.high[..n],
            low: &self.low[..n],
            close: &self.close[..n],
            volume: &self.volume[..n],
        }
    }
}

/// An owned series, filled bar by bar; [`OhlcvBuf::view`] lends it as an [`Ohlcv`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OhlcvBuf {
    /// Bar open times, Unix seconds.
    pub time: Vec<i64>,
    /// Opening prices.
    pub open: Vec<f64>,
    /// Highest prices.
    pub high: Vec<f64>,
    /// Lowest prices.
    pub low: Vec<f64>,
    /// Closing prices.
    pub close: Vec<f64>,
    /// Volumes.
    pub volume: Vec<f64>,
}

impl OhlcvBuf {
    /// An empty series with room for `n` bars.
    pub fn with_capacity(n: usize) -> Self {
        Self {
            time: Vec::with_capacity(n),
            open: Vec::with_capacity(n),
            high: Vec::with_capacity(n),
            low: Vec::with_capacity(n),
            close: Vec::with_capacity(n),
            volume: Vec::with_capacity(n),
        }
    }

    /// Appends one bar.
    pub fn push(&mut self, time: i64, open: f64, high: f64, low: f64, close: f64, volume: f64) {
        self.time.push(time);
        self.open.push(open);
        self.high.push(high);
        self.low.push(low);
        self.close.push(close);
        self.volume.push(volume);
    }

    /// Number of bars.
    pub fn len(&self) -> usize {
        self.time.len()
    }

    /// True when there are no bars.
    pub fn is_empty(&self) -> bool {
        self.time.is_empty()
    }

    /// The series as a checked view.
    pub fn view(&self) -> Result<Ohlcv<'_>, SeriesError> {
        Ohlcv::new(
            &self.time,
            &self.open,
            &self.high,
            &self.low,
            &self.close,
            &self.volume,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_unequal_columns_and_unordered_times() {
        let t = [1, 2, 3];
        let x = [1.0, 2.0, 3.0];
        let short = [1.0, 2.0];
        assert_eq!(
            Ohlcv::new(&t, &x, &x, &short, &x, &x).unwrap_err(),
            SeriesError::Length {
                column: "low",
                actual: 2,
                expected: 3
            }
        );
        let bad = [1, 3, 3];
        assert_eq!(
            Ohlcv::new(&bad, &x, &x, &x, &x, &x).unwrap_err(),
            SeriesError::Unordered { index: 2 }
        );
        let ok = Ohlcv::new(&t, &x, &x, &x, &x, &x).unwrap();
        assert_eq!(ok.head(2).close(), &[1.0, 2.0]);
        assert_eq!(ok.head(10).len(), 3);
    }
}
