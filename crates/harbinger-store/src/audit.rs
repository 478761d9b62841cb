//! The append-only, hash-chained audit log. Rows are written by [`append_audit!`] inside the
//! same transaction as the action they record; the table refuses UPDATE and DELETE (triggers,
//! and REVOKE on PostgreSQL). The hash of each row covers every column but the hashes.

use harbinger_ledger::{Checkpoint, Hash, Link};
use serde::Serialize;
use uuid::Uuid;

use crate::{Store, StoreError};

/// Who performed an audited action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorType {
    User,
    ApiKey,
    System,
    Anonymous,
    Stripe,
}

impl ActorType {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::User => "user",
            Self::ApiKey => "api_key",
            Self::System => "system",
            Self::Anonymous => "anonymous",
            Self::Stripe => "stripe",
        }
    }
}

/// One security event, before the store gives it a seq, time and hashes. Never put a
/// secret in any field: the log is readable by admins and exported for verification.
#[derive(Debug, Clone)]
pub struct AuditEvent {
    pub actor_type: ActorType,
    pub actor_id: Option<String>,
    pub ip: Option<String>,
    /// Truncated to 256 characters when stored.
    pub user_agent: Option<String>,
    pub request_id: Option<String>,
    /// OWASP-style verb, e.g. `authn_login_success`.
    pub action: &'static str,
    pub target_type: Option<&'static str>,
    pub target_id: Option<String>,
    pub success: bool,
    pub reason: Option<String>,
    pub metadata: serde_json::Value,
}

impl AuditEvent {
    /// An event by the system (CLI, jobs) with no request context.
    pub fn system(action: &'static str) -> Self {
        Self {
            actor_type: ActorType::System,
            actor_id: None,
            ip: None,
            user_agent: None,
            request_id: None,
            action,
            target_type: None,
            target_id: None,
            success: true,
            reason: None,
            metadata: serde_json::Value::Object(serde_json::Map::new()),
        }
    }

    #[must_use]
    pub fn target(mut self, kind: &'static str, id: impl std::fmt::Display) -> Self {
        self.target_type = Some(kind);
        self.target_id = Some(id.to_string());
        self
    }

    #[must_use]
    pub fn failed(mut self, reason: impl Into<String>) -> Self {
        self.success = false;
        self.reason = Some(reason.into());
        self
    }

    #[must_use]
    pub fn meta(mut self, metadata: serde_json::Value) -> Self {
        self.metadata = metadata;
        self
    }
}

/// A stored audit row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct AuditRow {
    pub seq: i64,
    pub id: Uuid,
    pub ts: i64,
    pub actor_type: String,
    pub actor_id: Option<String>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub request_id: Option<String>,
    pub action: String,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub outcome: String,
    pub reason: Option<String>,
    /// JSON text, hashed as stored.
    pub metadata: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The part of a row the hash covers.
#[derive(Serialize)]
pub(crate) struct Hashed<'a> {
    pub seq: i64,
    pub id: Uuid,
    pub ts: i64,
    pub actor_type: &'a str,
    pub actor_id: Option<&'a str>,
    pub ip: Option<&'a str>,
    pub user_agent: Option<&'a str>,
    pub request_id: Option<&'a str>,
    pub action: &'a str,
    pub target_type: Option<&'a str>,
    pub target_id: Option<&'a str>,
    pub outcome: &'a str,
    pub reason: Option<&'a str>,
    pub metadata: &'a str,
}

impl AuditRow {
    fn hashed(&self) -> Hashed<'_> {
        Hashed {
            seq: self.seq,
            id: self.id,
            ts: self.ts,
            actor_type: &self.actor_type,
            actor_id: self.actor_id.as_deref(),
            ip: self.ip.as_deref(),
            user_agent: self.user_agent.as_deref(),
            request_id: self.request_id.as_deref(),
            action: &self.action,
            target_type: self.target_type.as_deref(),
            target_id: self.target_id.as_deref(),
            outcome: &self.outcome,
            reason: self.reason.as_deref(),
            metadata: &self.metadata,
        }
    }

    /// The row as the chain verifier sees it; unparsable hashes become all-ones so the
    /// verifier reports the row as altered.
    pub fn link(&self) -> Link {
        let parse = |h: &str| harbinger_ledger::parse_hash(h).unwrap_or([0xff; 32]);
        Link {
            seq: self.seq,
            canonical: harbinger_ledger::canonical_json(&self.hashed()).unwrap_or_default(),
            prev_hash: parse(&self.prev_hash),
            hash: parse(&self.hash),
            sealed: false,
        }
    }
}

