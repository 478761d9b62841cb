//! Integration tests for harbinger-market: one binary, a module per area. Every file read
//! here lives inside the repository (`tests/fixtures/`, `data/`).
// Tests unwrap freely (a panic is a failure with a message) and compare parsed numbers exactly:
// a parser must return the very `f64` the text denotes.
#![allow(clippy::unwrap_used, clippy::float_cmp)]

mod alphavantage;
mod alphavantage_client;
mod binance;
mod binance_client;
mod csv_daily;
mod every_recording;
mod fake;
mod instruments;
mod provider;
mod replay;
mod stooq;
mod stooq_client;
mod validate_props;
mod yahoo;
mod yahoo_client;

use std::path::PathBuf;

/// Path of a fixture under `tests/fixtures/`.
pub fn fixture_path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// Bytes of a fixture under `tests/fixtures/`.
pub fn fixture(rel: &str) -> Vec<u8> {
    let path = fixture_path(rel);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The HTTP body of a `*.recording.json` (the upstream capture), re-serialised, and its status.
pub fn recording(rel: &str) -> (u16, Vec<u8>) {
    let rec: serde_json::Value = serde_json::from_slice(&fixture(rel)).expect("recording JSON");
    let status = rec["response"]["status"].as_u64().expect("status") as u16;
    let body = serde_json::to_vec(&rec["response"]["bodyJson"]).expect("body");
    (status, body)
}
