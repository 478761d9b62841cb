//! `[auth]`: session lifetimes, login throttling and request quotas.

use serde::{Deserialize, Serialize};

use super::{ConfigError, lenient};

/// Sessions, lockout and rate limits. The per-plan quotas of signed-in users and their API
/// keys live under `[plans.*]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct AuthConfig {
    /// A session unused for this long ends (OWASP ASVS 7.3.1).
    #[serde(deserialize_with = "lenient::parsed")]
    pub session_idle_minutes: u64,
    /// A session ends this long after login, used or not (ASVS 7.3.2).
    #[serde(deserialize_with = "lenient::parsed")]
    pub session_absolute_hours: u64,
    /// Failed logins per account from one client address within
    /// `login_failure_window_minutes` before that address is locked out of the account. The
    /// first lock lasts one window; each further lock within a day of the last doubles, up
    /// to `login_lockout_max_hours`. Every lock lifts by itself, and the account stays open
    /// from every other address.
    #[serde(deserialize_with = "lenient::parsed")]
    pub login_max_failures: u32,
    #[serde(deserialize_with = "lenient::parsed")]
    pub login_failure_window_minutes: u64,
    #[serde(deserialize_with = "lenient::parsed")]
    pub login_lockout_max_hours: u64,
    /// Login attempts per hour on one account from all addresses together (a burst of this
    /// many, then one every 3600/n seconds). Beyond it an attempt is answered 429 with a
    /// `Retry-After` of seconds: many addresses together slow an account, never lock it.
    #[serde(deserialize_with = "lenient::parsed")]
    pub login_account_attempts_per_hour: u32,
    /// Login, register and password-reset requests per minute per client IP.
    #[serde(deserialize_with = "lenient::parsed")]
    pub auth_requests_per_minute: u32,
    /// API requests per minute per client IP without credentials.
    #[serde(deserialize_with = "lenient::parsed")]
    pub anonymous_requests_per_minute: u32,
    /// Password-hashing threads (each hash has one to itself). 0: one per core.
    #[serde(deserialize_with = "lenient::parsed")]
    pub hash_concurrency: usize,
    /// Hashes (logins, registrations, resets, password checks) that may wait for a hashing
    /// thread; beyond that the request is answered 503 with `Retry-After` at once.
    #[serde(deserialize_with = "lenient::parsed")]
    pub hash_queue: usize,
    /// 64 hex digits: the key that seals TOTP seeds in the database. Unset, it is kept in
    /// `<data dir>/keys/secrets.key` (created on first start). Replicas that do not share a
    /// data dir must all be given the same key here.
    pub encryption_key: Option<super::Secret>,
}

impl Default for AuthConfig {
    fn default() -> Self {
        Self {
            session_idle_minutes: 30,
            session_absolute_hours: 12,
            login_max_failures: 5,
            login_failure_window_minutes: 15,
            login_lockout_max_hours: 4,
            login_account_attempts_per_hour: 50,
            auth_requests_per_minute: 20,
            anonymous_requests_per_minute: 120,
            hash_concurrency: 0,
            hash_queue: 32,
            encryption_key: None,
        }
    }
}

impl AuthConfig {
    /// Every value must be positive, and the idle limit must fit in the absolute one.
    pub fn validate(&self, name: &dyn Fn(&str) -> String) -> Result<(), ConfigError> {
        let positive = [
            ("auth.session_idle_minutes", self.session_idle_minutes),
            ("auth.session_absolute_hours", self.session_absolute_hours),
            (
                "auth.login_max_failures",
                u64::from(self.login_max_failures),
            ),
            (
                "auth.login_failure_window_minutes",
                self.login_failure_window_minutes,
            ),
            ("auth.login_lockout_max_hours", self.login_lockout_max_hours),
            (
                "auth.login_account_attempts_per_hour",
                u64::from(self.login_account_attempts_per_hour),
            ),
            (
                "auth.auth_requests_per_minute",
                u64::from(self.auth_requests_per_minute),
            ),
            (
                "auth.anonymous_requests_per_minute",
                u64::from(self.anonymous_requests_per_minute),
            ),
        ];
        for (key, v) in positive {
            if v == 0 {
                return Err(ConfigError(format!("{}: must be positive", name(key))));
            }
        }
        if let Some(key) = &self.encryption_key {
            parse_key(key.expose())
                .map_err(|why| ConfigError(format!("{}: {why}", name("auth.encryption_key"))))?;
        }
        if self.session_idle_minutes > self.session_absolute_hours * 60 {
            return Err(ConfigError(format!(
                "{}: is longer than auth.session_absolute_hours",
                name("auth.session_idle_minutes")
            )));
        }
        Ok(())
    }
}

/// A 32-byte key written as 64 hex digits; a key of one repeated byte is a placeholder.
pub fn parse_key(text: &str) -> Result<[u8; 32], String> {
    let bytes: [u8; 32] = hex::decode(text.trim())
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or("must be 64 hex digits (32 random bytes, e.g. from `openssl rand -hex 32`)")?;
    if bytes.iter().all(|b| *b == bytes[0]) {
        return Err("is a placeholder (one repeated byte); use 32 random bytes".into());
    }
    Ok(bytes)
}
