//! The accounts service: every account operation, its checks, and its audit row.

use std::sync::Arc;

use harbinger_core::{Clock, Email};
use harbinger_store::{
    ActorType, AuditEvent, NewSession, NewUser, Role, Session, Store, StoreError, TokenPurpose,
    User,
};
use uuid::Uuid;

use crate::password::{Passwords, check_strength};
use crate::ratelimit::Limiter;
use crate::token::{hash_token, random_token};
use crate::{AuthError, AuthSettings, Mailer};

/// The least time a failed login takes (S4: no enumeration by timing).
const FAILED_LOGIN_FLOOR: std::time::Duration = std::time::Duration::from_millis(100);

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
#[derive(Debug, Clone)]
pub struct Authenticated {
    pub user: User,
    pub credential: Credential,
}

/// A successful login: the cookie value (shown once) and the stored session.
#[derive(Debug)]
pub struct LoginOutcome {
    pub token: String,
    pub session: Session,
    pub user: User,
}

/// Registration, login, sessions and credentials; cheap to clone.
#[derive(Debug, Clone)]
pub struct Accounts {
    pub(crate) store: Store,
    pub(crate) passwords: Passwords,
    pub(crate) limiter: Limiter,
    pub(crate) settings: Arc<AuthSettings>,
    pub(crate) mailer: Mailer,
}

