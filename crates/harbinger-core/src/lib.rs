//! Harbinger's domain: the types every other crate speaks, and the rules they obey.
//!
//! Nothing here performs I/O or reads configuration. Values are parsed once at the edge
//! (`Symbol::parse`, `Interval::parse`, `Bar::new`) and are valid for the rest of their life.
#![forbid(unsafe_code)]

mod bar;
mod clock;
mod email;
mod interval;
mod plan;
mod symbol;

pub use bar::{Bar, BarError};
pub use clock::{Clock, ManualClock, SystemClock, UnixMillis};
pub use email::{Email, EmailError};
pub use interval::{Interval, IntervalError};
pub use plan::{Plan, PlanError};
pub use symbol::{Symbol, SymbolError};
