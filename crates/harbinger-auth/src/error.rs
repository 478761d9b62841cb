use harbinger_store::StoreError;

/// Why an account operation did not happen. The web layer maps each to one status.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// Unknown email or wrong password: one answer for both (no account enumeration).
    #[error("email or password is incorrect")]
    InvalidCredentials,
    /// The password was right; a TOTP or recovery code is needed (or was wrong).
    #[error("a valid two-factor code is required")]
    TotpRequired,
    /// Too many failed logins for this account from this client address; tries again after
    /// the wait.
    #[error("too many failed attempts; try again in {retry_after_secs} s")]
    Locked { retry_after_secs: u64 },
    /// Too many sign-in attempts on this account from all addresses together; the account
    /// is slowed (a wait of seconds), never locked.
    #[error("too many sign-in attempts on this account; try again in {retry_after_secs} s")]
    Throttled { retry_after_secs: u64 },
    #[error("not authenticated")]
    Unauthenticated,
    #[error("{0}")]
    Forbidden(String),
    #[error("not found")]
    NotFound,
    /// Input that parses but is not acceptable (weak password, bad email).
    #[error("{0}")]
    Invalid(String),
    /// A mailed link that is unknown, used or expired.
    #[error("this link is invalid or has expired")]
    InvalidToken,
    #[error("{0}")]
    Conflict(String),
    #[error("a backing service is unavailable")]
    Unavailable,
    /// Every password-hashing thread is busy and the queue in front of them is full: the
    /// request is refused at once rather than queued without bound.
    #[error("too many sign-ins at once; try again in {retry_after_secs} s")]
    Busy { retry_after_secs: u64 },
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<StoreError> for AuthError {
    fn from(e: StoreError) -> Self {
        if e.is_unavailable() {
            tracing::warn!(error = %e, "database unavailable");
            Self::Unavailable
        } else {
            Self::Internal(e.to_string())
        }
    }
}
