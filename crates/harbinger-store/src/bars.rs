use harbinger_core::{Bar, Interval, Symbol};
use serde::Serialize;

use crate::{Store, StoreError};

/// Rows per statement when bulk-writing bars to PostgreSQL.
const PG_CHUNK: usize = 10_000;
/// Statement sizes on SQLite, in rows: a run of bars is written with the largest that fits,
/// then the next (1,000 bars = 512 + 256 + 128 + 64 + 32 + 8). 7 parameters a row keep 512
/// rows far below SQLite's 32,766-parameter limit.
const SQLITE_ROWS: [usize; 10] = [512, 256, 128, 64, 32, 16, 8, 4, 2, 1];

/// The multi-row upsert for the largest statement size that fits `len` bars, and that size.
///
/// The statement texts are fixed: each is generated once from placeholders alone (the first
/// four are symbol, interval, source and ingest time; each row binds its own 7 values), never
/// from data, and kept for the life of the process, so sqlx prepares each once per connection.
/// The placeholders are anonymous `?`: SQLite looks numbered ones (`$5`) up by a linear scan,
/// which made a 512-row statement quadratic (2.5M bars took 93 s instead of a few).
fn sqlite_upsert(len: usize) -> (&'static str, usize) {
    static SQL: [std::sync::OnceLock<String>; SQLITE_ROWS.len()] =
        [const { std::sync::OnceLock::new() }; SQLITE_ROWS.len()];
    let i = SQLITE_ROWS
        .iter()
        .position(|&n| n <= len)
        .unwrap_or(SQLITE_ROWS.len() - 1);
    let rows = SQLITE_ROWS[i];
    (
        SQL[i].get_or_init(|| sqlite_upsert_text(rows)).as_str(),
        rows,
    )
}

fn sqlite_upsert_text(rows: usize) -> String {
    let mut sql = String::with_capacity(400 + rows * 24);
    sql.push_str(
        "INSERT INTO bars (symbol, interval, time, open, high, low, close, volume, adj_close, source, ingested_at) \
         SELECT ?, ?, v.column1, v.column2, v.column3, v.column4, v.column5, v.column6, v.column7, ?, ? \
         FROM (VALUES ",
    );
    for r in 0..rows {
        sql.push_str(if r == 0 {
            "(?, ?, ?, ?, ?, ?, ?)"
        } else {
            ", (?, ?, ?, ?, ?, ?, ?)"
        });
    }
    // `WHERE true` tells SQLite's parser the ON CONFLICT belongs to the INSERT, not a join.
    sql.push_str(
        ") AS v WHERE true ON CONFLICT (symbol, interval, time) DO UPDATE SET open = excluded.open, \
         high = excluded.high, low = excluded.low, close = excluded.close, \
         volume = excluded.volume, adj_close = excluded.adj_close, \
         source = excluded.source, ingested_at = excluded.ingested_at",
    );
    sql
}

/// A bar as stored, with the provider it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredBar {
    #[serde(flatten)]
    pub bar: Bar,
    pub source: String,
}

/// Which bars to read: one symbol and interval, an inclusive time range in Unix seconds.
#[derive(Debug, Clone)]
pub struct BarQuery {
    pub symbol: Symbol,
    pub interval: Interval,
    pub from: i64,
    pub to: i64,
    pub limit: i64,
}

#[derive(sqlx::FromRow)]
struct BarRow {
    time: i64,
    open: f64,
    high: f64,
    low: f64,
    close: f64,
    volume: f64,
    adj_close: Option<f64>,
    source: String,
}

