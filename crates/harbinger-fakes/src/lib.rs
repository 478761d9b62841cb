//! Fake upstream servers on loopback that speak the real wire formats, for tests: the
//! market-data providers ([`providers`]: recorded Yahoo and Stooq bodies, scripted failures),
//! an OpenAI-compatible chat-completions server ([`llm`], also Perplexity's format) and an
//! SMTP relay ([`smtp`]). Nothing here depends on the application, so a crate's tests can use
//! a fake without building the server; `harbinger-testkit` re-exports them beside its spawner.
#![forbid(unsafe_code)]

pub mod llm;
pub mod providers;
pub mod smtp;
