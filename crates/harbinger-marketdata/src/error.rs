//! What the market data service can fail with. The HTTP layer maps each variant to one status.

use harbinger_store::StoreError;

/// Why a request for market data could not be answered.
#[derive(Debug, thiserror::Error)]
pub enum MarketError {
    /// No provider could answer and the stored data is missing or older than the stale limit
    /// (24 h): serving it would be silently wrong. Retry after `retry_after_secs`.
    #[error("market data unavailable: {reason}")]
    Unavailable {
        reason: String,
        retry_after_secs: u64,
    },
    /// No stored data and the providers do not know the symbol.
    #[error("no market data for {0}")]
    NotFound(String),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}
