//! Reading signals back: the `signal_index` (derived from the ledger in the same transaction as
//! each append) answers filters and pages; the ledger rows it points at carry the signal as it
//! was hashed. Also the watchlists that filter signals, and the stored backtest side of the
//! track record.

use serde::Serialize;
use uuid::Uuid;

use crate::{Store, StoreError};

/// Where a signal stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SignalStatus {
    Open,
    TargetHit,
    StopHit,
    Expired,
}

impl SignalStatus {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::TargetHit => "target_hit",
            Self::StopHit => "stop_hit",
            Self::Expired => "expired",
        }
    }

    fn parse(s: &str) -> Result<Self, StoreError> {
        Ok(match s {
            "open" => Self::Open,
            "target_hit" => Self::TargetHit,
            "stop_hit" => Self::StopHit,
            "expired" => Self::Expired,
            other => return Err(StoreError::Corrupt(format!("signal status {other:?}"))),
        })
    }
}

/// Which signals to list. Every field narrows the result; `None` leaves it open.
#[derive(Debug, Clone, Default)]
pub struct SignalFilter {
    pub symbol: Option<String>,
    pub strategy: Option<String>,
    /// Only the symbols on this user's watchlist.
    pub watchlist_of: Option<Uuid>,
    /// Issued at or after (ms).
    pub since_ms: Option<i64>,
    pub min_confidence: Option<f64>,
    /// `Some(None)`: graded, whatever the outcome; `Some(Some(s))`: that status.
    pub status: Option<Option<SignalStatus>>,
    /// Page cursor: only signals with a smaller ledger seq (pages run newest first).
    pub before_seq: Option<i64>,
    /// Only signals released to the delayed tier by this time (ms).
    pub released_by: Option<i64>,
}

impl SignalFilter {
    /// Whether the filter selects on what a signal says (symbol, strategy, watchlist,
    /// confidence, outcome) rather than only on when it was issued.
    pub fn narrows_on_content(&self) -> bool {
        self.symbol.is_some()
            || self.strategy.is_some()
            || self.watchlist_of.is_some()
            || self.min_confidence.is_some()
            || self.status.is_some()
    }
}

/// A signal as listed: the index row with the ledger text of the signal and of its outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexedSignal {
    pub seq: i64,
    pub id: Uuid,
    pub strategy: String,
    pub symbol: String,
    pub bar_time: i64,
    pub issued_at: i64,
    pub confidence: f64,
    pub model_version: String,
    pub released_at: i64,
    pub status: SignalStatus,
    /// Seq of the outcome entry, once graded.
    pub outcome_seq: Option<i64>,
    pub exit_time: Option<i64>,
    pub ret: Option<f64>,
    /// The signal entry's canonical JSON and its chain hash.
    pub entry: String,
    pub hash: String,
    /// The outcome entry's canonical JSON, once graded.
    pub outcome: Option<String>,
}

type Row = (
    i64,
    Uuid,
    String,
    String,
    i64,
    i64,
    f64,
    String,
    i64,
    String,
    Option<i64>,
    Option<i64>,
    Option<f64>,
    String,
    String,
    Option<String>,
);

/// The columns of [`Row`], with the signal's and its outcome's ledger text.
macro_rules! select_signals {
    () => {
        "SELECT i.seq, i.id, i.strategy, i.symbol, i.bar_time, i.issued_at, i.confidence, \
         i.model_version, i.released_at, i.status, i.outcome_seq, i.exit_time, i.ret, s.entry, \
         s.hash, o.entry FROM signal_index i JOIN signal_ledger s ON s.seq = i.seq \
         LEFT JOIN signal_ledger o ON o.seq = i.outcome_seq"
    };
}

