//! Why a note could not be produced. No variant ever carries the request, the prompt or the
//! API key; upstream messages are cut short and scrubbed of anything shaped like a secret.

use std::time::Duration;

use crate::types::Usage;

/// A failed research call.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AiError {
    /// The settings cannot work (bad base URL, HTTP client could not be built).
    #[error("invalid research settings: {0}")]
    InvalidSettings(String),
    /// The request cannot be sent (bad document URL, too many documents, zero token cap).
    #[error("invalid research request: {0}")]
    InvalidRequest(String),
    /// No complete answer within the configured time.
    #[error("the research provider did not answer in time")]
    Timeout,
    /// The connection failed or broke before an answer was read.
    #[error("could not reach the research provider: {0}")]
    Transport(String),
    /// HTTP 429.
    #[error("rate limited by the research provider")]
    RateLimited {
        /// The provider's `Retry-After`, when it sent one.
        retry_after: Option<Duration>,
    },
    /// HTTP 401 or 403 (Perplexity answers these with an HTML page).
    #[error("the research provider refused the credentials")]
    Unauthorized,
    /// Any other non-success status, with the provider's own message when it sent one.
    #[error("research provider answered HTTP {status}: {message}")]
    Upstream {
        /// The HTTP status.
        status: u16,
        /// `error.message` of the answer (shortened, secrets redacted), or a description.
        message: String,
    },
    /// The answer's envelope was not a usable chat completion (bad JSON, no choices, empty
    /// content, no usage, larger than the body cap).
    #[error("malformed answer from the research provider: {0}")]
    Malformed(String),
    /// The model's content failed validation. The reason never quotes the content. The tokens
    /// were spent all the same, so `usage` is what the call must be charged.
    #[error("research note rejected: {reason}")]
    Rejected {
        /// Which rule failed.
        reason: String,
        /// Tokens the call consumed.
        usage: Usage,
    },
}

impl AiError {
    /// Whether the same call may succeed later: timeouts, transport failures, 429, 5xx and
    /// malformed envelopes are; credentials, other 4xx and rejected content are not.
    pub const fn is_retryable(&self) -> bool {
        match self {
            Self::Timeout | Self::Transport(_) | Self::RateLimited { .. } | Self::Malformed(_) => {
                true
            }
            Self::Upstream { status, .. } => *status >= 500,
            Self::InvalidSettings(_)
            | Self::InvalidRequest(_)
            | Self::Unauthorized
            | Self::Rejected { .. } => false,
        }
    }

    /// How long the provider asked us to wait (429 with `Retry-After`).
    pub const fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::RateLimited { retry_after } => *retry_after,
            _ => None,
        }
    }

    /// Tokens consumed by a call that failed after the provider answered (rejected content).
    pub const fn usage(&self) -> Option<Usage> {
        match self {
            Self::Rejected { usage, .. } => Some(*usage),
            _ => None,
        }
    }

    /// A stable label for metrics.
    pub const fn reason(&self) -> &'static str {
        match self {
            Self::InvalidSettings(_) => "invalid_settings",
            Self::InvalidRequest(_) => "invalid_request",
            Self::Timeout => "timeout",
            Self::Transport(_) => "transport",
            Self::RateLimited { .. } => "rate_limited",
            Self::Unauthorized => "unauthorized",
            Self::Upstream { .. } => "upstream",
            Self::Malformed(_) => "malformed",
            Self::Rejected { .. } => "rejected",
        }
    }
}
