use std::fmt;

use serde::{Deserialize, Serialize};

/// Longest ticker accepted, generous enough for `BRK.B`, `BTC-USD`, `^GSPC`, `EURUSD=X`.
const MAX_LEN: usize = 20;

/// A market symbol in canonical upper-case form (`AAPL`, `BTC-USD`, `^GSPC`, `BRK.B`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Symbol(String);

/// Why a text is not a symbol.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SymbolError {
    #[error("symbol is empty")]
    Empty,
    #[error("symbol is longer than {MAX_LEN} characters")]
    TooLong,
    #[error("symbol contains {0:?}; allowed are letters, digits and . - ^ = _")]
    BadChar(char),
}

impl Symbol {
    /// Parses a ticker: trims, upper-cases, and allows `A-Z 0-9 . - ^ = _` only.
    pub fn parse(raw: &str) -> Result<Self, SymbolError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(SymbolError::Empty);
        }
        if s.chars().count() > MAX_LEN {
            return Err(SymbolError::TooLong);
        }
        if let Some(c) = s
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '^' | '=' | '_')))
        {
            return Err(SymbolError::BadChar(c));
        }
        Ok(Self(s.to_ascii_uppercase()))
    }

    /// Parses a comma-separated list (`AAPL,MSFT`), rejecting empty items and duplicates
    /// silently collapsed in first-seen order.
    pub fn parse_list(raw: &str) -> Result<Vec<Self>, SymbolError> {
        let mut out: Vec<Self> = Vec::new();
        for part in raw.split(',') {
            let sym = Self::parse(part)?;
            if !out.contains(&sym) {
                out.push(sym);
            }
        }
        Ok(out)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Symbol {
    type Error = SymbolError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Symbol> for String {
    fn from(value: Symbol) -> Self {
        value.0
    }
}

impl AsRef<str> for Symbol {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonicalises_case_and_whitespace() {
        assert_eq!(Symbol::parse(" aapl ").unwrap().as_str(), "AAPL");
        assert_eq!(Symbol::parse("btc-usd").unwrap().as_str(), "BTC-USD");
        assert_eq!(Symbol::parse("^gspc").unwrap().as_str(), "^GSPC");
    }

    #[test]
    fn rejects_bad_input() {
        assert_eq!(Symbol::parse(""), Err(SymbolError::Empty));
        assert_eq!(Symbol::parse("A;DROP"), Err(SymbolError::BadChar(';')));
        assert_eq!(Symbol::parse(&"A".repeat(21)), Err(SymbolError::TooLong));
        assert_eq!(
            Symbol::parse("A\u{202e}B"),
            Err(SymbolError::BadChar('\u{202e}'))
        );
    }

    #[test]
    fn list_dedupes_and_rejects_empty_items() {
        let l = Symbol::parse_list("aapl,MSFT,AAPL").unwrap();
        assert_eq!(
            l.iter().map(Symbol::as_str).collect::<Vec<_>>(),
            ["AAPL", "MSFT"]
        );
        assert_eq!(Symbol::parse_list("AAPL,,MSFT"), Err(SymbolError::Empty));
    }

    #[test]
    fn serde_goes_through_parse() {
        let s: Symbol = serde_json::from_str("\"msft\"").unwrap();
        assert_eq!(s.as_str(), "MSFT");
        assert!(serde_json::from_str::<Symbol>("\"a b\"").is_err());
    }
}
