//! Server-side sessions. The cookie carries a random token; only its SHA-256 is stored, so a
//! leaked table does not yield working sessions.

use serde::Serialize;
use uuid::Uuid;

use crate::users::UserRow;
use crate::{AuditEvent, Store, StoreError, User};

/// A stored session (without its token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Session {
    pub id: Uuid,
    pub user_id: Uuid,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub expires_at: i64,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// What a new session needs.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token_hash: String,
    pub user_id: Uuid,
    /// Absolute end of life, Unix ms.
    pub expires_at: i64,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// A session joined with its user; session columns carry an `s_` prefix so the two `id`
/// and `created_at` columns do not collide.
#[derive(sqlx::FromRow)]
struct SessionUserRow {
    s_id: Uuid,
    s_created_at: i64,
    s_last_seen_at: i64,
    s_expires_at: i64,
    s_ip: Option<String>,
    s_user_agent: Option<String>,
    #[sqlx(flatten)]
    user: UserRow,
}

impl Store {
    /// Creates a session and records `audit` (the login) in the same transaction.
    pub async fn create_session(
        &self,
        new: &NewSession,
        audit: &AuditEvent,
    ) -> Result<Session, StoreError> {
        let now = self.now_ms();
        let id = Uuid::now_v7();
        let ua: Option<String> = new
            .user_agent
            .as_ref()
            .map(|u| u.chars().take(256).collect());
        db_run!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "INSERT INTO sessions (id, token_hash, user_id, created_at, last_seen_at, expires_at, ip, user_agent) \
                 VALUES ($1, $2, $3, $4, $4, $5, $6, $7)",
            )
            .bind(id).bind(&new.token_hash).bind(new.user_id).bind(now).bind(new.expires_at)
            .bind(&new.ip).bind(&ua)
            .execute(&mut *tx).await?;
            append_audit!(&mut tx, now, audit)?;
            tx.commit().await?;
        });
        Ok(Session {
            id,
            user_id: new.user_id,
            created_at: now,
            last_seen_at: now,
            expires_at: new.expires_at,
            ip: new.ip.clone(),
            user_agent: ua,
        })
    }

    /// The session with this token hash and its user, whatever its age (the caller applies
    /// the idle and absolute limits, which are configuration).
    pub async fn session_by_token(
        &self,
        token_hash: &str,
    ) -> Result<Option<(Session, User)>, StoreError> {
        let row: Option<SessionUserRow> = db_run!(self, pool => {
            sqlx::query_as(concat!(
                "SELECT s.id AS s_id, s.created_at AS s_created_at, s.last_seen_at AS s_last_seen_at, ",
                "s.expires_at AS s_expires_at, s.ip AS s_ip, s.user_agent AS s_user_agent, ",
                user_columns!("u."),
                " FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1"
            ))
            .bind(token_hash)
            .fetch_optional(pool)
            .await?
        });
        row.map(|r| {
            let user = User::try_from(r.user)?;
            let session = Session {
                id: r.s_id,
                user_id: user.id,
                created_at: r.s_created_at,
                last_seen_at: r.s_last_seen_at,
                expires_at: r.s_expires_at,
                ip: r.s_ip,
                user_agent: r.s_user_agent,
            };
            Ok((session, user))
        })
        .transpose()
    }

    /// Records activity on a session (callers throttle this to keep reads cheap).
    pub async fn touch_session(&self, id: Uuid) -> Result<(), StoreError> {
        let now = self.now_ms();
        db_run!(self, pool => {
            sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id = $2")
                .bind(now).bind(id).execute(pool).await?;
        });
        Ok(())
    }

    /// Deletes one session (expired, or logged out; `audit` is written when given).
    pub async fn delete_session(
        &self,
        id: Uuid,
        audit: Option<&AuditEvent>,
    ) -> Result<(), StoreError> {
        let now = self.now_ms();
        db_run!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("DELETE FROM sessions WHERE id = $1").bind(id).execute(&mut *tx).await?;
            if let Some(a) = audit {
                append_audit!(&mut tx, now, a)?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// Ends every session of `user` except `keep`; returns how many ended.
    pub async fn delete_other_sessions(
        &self,
        user: Uuid,
        keep: Option<Uuid>,
        audit: &AuditEvent,
    ) -> Result<u64, StoreError> {
        let now = self.now_ms();
        db_run!(self, pool => {
            let mut tx = pool.begin().await?;
            let n = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND ($2 IS NULL OR id <> $2)")
                .bind(user).bind(keep).execute(&mut *tx).await?.rows_affected();
            append_audit!(&mut tx, now, audit)?;
            tx.commit().await?;
            Ok(n)
        })
    }

    /// Ends one of `user`'s sessions by id; false when it is not theirs or does not exist.
    pub async fn delete_user_session(
        &self,
        user: Uuid,
        id: Uuid,
        audit: &AuditEvent,
    ) -> Result<bool, StoreError> {
        let now = self.now_ms();
        db_run!(self, pool => {
            let mut tx = pool.begin().await?;
            let n = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id = $2")
                .bind(user).bind(id).execute(&mut *tx).await?.rows_affected();
            if n == 0 {
                return Ok(false);
            }
            append_audit!(&mut tx, now, audit)?;
            tx.commit().await?;
        });
        Ok(true)
    }

    /// The user's sessions, newest first.
    pub async fn list_sessions(&self, user: Uuid) -> Result<Vec<Session>, StoreError> {
        let rows = db_run!(self, pool => {
            sqlx::query_as(
                "SELECT id, user_id, created_at, last_seen_at, expires_at, ip, user_agent \
                 FROM sessions WHERE user_id = $1 ORDER BY created_at DESC",
            )
            .bind(user)
            .fetch_all(pool)
            .await?
        });
        Ok(rows)
    }

    /// Removes sessions whose absolute lifetime ended or that were idle past `idle_cutoff`.
    pub async fn prune_sessions(&self, idle_cutoff: i64) -> Result<u64, StoreError> {
        let now = self.now_ms();
        let n = db_run!(self, pool => {
            sqlx::query("DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at < $2")
                .bind(now).bind(idle_cutoff).execute(pool).await?.rows_affected()
        });
        Ok(n)
    }
}
