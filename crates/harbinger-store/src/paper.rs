//! Paper portfolios: portfolios that follow one strategy's signals by themselves. The follower
//! (in the binary) reads the signal ledger after each portfolio's `after_seq` and hands back a
//! [`PaperStep`]; the store writes it with a compare-and-set on `after_seq`, in one
//! transaction with the trades, so a step is applied once whatever the number of replicas.

use std::str::FromStr;

use harbinger_core::{Plan, Symbol};
use harbinger_portfolio::{Decimal, Kind, Transaction};
use uuid::Uuid;

use crate::{Portfolio, Store, StoreError};

/// What a paper portfolio follows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaperFollow {
    pub portfolio_id: Uuid,
    pub user_id: Uuid,
    /// The owner's plan: a delayed plan's portfolio follows signals once they are released.
    pub plan: Plan,
    pub strategy: String,
    /// Money put on each signal.
    pub stake: Decimal,
    /// Ledger entries up to this seq are followed.
    pub after_seq: i64,
}

/// A position opened on a signal and not yet closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaperPosition {
    pub signal_id: Uuid,
    pub symbol: Symbol,
    pub quantity: Decimal,
}

/// The trades following a run of ledger entries produced.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaperStep {
    /// The last ledger seq the step covers.
    pub after_seq: i64,
    pub transactions: Vec<Transaction>,
    pub opened: Vec<PaperPosition>,
    /// Signals whose positions were closed.
    pub closed: Vec<Uuid>,
}

fn decimal(text: &str) -> Result<Decimal, StoreError> {
    Decimal::from_str(text).map_err(|e| StoreError::Corrupt(format!("paper amount {text:?}: {e}")))
}