impl Accounts {
    pub fn new(store: Store, limiter: Limiter, settings: AuthSettings, mailer: Mailer) -> Self {
        Self {
            passwords: Passwords::new(settings.hash_concurrency),
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

    fn clock(&self) -> &Arc<dyn Clock> {
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

    /// Checks the password (and second factor) and opens a new session. Failures are
    /// counted per account; a locked account answers `Locked` even to the right password.
    pub async fn login(
        &self,
        email: &str,
        password: String,
        totp: Option<&str>,
        meta: &RequestMeta,
    ) -> Result<LoginOutcome, AuthError> {
        // Unparsable emails still cost a hash, so they take as long as real failures.
        let started = tokio::time::Instant::now();
        let email_key = email.trim().to_lowercase();
        let lock_key = format!("login-fail:{email_key}");
        let probe = self
            .limiter
            .check(&lock_key, &self.settings.login_failures, 0)
            .await;
        if !probe.allowed {
            let ev = self
                .event(meta, None, "authn_login_locked")
                .failed("account locked")
                .meta(serde_json::json!({"email": email_key}));
            self.store.audit(&ev).await?;
            return Err(AuthError::Locked {
                retry_after_secs: probe.retry_after_secs(),
            });
        }
        let user = match Email::parse(email) {
            Ok(e) => self.store.user_by_email(e.as_str()).await?,
            Err(_) => None,
        };
        let stored = user.as_ref().and_then(|u| u.password_hash.clone());
        let ok = self.passwords.verify(password, stored).await;
        let user = match user {
            Some(u) if ok && u.disabled_at.is_none() => u,
            other => {
                let reason = match &other {
                    None => "unknown account",
                    Some(u) if u.disabled_at.is_some() && ok => "account disabled",
                    Some(_) => "wrong password",
                };
                let d = self
                    .limiter
                    .check(&lock_key, &self.settings.login_failures, 1)
                    .await;
                let mut ev = self
                    .event(meta, None, "authn_login_fail")
                    .failed(reason)
                    .meta(serde_json::json!({"email": email_key}));
                if let Some(u) = &other {
                    ev = ev.target("user", u.id);
                }
                self.store.audit(&ev).await?;
                if !d.allowed || d.remaining == 0 {
                    let mut ev = self
                        .event(meta, None, "authn_lockout")
                        .meta(serde_json::json!({"email": email_key}));
                    if let Some(u) = &other {
                        ev = ev.target("user", u.id);
                    }
                    self.store.audit(&ev).await?;
                }
                // A failure never answers sooner than the floor, so the small differences
                // between the known- and unknown-account paths do not show in the timing.
                tokio::time::sleep_until(started + FAILED_LOGIN_FLOOR).await;
                return Err(AuthError::InvalidCredentials);
            }
        };
        if user.totp_enabled_at.is_some() {
            self.check_second_factor(&user, totp, meta).await?;
        }
        let token = random_token();
        let now = self.clock().now_ms();
        let new = NewSession {
            token_hash: hash_token(&token),
            user_id: user.id,
            expires_at: now + self.settings.session_absolute_ms,
            ip: meta.ip.clone(),
            user_agent: meta.user_agent.clone(),
        };
        let mut ev = self
            .event(meta, None, "authn_login_success")
            .target("user", user.id);
        ev.actor_type = ActorType::User;
        ev.actor_id = Some(user.id.to_string());
        let session = self.store.create_session(&new, &ev).await?;
        Ok(LoginOutcome {
            token,
            session,
            user,
        })
    }

    async fn check_second_factor(
        &self,
        user: &User,
        code: Option<&str>,
        meta: &RequestMeta,
    ) -> Result<(), AuthError> {
        let Some(code) = code.map(str::trim).filter(|c| !c.is_empty()) else {
            return Err(AuthError::TotpRequired);
        };
        let secret = self
            .store
            .user_secrets(user.id)
            .await?
            .totp_secret
            .unwrap_or_default();
        let ok = if crate::totp::looks_like_recovery_code(code) {
            self.store
                .use_recovery_code(user.id, &hash_token(&code.to_lowercase()))
                .await?
        } else {
            let now = u64::try_from(self.clock().now_ms() / 1000).unwrap_or(0);
            match crate::totp::matching_step(&secret, code, now) {
                Some(step) => self.store.accept_totp_step(user.id, step).await?,
                None => false,
            }
        };
        if !ok {
            let ev = self
                .event(meta, None, "authn_mfa_fail")
                .target("user", user.id)
                .failed("wrong second factor");
            self.store.audit(&ev).await?;
            let lock_key = format!("login-fail:{}", user.email);
            self.limiter
                .check(&lock_key, &self.settings.login_failures, 1)
                .await;
            return Err(AuthError::TotpRequired);
        }
        Ok(())
    }

    /// The caller behind a session cookie value, applying idle and absolute lifetimes.
    pub async fn authenticate_session(
        &self,
        token: &str,
    ) -> Result<Option<Authenticated>, AuthError> {
        let Some((session, user)) = self.store.session_by_token(&hash_token(token)).await? else {
            return Ok(None);
        };
        let now = self.clock().now_ms();
        if now >= session.expires_at
            || now - session.last_seen_at >= self.settings.session_idle_ms
            || user.disabled_at.is_some()
        {
            self.store.delete_session(session.id, None).await?;
            return Ok(None);
        }
        // Activity is recorded at most once a minute: reads stay reads.
        if now - session.last_seen_at >= 60_000 {
            self.store.touch_session(session.id).await?;
        }
        Ok(Some(Authenticated {
            user,
            credential: Credential::Session { id: session.id },
        }))
    }

    /// The caller behind an API key; revoked keys fail on the next request.
    pub async fn authenticate_api_key(
        &self,
        key: &str,
    ) -> Result<Option<Authenticated>, AuthError> {
        if !crate::token::looks_like_api_key(key) {
            return Ok(None);
        }
        let Some((k, user)) = self.store.api_key_by_hash(&hash_token(key)).await? else {
            return Ok(None);
        };
        if user.disabled_at.is_some() {
            return Ok(None);
        }
        let now = self.clock().now_ms();
        if k.last_used_at.is_none_or(|t| now - t >= 60_000) {
            self.store.touch_api_key(k.id).await?;
        }
        Ok(Some(Authenticated {
            user,
            credential: Credential::ApiKey {
                id: k.id,
                write: k.can_write(),
            },
        }))
    }

    /// Ends the caller's session.
    pub async fn logout(&self, auth: &Authenticated, meta: &RequestMeta) -> Result<(), AuthError> {
        if let Credential::Session { id } = auth.credential {
            let ev = self
                .event(meta, Some(auth), "authn_logout")
                .target("session", id);
            self.store.delete_session(id, Some(&ev)).await?;
        }
        Ok(())
    }

    /// Checks the caller's current password (re-authentication before sensitive changes).
    pub async fn reauthenticate(
        &self,
        auth: &Authenticated,
        password: String,
        meta: &RequestMeta,
    ) -> Result<(), AuthError> {
        let stored = self.store.user_secrets(auth.user.id).await?.password_hash;
        if self.passwords.verify(password, stored).await {
            return Ok(());
        }
        let ev = self
            .event(meta, Some(auth), "authn_reauth_fail")
            .target("user", auth.user.id)
            .failed("wrong password");
        self.store.audit(&ev).await?;
        Err(AuthError::InvalidCredentials)
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
