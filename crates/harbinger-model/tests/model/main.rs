//! Integration tests of harbinger-model: one binary, one module per area.
#![allow(clippy::unwrap_used, clippy::float_cmp, clippy::expect_used)]

mod data;
mod determinism;
mod explanations;
mod lookahead;
mod robustness;
mod strategy;
mod synthetic;
mod walk_forward;
