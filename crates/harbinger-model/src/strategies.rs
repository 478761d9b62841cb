//! Every strategy by name: the five rules, the `ml` model and the `ensemble` of all six. The
//! CLI, the API and the signal pipeline build strategies here, so they accept the same names
//! and parameters.

use harbinger_signals::strategy::{self, Ensemble, RULES, Strategy, StrategyError};

use crate::Ml;

/// Every strategy name, rules first.
pub const STRATEGIES: [&str; 7] = [
    "sma_cross",
    "rsi_reversion",
    "macd_trend",
    "bollinger_breakout",
    "donchian_breakout",
    "ml",
    "ensemble",
];

/// A strategy name this build does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a strategy; use one of {list}", list = STRATEGIES.join(", "))]
pub struct UnknownStrategy(pub String);

/// `name` as this build's strategy of that name, or why not (naming every strategy).
pub fn known_strategy(name: &str) -> Result<&'static str, UnknownStrategy> {
    STRATEGIES
        .iter()
        .find(|s| **s == name)
        .copied()
        .ok_or_else(|| UnknownStrategy(name.to_owned()))
}

/// Builds a strategy by name with `name=value` parameter overrides. The ensemble's members
/// use their defaults; its own parameters are the overrides.
pub fn build(name: &str, overrides: &[(String, f64)]) -> Result<Box<dyn Strategy>, StrategyError> {
    build_with(name, overrides, Ml::new)
}

/// As [`build`], for today's signals only: `ml` (alone or in the ensemble) fits one model on
/// everything known instead of running the walk-forward evaluation over the whole history.
/// Positions before the last two bars are not computed; use [`build`] for backtests.
pub fn build_latest(
    name: &str,
    overrides: &[(String, f64)],
) -> Result<Box<dyn Strategy>, StrategyError> {
    build_with(name, overrides, Ml::latest)
}

/// A constructor of the `ml` strategy (walk-forward or latest-only).
type MakeMl = fn(&[(String, f64)]) -> Result<Ml, StrategyError>;

fn build_with(
    name: &str,
    overrides: &[(String, f64)],
    ml: MakeMl,
) -> Result<Box<dyn Strategy>, StrategyError> {
    match name {
        "ml" => Ok(Box::new(ml(overrides)?)),
        "ensemble" => {
            let mut members = RULES
                .iter()
                .map(|n| strategy::rule(n, &[]))
                .collect::<Result<Vec<_>, _>>()?;
            members.push(Box::new(ml(&[])?));
            Ok(Box::new(Ensemble::new(members, overrides)?))
        }
        _ if RULES.contains(&name) => strategy::rule(name, overrides),
        _ => Err(StrategyError::Unknown {
            name: name.to_owned(),
            known: STRATEGIES.join(", "),
        }),
    }
}

/// Every strategy with its defaults, for today's signals (as [`build_latest`]); `ml` and the
/// ensemble's `ml` member share their fits, so each series is fitted once. In
/// [`STRATEGIES`] order.
pub fn all_latest() -> Result<Vec<Box<dyn Strategy>>, StrategyError> {
    let ml = Ml::latest(&[])?;
    let mut out: Vec<Box<dyn Strategy>> = RULES
        .iter()
        .map(|n| strategy::rule(n, &[]))
        .collect::<Result<_, _>>()?;
    let mut members = RULES
        .iter()
        .map(|n| strategy::rule(n, &[]))
        .collect::<Result<Vec<_>, _>>()?;
    members.push(Box::new(ml.sharing()));
    out.push(Box::new(ml));
    out.push(Box::new(Ensemble::new(members, &[])?));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_strategies_and_the_reason_for_an_unknown_one() {
        for name in STRATEGIES {
            assert_eq!(known_strategy(name), Ok(name));
        }
        let err = known_strategy("SMA_CROSS").unwrap_err().to_string();
        assert_eq!(
            err,
            "\"SMA_CROSS\" is not a strategy; use one of sma_cross, rsi_reversion, macd_trend, \
             bollinger_breakout, donchian_breakout, ml, ensemble"
        );
    }
}