fn indexed(r: Row) -> Result<IndexedSignal, StoreError> {
    Ok(IndexedSignal {
        seq: r.0,
        id: r.1,
        strategy: r.2,
        symbol: r.3,
        bar_time: r.4,
        issued_at: r.5,
        confidence: r.6,
        model_version: r.7,
        released_at: r.8,
        status: SignalStatus::parse(&r.9)?,
        outcome_seq: r.10,
        exit_time: r.11,
        ret: r.12,
        entry: r.13,
        hash: r.14,
        outcome: r.15,
    })
}

/// A graded signal as the track record counts it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GradedSignal {
    pub confidence: f64,
    pub target_hit: bool,
    pub ret: f64,
    pub exit_time: i64,
}

/// One strategy and model version's live signals, as the track record groups them.
#[derive(Debug, Clone, PartialEq)]
pub struct LiveGroup {
    pub strategy: String,
    pub model_version: String,
    /// The first signal's issue time (ms).
    pub live_since: i64,
    /// Signals issued, graded or not.
    pub signals: i64,
    /// Those graded, in exit order.
    pub graded: Vec<GradedSignal>,
}

/// The stored backtest side of a strategy's track record.
#[derive(Debug, Clone, PartialEq)]
pub struct BacktestRecord {
    pub strategy: String,
    pub computed_at: i64,
    pub report: serde_json::Value,
}

impl Store {
    /// Signals matching `filter`, newest first, at most `limit`.
    pub async fn list_signals(
        &self,
        filter: &SignalFilter,
        limit: i64,
    ) -> Result<Vec<IndexedSignal>, StoreError> {
        const SQL: &str = concat!(
            select_signals!(),
            " WHERE ($1 IS NULL OR i.symbol = $1) AND ($2 IS NULL OR i.strategy = $2) \
             AND ($3 IS NULL OR i.symbol IN (SELECT w.symbol FROM watchlist_symbols w \
             WHERE w.user_id = $3)) AND ($4 IS NULL OR i.issued_at >= $4) \
             AND ($5 IS NULL OR i.confidence >= $5) AND ($6 IS NULL OR i.status = $6) \
             AND ($7 = 0 OR i.status <> 'open') AND ($8 IS NULL OR i.seq < $8) \
             AND ($9 IS NULL OR i.released_at <= $9) ORDER BY i.seq DESC LIMIT $10"
        );
        let (graded_only, status) = match filter.status {
            None => (false, None),
            Some(None) => (true, None),
            Some(Some(s)) => (false, Some(s.as_str())),
        };
        let rows: Vec<Row> = db_run!(self, pool => {
            sqlx::query_as(SQL)
                .bind(filter.symbol.as_deref())
                .bind(filter.strategy.as_deref())
                .bind(filter.watchlist_of)
                .bind(filter.since_ms)
                .bind(filter.min_confidence)
                .bind(status)
                .bind(i64::from(graded_only))
                .bind(filter.before_seq)
                .bind(filter.released_by)
                .bind(limit)
                .fetch_all(pool).await?
        });
        rows.into_iter().map(indexed).collect()
    }

    /// One signal by id.
    pub async fn signal_by_id(&self, id: Uuid) -> Result<Option<IndexedSignal>, StoreError> {
        const SQL: &str = concat!(select_signals!(), " WHERE i.id = $1");
        let row: Option<Row> = db_run!(self, pool => {
            sqlx::query_as(SQL).bind(id).fetch_optional(pool).await?
        });
        row.map(indexed).transpose()
    }

