//! Single-use tokens sent by email (verification, password reset, email change) and the dev
//! mailbox that holds mail when no SMTP server is configured.

use serde::Serialize;
use uuid::Uuid;

use crate::error::on_unique;
use crate::{AuditEvent, Store, StoreError};

/// What a mailed token is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    VerifyEmail,
    ResetPassword,
    ChangeEmail,
}

impl TokenPurpose {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::VerifyEmail => "verify_email",
            Self::ResetPassword => "reset_password",
            Self::ChangeEmail => "change_email",
        }
    }
}

/// A mail kept in the dev mailbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct DevMail {
    pub id: Uuid,
    pub to_addr: String,
    pub subject: String,
    pub body: String,
    pub created_at: i64,
}

impl Store {
    /// Stores a token hash for `user`, valid until `expires_at`.
    pub async fn create_account_token(
        &self,
        user: Uuid,
        token_hash: &str,
        purpose: TokenPurpose,
        new_email: Option<&str>,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        let now = self.now_ms();
        db_run!(self, pool => {
            sqlx::query(
                "INSERT INTO account_tokens (token_hash, user_id, purpose, new_email, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(token_hash).bind(user).bind(purpose.as_str()).bind(new_email).bind(now).bind(expires_at)
            .execute(pool).await?;
        });
        Ok(())
    }

    /// Uses a live token, applies its effect and writes `audit`, all in one transaction.
    /// Verification marks the email verified; a reset sets `password_hash` (and marks the
    /// email verified: the link reached it), ends every session and revokes every API key; an email change moves the account to the new
    /// address. `None` when the token is unknown, used, expired or for another purpose.
    pub async fn redeem_account_token(
        &self,
        token_hash: &str,
        purpose: TokenPurpose,
        password_hash: Option<&str>,
        audit: &AuditEvent,
    ) -> Result<Option<Uuid>, StoreError> {
        let now = self.now_ms();
        db_run!(self, pool => {
            let mut tx = pool.begin().await?;
            let found: Option<(Uuid, Option<String>)> = sqlx::query_as(
                "UPDATE account_tokens SET used_at = $1 WHERE token_hash = $2 AND purpose = $3 \
                 AND used_at IS NULL AND expires_at > $1 RETURNING user_id, new_email",
            )
            .bind(now).bind(token_hash).bind(purpose.as_str())
            .fetch_optional(&mut *tx).await?;
            let Some((user, new_email)) = found else { return Ok(None) };
            match purpose {
                TokenPurpose::VerifyEmail => {
                    sqlx::query("UPDATE users SET email_verified_at = COALESCE(email_verified_at, $1) WHERE id = $2")
                        .bind(now).bind(user).execute(&mut *tx).await?;
                }
                TokenPurpose::ResetPassword => {
                    // The link reached the inbox: the address is proven too.
                    sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2, email_verified_at = COALESCE(email_verified_at, $2) WHERE id = $3")
                        .bind(password_hash).bind(now).bind(user).execute(&mut *tx).await?;
                    sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user).execute(&mut *tx).await?;
                    sqlx::query(crate::api_keys::REVOKE_USER_KEYS).bind(now).bind(user).execute(&mut *tx).await?;
                }
                TokenPurpose::ChangeEmail => {
                    sqlx::query("UPDATE users SET email = $1, email_verified_at = $2, updated_at = $2 WHERE id = $3")
                        .bind(new_email).bind(now).bind(user).execute(&mut *tx).await
                        .map_err(|e| on_unique(e, "users_email_key"))?;
                }
            }
            let audit = audit.clone().target("user", user);
            let mut audit = audit;
            audit.actor_id.get_or_insert_with(|| user.to_string());
            append_audit!(&mut tx, now, &audit)?;
            tx.commit().await?;
            Ok(Some(user))
        })
    }

    /// Keeps a mail in the dev mailbox.
    pub async fn deliver_dev_mail(
        &self,
        to: &str,
        subject: &str,
        body: &str,
    ) -> Result<(), StoreError> {
        let now = self.now_ms();
        db_run!(self, pool => {
            sqlx::query("INSERT INTO dev_mailbox (id, to_addr, subject, body, created_at) VALUES ($1, $2, $3, $4, $5)")
                .bind(Uuid::now_v7()).bind(to).bind(subject).bind(body).bind(now)
                .execute(pool).await?;
        });
        Ok(())
    }

    /// The newest mails, optionally only those to `to`.
    pub async fn dev_mail(&self, to: Option<&str>, limit: i64) -> Result<Vec<DevMail>, StoreError> {
        let rows = db_run!(self, pool => {
            sqlx::query_as(
                "SELECT id, to_addr, subject, body, created_at FROM dev_mailbox \
                 WHERE ($1 IS NULL OR to_addr = $1) ORDER BY created_at DESC, id DESC LIMIT $2",
            )
            .bind(to).bind(limit).fetch_all(pool).await?
        });
        Ok(rows)
    }
}
