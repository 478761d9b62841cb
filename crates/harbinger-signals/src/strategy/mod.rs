//! Strategies: named rules (and, through the same trait, models) that turn a price series into a
//! desired position after each bar's close.
//!
//! A strategy only ever reads bars up to and including the bar it decides on; the
//! no-look-ahead tests hold every strategy here to that. Positions feed the backtester
//! ([`crate::backtest`]); entries become signals ([`crate::signal`]).

mod ensemble;
mod params;
mod rules;

use std::fmt;

pub use ensemble::Ensemble;
pub use params::{ParamSpec, Params, parse_overrides};
pub use rules::{BollingerBreakout, DonchianBreakout, MacdTrend, RsiReversion, SmaCross};

use crate::Ohlcv;
use crate::indicators::IndicatorError;

/// The direction of a position or a signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// Profits when the price rises.
    Long,
    /// Profits when the price falls.
    Short,
}

impl Side {
    /// +1 for long, −1 for short.
    pub fn sign(self) -> f64 {
        match self {
            Self::Long => 1.0,
            Self::Short => -1.0,
        }
    }

    /// The side of a non-zero position.
    pub fn of(position: i8) -> Option<Self> {
        match position {
            1.. => Some(Self::Long),
            ..=-1 => Some(Self::Short),
            0 => None,
        }
    }

    /// `long` or `short`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Long => "long",
            Self::Short => "short",
        }
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One reason behind a decision: an input's value and how much it weighed.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Driver {
    /// What was measured, e.g. `sma_fast`.
    pub name: String,
    /// Its value at the decision bar.
    pub value: f64,
    /// Its signed contribution to the decision; the drivers of one decision are ordered by
    /// decreasing absolute weight.
    pub weight: f64,
}

impl Driver {
    /// A driver from a static name.
    pub fn new(name: &str, value: f64, weight: f64) -> Self {
        Self {
            name: name.to_owned(),
            value,
            weight,
        }
    }
}

