//! Integration tests of `harbinger_signals::indicators`: golden outputs from TA-Lib,
//! streaming against batch, and argument errors.

// Tests unwrap known-good results and compare some floats exactly on purpose; h, l, c, v
// are the usual names of price columns.
#![allow(clippy::unwrap_used, clippy::float_cmp, clippy::many_single_char_names)]

mod data;
mod errors;
mod golden;
mod streaming;
