//! Accounts and security, below the HTTP layer: password hashing on a bounded pool of threads
//! and strength rules, opaque tokens (sessions, API keys, mailed links) stored as SHA-256,
//! TOTP two-factor with recovery codes, GCRA rate limits in-process or shared through Redis,
//! and the [`Accounts`] service that ties them to the store and writes the audit log.
//!
//! Nothing here knows HTTP: `harbinger-web` maps [`AuthError`] to problem+json.
#![forbid(unsafe_code)]

mod account_ops;
mod accounts;
mod credentials;
mod error;
mod login;
pub mod mailer;
pub mod password;
mod pool;
pub mod ratelimit;
pub mod secret_box;
pub mod settings;
pub mod token;
pub mod totp;

pub use account_ops::TotpEnrolment;
pub use accounts::{Accounts, Authenticated, Credential, RequestMeta};
pub use error::AuthError;
pub use login::LoginOutcome;
pub use mailer::Mailer;
pub use secret_box::SecretBox;
pub use settings::AuthSettings;
