//! The market data service against real SQLite/PostgreSQL, real Redis and fake providers
//! speaking the real wire formats over loopback HTTP.

#![allow(clippy::unwrap_used)] // tests fail loudly by design
