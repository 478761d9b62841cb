//! Account changes beyond creation. Every change that is a security event takes the audit
//! event and writes it in the same transaction (no action without its row, and no row
//! without its action). Each transaction writes first, so SQLite takes its write lock at once.

use harbinger_core::Plan;
use uuid::Uuid;

use crate::api_keys::REVOKE_USER_KEYS;
use crate::users::UserRow;
use crate::{AuditEvent, Role, Store, StoreError, User};

/// Secrets of an account, read only to check a credential.
#[derive(Debug, Clone, Default)]
pub struct UserSecrets {
    pub password_hash: Option<String>,
    pub totp_secret: Option<String>,
}

impl Store {
    pub async fn user_by_id(&self, id: Uuid) -> Result<Option<User>, StoreError> {
        let row: Option<UserRow> = db_run!(self, pool => {
            sqlx::query_as(concat!("SELECT ", user_columns!(""), " FROM users WHERE id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        row.map(User::try_from).transpose()
    }

    /// Accounts by creation order after `after` (admin listing).
    pub async fn list_users(
        &self,
        after: Option<Uuid>,
        limit: i64,
    ) -> Result<Vec<User>, StoreError> {
        let rows: Vec<UserRow> = db_run!(self, pool => {
            sqlx::query_as(concat!(
                "SELECT ", user_columns!(""), " FROM users WHERE ($1 IS NULL OR id > $1) ORDER BY id LIMIT $2"
            ))
            .bind(after)
            .bind(limit)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(User::try_from).collect()
    }

    pub async fn user_secrets(&self, id: Uuid) -> Result<UserSecrets, StoreError> {
        let row: Option<(Option<String>, Option<String>)> = db_run!(self, pool => {
            sqlx::query_as("SELECT password_hash, totp_secret FROM users WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        Ok(row
            .map(|(password_hash, totp_secret)| UserSecrets {
                password_hash,
                totp_secret,
            })
            .unwrap_or_default())
    }

    /// Replaces the password hash, revokes every API key and ends every session except `keep`
    /// (the one that made the change, when the user chose to stay logged in there).
    pub async fn set_password(
        &self,
        user: Uuid,
        hash: &str,
        keep: Option<Uuid>,
        audit: &AuditEvent,
    ) -> Result<(), StoreError> {
        let now = self.now_ms();
        db_run!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
                .bind(hash).bind(now).bind(user).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND ($2 IS NULL OR id <> $2)")
                .bind(user).bind(keep).execute(&mut *tx).await?;
            sqlx::query(REVOKE_USER_KEYS).bind(now).bind(user).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM account_tokens WHERE user_id = $1 AND purpose = 'reset_password'")
                .bind(user).execute(&mut *tx).await?;
            append_audit!(&mut tx, now, audit)?;
            tx.commit().await?;
        });
        Ok(())
    }

    pub async fn set_role(
        &self,
        user: Uuid,
        role: Role,
        audit: &AuditEvent,
    ) -> Result<bool, StoreError> {
        self.update_user_field(user, UserField::Role(role), audit)
            .await
    }

    pub async fn set_plan(
        &self,
        user: Uuid,
        plan: Plan,
        audit: &AuditEvent,
    ) -> Result<bool, StoreError> {
        self.update_user_field(user, UserField::Plan(plan), audit)
            .await
    }

    /// Disables (and logs out everywhere) or re-enables an account.
    pub async fn set_disabled(
        &self,
        user: Uuid,
        disabled: bool,
        audit: &AuditEvent,
    ) -> Result<bool, StoreError> {
        self.update_user_field(user, UserField::Disabled(disabled), audit)
            .await
    }

    pub async fn mark_email_verified(
        &self,
        user: Uuid,
        audit: &AuditEvent,
    ) -> Result<bool, StoreError> {
        self.update_user_field(user, UserField::Verified, audit)
            .await
    }

    async fn update_user_field(
        &self,
        user: Uuid,
        field: UserField,
        audit: &AuditEvent,
    ) -> Result<bool, StoreError> {
        let now = self.now_ms();
        db_run!(self, pool => {
            let mut tx = pool.begin().await?;
            let q = match field {
                UserField::Role(r) => sqlx::query("UPDATE users SET role = $1, updated_at = $2 WHERE id = $3").bind(r.as_str()),
                UserField::Plan(p) => sqlx::query("UPDATE users SET plan = $1, updated_at = $2 WHERE id = $3").bind(p.as_str()),
                UserField::Disabled(true) => sqlx::query("UPDATE users SET disabled_at = $2, updated_at = $2 WHERE id = $3 AND $1 = 1").bind(1_i64),
                UserField::Disabled(false) => sqlx::query("UPDATE users SET disabled_at = NULL, updated_at = $2 WHERE id = $3 AND $1 = 1").bind(1_i64),
                UserField::Verified => sqlx::query("UPDATE users SET email_verified_at = COALESCE(email_verified_at, $2), updated_at = $2 WHERE id = $3 AND $1 = 1").bind(1_i64),
            };
            let n = q.bind(now).bind(user).execute(&mut *tx).await?.rows_affected();
            if n == 0 {
                return Ok(false);
            }
            if matches!(field, UserField::Disabled(true)) {
                sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user).execute(&mut *tx).await?;
            }
            append_audit!(&mut tx, now, audit)?;
            tx.commit().await?;
        });
        Ok(true)
    }

    /// Deletes an account and everything it owns (sessions, keys, tokens cascade). Its audit
    /// rows stay: they are the record that it existed.
    pub async fn delete_user(&self, user: Uuid, audit: &AuditEvent) -> Result<(), StoreError> {
        let now = self.now_ms();
        db_run!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("DELETE FROM users WHERE id = $1").bind(user).execute(&mut *tx).await?;
            append_audit!(&mut tx, now, audit)?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Free-plan accounts whose address was never verified and that were created before
    /// `before` (ms), oldest first, at most `limit`.
    pub async fn stale_unverified_users(
        &self,
        before: i64,
        limit: i64,
    ) -> Result<Vec<Uuid>, StoreError> {
        let rows: Vec<(Uuid,)> = db_run!(self, pool => {
            sqlx::query_as(
                "SELECT id FROM users WHERE email_verified_at IS NULL AND plan = 'free' \
                 AND created_at < $1 ORDER BY created_at LIMIT $2",
            )
            .bind(before).bind(limit).fetch_all(pool).await?
        });
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }

    /// Deletes `user` with `audit` if its address is still unverified and it is still on the
    /// free plan (a verification or a plan change since it was listed keeps it).
    pub async fn delete_unverified_user(
        &self,
        user: Uuid,
        audit: &AuditEvent,
    ) -> Result<bool, StoreError> {
        let now = self.now_ms();
        db_run!(self, pool => {
            let mut tx = pool.begin().await?;
            let n = sqlx::query(
                "DELETE FROM users WHERE id = $1 AND email_verified_at IS NULL AND plan = 'free'",
            )
            .bind(user).execute(&mut *tx).await?.rows_affected();
            if n == 0 {
                return Ok(false);
            }
            append_audit!(&mut tx, now, audit)?;
            tx.commit().await?;
        });
        Ok(true)
    }

    /// Stores a TOTP secret awaiting confirmation (enrolment not finished: not yet enforced).
    pub async fn set_pending_totp(&self, user: Uuid, secret: &str) -> Result<(), StoreError> {
        db_run!(self, pool => {
            sqlx::query("UPDATE users SET totp_secret = $1, totp_enabled_at = NULL, totp_last_step = NULL WHERE id = $2")
                .bind(secret).bind(user).execute(pool).await?;
        });
        Ok(())
    }

    /// Turns two-factor on with fresh recovery codes (hashes), replacing any old codes.
    pub async fn enable_totp(
        &self,
        user: Uuid,
        code_hashes: &[String],
        audit: &AuditEvent,
    ) -> Result<(), StoreError> {
        let now = self.now_ms();
        db_run!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("UPDATE users SET totp_enabled_at = $1, updated_at = $1 WHERE id = $2")
                .bind(now).bind(user).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(user).execute(&mut *tx).await?;
            for h in code_hashes {
                sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
                    .bind(user).bind(h).execute(&mut *tx).await?;
            }
            append_audit!(&mut tx, now, audit)?;
            tx.commit().await?;
        });
        Ok(())
    }

    pub async fn disable_totp(&self, user: Uuid, audit: &AuditEvent) -> Result<(), StoreError> {
        let now = self.now_ms();
        db_run!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("UPDATE users SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL, updated_at = $1 WHERE id = $2")
                .bind(now).bind(user).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(user).execute(&mut *tx).await?;
            append_audit!(&mut tx, now, audit)?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Accepts TOTP time step `step` once: false when it (or a later one) was already used.
    pub async fn accept_totp_step(&self, user: Uuid, step: i64) -> Result<bool, StoreError> {
        let n = db_run!(self, pool => {
            sqlx::query("UPDATE users SET totp_last_step = $1 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)")
                .bind(step).bind(user).execute(pool).await?.rows_affected()
        });
        Ok(n == 1)
    }

    /// Uses a recovery code (by hash) once; false when unknown or already used.
    pub async fn use_recovery_code(&self, user: Uuid, code_hash: &str) -> Result<bool, StoreError> {
        let now = self.now_ms();
        let n = db_run!(self, pool => {
            sqlx::query("UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL")
                .bind(now).bind(user).bind(code_hash).execute(pool).await?.rows_affected()
        });
        Ok(n == 1)
    }
}

#[derive(Clone, Copy)]
enum UserField {
    Role(Role),
    Plan(Plan),
    Disabled(bool),
    Verified,
}
