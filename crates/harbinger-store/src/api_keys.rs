//! API keys: the whole key is shown once; the store keeps its SHA-256 and a visible prefix.

use serde::Serialize;
use uuid::Uuid;

use crate::users::UserRow;
use crate::{AuditEvent, Store, StoreError, User};

/// A stored API key (never its secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct ApiKey {
    pub id: Uuid,
    pub user_id: Uuid,
    pub name: String,
    pub prefix: String,
    /// `read` or `read,write`.
    pub scopes: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

impl ApiKey {
    pub fn can_write(&self) -> bool {
        self.scopes == "read,write"
    }
}

/// What a new key needs.
#[derive(Debug, Clone)]
pub struct NewApiKey {
    pub id: Uuid,
    pub user_id: Uuid,
    pub name: String,
    pub prefix: String,
    pub secret_hash: String,
    pub scopes: String,
}

/// A key joined with its owner; key columns carry a `k_` prefix (see sessions.rs).
#[derive(sqlx::FromRow)]
struct KeyUserRow {
    k_id: Uuid,
    k_name: String,
    k_prefix: String,
    k_scopes: String,
    k_created_at: i64,
    k_last_used_at: Option<i64>,
    #[sqlx(flatten)]
    user: UserRow,
}

/// Revokes every live key of a user (`$1` now, `$2` the user): a password change or reset
/// ends what the old password could have minted.
pub(crate) const REVOKE_USER_KEYS: &str =
    "UPDATE api_keys SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL";

impl Store {
    /// Creates a key if the user holds fewer than `max_active` live keys (checked in the same
    /// transaction); `Ok(None)` when the limit is reached.
    pub async fn create_api_key(
        &self,
        new: &NewApiKey,
        max_active: i64,
        audit: &AuditEvent,
    ) -> Result<Option<ApiKey>, StoreError> {
        let now = self.now_ms();
        db_run!(self, pool => {
            let mut tx = pool.begin().await?;
            // Insert first (takes SQLite's write lock), then count including the new one.
            sqlx::query(
                "INSERT INTO api_keys (id, user_id, name, prefix, secret_hash, scopes, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(new.id).bind(new.user_id).bind(&new.name).bind(&new.prefix)
            .bind(&new.secret_hash).bind(&new.scopes).bind(now)
            .execute(&mut *tx).await?;
            let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM api_keys WHERE user_id = $1 AND revoked_at IS NULL")
                .bind(new.user_id).fetch_one(&mut *tx).await?;
            if n > max_active {
                return Ok(None);
            }
            append_audit!(&mut tx, now, audit)?;
            tx.commit().await?;
        });
        Ok(Some(ApiKey {
            id: new.id,
            user_id: new.user_id,
            name: new.name.clone(),
            prefix: new.prefix.clone(),
            scopes: new.scopes.clone(),
            created_at: now,
            last_used_at: None,
            revoked_at: None,
        }))
    }

    /// The live (not revoked) key with this hash and its owner.
    pub async fn api_key_by_hash(
        &self,
        secret_hash: &str,
    ) -> Result<Option<(ApiKey, User)>, StoreError> {
        let row: Option<KeyUserRow> = db_run!(self, pool => {
            sqlx::query_as(concat!(
                "SELECT k.id AS k_id, k.name AS k_name, k.prefix AS k_prefix, k.scopes AS k_scopes, ",
                "k.created_at AS k_created_at, k.last_used_at AS k_last_used_at, ",
                user_columns!("u."),
                " FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.secret_hash = $1 AND k.revoked_at IS NULL"
            ))
            .bind(secret_hash)
            .fetch_optional(pool)
            .await?
        });
        row.map(|r| {
            let user = User::try_from(r.user)?;
            let key = ApiKey {
                id: r.k_id,
                user_id: user.id,
                name: r.k_name,
                prefix: r.k_prefix,
                scopes: r.k_scopes,
                created_at: r.k_created_at,
                last_used_at: r.k_last_used_at,
                revoked_at: None,
            };
            Ok((key, user))
        })
        .transpose()
    }

    pub async fn touch_api_key(&self, id: Uuid) -> Result<(), StoreError> {
        let now = self.now_ms();
        db_run!(self, pool => {
            sqlx::query("UPDATE api_keys SET last_used_at = $1 WHERE id = $2")
                .bind(now).bind(id).execute(pool).await?;
        });
        Ok(())
    }

    /// The user's keys, revoked ones included, newest first.
    pub async fn list_api_keys(&self, user: Uuid) -> Result<Vec<ApiKey>, StoreError> {
        let rows = db_run!(self, pool => {
            sqlx::query_as(
                "SELECT id, user_id, name, prefix, scopes, created_at, last_used_at, revoked_at \
                 FROM api_keys WHERE user_id = $1 ORDER BY created_at DESC, id DESC",
            )
            .bind(user).fetch_all(pool).await?
        });
        Ok(rows)
    }

    /// Revokes one of `user`'s live keys; false when it is not theirs, unknown or revoked.
    pub async fn revoke_api_key(
        &self,
        user: Uuid,
        id: Uuid,
        audit: &AuditEvent,
    ) -> Result<bool, StoreError> {
        let now = self.now_ms();
        db_run!(self, pool => {
            let mut tx = pool.begin().await?;
            let n = sqlx::query("UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL")
                .bind(now).bind(id).bind(user).execute(&mut *tx).await?.rows_affected();
            if n == 0 {
                return Ok(false);
            }
            append_audit!(&mut tx, now, audit)?;
            tx.commit().await?;
        });
        Ok(true)
    }
}
