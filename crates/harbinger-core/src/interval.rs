use std::fmt;

use serde::{Deserialize, Serialize};

/// A bar interval. Daily is the product's main cadence; intraday exists for crypto feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Interval {
    M1,
    M5,
    M15,
    M30,
    H1,
    H4,
    D1,
    W1,
}

/// The text is not one of the supported intervals.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown interval {0:?}; use one of 1m, 5m, 15m, 30m, 1h, 4h, 1d, 1wk")]
pub struct IntervalError(pub String);

impl Interval {
    /// Every interval, shortest first.
    pub const ALL: [Self; 8] = [
        Self::M1,
        Self::M5,
        Self::M15,
        Self::M30,
        Self::H1,
        Self::H4,
        Self::D1,
        Self::W1,
    ];

    pub fn parse(raw: &str) -> Result<Self, IntervalError> {
        Self::ALL
            .into_iter()
            .find(|i| i.as_str() == raw.trim())
            .ok_or_else(|| IntervalError(raw.to_owned()))
    }

    /// The canonical text form, as used in URLs, the CLI and the database.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::M1 => "1m",
            Self::M5 => "5m",
            Self::M15 => "15m",
            Self::M30 => "30m",
            Self::H1 => "1h",
            Self::H4 => "4h",
            Self::D1 => "1d",
            Self::W1 => "1wk",
        }
    }

    /// Nominal length of one bar in seconds.
    pub const fn seconds(self) -> i64 {
        match self {
            Self::M1 => 60,
            Self::M5 => 300,
            Self::M15 => 900,
            Self::M30 => 1_800,
            Self::H1 => 3_600,
            Self::H4 => 14_400,
            Self::D1 => 86_400,
            Self::W1 => 604_800,
        }
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for Interval {
    type Error = IntervalError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Interval> for String {
    fn from(value: Interval) -> Self {
        value.as_str().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_interval() {
        for i in Interval::ALL {
            assert_eq!(Interval::parse(i.as_str()), Ok(i));
        }
        assert!(Interval::parse("2d").is_err());
        assert!(Interval::M1.seconds() < Interval::D1.seconds());
    }
}
