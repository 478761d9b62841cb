use harbinger_core::Plan;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::on_unique;
use crate::{AuditEvent, Store, StoreError};

/// An account's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    User,
    Admin,
}

impl Role {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::User => "user",
            Self::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Result<Self, StoreError> {
        match s {
            "user" => Ok(Self::User),
            "admin" => Ok(Self::Admin),
            other => Err(StoreError::Corrupt(format!("unknown role {other:?}"))),
        }
    }
}

/// A stored account. The password hash never leaves the store crate's callers that need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: Uuid,
    pub email: String,
    pub password_hash: Option<String>,
    pub role: Role,
    pub plan: Plan,
    pub created_at: i64,
    pub updated_at: i64,
    pub email_verified_at: Option<i64>,
    pub disabled_at: Option<i64>,
    pub totp_enabled_at: Option<i64>,
    /// The Stripe subscription status behind `plan` (`active`, `past_due`, `canceled`, …);
    /// `None` when no subscription ever reached Harbinger and the plan was set by hand.
    pub billing_status: Option<String>,
}

impl User {
    /// True once the owner has shown the address is theirs (a mailed link, a reset, or an
    /// operator's `users create`).
    pub fn verified(&self) -> bool {
        self.email_verified_at.is_some()
    }
}

/// What creating an account needs; the email must already be normalised by the caller.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    pub password_hash: Option<String>,
    pub role: Role,
    pub plan: Plan,
    /// The address is known to be the owner's already (an operator created the account).
    pub email_verified: bool,
}

#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    id: Uuid,
    email: String,
    password_hash: Option<String>,
    role: String,
    plan: String,
    created_at: i64,
    updated_at: i64,
    email_verified_at: Option<i64>,
    disabled_at: Option<i64>,
    totp_enabled_at: Option<i64>,
    billing_status: Option<String>,
}

/// Columns of [`UserRow`], for every query that reads a user (a macro, so `concat!` can
/// build `&'static str` queries from it).
macro_rules! user_columns {
    ($p:literal) => {
        concat!(
            $p,
            "id, ",
            $p,
            "email, ",
            $p,
            "password_hash, ",
            $p,
            "role, ",
            $p,
            "plan, ",
            $p,
            "created_at, ",
            $p,
            "updated_at, ",
            $p,
            "email_verified_at, ",
            $p,
            "disabled_at, ",
            $p,
            "totp_enabled_at, ",
            $p,
            "billing_status"
        )
    };
}

impl TryFrom<UserRow> for User {
    type Error = StoreError;
    fn try_from(r: UserRow) -> Result<Self, StoreError> {
        Ok(Self {
            id: r.id,
            email: r.email,
            password_hash: r.password_hash,
            role: Role::parse(&r.role)?,
            plan: Plan::parse(&r.plan).map_err(|e| StoreError::Corrupt(e.to_string()))?,
            created_at: r.created_at,
            updated_at: r.updated_at,
            email_verified_at: r.email_verified_at,
            disabled_at: r.disabled_at,
            totp_enabled_at: r.totp_enabled_at,
            billing_status: r.billing_status,
        })
    }
}

impl Store {
    /// Creates an account and records `audit` (targeting the new id) in the same
    /// transaction; a taken email gives `Conflict("users_email_key")`.
    pub async fn create_user(&self, new: &NewUser, audit: &AuditEvent) -> Result<User, StoreError> {
        let now = self.now_ms();
        let id = Uuid::now_v7();
        let audit = audit.clone().target("user", id);
        let verified_at = new.email_verified.then_some(now);
        db_run!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "INSERT INTO users (id, email, password_hash, role, plan, created_at, updated_at, \
                 email_verified_at) VALUES ($1, $2, $3, $4, $5, $6, $6, $7)",
            )
            .bind(id)
            .bind(&new.email)
            .bind(&new.password_hash)
            .bind(new.role.as_str())
            .bind(new.plan.as_str())
            .bind(now)
            .bind(verified_at)
            .execute(&mut *tx)
            .await
            .map_err(|e| on_unique(e, "users_email_key"))?;
            append_audit!(&mut tx, now, &audit)?;
            tx.commit().await?;
        });
        Ok(User {
            id,
            email: new.email.clone(),
            password_hash: new.password_hash.clone(),
            role: new.role,
            plan: new.plan,
            created_at: now,
            updated_at: now,
            email_verified_at: verified_at,
            disabled_at: None,
            totp_enabled_at: None,
            billing_status: None,
        })
    }

    pub async fn user_by_email(&self, email: &str) -> Result<Option<User>, StoreError> {
        let row: Option<UserRow> = db_run!(self, pool => {
            sqlx::query_as(
                concat!("SELECT ", user_columns!(""), " FROM users WHERE email = $1"),
            )
            .bind(email)
            .fetch_optional(pool)
            .await?
        });
        row.map(User::try_from).transpose()
    }

    /// Sets a user's plan and records `audit` with it; false when no account has that email.
    pub async fn set_user_plan(
        &self,
        email: &str,
        plan: Plan,
        audit: &AuditEvent,
    ) -> Result<bool, StoreError> {
        let now = self.now_ms();
        db_run!(self, pool => {
            let mut tx = pool.begin().await?;
            let id: Option<Uuid> = sqlx::query_scalar(
                "UPDATE users SET plan = $1, updated_at = $2 WHERE email = $3 RETURNING id",
            )
            .bind(plan.as_str())
            .bind(now)
            .bind(email)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(id) = id else { return Ok(false) };
            let audit = audit.clone().target("user", id);
            append_audit!(&mut tx, now, &audit)?;
            tx.commit().await?;
        });
        Ok(true)
    }
}
