//! Background work on the database: a [`Runner`] leases jobs and runs their handlers with
//! retries and backoff; a [`Scheduler`] turns recurring schedules into jobs exactly once per
//! slot across every replica. The database is the only coordination point, so any number of
//! `harbinger serve` processes can run side by side.
#![forbid(unsafe_code)]

mod backoff;
mod runner;
mod scheduler;

pub use backoff::Backoff;
pub use runner::{Handler, JobError, Outcome, Runner, RunnerConfig};
pub use scheduler::Scheduler;