impl Store {
    /// Creates a portfolio that follows `strategy` from the ledger's current head on, staking
    /// `stake` on each signal, funded with `capital` (a `cash_in` now). `Ok(None)` when the user
    /// already has `max` portfolios.
    pub async fn create_paper_portfolio(
        &self,
        user_id: Uuid,
        name: &str,
        max: i64,
        strategy: &str,
        stake: Decimal,
        capital: Decimal,
    ) -> Result<Option<Portfolio>, StoreError> {
        let Some(portfolio) = self.create_portfolio(user_id, name, max).await? else {
            return Ok(None);
        };
        let now = self.now_ms();
        let funded = Transaction::new(
            Kind::CashIn,
            now,
            None,
            capital,
            Decimal::ONE,
            Decimal::ZERO,
        )
        .map_err(|e| StoreError::Corrupt(format!("paper capital: {e}")))?;
        let (head, _) = self.ledger_head().await?;
        let follow = async {
            db_run!(self, pool => {
                let mut tx = pool.begin().await?;
                sqlx::query(
                    "INSERT INTO paper_follows (portfolio_id, strategy, stake, after_seq, created_at) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(portfolio.id).bind(strategy).bind(stake.to_string()).bind(head).bind(now)
                .execute(&mut *tx).await?;
                tx.commit().await?;
            });
            self.add_portfolio_transactions(user_id, portfolio.id, &[funded])
                .await
                .map(|_| ())
        };
        if let Err(e) = follow.await {
            // No half-made paper portfolio: the plain one is removed again.
            let _ = self.delete_portfolio(user_id, portfolio.id).await;
            return Err(e);
        }
        Ok(Some(portfolio))
    }

    /// What `portfolio_id` follows, if it is a paper portfolio.
    pub async fn paper_follow(
        &self,
        portfolio_id: Uuid,
    ) -> Result<Option<PaperFollow>, StoreError> {
        Ok(self
            .paper_follows_where(Some(portfolio_id))
            .await?
            .into_iter()
            .next())
    }

    /// Every paper portfolio.
    pub async fn paper_follows(&self) -> Result<Vec<PaperFollow>, StoreError> {
        self.paper_follows_where(None).await
    }

    async fn paper_follows_where(&self, one: Option<Uuid>) -> Result<Vec<PaperFollow>, StoreError> {
        let rows: Vec<(Uuid, Uuid, String, String, String, i64)> = db_run!(self, pool => {
            sqlx::query_as(
                "SELECT f.portfolio_id, p.user_id, u.plan, f.strategy, f.stake, f.after_seq \
                 FROM paper_follows f JOIN portfolios p ON p.id = f.portfolio_id \
                 JOIN users u ON u.id = p.user_id \
                 WHERE ($1 IS NULL OR f.portfolio_id = $1) ORDER BY f.created_at",
            )
            .bind(one)
            .fetch_all(pool).await?
        });
        rows.into_iter()
            .map(
                |(portfolio_id, user_id, plan, strategy, stake, after_seq)| {
                    Ok(PaperFollow {
                        portfolio_id,
                        user_id,
                        plan: Plan::parse(&plan).map_err(|e| StoreError::Corrupt(e.to_string()))?,
                        strategy,
                        stake: decimal(&stake)?,
                        after_seq,
                    })
                },
            )
            .collect()
    }

    /// The positions a paper portfolio holds open.
    pub async fn paper_positions(
        &self,
        portfolio_id: Uuid,
    ) -> Result<Vec<PaperPosition>, StoreError> {
        let rows: Vec<(Uuid, String, String)> = db_run!(self, pool => {
            sqlx::query_as(
                "SELECT signal_id, symbol, quantity FROM paper_positions WHERE portfolio_id = $1",
            )
            .bind(portfolio_id)
            .fetch_all(pool).await?
        });
        rows.into_iter()
            .map(|(signal_id, symbol, quantity)| {
                Ok(PaperPosition {
                    signal_id,
                    symbol: Symbol::parse(&symbol)
                        .map_err(|e| StoreError::Corrupt(format!("paper symbol: {e}")))?,
                    quantity: decimal(&quantity)?,
                })
            })
            .collect()
    }

    /// Writes `step` if the portfolio has followed exactly up to `expected_after_seq` (else
    /// another replica got there first: `Ok(false)`, nothing written).
    pub async fn apply_paper_step(
        &self,
        follow: &PaperFollow,
        expected_after_seq: i64,
        step: &PaperStep,
    ) -> Result<bool, StoreError> {
        let now = self.now_ms();
        Ok(db_run!(self, pool => {
            let mut tx = pool.begin().await?;
            let moved = sqlx::query(
                "UPDATE paper_follows SET after_seq = $1 WHERE portfolio_id = $2 AND after_seq = $3",
            )
            .bind(step.after_seq).bind(follow.portfolio_id).bind(expected_after_seq)
            .execute(&mut *tx).await?
            .rows_affected();
            if moved == 0 {
                return Ok(false);
            }
            for t in &step.transactions {
                sqlx::query(
                    "INSERT INTO portfolio_transactions \
                     (id, portfolio_id, kind, time, symbol, quantity, price, fee, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(Uuid::now_v7()).bind(follow.portfolio_id).bind(t.kind().as_str())
                .bind(t.time()).bind(t.symbol().map(Symbol::as_str))
                .bind(t.quantity().to_string()).bind(t.price().to_string())
                .bind(t.fee().to_string()).bind(now)
                .execute(&mut *tx).await?;
            }
            for p in &step.opened {
                sqlx::query(
                    "INSERT INTO paper_positions (portfolio_id, signal_id, symbol, quantity) \
                     VALUES ($1, $2, $3, $4)",
                )
                .bind(follow.portfolio_id).bind(p.signal_id).bind(p.symbol.as_str())
                .bind(p.quantity.to_string())
                .execute(&mut *tx).await?;
            }
            for id in &step.closed {
                sqlx::query("DELETE FROM paper_positions WHERE portfolio_id = $1 AND signal_id = $2")
                    .bind(follow.portfolio_id).bind(id)
                    .execute(&mut *tx).await?;
            }
            tx.commit().await?;
            true
        }))
    }
}
