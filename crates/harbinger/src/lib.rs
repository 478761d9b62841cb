//! The `harbinger` binary's library: command line, configuration, telemetry and the wiring
//! that turns a configuration into a running server. Tests start servers through
//! [`app::Application`] exactly as `harbinger serve` does.
#![forbid(unsafe_code)]

pub mod app;
pub mod backtest_job;
pub mod billing;
pub mod cli;
pub mod commands;
pub mod config;
pub mod gauges;
pub mod history;
pub mod jobs;
pub mod keys;
pub mod market;
pub mod paper;
pub mod replay_feed;
pub mod research;
pub mod signals;
pub mod telemetry;
pub mod track_record;
