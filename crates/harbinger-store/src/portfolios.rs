//! Portfolios and their transactions. Every query names the owner: another user's portfolio
//! id is simply not found. Amounts are stored as decimal text and parsed back into checked
//! [`Transaction`]s, so a hand-edited row surfaces as [`StoreError::Corrupt`].

use std::str::FromStr;

use harbinger_core::Symbol;
use harbinger_portfolio::{Book, Decimal, Kind, LedgerError, Transaction};
use uuid::Uuid;

use crate::{Store, StoreError};

/// What a write to a portfolio's book did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BookWrite {
    /// Written: the transactions added, or the one deleted.
    Done(Vec<StoredTransaction>),
    /// No such portfolio (or transaction) of this user.
    NotFound,
    /// The book would sell more than it holds; nothing was written. `error.index()` counts the
    /// `existing` stored transactions first, then the new ones in the order given.
    Rejected { error: LedgerError, existing: usize },
}

/// Inside a database transaction: locks the user's portfolio row (PostgreSQL row lock; the
/// SQLite write lock) and reads its transactions in book order. `None` when not theirs.
macro_rules! lock_book {
    ($db_tx:ident, $user:expr, $portfolio:expr, $now:expr) => {{
        let owned =
            sqlx::query("UPDATE portfolios SET updated_at = $3 WHERE id = $1 AND user_id = $2")
                .bind($portfolio)
                .bind($user)
                .bind($now)
                .execute(&mut *$db_tx)
                .await?
                .rows_affected();
        if owned == 0 {
            None
        } else {
            let rows: Vec<TxRow> = sqlx::query_as(concat!(
                "SELECT id, portfolio_id, kind, time, symbol, quantity, price, fee, created_at ",
                "FROM portfolio_transactions WHERE portfolio_id = $1 ORDER BY time, created_at, id"
            ))
            .bind($portfolio)
            .fetch_all(&mut *$db_tx)
            .await?;
            Some(
                rows.into_iter()
                    .map(StoredTransaction::try_from)
                    .collect::<Result<Vec<_>, StoreError>>()?,
            )
        }
    }};
}

/// A stored portfolio.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Portfolio {
    pub id: Uuid,
    pub user_id: Uuid,
    pub name: String,
    /// ISO 4217 code; `USD` for now.
    pub base_currency: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A stored transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredTransaction {
    pub id: Uuid,
    pub portfolio_id: Uuid,
    pub tx: Transaction,
    pub created_at: i64,
}

#[derive(sqlx::FromRow)]
struct PortfolioRow {
    id: Uuid,
    user_id: Uuid,
    name: String,
    base_currency: String,
    created_at: i64,
    updated_at: i64,
}

