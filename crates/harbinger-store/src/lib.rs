//! Harbinger's database: one [`Store`] over SQLite (the embedded default) and PostgreSQL
//! (scale-out), chosen by the URL.
//!
//! Every repository method is written once and runs on both backends through the
//! [`db_run!`] dispatch. Only this crate sees sqlx; callers get domain types and
//! [`StoreError`]. Migrations live in `migrations/sqlite` and `migrations/postgres`, with the
//! same versions on both sides; an applied migration is never edited.
#![forbid(unsafe_code)]

#[macro_use]
mod db;
#[macro_use]
mod audit;
#[macro_use]
mod users;
mod accounts;
mod api_keys;
mod backtests;
mod bars;
mod billing;
mod error;
mod instruments;
mod jobs;
mod migrate;
mod paper;
mod portfolio_export;
mod portfolios;
mod research;
mod schedules;
mod sessions;
mod signal_index;
mod signal_ledger;
mod suspects;
#[cfg(feature = "testing")]
pub mod testing;
mod tokens;

pub use accounts::UserSecrets;
pub use api_keys::{ApiKey, NewApiKey};
pub use audit::{ActorType, AuditEvent, AuditQuery, AuditRow};
pub use backtests::{BACKTEST_JOB, BacktestRun, BacktestStatus};
pub use bars::{BarQuery, StoredBar};
pub use billing::{Applied, STRIPE_EVENT_JOB, StripeEvent};
pub use db::{Backend, ConnectOptions, Store, redact};
pub use error::StoreError;
pub use instruments::Instrument;
pub use jobs::{Job, JobCounts, JobStatus, NewJob};
pub use migrate::MigrationStatus;
pub use paper::{PaperFollow, PaperPosition, PaperStep};
pub use portfolio_export::{ExportCursor, ExportedTransaction};
pub use portfolios::{BookWrite, Portfolio, StoredTransaction};
pub use research::{AiBudget, AiUsage, NoteAsk, NoteResult, RESEARCH_JOB, ResearchNote};
pub use schedules::Schedule;
pub use sessions::{NewSession, Session};
pub use signal_index::{
    BacktestRecord, GradedSignal, IndexedSignal, LiveGroup, SignalFilter, SignalStatus,
};
pub use signal_ledger::{LedgerKind, LedgerRow, NewLedgerEntry, PublishedEntry, SIGNAL_CHAIN};
pub use suspects::Suspect;
pub use tokens::{DevMail, TokenPurpose};
pub use users::{NewUser, Role, User};
