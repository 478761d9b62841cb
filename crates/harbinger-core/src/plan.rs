use std::fmt;

use serde::{Deserialize, Serialize};

/// A subscription plan. Limits per plan live in configuration, never here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Plan {
    #[default]
    Free,
    Pro,
    Quant,
}

/// The text is not a plan name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown plan {0:?}; use free, pro or quant")]
pub struct PlanError(pub String);

impl Plan {
    pub const ALL: [Self; 3] = [Self::Free, Self::Pro, Self::Quant];

    pub fn parse(raw: &str) -> Result<Self, PlanError> {
        Self::ALL
            .into_iter()
            .find(|p| p.as_str() == raw.trim())
            .ok_or_else(|| PlanError(raw.to_owned()))
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Free => "free",
            Self::Pro => "pro",
            Self::Quant => "quant",
        }
    }
}

impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_plans() {
        for p in Plan::ALL {
            assert_eq!(Plan::parse(p.as_str()), Ok(p));
        }
        assert!(Plan::parse("gold").is_err());
    }
}
