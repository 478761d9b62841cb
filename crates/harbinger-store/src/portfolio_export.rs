//! The transactions export: the owner's transactions with their portfolio's name, a page at a
//! time after a keyset cursor, so a download never holds the whole file.

use uuid::Uuid;

use crate::portfolios::{StoredTransaction, TxRow};
use crate::{Store, StoreError};

/// One row of the transactions export: the transaction and the portfolio it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportedTransaction {
    pub portfolio_name: String,
    pub tx: StoredTransaction,
}

/// Where the next page of an export starts: after this (portfolio, time, transaction).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportCursor {
    pub portfolio_id: Uuid,
    pub time: i64,
    pub id: Uuid,
}

#[derive(sqlx::FromRow)]
struct ExportRow {
    portfolio_name: String,
    #[sqlx(flatten)]
    tx: TxRow,
}

impl Store {
    /// One page of the user's transactions for export, in (portfolio, time, id) order,
    /// after `cursor`; of one portfolio, or of all of them.
    pub async fn export_transactions(
        &self,
        user_id: Uuid,
        portfolio_id: Option<Uuid>,
        cursor: Option<ExportCursor>,
        limit: i64,
    ) -> Result<Vec<ExportedTransaction>, StoreError> {
        let (after_p, after_t, after_id) = cursor.map_or((None, None, None), |c| {
            (Some(c.portfolio_id), Some(c.time), Some(c.id))
        });
        let rows: Vec<ExportRow> = db_run!(self, pool => {
            sqlx::query_as(
                "SELECT p.name AS portfolio_name, t.id, t.portfolio_id, t.kind, t.time, t.symbol, \
                 t.quantity, t.price, t.fee, t.created_at \
                 FROM portfolio_transactions t JOIN portfolios p ON p.id = t.portfolio_id \
                 WHERE p.user_id = $1 AND ($2 IS NULL OR p.id = $2) \
                 AND ($3 IS NULL OR (t.portfolio_id, t.time, t.id) > ($3, $4, $5)) \
                 ORDER BY t.portfolio_id, t.time, t.id LIMIT $6",
            )
            .bind(user_id).bind(portfolio_id).bind(after_p).bind(after_t).bind(after_id).bind(limit)
            .fetch_all(pool).await?
        });
        rows.into_iter()
            .map(|r| {
                Ok(ExportedTransaction {
                    portfolio_name: r.portfolio_name,
                    tx: StoredTransaction::try_from(r.tx)?,
                })
            })
            .collect()
    }
}
