//! Logging in: the password, the second factor, failure counting and lockouts (per account
//! and client address), and the per-account attempt ceiling.

use harbinger_core::Email;
use harbinger_store::{ActorType, NewSession, Session, User};

use crate::AuthError;
use crate::accounts::{Accounts, RequestMeta};
use crate::ratelimit::LockoutPolicy;
use crate::token::{hash_token, random_token};

/// The least time a failed login takes (S4: no enumeration by timing).
const FAILED_LOGIN_FLOOR: std::time::Duration = std::time::Duration::from_millis(100);

/// A successful login: the cookie value (shown once) and the stored session.
#[derive(Debug)]
pub struct LoginOutcome {
    pub token: String,
    pub session: Session,
    pub user: User,
}

/// The limiter key that counts failed logins on one account from one client address and
/// holds their lock. Keyed by the pair, so failures from one address never lock the account
/// for anyone at another.
fn lock_key(email_key: &str, meta: &RequestMeta) -> String {
    let ip = meta.ip.as_deref().unwrap_or("unknown");
    format!("login-fail:{email_key}|{ip}")
}

/// The limiter key of an account's attempt ceiling across every address.
fn ceiling_key(email_key: &str) -> String {
    format!("login-account:{email_key}")
}

impl Accounts {
    /// Checks the password (and second factor) and opens a new session. Failures are
    /// counted per account and client address; a pair that failed too often is locked and
    /// answers `Locked` even to the right password, while the same account from another
    /// address is not. Across all addresses an account takes at most
    /// `login_account_attempts`, beyond which it answers `Throttled` for seconds, never longer.
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
        let locked_ms = self.limiter.locked_for(&lock_key(&email_key, meta)).await;
        if locked_ms > 0 {
            let ev = self
                .event(meta, None, "authn_login_locked")
                .failed("account locked for this address")
                .meta(serde_json::json!({"email": email_key}));
            self.store.audit(&ev).await?;
            return Err(AuthError::Locked {
                retry_after_secs: u64::try_from(locked_ms).unwrap_or(1).div_ceil(1000).max(1),
            });
        }
        // Spent before the hash, so parallel attempts cannot slip past the ceiling.
        let ceiling = self
            .limiter
            .check(
                &ceiling_key(&email_key),
                &self.settings.login_account_attempts,
                1,
            )
            .await;
        if !ceiling.allowed {
            let ev = self
                .event(meta, None, "authn_login_locked")
                .failed("account attempt ceiling")
                .meta(serde_json::json!({"email": email_key}));
            self.store.audit(&ev).await?;
            return Err(AuthError::Throttled {
                retry_after_secs: ceiling.retry_after_secs(),
            });
        }
        let user = match Email::parse(email) {
            Ok(e) => self.store.user_by_email(e.as_str()).await?,
            Err(_) => None,
        };
        let stored = user.as_ref().and_then(|u| u.password_hash.clone());
        let ok = self.passwords.verify(password, stored).await?;
        let user = match user {
            Some(u) if ok && u.disabled_at.is_none() => u,
            other => {
                let reason = match &other {
                    None => "unknown account",
                    Some(u) if u.disabled_at.is_some() && ok => "account disabled",
                    Some(_) => "wrong password",
                };
                let mut ev = self
                    .event(meta, None, "authn_login_fail")
                    .failed(reason)
                    .meta(serde_json::json!({"email": email_key}));
                if let Some(u) = &other {
                    ev = ev.target("user", u.id);
                }
                self.store.audit(&ev).await?;
                self.count_failure(&email_key, other.as_ref(), meta).await?;
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

    /// Checks a TOTP or recovery code of a user who has two-factor on; a wrong one is audited
    /// and counts as a failed login.
    pub(crate) async fn check_second_factor(
        &self,
        user: &User,
        code: Option<&str>,
        meta: &RequestMeta,
    ) -> Result<(), AuthError> {
        let Some(code) = code.map(str::trim).filter(|c| !c.is_empty()) else {
            return Err(AuthError::TotpRequired);
        };
        let secret = self.totp_secret(user.id).await?.unwrap_or_default();
        let ok = if crate::totp::looks_like_recovery_code(code) {
            let code = code.to_lowercase();
            // Codes issued before keyed digests were stored as bare SHA-256; they still
            // work once each until the user makes new ones.
            self.store
                .use_recovery_code(user.id, &self.secrets.digest(&code))
                .await?
                || self
                    .store
                    .use_recovery_code(user.id, &hash_token(&code))
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
            self.count_failure(&user.email, Some(user), meta).await?;
            return Err(AuthError::TotpRequired);
        }
        Ok(())
    }

    /// Counts one failed login against the account behind `email_key` from the request's
    /// address. The failure that uses up the quota locks that pair (one `authn_lockout` row);
    /// each lockout the pair has had recently doubles the next one's length, up to the
    /// configured cap.
    async fn count_failure(
        &self,
        email_key: &str,
        user: Option<&User>,
        meta: &RequestMeta,
    ) -> Result<(), AuthError> {
        let key = lock_key(email_key, meta);
        let d = self
            .limiter
            .check(&key, &self.settings.login_failures, 1)
            .await;
        if d.allowed && d.remaining > 0 {
            return Ok(());
        }
        let policy = LockoutPolicy {
            base_ms: self.settings.login_failures.window_ms,
            max_ms: self.settings.login_lock_max_ms,
            memory_ms: self.settings.login_lock_memory_ms,
        };
        let length = self.limiter.lock_out(&key, &policy).await;
        let mut ev = self
            .event(meta, None, "authn_lockout")
            .meta(serde_json::json!({"email": email_key, "lock_seconds": length / 1000}));
        if let Some(u) = user {
            ev = ev.target("user", u.id);
        }
        self.store.audit(&ev).await?;
        Ok(())
    }
}