/// Why a strategy could not be built or run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StrategyError {
    /// No strategy has this name.
    #[error("unknown strategy `{name}`; known: {known}")]
    Unknown {
        /// The name asked for.
        name: String,
        /// The names that exist.
        known: String,
    },
    /// A parameter the strategy does not have.
    #[error("{strategy} has no parameter `{name}`; it has: {known}")]
    UnknownParam {
        /// The strategy.
        strategy: &'static str,
        /// The parameter asked for.
        name: String,
        /// The parameters that exist.
        known: String,
    },
    /// A parameter value out of range.
    #[error("{strategy}: `{name}` = {value} is not {expected}")]
    BadParam {
        /// The strategy.
        strategy: &'static str,
        /// The parameter.
        name: &'static str,
        /// The value given.
        value: f64,
        /// What is accepted.
        expected: String,
    },
    /// Parameters that are each valid but not together (fast ≥ slow).
    #[error("{strategy}: {reason}")]
    Inconsistent {
        /// The strategy.
        strategy: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// A `name=value` pair that does not parse.
    #[error("parameter `{0}` is not name=value with a number")]
    Syntax(String),
    /// The output slice does not match the series.
    #[error("positions slice has {actual} values for {expected} bars")]
    Length {
        /// Its length.
        actual: usize,
        /// The number of bars.
        expected: usize,
    },
    /// An indicator refused its inputs.
    #[error(transparent)]
    Indicator(#[from] IndicatorError),
}

/// A trading rule or model.
///
/// `positions` writes, for every bar, the position wanted after that bar's close: `1` long,
/// `-1` short, `0` flat. The value for bar `t` depends on bars `0..=t` only.
pub trait Strategy: Send + Sync + fmt::Debug {
    /// The registry name, e.g. `sma_cross`.
    fn name(&self) -> &'static str;

    /// The parameter values in use.
    fn params(&self) -> &Params;

    /// Bars needed before the first decision can be non-zero.
    fn warmup(&self) -> usize;

    /// Writes the desired position after each bar into `out` (same length as `bars`).
    fn positions(&self, bars: &Ohlcv<'_>, out: &mut [i8]) -> Result<(), StrategyError>;

    /// The inputs behind the decision at bar `t`, largest weight first.
    fn drivers(&self, bars: &Ohlcv<'_>, t: usize) -> Vec<Driver>;

    /// The strategy's own probability that the target is hit before the stop for a signal at
    /// bar `t`, if it has one (a calibrated model). Rules have none: their signals' confidence
    /// is estimated from their graded history (see [`crate::signal`]).
    fn confidence_at(&self, _bars: &Ohlcv<'_>, _t: usize) -> Option<f64> {
        None
    }

    /// The model version behind the decision at bar `t`; a model retrained as time passes
    /// names the fit that made the decision. Rules use [`Strategy::model_version`].
    fn model_version_at(&self, _bars: &Ohlcv<'_>, _t: usize) -> String {
        self.model_version()
    }

    /// The feature set the strategy reads; part of [`Strategy::model_version`].
    fn feature_set(&self) -> &'static str {
        "rules/1"
    }

    /// A stable hash of what determines this strategy's decisions: name, parameters, feature
    /// set and (for trained models) the training range. Hex SHA-256, first 16 bytes.
    fn model_version(&self) -> String {
        model_version(self.name(), self.params(), self.feature_set(), None)
    }
}

/// Hex of the first 16 bytes of SHA-256 over the strategy name, its parameters, its feature
/// set and an optional training range `(first, last)` bar time.
pub fn model_version(
    name: &str,
    params: &Params,
    feature_set: &str,
    training: Option<(i64, i64)>,
) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update(b"\0");
    h.update(params.to_string().as_bytes());
    h.update(b"\0");
    h.update(feature_set.as_bytes());
    if let Some((first, last)) = training {
        h.update(b"\0");
        h.update(first.to_be_bytes());
        h.update(last.to_be_bytes());
    }
    h.finalize()[..16]
        .iter()
        .fold(String::with_capacity(32), |mut s, b| {
            use fmt::Write;
            let _ = write!(s, "{b:02x}");
            s
        })
}

pub(crate) fn check_len(bars: &Ohlcv<'_>, out: &[i8]) -> Result<(), StrategyError> {
    if out.len() == bars.len() {
        Ok(())
    } else {
        Err(StrategyError::Length {
            actual: out.len(),
            expected: bars.len(),
        })
    }
}

/// The rule strategies by name, as `harbinger backtest --strategy` and the signal pipeline know
/// them. `ml` and `ensemble` need a trained model and members; they are built by their own
/// constructors.
pub const RULES: [&str; 5] = [
    "sma_cross",
    "rsi_reversion",
    "macd_trend",
    "bollinger_breakout",
    "donchian_breakout",
];

/// Builds a rule strategy by name with parameter overrides.
pub fn rule(name: &str, overrides: &[(String, f64)]) -> Result<Box<dyn Strategy>, StrategyError> {
    Ok(match name {
        "sma_cross" => Box::new(SmaCross::new(overrides)?),
        "rsi_reversion" => Box::new(RsiReversion::new(overrides)?),
        "macd_trend" => Box::new(MacdTrend::new(overrides)?),
        "bollinger_breakout" => Box::new(BollingerBreakout::new(overrides)?),
        "donchian_breakout" => Box::new(DonchianBreakout::new(overrides)?),
        _ => {
            return Err(StrategyError::Unknown {
                name: name.to_owned(),
                known: RULES.join(", "),
            });
        }
    })
}

/// The parameter declarations of a rule strategy, for help texts and the API.
pub fn rule_params(name: &str) -> Option<&'static [ParamSpec]> {
    Some(match name {
        "sma_cross" => SmaCross::SPECS,
        "rsi_reversion" => RsiReversion::SPECS,
        "macd_trend" => MacdTrend::SPECS,
        "bollinger_breakout" => BollingerBreakout::SPECS,
        "donchian_breakout" => DonchianBreakout::SPECS,
        _ => return None,
    })
}