impl Store {
    /// Idempotent bulk write keyed by (symbol, interval, time): writing the same bars twice
    /// leaves the table as after the first write. Bars must already be validated.
    pub async fn upsert_bars(
        &self,
        symbol: &Symbol,
        interval: Interval,
        source: &str,
        bars: &[Bar],
    ) -> Result<u64, StoreError> {
        let now = self.now_ms();
        let mut written = 0;
        match &self.db {
            crate::db::Db::Sqlite(pool) => {
                let mut tx = pool.begin().await?;
                let mut rest = bars;
                while !rest.is_empty() {
                    let (sql, rows) = sqlite_upsert(rest.len());
                    let (chunk, tail) = rest.split_at(rows);
                    rest = tail;
                    let mut q = sqlx::query(sql)
                        .bind(symbol.as_str())
                        .bind(interval.as_str())
                        .bind(source)
                        .bind(now);
                    for b in chunk {
                        q = q
                            .bind(b.time)
                            .bind(b.open)
                            .bind(b.high)
                            .bind(b.low)
                            .bind(b.close)
                            .bind(b.volume)
                            .bind(b.adj_close);
                    }
                    written += q.execute(&mut *tx).await?.rows_affected();
                }
                tx.commit().await?;
            }
            crate::db::Db::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                for chunk in bars.chunks(PG_CHUNK) {
                    written += sqlx::query(
                        "INSERT INTO bars (symbol, interval, time, open, high, low, close, volume, adj_close, source, ingested_at) \
                         SELECT $1, $2, t.time, t.open, t.high, t.low, t.close, t.volume, t.adj_close, $10, $11 \
                         FROM UNNEST($3::bigint[], $4::float8[], $5::float8[], $6::float8[], $7::float8[], $8::float8[], $9::float8[]) \
                         AS t(time, open, high, low, close, volume, adj_close) \
                         ON CONFLICT (symbol, interval, time) DO UPDATE SET open = excluded.open, \
                         high = excluded.high, low = excluded.low, close = excluded.close, \
                         volume = excluded.volume, adj_close = excluded.adj_close, \
                         source = excluded.source, ingested_at = excluded.ingested_at",
                    )
                    .bind(symbol.as_str())
                    .bind(interval.as_str())
                    .bind(chunk.iter().map(|b| b.time).collect::<Vec<_>>())
                    .bind(chunk.iter().map(|b| b.open).collect::<Vec<_>>())
                    .bind(chunk.iter().map(|b| b.high).collect::<Vec<_>>())
                    .bind(chunk.iter().map(|b| b.low).collect::<Vec<_>>())
                    .bind(chunk.iter().map(|b| b.close).collect::<Vec<_>>())
                    .bind(chunk.iter().map(|b| b.volume).collect::<Vec<_>>())
                    .bind(chunk.iter().map(|b| b.adj_close).collect::<Vec<_>>())
                    .bind(source)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                }
                tx.commit().await?;
            }
        }
        Ok(written)
    }

    /// Bars in ascending time order.
    pub async fn bars(&self, q: &BarQuery) -> Result<Vec<StoredBar>, StoreError> {
        let rows: Vec<BarRow> = db_run!(self, pool => {
            sqlx::query_as(
                "SELECT time, open, high, low, close, volume, adj_close, source FROM bars \
                 WHERE symbol = $1 AND interval = $2 AND time >= $3 AND time <= $4 \
                 ORDER BY time LIMIT $5",
            )
            .bind(q.symbol.as_str())
            .bind(q.interval.as_str())
            .bind(q.from)
            .bind(q.to)
            .bind(q.limit)
            .fetch_all(pool)
            .await?
        });
        // Stored bars were validated on the way in; re-check so a hand-edited row surfaces
        // as a typed error instead of a silently wrong price.
        rows.into_iter()
            .map(|r| {
                let bar = Bar::new(
                    r.time,
                    r.open,
                    r.high,
                    r.low,
                    r.close,
                    r.volume,
                    r.adj_close,
                )
                .map_err(|e| StoreError::Corrupt(format!("bar at {}: {e}", r.time)))?;
                Ok(StoredBar {
                    bar,
                    source: r.source,
                })
            })
            .collect()
    }

    /// The time of the newest stored bar, if any.
    pub async fn latest_bar_time(
        &self,
        symbol: &Symbol,
        interval: Interval,
    ) -> Result<Option<i64>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_scalar("SELECT MAX(time) FROM bars WHERE symbol = $1 AND interval = $2")
                .bind(symbol.as_str())
                .bind(interval.as_str())
                .fetch_one(pool)
                .await?
        }))
    }

    /// When a provider last delivered the newest stored bar of this symbol and interval (its
    /// `ingested_at`, Unix ms). Every fetch of recent data rewrites that bar, so this says how
    /// old the stored data is; one index lookup, however many bars are stored.
    pub async fn bars_synced_at(
        &self,
        symbol: &Symbol,
        interval: Interval,
    ) -> Result<Option<i64>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_scalar(
                "SELECT ingested_at FROM bars WHERE symbol = $1 AND interval = $2 \
                 ORDER BY time DESC LIMIT 1",
            )
            .bind(symbol.as_str())
            .bind(interval.as_str())
            .fetch_optional(pool)
            .await?
        }))
    }

    /// The opening times of stored bars in `from ..= to`, ascending (for gap detection).
    pub async fn bar_times(
        &self,
        symbol: &Symbol,
        interval: Interval,
        from: i64,
        to: i64,
    ) -> Result<Vec<i64>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_scalar(
                "SELECT time FROM bars WHERE symbol = $1 AND interval = $2 \
                 AND time >= $3 AND time <= $4 ORDER BY time",
            )
            .bind(symbol.as_str())
            .bind(interval.as_str())
            .bind(from)
            .bind(to)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Symbols with stored bars of this interval.
    pub async fn bar_symbols(&self, interval: Interval) -> Result<Vec<String>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_scalar(
                "SELECT DISTINCT symbol FROM bars WHERE interval = $1 ORDER BY symbol",
            )
            .bind(interval.as_str())
            .fetch_all(pool)
            .await?
        }))
    }
}