/// Filters for reading the log (admin API).
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub after_seq: i64,
    pub limit: i64,
    pub action: Option<String>,
    pub actor_id: Option<String>,
    pub target_id: Option<String>,
}

/// Appends `$event` inside transaction `$tx` (a `&mut Transaction` of either backend),
/// taking the chain head's lock first. Evaluates to `Result<i64 /* seq */, StoreError>`.
macro_rules! append_audit {
    ($tx:expr, $now:expr, $event:expr) => {
        async {
            let ev: &$crate::AuditEvent = $event;
            let (seq, prev): (i64, String) = sqlx::query_as(
                "UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash",
            )
            .fetch_one(&mut **$tx)
            .await?;
            let id = uuid::Uuid::now_v7();
            let metadata = ev.metadata.to_string();
            let ua: Option<String> = ev.user_agent.as_ref().map(|u| u.chars().take(256).collect());
            let outcome = if ev.success { "success" } else { "failure" };
            let hashed = $crate::audit::Hashed {
                seq,
                id,
                ts: $now,
                actor_type: ev.actor_type.as_str(),
                actor_id: ev.actor_id.as_deref(),
                ip: ev.ip.as_deref(),
                user_agent: ua.as_deref(),
                request_id: ev.request_id.as_deref(),
                action: ev.action,
                target_type: ev.target_type,
                target_id: ev.target_id.as_deref(),
                outcome,
                reason: ev.reason.as_deref(),
                metadata: &metadata,
            };
            let canonical = harbinger_ledger::canonical_json(&hashed)
                .map_err(|e| $crate::StoreError::Corrupt(e.to_string()))?;
            let prev_hash = harbinger_ledger::parse_hash(&prev)
                .ok_or_else(|| $crate::StoreError::Corrupt("audit_head.hash is not hex".into()))?;
            let hash = hex::encode(harbinger_ledger::chain_hash(&prev_hash, &canonical));
            sqlx::query(
                "INSERT INTO audit_log (seq, id, ts, actor_type, actor_id, ip, user_agent, \
                 request_id, action, target_type, target_id, outcome, reason, metadata, \
                 prev_hash, hash) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
            )
            .bind(seq)
            .bind(id)
            .bind($now)
            .bind(ev.actor_type.as_str())
            .bind(&ev.actor_id)
            .bind(&ev.ip)
            .bind(&ua)
            .bind(&ev.request_id)
            .bind(ev.action)
            .bind(ev.target_type)
            .bind(&ev.target_id)
            .bind(outcome)
            .bind(&ev.reason)
            .bind(&metadata)
            .bind(&prev)
            .bind(&hash)
            .execute(&mut **$tx)
            .await?;
            sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
                .bind(&hash)
                .execute(&mut **$tx)
                .await?;
            Ok::<i64, $crate::StoreError>(seq)
        }
        .await
    };
}

impl Store {
    /// Records an event that has no other write (a failed login, a refused request).
    pub async fn audit(&self, event: &AuditEvent) -> Result<i64, StoreError> {
        let now = self.now_ms();
        db_run!(self, pool => {
            let mut tx = pool.begin().await?;
            let seq = append_audit!(&mut tx, now, event)?;
            tx.commit().await?;
            Ok(seq)
        })
    }

    /// Rows in seq order after `q.after_seq`, filtered.
    pub async fn audit_rows(&self, q: &AuditQuery) -> Result<Vec<AuditRow>, StoreError> {
        let rows = db_run!(self, pool => {
            sqlx::query_as(
                "SELECT seq, id, ts, actor_type, actor_id, ip, user_agent, request_id, action, \
                 target_type, target_id, outcome, reason, metadata, prev_hash, hash \
                 FROM audit_log WHERE seq > $1 \
                 AND ($2 IS NULL OR action = $2) AND ($3 IS NULL OR actor_id = $3) \
                 AND ($4 IS NULL OR target_id = $4) ORDER BY seq LIMIT $5",
            )
            .bind(q.after_seq)
            .bind(&q.action)
            .bind(&q.actor_id)
            .bind(&q.target_id)
            .bind(q.limit)
            .fetch_all(pool)
            .await?
        });
        Ok(rows)
    }

