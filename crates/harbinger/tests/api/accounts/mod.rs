//! Accounts and security: RELIABILITY.md S1–S32, each as a named test, on both backends.

mod audit;
mod credentials;
mod hardening;
mod hash_pool;
mod key_limits;
mod login;
mod passwords;
mod proxies;
mod secure_defaults;
mod session_limits;
mod sessions;
pub mod support;
mod throttling;
