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
mod bars;
mod error;
mod instruments;
mod jobs;
mod migrate;
mod schedules;
#[cfg(feature = "testing")]
pub mod testing;
mod users;

pub use bars::{BarQuery, StoredBar};
pub use db::{Backend, ConnectOptions, Store, redact};
pub use error::StoreError;
pub use instruments::Instrument;
pub use jobs::{Job, JobCounts, JobStatus, NewJob};
pub use migrate::MigrationStatus;
pub use schedules::Schedule;
pub use users::{NewUser, Role, User};
