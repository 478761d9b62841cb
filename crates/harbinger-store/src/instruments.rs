use serde::{Deserialize, Serialize};

use crate::{Store, StoreError};

/// A tradable instrument, the target of symbol search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Instrument {
    pub symbol: String,
    pub name: String,
    pub asset_class: String,
    pub exchange: Option<String>,
    pub sector: Option<String>,
    pub currency: String,
}

impl Store {
    /// Inserts or refreshes instruments in one transaction; returns how many were written.
    pub async fn upsert_instruments(&self, items: &[Instrument]) -> Result<u64, StoreError> {
        let now = self.now_ms();
        let mut n = 0;
        db_run!(self, pool => {
            let mut tx = pool.begin().await?;
            for i in items {
                n += sqlx::query(
                    "INSERT INTO instruments (symbol, name, asset_class, exchange, sector, currency, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) \
                     ON CONFLICT (symbol) DO UPDATE SET name = excluded.name, \
                     asset_class = excluded.asset_class, exchange = excluded.exchange, \
                     sector = excluded.sector, currency = excluded.currency",
                )
                .bind(&i.symbol)
                .bind(&i.name)
                .bind(&i.asset_class)
                .bind(&i.exchange)
                .bind(&i.sector)
                .bind(&i.currency)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            }
            tx.commit().await?;
        });
        Ok(n)
    }

    /// Symbols whose ticker starts with `q` or whose name contains it (case-insensitive),
    /// exact ticker matches first.
    pub async fn search_instruments(
        &self,
        q: &str,
        limit: i64,
    ) -> Result<Vec<Instrument>, StoreError> {
        let upper = q.trim().to_uppercase();
        let prefix = format!("{}%", escape_like(&upper));
        let contains = format!("%{}%", escape_like(&upper));
        let rows = db_run!(self, pool => {
            sqlx::query_as(
                "SELECT symbol, name, asset_class, exchange, sector, currency FROM instruments \
                 WHERE symbol LIKE $1 ESCAPE '\\' OR UPPER(name) LIKE $2 ESCAPE '\\' \
                 ORDER BY CASE WHEN symbol = $3 THEN 0 WHEN symbol LIKE $1 ESCAPE '\\' THEN 1 ELSE 2 END, symbol \
                 LIMIT $4",
            )
            .bind(&prefix)
            .bind(&contains)
            .bind(&upper)
            .bind(limit)
            .fetch_all(pool)
            .await?
        });
        Ok(rows)
    }

    pub async fn instrument_count(&self) -> Result<i64, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_scalar("SELECT COUNT(*) FROM instruments").fetch_one(pool).await?
        }))
    }
}

/// Escapes `%`, `_` and `\` so user text matches literally inside a LIKE pattern.
fn escape_like(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn like_metacharacters_are_literal() {
        assert_eq!(super::escape_like("A_B%C\\"), "A\\_B\\%C\\\\");
    }
}
