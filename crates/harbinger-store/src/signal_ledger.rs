//! The signal ledger: every signal recorded before its outcome is known, and every outcome as
//! a later entry, never an edit. Append-only (triggers refuse UPDATE and DELETE) and
//! hash-chained with `harbinger-ledger`:
//! `hash = SHA-256(0x00 ‖ prev_hash ‖ canonical JSON of {seq, id, kind, recorded_at, strategy,
//! symbol, bar_time, signal_id, entry})`. Entries carry integers and strings only (prices as
//! decimal strings), so their canonical form is stable.

use harbinger_ledger::{Checkpoint, Hash, Link};
use serde::Serialize;
use uuid::Uuid;

use crate::{Store, StoreError};

/// The checkpoint chain name of the signal ledger.
pub const SIGNAL_CHAIN: &str = "signals";

/// What an entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LedgerKind {
    /// A signal with its outcome rules.
    Signal,
    /// How a signal ended.
    Outcome,
}

impl LedgerKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Signal => "signal",
            Self::Outcome => "outcome",
        }
    }
}

/// An entry to append.
#[derive(Debug, Clone)]
pub struct NewLedgerEntry {
    pub kind: LedgerKind,
    pub strategy: String,
    pub symbol: String,
    /// The bar the signal was issued on (an outcome repeats its signal's).
    pub bar_time: i64,
    /// For an outcome: the signal it grades.
    pub signal_id: Option<Uuid>,
    /// The entry itself: integers and strings only.
    pub entry: serde_json::Value,
}

/// A stored entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, sqlx::FromRow)]
pub struct LedgerRow {
    pub seq: i64,
    pub id: Uuid,
    pub kind: String,
    pub recorded_at: i64,
    pub strategy: String,
    pub symbol: String,
    pub bar_time: i64,
    pub signal_id: Option<Uuid>,
    /// The entry's canonical JSON text.
    pub entry: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The hashed form of a row.
#[derive(Serialize)]
struct Hashed<'a> {
    seq: i64,
    id: Uuid,
    kind: &'a str,
    recorded_at: i64,
    strategy: &'a str,
    symbol: &'a str,
    bar_time: i64,
    signal_id: Option<Uuid>,
    entry: serde_json::Value,
}

impl LedgerRow {
    fn hashed(&self) -> Option<Hashed<'_>> {
        Some(Hashed {
            seq: self.seq,
            id: self.id,
            kind: &self.kind,
            recorded_at: self.recorded_at,
            strategy: &self.strategy,
            symbol: &self.symbol,
            bar_time: self.bar_time,
            signal_id: self.signal_id,
            entry: serde_json::from_str(&self.entry).ok()?,
        })
    }

    /// The row as the chain verifier sees it. An entry that no longer parses, or a mangled
    /// hash, makes the verifier report the row as altered.
    pub fn link(&self) -> Link {
        let parse = |h: &str| harbinger_ledger::parse_hash(h).unwrap_or([0xff; 32]);
        Link {
            seq: self.seq,
            canonical: self
                .hashed()
                .and_then(|h| harbinger_ledger::canonical_json(&h).ok())
                .unwrap_or_default(),
            prev_hash: parse(&self.prev_hash),
            hash: parse(&self.hash),
        }
    }
}

