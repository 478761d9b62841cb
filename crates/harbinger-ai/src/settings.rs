//! How to reach a provider. The binary builds this from its configuration; this crate reads no
//! configuration or environment itself.

use std::time::Duration;

use secrecy::SecretString;
use serde::{Deserialize, Serialize};

/// Which researcher writes the notes (`local`, `perplexity` or `openai` in configuration).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProviderKind {
    /// Deterministic notes from the signal's drivers: no network, no tokens. The default.
    #[default]
    Local,
    /// Perplexity's Sonar chat completions (web search with citations).
    Perplexity,
    /// Any OpenAI-compatible chat completions endpoint.
    OpenAi,
}

impl ProviderKind {
    /// The name stored in [`crate::Note::provider`].
    pub const fn name(self) -> &'static str {
        match self {
            Self::Local => "local",
            Self::Perplexity => "perplexity",
            Self::OpenAi => "openai",
        }
    }
}

/// Perplexity's API root.
pub const PERPLEXITY_BASE_URL: &str = "https://api.perplexity.ai";
/// Perplexity's default model.
pub const PERPLEXITY_MODEL: &str = "sonar";
/// A sensible OpenAI model for short structured notes.
pub const OPENAI_MODEL: &str = "gpt-4.1-mini";

/// Connection settings of the research provider.
#[derive(Debug, Clone)]
pub struct AiSettings {
    /// Which researcher.
    pub kind: ProviderKind,
    /// API root; `/chat/completions` is appended. Ignored by [`ProviderKind::Local`].
    pub base_url: String,
    /// Sent as `Authorization: Bearer …` when set.
    pub api_key: Option<SecretString>,
    /// Model name sent to the provider.
    pub model: String,
    /// Time allowed to open the connection.
    pub connect_timeout: Duration,
    /// Time allowed for the whole call, body included.
    pub timeout: Duration,
    /// Upper bound on completion tokens of any call.
    pub max_output_tokens: u32,
}

impl Default for AiSettings {
    /// The local researcher.
    fn default() -> Self {
        Self {
            kind: ProviderKind::Local,
            base_url: String::new(),
            api_key: None,
            model: "local".to_owned(),
            connect_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(30),
            max_output_tokens: 800,
        }
    }
}

impl AiSettings {
    /// Perplexity at its public address with the `sonar` model.
    pub fn perplexity(api_key: SecretString) -> Self {
        Self {
            kind: ProviderKind::Perplexity,
            base_url: PERPLEXITY_BASE_URL.to_owned(),
            api_key: Some(api_key),
            model: PERPLEXITY_MODEL.to_owned(),
            ..Self::default()
        }
    }

    /// An OpenAI-compatible endpoint at `base_url` (e.g. `https://api.openai.com/v1`).
    pub fn openai(
        base_url: impl Into<String>,
        api_key: Option<SecretString>,
        model: impl Into<String>,
    ) -> Self {
        Self {
            kind: ProviderKind::OpenAi,
            base_url: base_url.into(),
            api_key,
            model: model.into(),
            ..Self::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_from_configuration_names() {
        for kind in [
            ProviderKind::Local,
            ProviderKind::Perplexity,
            ProviderKind::OpenAi,
        ] {
            let json = serde_json::to_string(&kind).expect("serialises");
            assert_eq!(json, format!("\"{}\"", kind.name()));
            assert_eq!(
                serde_json::from_str::<ProviderKind>(&json).expect("reads"),
                kind
            );
        }
        let p = AiSettings::perplexity(SecretString::from("k"));
        assert_eq!(
            (p.base_url.as_str(), p.model.as_str()),
            (PERPLEXITY_BASE_URL, "sonar")
        );
        assert_eq!(p.timeout, Duration::from_secs(30));
        assert_eq!(p.connect_timeout, Duration::from_secs(5));
        assert_eq!(p.max_output_tokens, 800);
        assert_eq!(AiSettings::default().kind, ProviderKind::Local);
    }
}
