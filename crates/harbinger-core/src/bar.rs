use serde::{Deserialize, Serialize};

/// One OHLCV bar. `time` is the bar's opening instant in Unix seconds (UTC); daily bars of
/// exchange-listed instruments use midnight UTC of the trading day.
///
/// A `Bar` can only be built through [`Bar::new`], which enforces the sanity rules every stored
/// bar obeys; prices are `f64` because they feed analytics, never summed balances.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Bar {
    pub time: i64,
    pub open: f64,
    pub high: f64,
    pub low: f64,
    pub close: f64,
    pub volume: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adj_close: Option<f64>,
}

/// Why a bar was rejected. `reason()` gives a stable label for metrics.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
pub enum BarError {
    #[error("a price or the volume is not a finite number")]
    NotFinite,
    #[error("a price is zero or negative")]
    NonPositivePrice,
    #[error("volume is negative")]
    NegativeVolume,
    #[error("low {low} is above open/close or high {high} is below them")]
    OutOfRange { low: f64, high: f64 },
}

impl BarError {
    /// A short, stable label (used as a metrics label value).
    pub const fn reason(&self) -> &'static str {
        match self {
            Self::NotFinite => "not_finite",
            Self::NonPositivePrice => "non_positive_price",
            Self::NegativeVolume => "negative_volume",
            Self::OutOfRange { .. } => "out_of_range",
        }
    }
}

impl Bar {
    /// Builds a validated bar: finite numbers, positive prices, `low ≤ open, close ≤ high`,
    /// volume ≥ 0.
    pub fn new(
        time: i64,
        open: f64,
        high: f64,
        low: f64,
        close: f64,
        volume: f64,
        adj_close: Option<f64>,
    ) -> Result<Self, BarError> {
        let prices = [open, high, low, close];
        if !prices.iter().chain([volume].iter()).all(|v| v.is_finite())
            || adj_close.is_some_and(|a| !a.is_finite())
        {
            return Err(BarError::NotFinite);
        }
        if prices.iter().any(|p| *p <= 0.0) || adj_close.is_some_and(|a| a <= 0.0) {
            return Err(BarError::NonPositivePrice);
        }
        if volume < 0.0 {
            return Err(BarError::NegativeVolume);
        }
        if low > open.min(close) || high < open.max(close) || low > high {
            return Err(BarError::OutOfRange { low, high });
        }
        Ok(Self {
            time,
            open,
            high,
            low,
            close,
            volume,
            adj_close,
        })
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn accepts_a_real_bar() {
        // AAPL 2000-03-01 from the bundled Quandl WIKI history.
        let b = Bar::new(
            951_868_800,
            118.56,
            132.06,
            118.5,
            130.31,
            9_616_100.0,
            Some(4.19),
        );
        assert!(b.is_ok());
    }

    #[test]
    fn rejects_each_rule() {
        assert_eq!(
            Bar::new(0, 1.0, f64::NAN, 1.0, 1.0, 1.0, None),
            Err(BarError::NotFinite)
        );
        assert_eq!(
            Bar::new(0, 0.0, 1.0, 0.0, 1.0, 1.0, None),
            Err(BarError::NonPositivePrice)
        );
        assert_eq!(
            Bar::new(0, 1.0, 1.0, 1.0, 1.0, -1.0, None),
            Err(BarError::NegativeVolume)
        );
        assert!(matches!(
            Bar::new(0, 2.0, 1.5, 1.0, 1.2, 1.0, None),
            Err(BarError::OutOfRange { .. })
        ));
    }

    proptest! {
        #[test]
        fn every_accepted_bar_obeys_the_rules(
            o in -10.0f64..1e6, h in -10.0f64..1e6, l in -10.0f64..1e6,
            c in -10.0f64..1e6, v in -10.0f64..1e9,
        ) {
            if let Ok(b) = Bar::new(0, o, h, l, c, v, None) {
                prop_assert!(b.low <= b.open.min(b.close));
                prop_assert!(b.high >= b.open.max(b.close));
                prop_assert!(b.low > 0.0 && b.volume >= 0.0);
            }
        }
    }
}
