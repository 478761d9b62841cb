//! The market data service against real SQLite/PostgreSQL, real Redis and fake providers
//! speaking the real wire formats over loopback HTTP.

#![allow(clippy::unwrap_used)] // tests fail loudly by design
#![allow(clippy::float_cmp)] // prices must come back bit for bit

mod rig;

mod bus;
mod cache;
mod crosscheck;
mod faults;
mod gaps;
mod stale;

/// Defines `name::sqlite` and `name::postgres`, each running `body` on a fresh rig.
macro_rules! both_backends {
    ($name:ident, |$rig:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn run($rig: crate::rig::Rig) $body

            #[tokio::test]
            async fn sqlite() {
                run(crate::rig::Rig::new(harbinger_store::Backend::Sqlite).await).await;
            }

            #[tokio::test]
            async fn postgres() {
                run(crate::rig::Rig::new(harbinger_store::Backend::Postgres).await).await;
            }
        }
    };
}
pub(crate) use both_backends;
