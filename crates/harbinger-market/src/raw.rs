//! What parsers produce before validation: rows as the provider sent them.

use serde::{Deserialize, Serialize};

/// One row as a provider sent it, not yet checked. Missing values (`null` in Yahoo's arrays)
/// are `NaN`, so validation rejects them as `not_finite` instead of storing a zero price.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RawBar {
    /// Bar opening instant, Unix seconds UTC (daily bars: midnight UTC of the trading day).
    pub time: i64,
    pub open: f64,
    pub high: f64,
    pub low: f64,
    pub close: f64,
    pub volume: f64,
    pub adj_close: Option<f64>,
}

/// A stock split: `numerator` new shares for every `denominator` old ones (Yahoo's `4:1` is
/// numerator 4, denominator 1), effective from the bar at or after `time`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SplitEvent {
    pub time: i64,
    pub numerator: f64,
    pub denominator: f64,
}

impl SplitEvent {
    /// The factor prices are multiplied by across the split (`0.25` for a 4:1 split), or `None`
    /// when the ratio is not a positive finite number.
    pub fn price_factor(&self) -> Option<f64> {
        let f = self.denominator / self.numerator;
        (f.is_finite() && f > 0.0).then_some(f)
    }
}

/// A cash dividend per share, paid on the bar at `time`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Dividend {
    pub time: i64,
    pub amount: f64,
}

/// Where a bar came from; stored beside every bar and shown in the freshness badge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Replay,
    Yahoo,
    Stooq,
    AlphaVantage,
    Binance,
    /// `harbinger import-csv`.
    Csv,
}

impl Source {
    /// The canonical name, as used in configuration (`HARBINGER_MARKET__PROVIDERS`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Replay => "replay",
            Self::Yahoo => "yahoo",
            Self::Stooq => "stooq",
            Self::AlphaVantage => "alphavantage",
            Self::Binance => "binance",
            Self::Csv => "csv",
        }
    }
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_factor_is_inverse_of_ratio() {
        let s = SplitEvent {
            time: 0,
            numerator: 4.0,
            denominator: 1.0,
        };
        assert_eq!(s.price_factor(), Some(0.25));
        let bad = SplitEvent {
            time: 0,
            numerator: 0.0,
            denominator: 1.0,
        };
        assert_eq!(bad.price_factor(), None);
    }

    #[test]
    fn source_names_serialise_lowercase() {
        assert_eq!(
            serde_json::to_string(&Source::AlphaVantage).ok().as_deref(),
            Some("\"alphavantage\"")
        );
        assert_eq!(Source::Replay.to_string(), "replay");
    }
}
