//! The cross-check gate's state: symbols whose market-data sources disagree. The signal
//! pipeline asks [`Store::is_suspect`] before it publishes anything for a symbol.

use serde::Serialize;

use crate::{Store, StoreError};

/// A symbol marked suspect, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Suspect {
    pub symbol: String,
    pub reason: String,
    /// Unix ms.
    pub marked_at: i64,
}

impl Store {
    /// Marks `symbol` suspect (or refreshes the reason of a symbol already marked).
    pub async fn mark_suspect(&self, symbol: &str, reason: &str) -> Result<(), StoreError> {
        let now = self.now_ms();
        db_run!(self, pool => {
            sqlx::query(
                "INSERT INTO suspect_symbols (symbol, reason, marked_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (symbol) DO UPDATE SET reason = excluded.reason, \
                 marked_at = excluded.marked_at",
            )
            .bind(symbol)
            .bind(reason)
            .bind(now)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Clears the mark; returns whether the symbol was suspect.
    pub async fn clear_suspect(&self, symbol: &str) -> Result<bool, StoreError> {
        let n = db_run!(self, pool => {
            sqlx::query("DELETE FROM suspect_symbols WHERE symbol = $1")
                .bind(symbol)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(n > 0)
    }

    /// The mark on `symbol`, if any.
    pub async fn suspect(&self, symbol: &str) -> Result<Option<Suspect>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(
                "SELECT symbol, reason, marked_at FROM suspect_symbols WHERE symbol = $1",
            )
            .bind(symbol)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// Whether the signal pipeline must hold back signals for `symbol`.
    pub async fn is_suspect(&self, symbol: &str) -> Result<bool, StoreError> {
        Ok(self.suspect(symbol).await?.is_some())
    }
}
