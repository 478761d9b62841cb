//! The one error type every provider speaks.
//!
//! Providers disagree on how they fail: Yahoo answers HTTP 400 with a `chart.error` envelope,
//! Stooq and Alpha Vantage answer HTTP 200 with a text or JSON message, Binance sends a
//! `{code, msg}` object. Each parser maps its own shape onto [`ProviderError`], so the fallback
//! chain, the circuit breaker and the metrics never look at provider-specific bodies.

use std::time::Duration;

/// Why a provider could not deliver data. `reason()` gives a stable metrics label.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    /// The provider throttled us (HTTP 429, or a quota message in a 200 body).
    #[error("rate limited by the provider: {message}")]
    RateLimited {
        /// How long the provider asked us to wait, when it said so.
        retry_after: Option<Duration>,
        message: String,
    },
    /// The API key or session is missing, invalid or lacks the right plan.
    #[error("not authorised by the provider: {0}")]
    Unauthorized(String),
    /// The provider does not know the symbol, or has no data for it.
    #[error("unknown symbol or no data: {0}")]
    NotFound(String),
    /// The provider refused our request as malformed (bad range, bad parameter).
    #[error("bad request: {0}")]
    BadRequest(String),
    /// The answer did not have the shape we parse: renamed or missing field, truncated body,
    /// wrong column count. Never turned into zero prices.
    #[error("unexpected response shape: {0}")]
    Schema(String),
    /// The provider failed on its side (HTTP 5xx or an unexpected status).
    #[error("provider answered HTTP {status}")]
    Upstream { status: u16 },
    /// The request never got an answer: connect error, timeout, reset.
    #[error("transport error: {0}")]
    Transport(String),
}

impl ProviderError {
    /// A short, stable label (used as a metrics label value).
    pub const fn reason(&self) -> &'static str {
        match self {
            Self::RateLimited { .. } => "rate_limited",
            Self::Unauthorized(_) => "unauthorized",
            Self::NotFound(_) => "not_found",
            Self::BadRequest(_) => "bad_request",
            Self::Schema(_) => "schema",
            Self::Upstream { .. } => "upstream",
            Self::Transport(_) => "transport",
        }
    }

    /// Whether trying the same request again later may succeed. A fallback chain moves on to
    /// the next provider either way; this only says whether a retry of *this* one makes sense.
    pub const fn is_retryable(&self) -> bool {
        matches!(
            self,
            Self::RateLimited { .. } | Self::Upstream { .. } | Self::Transport(_)
        )
    }

    /// Maps an HTTP status that carried no parseable error body.
    pub fn from_status(status: u16, retry_after: Option<Duration>) -> Self {
        match status {
            429 => Self::RateLimited {
                retry_after,
                message: "HTTP 429".to_owned(),
            },
            401 | 403 => Self::Unauthorized(format!("HTTP {status}")),
            404 => Self::NotFound(format!("HTTP {status}")),
            400 | 422 => Self::BadRequest(format!("HTTP {status}")),
            _ => Self::Upstream { status },
        }
    }

    pub(crate) fn schema(what: impl std::fmt::Display) -> Self {
        Self::Schema(what.to_string())
    }
}

impl From<serde_json::Error> for ProviderError {
    fn from(e: serde_json::Error) -> Self {
        // Truncated and malformed JSON both land here; the message says where.
        Self::Schema(e.to_string())
    }
}

/// Keeps at most `max` characters of an upstream message, so a hostile body cannot make our
/// errors (and logs) arbitrarily large.
pub(crate) fn clip(text: &str, max: usize) -> String {
    let text = text.trim();
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_statuses() {
        assert_eq!(
            ProviderError::from_status(429, None).reason(),
            "rate_limited"
        );
        assert_eq!(
            ProviderError::from_status(401, None).reason(),
            "unauthorized"
        );
        assert_eq!(ProviderError::from_status(404, None).reason(), "not_found");
        assert_eq!(
            ProviderError::from_status(400, None).reason(),
            "bad_request"
        );
        assert_eq!(
            ProviderError::from_status(503, None),
            ProviderError::Upstream { status: 503 }
        );
        assert!(ProviderError::from_status(503, None).is_retryable());
        assert!(!ProviderError::from_status(404, None).is_retryable());
    }

    #[test]
    fn clips_long_messages_on_char_boundaries() {
        assert_eq!(clip("  short ", 10), "short");
        assert_eq!(clip("ééééé", 2), "éé…");
    }
}
