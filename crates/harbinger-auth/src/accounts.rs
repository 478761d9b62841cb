//! The accounts service: every account operation, its checks, and its audit row. Logins
//! live in `login.rs`, credential checks in `credentials.rs`, the other account changes in
//! `account_ops.rs`.

use std::sync::Arc;

use harbinger_core::{Clock, Email};
use harbinger_store::{
    ActorType, AuditEvent, NewUser, Role, Store, StoreError, TokenPurpose, User,
};
use uuid::Uuid;

use crate::password::{Passwords, check_strength};
use crate::ratelimit::Limiter;
use crate::token::{hash_token, random_token};
use crate::{AuthError, AuthSettings, Mailer, SecretBox};

/// Where a request came from, for the audit log and per-IP limits.
#[derive(Debug, Clone, Default)]
pub struct RequestMeta {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub request_id: Option<String>,
}

/// How a request proved who it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    Session { id: Uuid },
    ApiKey { id: Uuid, write: bool },
}

/// A caller whose credential checked out.
///
/// `user.plan` is the plan in effect: an account whose address is not verified gets the
/// free plan's limits whatever its stored plan, so nobody can hold paid features, API keys
/// or webhooks on an address they have not shown is theirs.
#[derive(Debug, Clone)]
pub struct Authenticated {
    pub user: User,
    pub credential: Credential,
}

impl Authenticated {
    pub(crate) fn new(mut user: User, credential: Credential) -> Self {
        if !user.verified() {
            user.plan = harbinger_core::Plan::Free;
        }
        Self { user, credential }
    }
}

/// Registration, login, sessions and credentials; cheap to clone.
#[derive(Debug, Clone)]
pub struct Accounts {
    pub(crate) store: Store,
    pub(crate) passwords: Passwords,
    pub(crate) limiter: Limiter,
    pub(crate) settings: Arc<AuthSettings>,
    pub(crate) mailer: Mailer,
    /// Seals the TOTP seeds kept in the database and digests the recovery codes.
    pub(crate) secrets: SecretBox,
}

impl Accounts {
    pub fn new(
        store: Store,
        limiter: Limiter,
        settings: AuthSettings,
        mailer: Mailer,
        secrets: SecretBox,
    ) -> Self {
        Self {
            secrets,
            passwords: Passwords::new(&settings),
            store,
            limiter,
            settings: Arc::new(settings),
            mailer,
        }
    }

    pub fn settings(&self) -> &AuthSettings {
        &self.settings
    }

    pub fn limiter(&self) -> &Limiter {
        &self.limiter
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub(crate) fn clock(&self) -> &Arc<dyn Clock> {
        self.store.clock()
    }

    /// An audit event carrying the request's context and, when known, its actor.
    pub fn event(
        &self,
        meta: &RequestMeta,
        actor: Option<&Authenticated>,
        action: &'static str,
    ) -> AuditEvent {
        let mut ev = AuditEvent::system(action);
        ev.ip.clone_from(&meta.ip);
        ev.user_agent.clone_from(&meta.user_agent);
        ev.request_id.clone_from(&meta.request_id);
        match actor {
            Some(a) => {
                ev.actor_type = match a.credential {
                    Credential::Session { .. } => ActorType::User,
                    Credential::ApiKey { .. } => ActorType::ApiKey,
                };
                ev.actor_id = Some(a.user.id.to_string());
                if let Credential::ApiKey { id, .. } = a.credential {
                    ev.metadata = serde_json::json!({"api_key_id": id.to_string()});
                }
            }
            None => ev.actor_type = ActorType::Anonymous,
        }
        ev
    }

    /// Creates an account and mails a verification link. An email that is already taken
    /// gets a notice mail instead, and the caller sees the same answer (no enumeration).
    pub async fn register(
        &self,
        email: &str,
        password: String,
        meta: &RequestMeta,
    ) -> Result<Email, AuthError> {
        let email = Email::parse(email).map_err(|e| AuthError::Invalid(e.to_string()))?;
        check_strength(&password, &[email.as_str()]).map_err(|e| AuthError::Invalid(e.0))?;
        let hash = self.passwords.hash(password).await?;
        let new = NewUser {
            email: email.to_string(),
            password_hash: Some(hash),
            role: Role::User,
            plan: harbinger_core::Plan::Free,
            email_verified: false,
        };
        match self
            .store
            .create_user(&new, &self.event(meta, None, "user_registered"))
            .await
        {
            Ok(user) => {
                let token = random_token();
                let expires = self.clock().now_ms() + self.settings.verify_ttl_ms;
                self.store
                    .create_account_token(
                        user.id,
                        &hash_token(&token),
                        TokenPurpose::VerifyEmail,
                        None,
                        expires,
                    )
                    .await?;
                let link = format!("{}/verify-email?token={token}", self.settings.public_url);
                self.mailer
                    .send(
                        email.as_str(),
                        "Confirm your Harbinger email",
                        &format!("Confirm your email address: {link}\n"),
                    )
                    .await?;
            }
            Err(StoreError::Conflict(_)) => {
                self.mailer
                    .send(email.as_str(), "Someone tried to register with your email", "An account with this email already exists. If this was you, log in or reset your password.\n")
                    .await?;
            }
            Err(e) => return Err(e.into()),
        }
        Ok(email)
    }

    /// Confirms an email address from the mailed link.
    pub async fn verify_email(&self, token: &str, meta: &RequestMeta) -> Result<(), AuthError> {
        let ev = self.event(meta, None, "email_verified");
        self.store
            .redeem_account_token(&hash_token(token), TokenPurpose::VerifyEmail, None, &ev)
            .await?
            .map(|_| ())
            .ok_or(AuthError::InvalidToken)
    }

    /// Checks the caller's current password (re-authentication before sensitive changes).
    pub async fn reauthenticate(
        &self,
        auth: &Authenticated,
        password: String,
        meta: &RequestMeta,
    ) -> Result<(), AuthError> {
        let stored = self.store.user_secrets(auth.user.id).await?.password_hash;
        if self.passwords.verify(password, stored).await? {
            return Ok(());
        }
        let ev = self
            .event(meta, Some(auth), "authn_reauth_fail")
            .target("user", auth.user.id)
            .failed("wrong password");
        self.store.audit(&ev).await?;
        Err(AuthError::InvalidCredentials)
    }

    /// The user's TOTP seed, unsealed. One that does not open (the key was replaced, or the
    /// row was altered) counts as none, so codes fail while recovery codes still work.
    pub(crate) async fn totp_secret(&self, user_id: Uuid) -> Result<Option<String>, AuthError> {
        let Some(sealed) = self.store.user_secrets(user_id).await?.totp_secret else {
            return Ok(None);
        };
        match self.secrets.open(&sealed, &user_id.to_string()) {
            Ok(secret) => Ok(Some(secret)),
            Err(e) => {
                tracing::error!(user_id = %user_id, error = %e, "a stored TOTP seed cannot be read; was the encryption key replaced?");
                Ok(None)
            }
        }
    }

    /// Hashes a new password after checking its strength.
    pub(crate) async fn new_password_hash(
        &self,
        password: String,
        email: &str,
    ) -> Result<String, AuthError> {
        check_strength(&password, &[email]).map_err(|e| AuthError::Invalid(e.0))?;
        self.passwords.hash(password).await
    }
}
