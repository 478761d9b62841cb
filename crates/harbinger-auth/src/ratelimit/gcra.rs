//! GCRA arithmetic, pure so it can be property-tested with a simulated clock.
//!
//! A quota of `limit` per `window` has emission interval `T = window / limit` and burst
//! tolerance `τ = window` (a full quota may be spent at once). State is the theoretical
//! arrival time `tat`; a request of cost `c` at `now` is allowed iff
//! `max(tat, now) + c·T − τ ≤ now`, and then `tat` becomes `max(tat, now) + c·T`.

/// A named limit: `limit` requests per `window_ms`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quota {
    pub name: &'static str,
    pub limit: u32,
    pub window_ms: i64,
}

impl Quota {
    pub const fn new(name: &'static str, limit: u32, window_ms: i64) -> Self {
        Self {
            name,
            limit,
            window_ms,
        }
    }

    /// Milliseconds per unit (at least 1).
    pub fn emission_ms(&self) -> i64 {
        (self.window_ms / i64::from(self.limit.max(1))).max(1)
    }

    /// Burst tolerance: the whole quota.
    pub fn tolerance_ms(&self) -> i64 {
        self.emission_ms() * i64::from(self.limit.max(1))
    }
}

/// The answer for one request, with what the IETF RateLimit headers report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub allowed: bool,
    pub limit: u32,
    /// Units left after this request.
    pub remaining: u32,
    /// Until the quota is whole again (ms).
    pub reset_ms: i64,
    /// When denied: the wait until the same request would be allowed (ms).
    pub retry_after_ms: i64,
    pub window_ms: i64,
    pub policy: &'static str,
}

impl Decision {
    /// `Retry-After` in whole seconds, rounded up (never shorter than the real wait).
    pub fn retry_after_secs(&self) -> u64 {
        (self.retry_after_ms.max(0) as u64)
            .div_ceil(1000)
            .max(u64::from(!self.allowed))
    }

    pub fn reset_secs(&self) -> u64 {
        (self.reset_ms.max(0) as u64).div_ceil(1000)
    }
}

/// Decides a request of `cost` at `now` given the stored `tat`; returns the decision and the
/// new `tat` to store (`None`: leave the state unchanged).
pub fn decide(tat: Option<i64>, now: i64, q: &Quota, cost: u32) -> (Decision, Option<i64>) {
    let t = q.emission_ms();
    let tau = q.tolerance_ms();
    let tat = tat.unwrap_or(now).max(now);
    let new_tat = tat + t * i64::from(cost);
    let allow_at = new_tat - tau;
    // A probe (cost 0) asks whether one more unit would pass.
    let probe_at = if cost == 0 { tat + t - tau } else { allow_at };
    let base = Decision {
        allowed: true,
        limit: q.limit,
        remaining: 0,
        reset_ms: tat - now,
        retry_after_ms: 0,
        window_ms: q.window_ms,
        policy: q.name,
    };
    if now < probe_at {
        let d = Decision {
            allowed: false,
            retry_after_ms: probe_at - now,
            ..base
        };
        return (d, None);
    }
    let remaining = ((now - (new_tat - tau)) / t).clamp(0, i64::from(q.limit)) as u32;
    let d = Decision {
        remaining,
        reset_ms: new_tat - now,
        ..base
    };
    (d, (cost > 0).then_some(new_tat))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_fresh_key_gets_the_whole_quota_at_once_then_waits() {
        let q = Quota::new("t", 5, 60_000);
        let mut tat = None;
        for i in 0..5 {
            let (d, new) = decide(tat, 0, &q, 1);
            assert!(d.allowed, "request {i}");
            assert_eq!(d.remaining, 4 - i);
            tat = new;
        }
        let (d, _) = decide(tat, 0, &q, 1);
        assert!(!d.allowed);
        assert_eq!(d.retry_after_ms, 12_000);
        assert_eq!(d.retry_after_secs(), 12);
        let (probe, _) = decide(tat, 0, &q, 0);
        assert!(!probe.allowed);
        let (d, _) = decide(tat, 12_000, &q, 1);
        assert!(d.allowed, "one unit back after T");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1_000))]

        /// R2: whatever the arrival pattern, any window of length w admits at most q + burst
        /// (= 2q here), and a denied request's Retry-After is never shorter than the real wait.
        #[test]
        fn admits_at_most_q_plus_burst_per_window(
            limit in 1u32..50,
            window_s in 1i64..120,
            gaps in proptest::collection::vec(0i64..5_000, 1..400),
        ) {
            let q = Quota::new("p", limit, window_s * 1000);
            let mut tat = None;
            let mut now = 0;
            let mut admitted: Vec<i64> = Vec::new();
            for g in gaps {
                now += g;
                let (d, new) = decide(tat, now, &q, 1);
                if d.allowed {
                    admitted.push(now);
                    tat = new;
                } else {
                    // Waiting less than Retry-After (in whole seconds) is still denied …
                    let wait = d.retry_after_secs() as i64 * 1000;
                    prop_assert!(wait >= d.retry_after_ms);
                    if d.retry_after_ms > 1 {
                        prop_assert!(!decide(tat, now + d.retry_after_ms - 1, &q, 1).0.allowed);
                    }
                    // … and waiting it out is allowed.
                    prop_assert!(decide(tat, now + wait, &q, 1).0.allowed);
                }
            }
            let w = q.window_ms;
            for (i, start) in admitted.iter().enumerate() {
                let in_window = admitted[i..].iter().take_while(|t| **t < start + w).count();
                prop_assert!(in_window as u32 <= 2 * limit, "{in_window} in a window, limit {limit}");
            }
        }
    }
}
