//! The in-process GCRA store: one map from key to theoretical arrival time.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use harbinger_core::Clock;

use super::{Decision, LockoutPolicy, Quota, decide, lock_length_ms};

/// Entries beyond this trigger a sweep of keys whose state has lapsed.
const SWEEP_AT: usize = 100_000;

/// Limits held in this process.
#[derive(Debug)]
pub struct MemoryStore {
    tats: Mutex<HashMap<String, i64>>,
    locks: Mutex<HashMap<String, Lock>>,
    clock: Arc<dyn Clock>,
}

/// One key's lockout state.
#[derive(Debug, Clone, Copy)]
struct Lock {
    strikes: u32,
    /// The strikes are forgotten at this time.
    forget_at: i64,
    until: i64,
}

impl MemoryStore {
    pub fn new(clock: Arc<dyn Clock>) -> Self {
        Self {
            tats: Mutex::new(HashMap::new()),
            locks: Mutex::new(HashMap::new()),
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

    pub fn lock_out(&self, key: &str, policy: &LockoutPolicy) -> i64 {
        let now = self.clock.now_ms();
        let mut locks = self
            .locks
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if locks.len() > SWEEP_AT {
            locks.retain(|_, l| l.forget_at > now || l.until > now);
        }
        let strikes = match locks.get(key) {
            Some(l) if l.forget_at > now => l.strikes.saturating_add(1),
            _ => 1,
        };
        let length = lock_length_ms(policy, strikes);
        locks.insert(
            key.to_owned(),
            Lock {
                strikes,
                forget_at: now + length + policy.memory_ms,
                until: now + length,
            },
        );
        length
    }

    pub fn locked_for(&self, key: &str) -> i64 {
        let now = self.clock.now_ms();
        self.locks
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(key)
            .map_or(0, |l| (l.until - now).max(0))
    }
}
