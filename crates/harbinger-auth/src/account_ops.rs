//! Changes a signed-in user makes to their own account, and the credentials they hold.

use harbinger_core::Email;
use harbinger_store::{ApiKey, NewApiKey, Session, StoreError, TokenPurpose};
use uuid::Uuid;

use crate::token::{hash_token, new_api_key, random_token};
use crate::{Accounts, AuthError, Authenticated, Credential, RequestMeta};

/// What enrolling in two-factor shows the user once.
#[derive(Debug)]
pub struct TotpEnrolment {
    pub secret: String,
    pub otpauth_uri: String,
}

impl Accounts {
    /// Changes the password after checking the current one. Every other session ends, and
    /// every API key is revoked (a key taken with the old password must not outlive it);
    /// the caller's own session ends too unless `keep_this_session`. A mail says so.
    pub async fn change_password(
        &self,
        auth: &Authenticated,
        current: String,
        new: String,
        keep_this_session: bool,
        meta: &RequestMeta,
    ) -> Result<(), AuthError> {
        self.reauthenticate(auth, current, meta).await?;
        let hash = self.new_password_hash(new, &auth.user.email).await?;
        let keep = match auth.credential {
            Credential::Session { id } if keep_this_session => Some(id),
            _ => None,
        };
        let ev = self
            .event(meta, Some(auth), "authn_password_change")
            .target("user", auth.user.id);
        self.store
            .set_password(auth.user.id, &hash, keep, &ev)
            .await?;
        self.mail_password_changed(&auth.user.email).await
    }

    /// Tells the owner that the password changed and what that ended.
    async fn mail_password_changed(&self, to: &str) -> Result<(), AuthError> {
        self.mailer
            .send(
                to,
                "Your Harbinger password was changed",
                "Your password was changed. Every other session was signed out and every API \
                 key was revoked; create new keys under Account settings. If this was not you, \
                 reset your password now.\n",
            )
            .await
    }

    /// Mails a reset link when the account exists; answers the same either way.
    pub async fn forgot_password(&self, email: &str, meta: &RequestMeta) -> Result<(), AuthError> {
        let Ok(email) = Email::parse(email) else {
            return Ok(());
        };
        let Some(user) = self.store.user_by_email(email.as_str()).await? else {
            // Same work as the found path would do before mailing, roughly: nothing to hash.
            return Ok(());
        };
        let token = random_token();
        let expires = self.store.clock().now_ms() + self.settings.reset_ttl_ms;
        self.store
            .create_account_token(
                user.id,
                &hash_token(&token),
                TokenPurpose::ResetPassword,
                None,
                expires,
            )
            .await?;
        let ev = self
            .event(meta, None, "authn_password_reset_requested")
            .target("user", user.id);
        self.store.audit(&ev).await?;
        let link = format!("{}/reset-password?token={token}", self.settings.public_url);
        self.mailer
            .send(email.as_str(), "Reset your Harbinger password", &format!("Reset your password within 30 minutes: {link}\nIf you did not ask for this, ignore this mail.\n"))
            .await
    }

    /// Sets a new password from a reset link; the link works once, every session ends and
    /// every API key is revoked. A mail says so.
    pub async fn reset_password(
        &self,
        token: &str,
        new: String,
        meta: &RequestMeta,
    ) -> Result<(), AuthError> {
        // The strength check cannot use the email before the token is redeemed; zxcvbn's
        // dictionaries still apply.
        crate::password::check_strength(&new, &[]).map_err(|e| AuthError::Invalid(e.0))?;
        let hash = self.passwords.hash(new).await?;
        let ev = self.event(meta, None, "authn_password_reset");
        let user = self
            .store
            .redeem_account_token(
                &hash_token(token),
                TokenPurpose::ResetPassword,
                Some(&hash),
                &ev,
            )
            .await?
            .ok_or(AuthError::InvalidToken)?;
        if let Some(u) = self.store.user_by_id(user).await? {
            self.mail_password_changed(&u.email).await?;
        }
        Ok(())
    }

    /// Starts an email change (after re-authentication): a link goes to the new address.
    pub async fn request_email_change(
        &self,
        auth: &Authenticated,
        password: String,
        new_email: &str,
        meta: &RequestMeta,
    ) -> Result<(), AuthError> {
        self.reauthenticate(auth, password, meta).await?;
        let email = Email::parse(new_email).map_err(|e| AuthError::Invalid(e.to_string()))?;
        let token = random_token();
        let expires = self.store.clock().now_ms() + self.settings.verify_ttl_ms;
        self.store
            .create_account_token(
                auth.user.id,
                &hash_token(&token),
                TokenPurpose::ChangeEmail,
                Some(email.as_str()),
                expires,
            )
            .await?;
        let ev = self
            .event(meta, Some(auth), "authn_email_change_requested")
            .target("user", auth.user.id);
        self.store.audit(&ev).await?;
        let link = format!("{}/confirm-email?token={token}", self.settings.public_url);
        self.mailer
            .send(
                email.as_str(),
                "Confirm your new Harbinger email",
                &format!("Confirm this address for your account: {link}\n"),
            )
            .await?;
        self.mailer.send(&auth.user.email, "Your Harbinger email is changing", "A change of your account's email address was requested. If this was not you, change your password now.\n").await
    }

