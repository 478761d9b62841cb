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

/// Builds a strategy by name with `name=value` parameter overrides. The ensemble's members
/// use their defaults; its own parameters are the overrides.
pub fn build(name: &str, overrides: &[(String, f64)]) -> Result<Box<dyn Strategy>, StrategyError> {
    match name {
        "ml" => Ok(Box::new(Ml::new(overrides)?)),
        "ensemble" => {
            let mut members = RULES
                .iter()
                .map(|n| strategy::rule(n, &[]))
                .collect::<Result<Vec<_>, _>>()?;
            members.push(Box::new(Ml::new(&[])?));
            Ok(Box::new(Ensemble::new(members, overrides)?))
        }
        _ if RULES.contains(&name) => strategy::rule(name, overrides),
        _ => Err(StrategyError::Unknown {
            name: name.to_owned(),
            known: STRATEGIES.join(", "),
        }),
    }
}
