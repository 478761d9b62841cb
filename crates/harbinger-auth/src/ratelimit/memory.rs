//! The in-process GCRA store: one map from key to theoretical arrival time.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use harbinger_core::Clock;

use super::{Decision, Quota, decide};

/// Entries beyond this trigger a sweep of keys whose state has lapsed.
const SWEEP_AT: usize = 100_000;

/// Limits held in this process.
#[derive(Debug)]
pub struct MemoryStore {
    tats: Mutex<HashMap<String, i64>>,
    clock: Arc<dyn Clock>,
}

impl MemoryStore {
    pub fn new(clock: Arc<dyn Clock>) -> Self {
        Self {
            tats: Mutex::new(HashMap::new()),
            clock,
        }
    }

    pub fn check(&self, key: &str, quota: &Quota, cost: u32) -> Decision {
        let now = self.clock.now_ms();
        // A poisoned lock only means another thread panicked mid-update of a plain map.
        let mut tats = self
            .tats
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if tats.len() > SWEEP_AT {
            tats.retain(|_, tat| *tat > now);
        }
        let (d, new) = decide(tats.get(key).copied(), now, quota, cost);
        if let Some(t) = new {
            tats.insert(key.to_owned(), t);
        }
        d
    }
}
