//! Portfolios without I/O: transactions, positions as FIFO lots, realized and unrealized P&L,
//! valuation and allocation at given prices, the daily time-weighted return, and the CSV
//! import format.
//!
//! Money and quantities are `rust_decimal::Decimal`, never binary floating point: a lot bought
//! and sold at the same price nets exactly minus its fees. Callers own storage and prices; this
//! crate only computes.
#![forbid(unsafe_code)]

mod book;
pub mod import;
mod twr;
mod tx;
mod value;

pub use book::{Book, LedgerError, Lot};
pub use import::{COLUMNS, ImportedRow, RowError, parse_csv};
pub use rust_decimal::Decimal;
pub use twr::{DAY_MS, PriceHistory, TwrPoint, time_weighted_return};
pub use tx::{Kind, MAX_SCALE, Transaction, TxError};
pub use value::{PositionValue, Valuation};
