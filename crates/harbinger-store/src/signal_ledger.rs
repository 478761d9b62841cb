//! The signal ledger: every signal recorded before its outcome is known, and every outcome as
//! a later entry, never an edit. Append-only (triggers refuse UPDATE and DELETE) and
//! hash-chained with `harbinger-ledger`, in two parts so that an entry can be published before
//! its content (commit-reveal):
//!
//! - `content = SHA-256(canonical JSON of {bar_time, entry, signal_id, strategy, symbol})`;
//! - `hash = SHA-256(0x00 ‖ prev_hash ‖ canonical JSON of {content, id, kind, recorded_at,
//!   released_to_free_at, seq})`.
//!
//! A sealed entry shows its header and `content` digest; every byte of it is still checked,
//! and the content once revealed must match the digest. Entries carry integers and strings only
//! (prices as decimal strings), so their canonical form is stable.

use harbinger_ledger::{
    Break, ChainVerifier, Checkpoint, CheckpointVerifier, Hash, Link, Verified,
};
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

/// The content part of a row, as [`LedgerRow::content_canonical`] writes it directly.
#[cfg(test)]
#[derive(Serialize)]
struct Content<'a> {
    strategy: &'a str,
    symbol: &'a str,
    bar_time: i64,
    signal_id: Option<Uuid>,
    entry: serde_json::Value,
}

/// The hashed header of a row, as [`header_canonical`] writes it directly.
#[cfg(test)]
#[derive(Serialize)]
struct Header<'a> {
    seq: i64,
    id: Uuid,
    kind: &'a str,
    recorded_at: i64,
    released_to_free_at: i64,
    content: String,
}

/// The canonical JSON of a row's header: {content, id, kind, recorded_at, released_to_free_at,
/// seq}, keys in byte order, written directly.
fn header_canonical(
    seq: i64,
    id: Uuid,
    kind: &str,
    recorded_at: i64,
    released_to_free_at: i64,
    content_hex: &str,
) -> Vec<u8> {
    let text = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let mut out = Vec::with_capacity(256);
    out.extend_from_slice(b"{\"content\":");
    out.extend_from_slice(text(content_hex).as_bytes());
    out.extend_from_slice(b",\"id\":\"");
    out.extend_from_slice(id.hyphenated().to_string().as_bytes());
    out.extend_from_slice(b"\",\"kind\":");
    out.extend_from_slice(text(kind).as_bytes());
    out.extend_from_slice(b",\"recorded_at\":");
    out.extend_from_slice(recorded_at.to_string().as_bytes());
    out.extend_from_slice(b",\"released_to_free_at\":");
    out.extend_from_slice(released_to_free_at.to_string().as_bytes());
    out.extend_from_slice(b",\"seq\":");
    out.extend_from_slice(seq.to_string().as_bytes());
    out.push(b'}');
    out
}

/// `released_to_free_at` read from an entry's canonical text without parsing all of it (the
/// key cannot occur inside a string value, whose quotes are escaped); `None` when absent.
fn release_in(entry: &str) -> Option<i64> {
    const KEY: &str = "\"released_to_free_at\":";
    let at = entry.find(KEY)? + KEY.len();
    let digits: &str = entry[at..]
        .split(|c: char| !(c.is_ascii_digit() || c == '-'))
        .next()?;
    digits.parse().ok()
}