    /// The current head (seq, hash) of the chain as the head row records it.
    pub async fn audit_head(&self) -> Result<(i64, Hash), StoreError> {
        let (seq, hash): (i64, String) = db_run!(self, pool => {
            sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
                .fetch_one(pool)
                .await?
        });
        let hash = harbinger_ledger::parse_hash(&hash)
            .ok_or_else(|| StoreError::Corrupt("audit_head.hash is not hex".into()))?;
        Ok((seq, hash))
    }

    /// Stores a signed checkpoint; a second one at the same seq is ignored.
    pub async fn add_audit_checkpoint(&self, c: &Checkpoint) -> Result<(), StoreError> {
        db_run!(self, pool => {
            sqlx::query(
                "INSERT INTO audit_checkpoints (seq, hash, time_ms, signature) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (seq) DO NOTHING",
            )
            .bind(c.seq)
            .bind(hex::encode(c.hash))
            .bind(c.time_ms)
            .bind(&c.signature)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// The seq of the newest checkpoint of the audit chain (0 when there is none).
    pub async fn latest_audit_checkpoint_seq(&self) -> Result<i64, StoreError> {
        let (seq,): (i64,) = db_run!(self, pool => {
            sqlx::query_as("SELECT COALESCE(MAX(seq), 0) FROM audit_checkpoints")
                .fetch_one(pool)
                .await?
        });
        Ok(seq)
    }

    /// Every stored checkpoint of the audit chain, by seq.
    pub async fn audit_checkpoints(&self) -> Result<Vec<Checkpoint>, StoreError> {
        let rows: Vec<(i64, String, i64, String)> = db_run!(self, pool => {
            sqlx::query_as("SELECT seq, hash, time_ms, signature FROM audit_checkpoints ORDER BY seq")
                .fetch_all(pool)
                .await?
        });
        Ok(rows
            .into_iter()
            .map(|(seq, hash, time_ms, signature)| Checkpoint {
                chain: "audit".into(),
                seq,
                // A mangled stored hash fails the comparison with the chain, as it should.
                hash: harbinger_ledger::parse_hash(&hash).unwrap_or([0xff; 32]),
                time_ms,
                signature,
            })
            .collect())
    }
}

/// Rows read per query while verifying the audit log.
const VERIFY_BATCH: i64 = 5_000;

impl Store {
    /// Walks the whole audit log in pages, recomputing its hash chain, and checks the signed
    /// checkpoints with `key` (without one, only the chain itself is checked). The outer error
    /// is a failure to read; the inner one the first break, naming its seq. Rows missing past
    /// the head row's seq are a truncation even before the next checkpoint is signed.
    pub async fn verify_audit_log(
        &self,
        key: Option<&harbinger_ledger::CheckpointVerifier>,
    ) -> Result<Result<harbinger_ledger::Verified, harbinger_ledger::Break>, StoreError> {
        use harbinger_ledger::{Break, ChainVerifier, CheckpointKey};
        let checkpoints = match key {
            Some(_) => self.audit_checkpoints().await?,
            None => Vec::new(),
        };
        // Without a key there are no checkpoints to check, so any verifier will do.
        let none = CheckpointKey::from_bytes(&[0; 32]).verifier();
        let mut chain = match ChainVerifier::new(&checkpoints, key.unwrap_or(&none)) {
            Ok(c) => c,
            Err(b) => return Ok(Err(b)),
        };
        let mut after = 0;
        loop {
            let rows = self
                .audit_rows(&AuditQuery {
                    after_seq: after,
                    limit: VERIFY_BATCH,
                    ..AuditQuery::default()
                })
                .await?;
            let Some(last) = rows.last() else { break };
            after = last.seq;
            for row in &rows {
                if let Err(b) = chain.push(&row.link()) {
                    return Ok(Err(b));
                }
            }
        }
        let (head_seq, _) = self.audit_head().await?;
        Ok(match chain.finish() {
            Ok(v) if head_seq > v.head_seq => Err(Break::Truncated {
                seq: head_seq,
                last: v.head_seq,
            }),
            other => other,
        })
    }
}