impl From<PortfolioRow> for Portfolio {
    fn from(r: PortfolioRow) -> Self {
        Self {
            id: r.id,
            user_id: r.user_id,
            name: r.name,
            base_currency: r.base_currency,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct TxRow {
    id: Uuid,
    portfolio_id: Uuid,
    kind: String,
    time: i64,
    symbol: Option<String>,
    quantity: String,
    price: String,
    fee: String,
    created_at: i64,
}

impl TryFrom<TxRow> for StoredTransaction {
    type Error = StoreError;

    fn try_from(r: TxRow) -> Result<Self, StoreError> {
        let bad =
            |what: &str| StoreError::Corrupt(format!("portfolio transaction {}: {what}", r.id));
        let num = |text: &str| Decimal::from_str(text).map_err(|_| bad(text));
        let kind = Kind::from_str(&r.kind).map_err(|_| bad(&r.kind))?;
        let symbol = r
            .symbol
            .as_deref()
            .map(Symbol::parse)
            .transpose()
            .map_err(|e| bad(&e.to_string()))?;
        let tx = Transaction::new(
            kind,
            r.time,
            symbol,
            num(&r.quantity)?,
            num(&r.price)?,
            num(&r.fee)?,
        )
        .map_err(|e| bad(&e.to_string()))?;
        Ok(Self {
            id: r.id,
            portfolio_id: r.portfolio_id,
            tx,
            created_at: r.created_at,
        })
    }
}

impl Store {
    /// Creates a portfolio for `user_id`. `Ok(None)` when the user already has `max`
    /// portfolios (counted in the same transaction as the insert).
    pub async fn create_portfolio(
        &self,
        user_id: Uuid,
        name: &str,
        max: i64,
    ) -> Result<Option<Portfolio>, StoreError> {
        let now = self.now_ms();
        let id = Uuid::now_v7();
        db_run!(self, pool => {
            let mut tx = pool.begin().await?;
            // Insert first (takes SQLite's write lock), then count including the new one.
            sqlx::query(
                "INSERT INTO portfolios (id, user_id, name, base_currency, created_at, updated_at) \
                 VALUES ($1, $2, $3, 'USD', $4, $4)",
            )
            .bind(id).bind(user_id).bind(name).bind(now)
            .execute(&mut *tx).await?;
            let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM portfolios WHERE user_id = $1")
                .bind(user_id).fetch_one(&mut *tx).await?;
            if count > max {
                return Ok(None);
            }
            tx.commit().await?;
        });
        Ok(Some(Portfolio {
            id,
            user_id,
            name: name.to_owned(),
            base_currency: "USD".to_owned(),
            created_at: now,
            updated_at: now,
        }))
    }

    /// A user's portfolios, oldest first.
    pub async fn portfolios_of(
        &self,
        user_id: Uuid,
        limit: i64,
    ) -> Result<Vec<Portfolio>, StoreError> {
        let rows: Vec<PortfolioRow> = db_run!(self, pool => {
            sqlx::query_as(
                "SELECT id, user_id, name, base_currency, created_at, updated_at FROM portfolios \
                 WHERE user_id = $1 ORDER BY created_at, id LIMIT $2",
            )
            .bind(user_id).bind(limit).fetch_all(pool).await?
        });
        Ok(rows.into_iter().map(Portfolio::from).collect())
    }

    /// One of the user's portfolios.
    pub async fn portfolio(
        &self,
        user_id: Uuid,
        id: Uuid,
    ) -> Result<Option<Portfolio>, StoreError> {
        let row: Option<PortfolioRow> = db_run!(self, pool => {
            sqlx::query_as(
                "SELECT id, user_id, name, base_currency, created_at, updated_at FROM portfolios \
                 WHERE id = $1 AND user_id = $2",
            )
            .bind(id).bind(user_id).fetch_optional(pool).await?
        });
        Ok(row.map(Portfolio::from))
    }

    /// Renames one of the user's portfolios; `None` when it is not theirs.
    pub async fn rename_portfolio(
        &self,
        user_id: Uuid,
        id: Uuid,
        name: &str,
    ) -> Result<Option<Portfolio>, StoreError> {
        let now = self.now_ms();
        let n = db_run!(self, pool => {
            sqlx::query("UPDATE portfolios SET name = $3, updated_at = $4 WHERE id = $1 AND user_id = $2")
                .bind(id).bind(user_id).bind(name).bind(now)
                .execute(pool).await?.rows_affected()
        });
        if n == 0 {
            return Ok(None);
        }
        self.portfolio(user_id, id).await
    }

    /// Deletes one of the user's portfolios and its transactions; `false` when not theirs.
    pub async fn delete_portfolio(&self, user_id: Uuid, id: Uuid) -> Result<bool, StoreError> {
        let n = db_run!(self, pool => {
            sqlx::query("DELETE FROM portfolios WHERE id = $1 AND user_id = $2")
                .bind(id).bind(user_id)
                .execute(pool).await?.rows_affected()
        });
        Ok(n == 1)
    }

    /// The transactions of one of the user's portfolios in book order (time, then entry
    /// order). Empty when the portfolio is not theirs: check [`Store::portfolio`] first.
    pub async fn portfolio_transactions(
        &self,
        user_id: Uuid,
        portfolio_id: Uuid,
    ) -> Result<Vec<StoredTransaction>, StoreError> {
        let rows: Vec<TxRow> = db_run!(self, pool => {
            sqlx::query_as(
                "SELECT t.id, t.portfolio_id, t.kind, t.time, t.symbol, t.quantity, t.price, t.fee, \
                 t.created_at FROM portfolio_transactions t \
                 JOIN portfolios p ON p.id = t.portfolio_id \
                 WHERE t.portfolio_id = $1 AND p.user_id = $2 \
                 ORDER BY t.time, t.created_at, t.id",
            )
            .bind(portfolio_id).bind(user_id)
            .fetch_all(pool).await?
        });
        rows.into_iter().map(StoredTransaction::try_from).collect()
    }

    /// Adds transactions to one of the user's portfolios, all or none, in one database
    /// transaction. The portfolio row is locked first and the whole book replayed with the new
    /// transactions under that lock, so concurrent writers can never leave a book that sells
    /// more than it holds.
    pub async fn add_portfolio_transactions(
        &self,
        user_id: Uuid,
        portfolio_id: Uuid,
        txs: &[Transaction],
    ) -> Result<BookWrite, StoreError> {
        let now = self.now_ms();
        let stored: Vec<StoredTransaction> = txs
            .iter()
            .map(|tx| StoredTransaction {
                id: Uuid::now_v7(),
                portfolio_id,
                tx: tx.clone(),
                created_at: now,
            })
            .collect();
        db_run!(self, pool => {
            let mut db_tx = pool.begin().await?;
            let Some(existing) = lock_book!(db_tx, user_id, portfolio_id, now) else {
                return Ok(BookWrite::NotFound);
            };
            let n = existing.len();
            let book: Vec<Transaction> =
                existing.into_iter().map(|s| s.tx).chain(txs.iter().cloned()).collect();
            if let Err(error) = Book::replay(&book) {
                return Ok(BookWrite::Rejected { error, existing: n });
            }
            for s in &stored {
                sqlx::query(
                    "INSERT INTO portfolio_transactions \
                     (id, portfolio_id, kind, time, symbol, quantity, price, fee, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(s.id).bind(portfolio_id).bind(s.tx.kind().as_str()).bind(s.tx.time())
                .bind(s.tx.symbol().map(Symbol::as_str))
                .bind(s.tx.quantity().to_string()).bind(s.tx.price().to_string())
                .bind(s.tx.fee().to_string()).bind(now)
                .execute(&mut *db_tx).await?;
            }
            db_tx.commit().await?;
        });
        Ok(BookWrite::Done(stored))
    }

    /// Deletes one transaction of one of the user's portfolios, unless the book would then
    /// sell more than it holds (checked under the portfolio's lock, as for additions).
    pub async fn delete_portfolio_transaction(
        &self,
        user_id: Uuid,
        portfolio_id: Uuid,
        id: Uuid,
    ) -> Result<BookWrite, StoreError> {
        let now = self.now_ms();
        db_run!(self, pool => {
            let mut db_tx = pool.begin().await?;
            let Some(mut existing) = lock_book!(db_tx, user_id, portfolio_id, now) else {
                return Ok(BookWrite::NotFound);
            };
            let Some(at) = existing.iter().position(|s| s.id == id) else {
                return Ok(BookWrite::NotFound);
            };
            let gone = existing.remove(at);
            let n = existing.len();
            let rest: Vec<Transaction> = existing.into_iter().map(|s| s.tx).collect();
            if let Err(error) = Book::replay(&rest) {
                return Ok(BookWrite::Rejected { error, existing: n });
            }
            sqlx::query("DELETE FROM portfolio_transactions WHERE id = $1 AND portfolio_id = $2")
                .bind(id).bind(portfolio_id)
                .execute(&mut *db_tx).await?;
            db_tx.commit().await?;
            Ok(BookWrite::Done(vec![gone]))
        })
    }
}
