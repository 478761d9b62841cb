use std::fmt;

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A configuration secret. `Debug` and `Display` never print it; only [`Secret::expose`]
/// does, at the one place that hands it to a client.
#[derive(Clone)]
pub struct Secret(SecretString);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Self(SecretString::from(s.into()))
    }

    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Accept any scalar: a numeric API key written without quotes is still a key.
        super::lenient::Scalar::deserialize(d).map(|s| Self::new(s.0))
    }
}

impl Serialize for Secret {
    /// Secrets are never written out; the configuration defaults that are serialized
    /// contain none.
    fn serialize<S: Serializer>(&self, _s: S) -> Result<S::Ok, S::Error> {
        Err(serde::ser::Error::custom("secrets are never serialized"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_prints_the_value() {
        let s = Secret::new("whsec_live_abcdef");
        assert_eq!(format!("{s:?}"), "Secret(***)");
        assert_eq!(s.expose(), "whsec_live_abcdef");
    }
}
