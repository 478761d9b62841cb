//! Lockouts whose length doubles with each repeat and always ends.

/// How long a key stays locked: `base_ms` for a first lockout, doubled for each earlier one
/// within `memory_ms` of the previous, never more than `max_ms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockoutPolicy {
    pub base_ms: i64,
    pub max_ms: i64,
    /// A key's earlier lockouts are forgotten this long after its last one.
    pub memory_ms: i64,
}

/// The length of the `strike`-th remembered lockout (1 = first).
pub fn lock_length_ms(policy: &LockoutPolicy, strike: u32) -> i64 {
    let doublings = strike.saturating_sub(1).min(40);
    policy
        .base_ms
        .max(1)
        .saturating_mul(1_i64 << doublings)
        .min(policy.max_ms.max(policy.base_ms.max(1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_then_stops_at_the_cap() {
        let p = LockoutPolicy {
            base_ms: 15 * 60_000,
            max_ms: 4 * 3_600_000,
            memory_ms: 24 * 3_600_000,
        };
        let minutes: Vec<i64> = (1..=7).map(|k| lock_length_ms(&p, k) / 60_000).collect();
        assert_eq!(minutes, [15, 30, 60, 120, 240, 240, 240]);
        assert_eq!(lock_length_ms(&p, u32::MAX), 4 * 3_600_000, "no overflow");
    }
}
