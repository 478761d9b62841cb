//! Who is calling: session cookies, API keys, and ending a session.

use crate::AuthError;
use crate::accounts::{Accounts, Authenticated, Credential, RequestMeta};
use crate::token::hash_token;

impl Accounts {
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
        Ok(Some(Authenticated::new(
            user,
            Credential::Session { id: session.id },
        )))
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
        Ok(Some(Authenticated::new(
            user,
            Credential::ApiKey {
                id: k.id,
                write: k.can_write(),
            },
        )))
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
}
