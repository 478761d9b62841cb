//! Named strategy parameters with defaults, checked once when a strategy is built.

use std::fmt;

use super::StrategyError;

/// One parameter's declaration: its name, default and accepted range.
#[derive(Debug, Clone, Copy)]
pub struct ParamSpec {
    /// Name as written on the command line (`fast=5`).
    pub name: &'static str,
    /// Value used when none is given.
    pub default: f64,
    /// Smallest accepted value.
    pub min: f64,
    /// Largest accepted value.
    pub max: f64,
    /// Whether the value must be a whole number (periods).
    pub integer: bool,
    /// One line for `--help` and the API.
    pub doc: &'static str,
}

impl ParamSpec {
    /// A whole-number parameter (a period, a flag).
    pub const fn int(
        name: &'static str,
        default: u32,
        min: u32,
        max: u32,
        doc: &'static str,
    ) -> Self {
        Self {
            name,
            default: default as f64,
            min: min as f64,
            max: max as f64,
            integer: true,
            doc,
        }
    }

    /// A real-valued parameter (a level, a multiplier).
    pub const fn real(
        name: &'static str,
        default: f64,
        min: f64,
        max: f64,
        doc: &'static str,
    ) -> Self {
        Self {
            name,
            default,
            min,
            max,
            integer: false,
            doc,
        }
    }
}

/// A strategy's parameter values, in declaration order, every one checked against its spec.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    values: Vec<(&'static str, f64)>,
}

impl Params {
    /// Defaults overridden by `overrides` (name, value); unknown names and values out of range
    /// are refused.
    pub fn resolve(
        strategy: &'static str,
        specs: &[ParamSpec],
        overrides: &[(String, f64)],
    ) -> Result<Self, StrategyError> {
        if let Some((name, _)) = overrides
            .iter()
            .find(|(name, _)| !specs.iter().any(|s| s.name == name))
        {
            return Err(StrategyError::UnknownParam {
                strategy,
                name: name.clone(),
                known: specs.iter().map(|s| s.name).collect::<Vec<_>>().join(", "),
            });
        }
        let mut values = Vec::with_capacity(specs.len());
        for spec in specs {
            let value = overrides
                .iter()
                .rev()
                .find(|(name, _)| name == spec.name)
                .map_or(spec.default, |(_, v)| *v);
            let whole = !spec.integer || value.fract() == 0.0;
            if !value.is_finite() || value < spec.min || value > spec.max || !whole {
                return Err(StrategyError::BadParam {
                    strategy,
                    name: spec.name,
                    value,
                    expected: expected(spec),
                });
            }
            values.push((spec.name, value));
        }
        Ok(Self { values })
    }

    /// The value of `name`; a name the strategy did not declare is a programming error caught
    /// by the strategy's own tests, so it reads as NaN rather than panicking.
    pub fn get(&self, name: &str) -> f64 {
        self.values
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(f64::NAN, |(_, v)| *v)
    }

    /// A whole-number parameter as `usize` (validated as a whole number in range).
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    pub fn period(&self, name: &str) -> usize {
        self.get(name) as usize
    }

    /// A 0/1 flag parameter.
    pub fn flag(&self, name: &str) -> bool {
        self.get(name) != 0.0
    }

    /// (name, value) pairs in declaration order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, f64)> + '_ {
        self.values.iter().copied()
    }
}

impl fmt::Display for Params {
    /// `fast=10,slow=30`: stable, so it can feed the model version hash.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (name, value)) in self.values.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{name}={value}")?;
        }
        Ok(())
    }
}

fn expected(spec: &ParamSpec) -> String {
    if spec.integer {
        format!("a whole number from {} to {}", spec.min, spec.max)
    } else {
        format!("a number from {} to {}", spec.min, spec.max)
    }
}

/// Parses `name=value` pairs as given on the command line.
pub fn parse_overrides(pairs: &[String]) -> Result<Vec<(String, f64)>, StrategyError> {
    pairs
        .iter()
        .map(|pair| {
            let (name, value) = pair
                .split_once('=')
                .ok_or_else(|| StrategyError::Syntax(pair.clone()))?;
            let value: f64 = value
                .trim()
                .parse()
                .map_err(|_| StrategyError::Syntax(pair.clone()))?;
            Ok((name.trim().to_owned(), value))
        })
        .collect()
}