    /// Completes an email change from the link sent to the new address.
    pub async fn confirm_email_change(
        &self,
        token: &str,
        meta: &RequestMeta,
    ) -> Result<(), AuthError> {
        let ev = self.event(meta, None, "authn_email_change");
        match self
            .store
            .redeem_account_token(&hash_token(token), TokenPurpose::ChangeEmail, None, &ev)
            .await
        {
            Ok(Some(_)) => Ok(()),
            Ok(None) => Err(AuthError::InvalidToken),
            Err(StoreError::Conflict(_)) => Err(AuthError::Conflict(
                "that email address now belongs to another account".into(),
            )),
            Err(e) => Err(e.into()),
        }
    }

    /// Deletes the caller's account after re-authentication.
    pub async fn delete_account(
        &self,
        auth: &Authenticated,
        password: String,
        meta: &RequestMeta,
    ) -> Result<(), AuthError> {
        self.reauthenticate(auth, password, meta).await?;
        let ev = self
            .event(meta, Some(auth), "user_deleted")
            .target("user", auth.user.id);
        self.store.delete_user(auth.user.id, &ev).await?;
        Ok(())
    }

    pub async fn sessions(&self, auth: &Authenticated) -> Result<Vec<Session>, AuthError> {
        Ok(self.store.list_sessions(auth.user.id).await?)
    }

    /// "Log out the others": ends every session but the caller's.
    pub async fn logout_others(
        &self,
        auth: &Authenticated,
        meta: &RequestMeta,
    ) -> Result<u64, AuthError> {
        let keep = match auth.credential {
            Credential::Session { id } => Some(id),
            Credential::ApiKey { .. } => None,
        };
        let ev = self
            .event(meta, Some(auth), "authn_logout_others")
            .target("user", auth.user.id);
        Ok(self
            .store
            .delete_other_sessions(auth.user.id, keep, &ev)
            .await?)
    }

    /// Ends one of the caller's sessions; another user's id is simply not found.
    pub async fn revoke_session(
        &self,
        auth: &Authenticated,
        id: Uuid,
        meta: &RequestMeta,
    ) -> Result<(), AuthError> {
        let ev = self
            .event(meta, Some(auth), "authn_session_revoked")
            .target("session", id);
        if self
            .store
            .delete_user_session(auth.user.id, id, &ev)
            .await?
        {
            Ok(())
        } else {
            Err(AuthError::NotFound)
        }
    }

    /// Step 1 of two-factor enrolment: a new secret, not enforced until confirmed.
    pub async fn totp_begin(
        &self,
        auth: &Authenticated,
        password: String,
        meta: &RequestMeta,
    ) -> Result<TotpEnrolment, AuthError> {
        self.reauthenticate(auth, password, meta).await?;
        if auth.user.totp_enabled_at.is_some() {
            return Err(AuthError::Conflict(
                "two-factor is already on; turn it off first".into(),
            ));
        }
        let secret = crate::totp::new_secret();
        let sealed = self.secrets.seal(&secret, &auth.user.id.to_string());
        self.store.set_pending_totp(auth.user.id, &sealed).await?;
        let otpauth_uri = crate::totp::otpauth_uri(&secret, &auth.user.email, "Harbinger");
        Ok(TotpEnrolment {
            secret,
            otpauth_uri,
        })
    }

    /// Step 2: a correct code turns two-factor on and returns ten recovery codes (shown once).
    pub async fn totp_confirm(
        &self,
        auth: &Authenticated,
        code: &str,
        meta: &RequestMeta,
    ) -> Result<Vec<String>, AuthError> {
        let secret = self
            .totp_secret(auth.user.id)
            .await?
            .ok_or_else(|| AuthError::Conflict("start enrolment first".into()))?;
        let now = u64::try_from(self.store.clock().now_ms() / 1000).unwrap_or(0);
        let step = crate::totp::matching_step(&secret, code, now).ok_or_else(|| {
            AuthError::Invalid("the code does not match; check the device's clock".into())
        })?;
        self.store.accept_totp_step(auth.user.id, step).await?;
        let codes = crate::totp::recovery_codes();
        let hashes: Vec<String> = codes.iter().map(|c| self.secrets.digest(c)).collect();
        let ev = self
            .event(meta, Some(auth), "authn_mfa_enabled")
            .target("user", auth.user.id);
        self.store.enable_totp(auth.user.id, &hashes, &ev).await?;
        Ok(codes)
    }

