//! The repository suite, run on SQLite and on PostgreSQL alike.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

/// Defines `name::sqlite` and `name::postgres`, each running `body` against a fresh migrated
/// database of that backend.
macro_rules! both_backends {
    ($name:ident, |$store:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn run($store: harbinger_store::Store) $body

            #[tokio::test]
            async fn sqlite() {
                let db = harbinger_store::testing::TestDb::sqlite().await;
                run(db.store.clone()).await;
            }

            #[tokio::test]
            async fn postgres() {
                let db = harbinger_store::testing::TestDb::postgres().await;
                run(db.store.clone()).await;
            }
        }
    };
}

mod audit;
mod backtests;
mod bars;
mod jobs;
mod market;
mod migrations;
mod portfolios;
mod schedules;
mod signal_ledger;
mod users;
