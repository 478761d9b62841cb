//! The HTTP API against a real server on loopback, on SQLite and on PostgreSQL.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

/// Defines `name::sqlite` and `name::postgres`, each given a fresh server on that backend.
macro_rules! both_backends {
    ($name:ident, |$app:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn run($app: harbinger_testkit::TestApp) $body

            #[tokio::test]
            async fn sqlite() {
                run(harbinger_testkit::spawn_app(harbinger_testkit::Backend::Sqlite).await).await;
            }

            #[tokio::test]
            async fn postgres() {
                run(harbinger_testkit::spawn_app(harbinger_testkit::Backend::Postgres).await).await;
            }
        }
    };
}

mod accounts;
mod backtests;
mod billing;
mod billing_rejections;
mod errors;
mod health;
mod ledger;
mod logs;
mod market;
mod market_faults;
mod metrics;
mod openapi;
mod operations;
mod paper;
mod plans;
mod portfolios;
mod research;
mod shutdown;
mod signal_api;
mod signals;
mod stream;
mod web;