impl LedgerRow {
    /// The bytes the content digest covers: the canonical JSON of {bar_time, entry,
    /// signal_id, strategy, symbol}, written directly. `entry` is spliced in as stored: it was
    /// stored canonical, so any change to it (even one that keeps the same JSON value) changes
    /// the bytes and fails the hash.
    pub fn content_canonical(&self) -> Vec<u8> {
        let text = |s: &str| serde_json::to_string(s).unwrap_or_default();
        let mut out = Vec::with_capacity(self.entry.len() + 128);
        out.extend_from_slice(b"{\"bar_time\":");
        out.extend_from_slice(self.bar_time.to_string().as_bytes());
        out.extend_from_slice(b",\"entry\":");
        out.extend_from_slice(self.entry.as_bytes());
        out.extend_from_slice(b",\"signal_id\":");
        match self.signal_id {
            Some(id) => {
                out.push(b'"');
                out.extend_from_slice(id.hyphenated().to_string().as_bytes());
                out.push(b'"');
            }
            None => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(b",\"strategy\":");
        out.extend_from_slice(text(&self.strategy).as_bytes());
        out.extend_from_slice(b",\"symbol\":");
        out.extend_from_slice(text(&self.symbol).as_bytes());
        out.push(b'}');
        out
    }

    /// The content digest, hex.
    pub fn content_hash(&self) -> String {
        hex::encode(harbinger_ledger::digest(&self.content_canonical()))
    }

    /// The bytes the chain hashes: the row's header with its content digest.
    pub fn canonical(&self) -> Vec<u8> {
        header_canonical(
            self.seq,
            self.id,
            &self.kind,
            self.recorded_at,
            self.released_at(),
            &self.content_hash(),
        )
    }

    /// The row as the chain verifier sees it. A mangled hash makes the verifier report the row
    /// as altered.
    pub fn link(&self) -> Link {
        Link {
            seq: self.seq,
            canonical: self.canonical(),
            prev_hash: parse_or_ones(&self.prev_hash),
            hash: parse_or_ones(&self.hash),
            sealed: false,
        }
    }

    /// When the entry reaches the delayed (free) tier: its `released_to_free_at`, or its
    /// record time for an entry without one.
    pub fn released_at(&self) -> i64 {
        release_in(&self.entry).unwrap_or(self.recorded_at)
    }

    /// The row as published at `now_ms`: in full once released, else only its place in the
    /// chain (seq, id, kind, times and hashes), the commitment its later reveal must match.
    pub fn published(&self, now_ms: i64) -> PublishedEntry {
        let released = self.released_at();
        let open = released <= now_ms;
        PublishedEntry {
            seq: self.seq,
            id: self.id,
            kind: self.kind.clone(),
            recorded_at: self.recorded_at,
            sealed: !open,
            released_to_free_at: Some(released),
            strategy: open.then(|| self.strategy.clone()),
            symbol: open.then(|| self.symbol.clone()),
            bar_time: open.then_some(self.bar_time),
            signal_id: if open { self.signal_id } else { None },
            entry: open.then(|| self.entry.clone()),
            content_hash: Some(self.content_hash()),
            prev_hash: self.prev_hash.clone(),
            hash: self.hash.clone(),
        }
    }
}

fn parse_or_ones(h: &str) -> Hash {
    harbinger_ledger::parse_hash(h).unwrap_or([0xff; 32])
}

/// A ledger entry as the public API shows it (and as a saved export holds it). Sealed entries
/// carry no content until `released_to_free_at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct PublishedEntry {
    pub seq: i64,
    pub id: Uuid,
    pub kind: String,
    pub recorded_at: i64,
    #[serde(default)]
    pub sealed: bool,
    #[serde(default)]
    pub released_to_free_at: Option<i64>,
    pub strategy: Option<String>,
    pub symbol: Option<String>,
    pub bar_time: Option<i64>,
    pub signal_id: Option<Uuid>,
    /// The canonical JSON text of the entry.
    pub entry: Option<String>,
    /// SHA-256 of the content (strategy, symbol, bar time, signal id, entry), hex: what a
    /// sealed entry commits to.
    #[serde(default)]
    pub content_hash: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

impl PublishedEntry {
    /// As the chain verifier sees it: content checked when present, else only the chain.
    /// An unsealed entry with a field missing is reported as altered.
    pub fn link(&self) -> Link {
        if self.sealed {
            return Link {
                seq: self.seq,
                canonical: match (&self.content_hash, self.released_to_free_at) {
                    (Some(content), Some(released)) => header_canonical(
                        self.seq,
                        self.id,
                        &self.kind,
                        self.recorded_at,
                        released,
                        content,
                    ),
                    // A sealed entry without its commitment cannot be checked: altered.
                    _ => Vec::new(),
                },
                prev_hash: parse_or_ones(&self.prev_hash),
                hash: parse_or_ones(&self.hash),
                sealed: true,
            };
        }
        let row = LedgerRow {
            seq: self.seq,
            id: self.id,
            kind: self.kind.clone(),
            recorded_at: self.recorded_at,
            strategy: self.strategy.clone().unwrap_or_default(),
            symbol: self.symbol.clone().unwrap_or_default(),
            bar_time: self.bar_time.unwrap_or_default(),
            signal_id: self.signal_id,
            entry: self.entry.clone().unwrap_or_default(),
            prev_hash: self.prev_hash.clone(),
            hash: self.hash.clone(),
        };
        let mut link = row.link();
        if self.strategy.is_none() || self.symbol.is_none() || self.entry.is_none() {
            link.canonical.clear();
        }
        link
    }
}

/// Rows per page when the chain is verified.
const VERIFY_PAGE: i64 = 5_000;

/// The fields of a signal entry the index keeps, read from the documented keys of the entry:
/// `side`, `confidence` (decimal text), `model_version` and `released_to_free_at` (ms; an
/// entry without one was public from the start).
struct SignalFacts {
    side: String,
    confidence: f64,
    model_version: String,
    released_at: i64,
}

impl SignalFacts {
    fn of(entry: &serde_json::Value, recorded_at: i64) -> Self {
        Self {
            side: entry["side"].as_str().unwrap_or("long").to_owned(),
            confidence: decimal(&entry["confidence"]).unwrap_or(0.0),
            model_version: entry["model_version"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            released_at: entry["released_to_free_at"].as_i64().unwrap_or(recorded_at),
        }
    }
}

/// The fields of an outcome entry the index keeps: `status`, `exit_time` and `return`.
struct OutcomeFacts {
    status: &'static str,
    exit_time: Option<i64>,
    ret: Option<f64>,
}

impl OutcomeFacts {
    fn of(entry: &serde_json::Value) -> Self {
        Self {
            status: match entry["status"].as_str() {
                Some("target_hit") => "target_hit",
                Some("stop_hit") => "stop_hit",
                _ => "expired",
            },
            exit_time: entry["exit_time"].as_i64(),
            ret: decimal(&entry["return"]),
        }
    }
}

/// A number stored as decimal text (or, leniently, as a JSON number).
fn decimal(v: &serde_json::Value) -> Option<f64> {
    v.as_str()
        .and_then(|s| s.parse().ok())
        .or_else(|| v.as_f64())
        .filter(|x: &f64| x.is_finite())
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
            row.hash = hex::encode(harbinger_ledger::chain_hash(&prev_hash, &row.canonical()));
            sqlx::query(
                "INSERT INTO signal_ledger (seq, id, kind, recorded_at, strategy, symbol, bar_time, \
                 signal_id, entry, prev_hash, hash) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            )
            .bind(row.seq).bind(row.id).bind(&row.kind).bind(row.recorded_at)
            .bind(&row.strategy).bind(&row.symbol).bind(row.bar_time).bind(row.signal_id)
            .bind(&row.entry).bind(&row.prev_hash).bind(&row.hash)
            .execute(&mut *tx).await?;
            match new.kind {
                LedgerKind::Signal => {
                    let f = SignalFacts::of(&new.entry, row.recorded_at);
                    sqlx::query(
                        "INSERT INTO signal_index (seq, id, strategy, symbol, bar_time, \
                         issued_at, side, confidence, model_version, released_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                    )
                    .bind(row.seq).bind(row.id).bind(&row.strategy).bind(&row.symbol)
                    .bind(row.bar_time).bind(row.recorded_at).bind(f.side).bind(f.confidence)
                    .bind(f.model_version).bind(f.released_at)
                    .execute(&mut *tx).await?;
                }
                LedgerKind::Outcome => {
                    let o = OutcomeFacts::of(&new.entry);
                    sqlx::query(
                        "UPDATE signal_index SET status = $1, outcome_seq = $2, exit_time = $3, \
                         ret = $4 WHERE id = $5",
                    )
                    .bind(o.status).bind(row.seq).bind(o.exit_time).bind(o.ret)
                    .bind(row.signal_id)
                    .execute(&mut *tx).await?;
                }
            }
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

    /// Entries with `lo < seq <= hi`, oldest first.
    pub async fn ledger_rows_between(
        &self,
        lo: i64,
        hi: i64,
    ) -> Result<Vec<LedgerRow>, StoreError> {
        let rows = db_run!(self, pool => {
            sqlx::query_as(
                "SELECT seq, id, kind, recorded_at, strategy, symbol, bar_time, signal_id, entry, \
                 prev_hash, hash FROM signal_ledger WHERE seq > $1 AND seq <= $2 ORDER BY seq",
            )
            .bind(lo).bind(hi)
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

    /// Recomputes the whole chain against `checkpoints` (signatures checked with `key`) and
    /// the head row, naming the first break. Pages are read ahead of the hashing and memory
    /// stays bounded by a few pages. The outer error is a failure to read.
    pub async fn verify_ledger(
        &self,
        checkpoints: &[Checkpoint],
        key: &CheckpointVerifier,
    ) -> Result<Result<Verified, Break>, StoreError> {
        self.verify_ledger_in_pages(checkpoints, key, VERIFY_PAGE)
            .await
    }

    /// [`Store::verify_ledger`] reading `page_rows` rows per query.
    pub async fn verify_ledger_in_pages(
        &self,
        checkpoints: &[Checkpoint],
        key: &CheckpointVerifier,
        page_rows: i64,
    ) -> Result<Result<Verified, Break>, StoreError> {
        let page_rows = page_rows.max(1);
        // The head row records how far the chain went: rows missing past the last one are a
        // truncation even before the next checkpoint is signed.
        let (head_seq, _) = self.ledger_head().await?;
        let mut chain = match ChainVerifier::new(checkpoints, key) {
            Ok(c) => c,
            Err(b) => return Ok(Err(b)),
        };
        // One reader fetches and prepares the next pages while this task hashes. (Reading is
        // the cost; a second reader on another connection measured slower, not faster.)
        let (tx, mut pages) = tokio::sync::mpsc::channel::<Result<Vec<Link>, StoreError>>(2);
        let store = self.clone();
        tokio::spawn(async move {
            let mut lo = 0;
            while lo < head_seq {
                let hi = (lo + page_rows).min(head_seq);
                let links = store
                    .ledger_rows_between(lo, hi)
                    .await
                    .map(|rows| rows.iter().map(LedgerRow::link).collect());
                if tx.send(links).await.is_err() {
                    return; // the verifier stopped at a break
                }
                lo = hi;
            }
        });
        while let Some(links) = pages.recv().await {
            for link in &links? {
                if let Err(b) = chain.push(link) {
                    return Ok(Err(b));
                }
            }
        }
        // Rows past the head row (none in an intact chain) are checked too.
        let mut after = head_seq;
        loop {
            let rows = self.ledger_rows(after, page_rows).await?;
            let Some(last) = rows.last() else { break };
            after = last.seq;
            for row in &rows {
                if let Err(b) = chain.push(&row.link()) {
                    return Ok(Err(b));
                }
            }
        }
        Ok(match chain.finish() {
            Ok(v) if head_seq > v.head_seq => Err(Break::Truncated {
                seq: head_seq,
                last: v.head_seq,
            }),
            other => other,
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direct_canonical_bytes_equal_the_canonical_json_of_the_row() {
        let entry = serde_json::json!({"side": "long", "entry": "101.5", "note": "é \" \\ ⚠",
            "drivers": [{"name": "rsi", "value": "28.1"}], "horizon_bars": 10,
            "released_to_free_at": 1_700_000_086_400_000_i64});
        for (kind, signal_id) in [("signal", None), ("outcome", Some(Uuid::now_v7()))] {
            let row = LedgerRow {
                seq: 42,
                id: Uuid::now_v7(),
                kind: kind.into(),
                recorded_at: 1_700_000_000_123,
                strategy: "sma_cross".into(),
                symbol: "BRK.B".into(),
                bar_time: -86_400,
                signal_id,
                entry: String::from_utf8(harbinger_ledger::canonical_json(&entry).unwrap())
                    .unwrap(),
                prev_hash: String::new(),
                hash: String::new(),
            };
            let content = harbinger_ledger::canonical_json(&Content {
                strategy: &row.strategy,
                symbol: &row.symbol,
                bar_time: row.bar_time,
                signal_id: row.signal_id,
                entry: entry.clone(),
            })
            .unwrap();
            assert_eq!(row.content_canonical(), content);
            let header = harbinger_ledger::canonical_json(&Header {
                seq: row.seq,
                id: row.id,
                kind: &row.kind,
                recorded_at: row.recorded_at,
                released_to_free_at: 1_700_000_086_400_000,
                content: hex::encode(harbinger_ledger::digest(&content)),
            })
            .unwrap();
            assert_eq!(
                String::from_utf8(row.canonical()).unwrap(),
                String::from_utf8(header).unwrap()
            );
            // Sealed, the published header and digest give the same bytes.
            let sealed = row.published(0);
            assert!(sealed.sealed && sealed.entry.is_none());
            assert_eq!(sealed.link().canonical, row.canonical());
        }
    }

    #[test]
    fn the_release_time_is_read_from_the_entry_text() {
        assert_eq!(
            release_in(r#"{"a":1,"released_to_free_at":1234,"z":"x"}"#),
            Some(1234)
        );
        assert_eq!(release_in(r#"{"released_to_free_at":-5}"#), Some(-5));
        assert_eq!(release_in(r#"{"side":"long"}"#), None);
    }
}
