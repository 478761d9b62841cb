//! Integration tests of strategies, signals and the backtester: the reference figures of the
//! peer benchmark, no look-ahead, determinism and hand-checked fills.

// Tests unwrap known-good results and compare floats exactly on purpose.
#![allow(clippy::unwrap_used, clippy::float_cmp)]

mod anchor;
mod data;
mod fills;
mod lookahead;
mod signals;
