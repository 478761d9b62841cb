use std::fmt;

use serde::{Deserialize, Serialize};

/// An email address in canonical form (trimmed, lower-cased), syntactically plausible:
/// one `@`, a non-empty local part, a dotted domain, no spaces or control characters, at
/// most 254 characters. Deliverability is proven by the verification email, not here.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

/// Why a text is not an email address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct EmailError(&'static str);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, EmailError> {
        if raw.chars().count() > 254 {
            return Err(EmailError("email is longer than 254 characters"));
        }
        let s = raw.trim().to_lowercase();
        if s.is_empty() {
            return Err(EmailError("email is empty"));
        }
        if s.chars().count() > 254 {
            return Err(EmailError("email is longer than 254 characters"));
        }
        if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(EmailError("email contains spaces or control characters"));
        }
        let Some((local, domain)) = s.split_once('@') else {
            return Err(EmailError("email has no @"));
        };
        if local.is_empty() || domain.contains('@') {
            return Err(EmailError(
                "email must have exactly one @ after a local part",
            ));
        }
        if !domain.contains('.') || domain.starts_with('.') || domain.ends_with('.') {
            return Err(EmailError("email domain must look like example.com"));
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Email {
    type Error = EmailError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Email> for String {
    fn from(value: Email) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonicalises() {
        assert_eq!(
            Email::parse("  Alice@Example.COM ").unwrap().as_str(),
            "alice@example.com"
        );
    }

    #[test]
    fn rejects_implausible_addresses() {
        for bad in [
            "",
            "alice",
            "@example.com",
            "a@b",
            "a@@b.com",
            "a b@c.com",
            "a@b.com.",
            "a\n@b.com",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?}");
        }
        assert!(Email::parse(&format!("{}@example.com", "a".repeat(250))).is_err());
    }
}