impl Store {
    /// Appends an entry at the head of the chain. `Ok(None)` when the ledger already holds a
    /// signal of that strategy for that symbol and bar, or an outcome of that signal: at most
    /// one, whatever the number of writers (the head row is taken first, so writers queue).
    pub async fn append_ledger(
        &self,
        new: &NewLedgerEntry,
    ) -> Result<Option<LedgerRow>, StoreError> {
        let now = self.now_ms();
        let entry_text = String::from_utf8(
            harbinger_ledger::canonical_json(&new.entry)
                .map_err(|e| StoreError::Corrupt(format!("ledger entry: {e}")))?,
        )
        .map_err(|e| StoreError::Corrupt(format!("ledger entry: {e}")))?;
        let row = db_run!(self, pool => {
            let mut tx = pool.begin().await?;
            let (seq, prev): (i64, String) = sqlx::query_as(
                "UPDATE signal_ledger_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash",
            )
            .fetch_one(&mut *tx).await?;
            let exists: Option<i64> = match new.kind {
                LedgerKind::Signal => sqlx::query_scalar(
                    "SELECT seq FROM signal_ledger WHERE kind = 'signal' AND strategy = $1 \
                     AND symbol = $2 AND bar_time = $3",
                )
                .bind(&new.strategy).bind(&new.symbol).bind(new.bar_time)
                .fetch_optional(&mut *tx).await?,
                LedgerKind::Outcome => sqlx::query_scalar(
                    "SELECT seq FROM signal_ledger WHERE kind = 'outcome' AND signal_id = $1",
                )
                .bind(new.signal_id)
                .fetch_optional(&mut *tx).await?,
            };
            if exists.is_some() {
                return Ok(None);
            }
            let mut row = LedgerRow {
                seq,
                id: Uuid::now_v7(),
                kind: new.kind.as_str().to_owned(),
                recorded_at: now,
                strategy: new.strategy.clone(),
                symbol: new.symbol.clone(),
                bar_time: new.bar_time,
                signal_id: new.signal_id,
                entry: entry_text,
                prev_hash: prev,
                hash: String::new(),
            };
            let prev_hash = harbinger_ledger::parse_hash(&row.prev_hash).ok_or_else(|| {
                StoreError::Corrupt("signal_ledger_head.hash is not hex".into())
            })?;
            let hashed = row
                .hashed()
                .ok_or_else(|| StoreError::Corrupt("ledger entry does not parse".into()))?;
            row.hash = hex::encode(
                harbinger_ledger::hash_entry(&prev_hash, &hashed)
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?,
            );
            sqlx::query(
                "INSERT INTO signal_ledger (seq, id, kind, recorded_at, strategy, symbol, bar_time, \
                 signal_id, entry, prev_hash, hash) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            )
            .bind(row.seq).bind(row.id).bind(&row.kind).bind(row.recorded_at)
            .bind(&row.strategy).bind(&row.symbol).bind(row.bar_time).bind(row.signal_id)
            .bind(&row.entry).bind(&row.prev_hash).bind(&row.hash)
            .execute(&mut *tx).await?;
            sqlx::query("UPDATE signal_ledger_head SET hash = $1 WHERE id = 1")
                .bind(&row.hash)
                .execute(&mut *tx).await?;
            tx.commit().await?;
            row
        });
        Ok(Some(row))
    }

    /// Entries after `after_seq`, oldest first.
    pub async fn ledger_rows(
        &self,
        after_seq: i64,
        limit: i64,
    ) -> Result<Vec<LedgerRow>, StoreError> {
        let rows = db_run!(self, pool => {
            sqlx::query_as(
                "SELECT seq, id, kind, recorded_at, strategy, symbol, bar_time, signal_id, entry, \
                 prev_hash, hash FROM signal_ledger WHERE seq > $1 ORDER BY seq LIMIT $2",
            )
            .bind(after_seq).bind(limit)
            .fetch_all(pool).await?
        });
        Ok(rows)
    }

    /// The signal entries not yet followed by an outcome entry, oldest first.
    pub async fn open_ledger_signals(&self, limit: i64) -> Result<Vec<LedgerRow>, StoreError> {
        let rows = db_run!(self, pool => {
            sqlx::query_as(
                "SELECT s.seq, s.id, s.kind, s.recorded_at, s.strategy, s.symbol, s.bar_time, \
                 s.signal_id, s.entry, s.prev_hash, s.hash FROM signal_ledger s \
                 WHERE s.kind = 'signal' AND NOT EXISTS \
                 (SELECT 1 FROM signal_ledger o WHERE o.kind = 'outcome' AND o.signal_id = s.id) \
                 ORDER BY s.seq LIMIT $1",
            )
            .bind(limit)
            .fetch_all(pool).await?
        });
        Ok(rows)
    }

    /// The chain's head (seq, hash) as the head row records it.
    pub async fn ledger_head(&self) -> Result<(i64, Hash), StoreError> {
        let (seq, hash): (i64, String) = db_run!(self, pool => {
            sqlx::query_as("SELECT seq, hash FROM signal_ledger_head WHERE id = 1")
                .fetch_one(pool)
                .await?
        });
        let hash = harbinger_ledger::parse_hash(&hash)
            .ok_or_else(|| StoreError::Corrupt("signal_ledger_head.hash is not hex".into()))?;
        Ok((seq, hash))
    }

    /// Stores a signed checkpoint of the signal ledger; a second one at the same seq is ignored.
    pub async fn add_ledger_checkpoint(&self, c: &Checkpoint) -> Result<(), StoreError> {
        db_run!(self, pool => {
            sqlx::query(
                "INSERT INTO signal_ledger_checkpoints (seq, hash, time_ms, signature) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (seq) DO NOTHING",
            )
            .bind(c.seq).bind(hex::encode(c.hash)).bind(c.time_ms).bind(&c.signature)
            .execute(pool).await?;
        });
        Ok(())
    }

    /// Every checkpoint of the signal ledger, by seq.
    pub async fn ledger_checkpoints(&self) -> Result<Vec<Checkpoint>, StoreError> {
        let rows: Vec<(i64, String, i64, String)> = db_run!(self, pool => {
            sqlx::query_as(
                "SELECT seq, hash, time_ms, signature FROM signal_ledger_checkpoints ORDER BY seq",
            )
            .fetch_all(pool).await?
        });
        Ok(rows
            .into_iter()
            .map(|(seq, hash, time_ms, signature)| Checkpoint {
                chain: SIGNAL_CHAIN.into(),
                seq,
                hash: harbinger_ledger::parse_hash(&hash).unwrap_or([0xff; 32]),
                time_ms,
                signature,
            })
            .collect())
    }
}