    /// Turns two-factor off after re-authentication with the password and a second factor
    /// (a current code or a recovery code): the password alone cannot remove the factor
    /// that protects against a stolen password.
    pub async fn totp_disable(
        &self,
        auth: &Authenticated,
        password: String,
        code: &str,
        meta: &RequestMeta,
    ) -> Result<(), AuthError> {
        self.reauthenticate(auth, password, meta).await?;
        if auth.user.totp_enabled_at.is_none() {
            return Err(AuthError::Conflict("two-factor is not on".into()));
        }
        self.check_second_factor(&auth.user, Some(code), meta)
            .await?;
        let ev = self
            .event(meta, Some(auth), "authn_mfa_disabled")
            .target("user", auth.user.id);
        self.store.disable_totp(auth.user.id, &ev).await?;
        Ok(())
    }

    /// Creates an API key (the whole key is returned once); the plan caps how many.
    pub async fn create_api_key(
        &self,
        auth: &Authenticated,
        name: &str,
        write: bool,
        meta: &RequestMeta,
    ) -> Result<(ApiKey, String), AuthError> {
        if !auth.user.verified() {
            return Err(AuthError::Forbidden(
                "confirm your email address first: follow the link mailed to you (or reset your password)"
                    .into(),
            ));
        }
        let max = self.settings.plan(auth.user.plan).api_keys;
        if max == 0 {
            return Err(AuthError::Forbidden(format!(
                "the {} plan includes no API keys; upgrade to use the API",
                auth.user.plan
            )));
        }
        let (key, prefix, hash) = new_api_key();
        let id = Uuid::now_v7();
        let new = NewApiKey {
            id,
            user_id: auth.user.id,
            name: name.to_owned(),
            prefix,
            secret_hash: hash,
            scopes: if write { "read,write" } else { "read" }.into(),
        };
        let ev = self
            .event(meta, Some(auth), "apikey_created")
            .target("api_key", id)
            .meta(serde_json::json!({"scopes": new.scopes, "name": name}));
        match self.store.create_api_key(&new, i64::from(max), &ev).await? {
            Some(k) => Ok((k, key)),
            None => Err(AuthError::Forbidden(format!(
                "the {} plan allows {max} live API keys; revoke one first",
                auth.user.plan
            ))),
        }
    }

    pub async fn api_keys(&self, auth: &Authenticated) -> Result<Vec<ApiKey>, AuthError> {
        Ok(self.store.list_api_keys(auth.user.id).await?)
    }

    /// Revokes one of the caller's keys; effective on the next request.
    pub async fn revoke_api_key(
        &self,
        auth: &Authenticated,
        id: Uuid,
        meta: &RequestMeta,
    ) -> Result<(), AuthError> {
        let ev = self
            .event(meta, Some(auth), "apikey_revoked")
            .target("api_key", id);
        if self.store.revoke_api_key(auth.user.id, id, &ev).await? {
            Ok(())
        } else {
            Err(AuthError::NotFound)
        }
    }
}

impl Accounts {
    /// The newest mails in the dev mailbox (optionally only those to `to`), their links'
    /// tokens masked unless the operator turned that off; `None` when mail goes over SMTP
    /// and there is no mailbox.
    pub async fn dev_mailbox(
        &self,
        to: Option<&str>,
        limit: i64,
    ) -> Result<Option<Vec<harbinger_store::DevMail>>, AuthError> {
        if !self.mailer.is_dev_mailbox() {
            return Ok(None);
        }
        let mut mails = self.store.dev_mail(to, limit).await?;
        if !self.settings.dev_mailbox_show_links {
            for m in &mut mails {
                m.body = crate::mailer::mask_link_tokens(&m.body);
            }
        }
        Ok(Some(mails))
    }
}

impl Accounts {
    /// Deletes free-plan accounts whose address was not verified within
    /// `unverified_ttl_ms` of registering, each with an audit row, so an address someone
    /// else registered is free again within a week. Returns how many went.
    pub async fn expire_unverified(&self) -> Result<usize, AuthError> {
        let before = self.clock().now_ms() - self.settings.unverified_ttl_ms;
        let mut gone = 0;
        loop {
            let batch = self.store.stale_unverified_users(before, 100).await?;
            if batch.is_empty() {
                return Ok(gone);
            }
            let n = batch.len();
            for id in batch {
                let ev = harbinger_store::AuditEvent::system("account_expired_unverified")
                    .target("user", id);
                if self.store.delete_unverified_user(id, &ev).await? {
                    gone += 1;
                }
            }
            if n < 100 {
                return Ok(gone);
            }
        }
    }
}