    /// Every strategy and model version's live signals, graded ones in exit order.
    /// `strategy` narrows to one strategy.
    pub async fn live_track_groups(
        &self,
        strategy: Option<&str>,
    ) -> Result<Vec<LiveGroup>, StoreError> {
        let heads: Vec<(String, String, i64, i64)> = db_run!(self, pool => {
            sqlx::query_as(
                "SELECT strategy, model_version, MIN(issued_at), COUNT(*) FROM signal_index \
                 WHERE ($1 IS NULL OR strategy = $1) GROUP BY strategy, model_version \
                 ORDER BY strategy, MIN(issued_at)",
            )
            .bind(strategy)
            .fetch_all(pool).await?
        });
        let graded: Vec<(String, String, f64, String, f64, i64)> = db_run!(self, pool => {
            sqlx::query_as(
                "SELECT strategy, model_version, confidence, status, ret, exit_time \
                 FROM signal_index WHERE status <> 'open' AND ret IS NOT NULL \
                 AND exit_time IS NOT NULL AND ($1 IS NULL OR strategy = $1) \
                 ORDER BY exit_time, seq",
            )
            .bind(strategy)
            .fetch_all(pool).await?
        });
        let mut groups: Vec<LiveGroup> = heads
            .into_iter()
            .map(|(strategy, model_version, live_since, signals)| LiveGroup {
                strategy,
                model_version,
                live_since,
                signals,
                graded: Vec::new(),
            })
            .collect();
        for (strategy, version, confidence, status, ret, exit_time) in graded {
            if let Some(g) = groups
                .iter_mut()
                .find(|g| g.strategy == strategy && g.model_version == version)
            {
                g.graded.push(GradedSignal {
                    confidence,
                    target_hit: status == "target_hit",
                    ret,
                    exit_time,
                });
            }
        }
        Ok(groups)
    }

    /// The user's watchlist, in their order.
    pub async fn watchlist(&self, user_id: Uuid) -> Result<Vec<String>, StoreError> {
        let rows: Vec<(String,)> = db_run!(self, pool => {
            sqlx::query_as(
                "SELECT symbol FROM watchlist_symbols WHERE user_id = $1 ORDER BY position",
            )
            .bind(user_id)
            .fetch_all(pool).await?
        });
        Ok(rows.into_iter().map(|(s,)| s).collect())
    }

    /// Replaces the user's watchlist with `symbols` (already validated and de-duplicated), in
    /// one transaction.
    pub async fn set_watchlist(&self, user_id: Uuid, symbols: &[String]) -> Result<(), StoreError> {
        db_run!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("DELETE FROM watchlist_symbols WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *tx).await?;
            for (position, symbol) in (0_i64..).zip(symbols) {
                sqlx::query(
                    "INSERT INTO watchlist_symbols (user_id, symbol, position) VALUES ($1, $2, $3)",
                )
                .bind(user_id).bind(symbol).bind(position)
                .execute(&mut *tx).await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// Stores (or replaces) a strategy's backtest track record.
    pub async fn put_backtest_record(
        &self,
        strategy: &str,
        report: &serde_json::Value,
    ) -> Result<(), StoreError> {
        let now = self.now_ms();
        let text = report.to_string();
        db_run!(self, pool => {
            sqlx::query(
                "INSERT INTO track_record_backtest (strategy, computed_at, report) \
                 VALUES ($1, $2, $3) ON CONFLICT (strategy) DO UPDATE \
                 SET computed_at = excluded.computed_at, report = excluded.report",
            )
            .bind(strategy).bind(now).bind(text)
            .execute(pool).await?;
        });
        Ok(())
    }

    /// The stored backtest track records, by strategy.
    pub async fn backtest_records(
        &self,
        strategy: Option<&str>,
    ) -> Result<Vec<BacktestRecord>, StoreError> {
        let rows: Vec<(String, i64, String)> = db_run!(self, pool => {
            sqlx::query_as(
                "SELECT strategy, computed_at, report FROM track_record_backtest \
                 WHERE ($1 IS NULL OR strategy = $1) ORDER BY strategy",
            )
            .bind(strategy)
            .fetch_all(pool).await?
        });
        rows.into_iter()
            .map(|(strategy, computed_at, report)| {
                Ok(BacktestRecord {
                    strategy,
                    computed_at,
                    report: serde_json::from_str(&report)
                        .map_err(|e| StoreError::Corrupt(format!("track record report: {e}")))?,
                })
            })
            .collect()
    }
}
