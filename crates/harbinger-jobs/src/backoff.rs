use std::time::Duration;

/// Exponential backoff with jitter: `base · 2^(attempt−1)`, capped, then ±`jitter` of that.
/// Jitter spreads retries so a failure shared by many jobs does not come back as a storm.
#[derive(Debug, Clone, Copy)]
pub struct Backoff {
    pub base: Duration,
    pub cap: Duration,
    /// Fraction of the delay added or removed at random, 0.0 ..= 1.0.
    pub jitter: f64,
}

impl Default for Backoff {
    fn default() -> Self {
        Self {
            base: Duration::from_secs(2),
            cap: Duration::from_mins(10),
            jitter: 0.2,
        }
    }
}

impl Backoff {
    /// The delay before attempt `attempt + 1`, after `attempt` (1-based) failed.
    pub fn delay(&self, attempt: i32) -> Duration {
        let exp = attempt.clamp(1, 30) - 1;
        let raw = self.base.saturating_mul(1u32 << exp.min(20));
        let capped = raw.min(self.cap);
        let spread = capped.as_secs_f64() * self.jitter.clamp(0.0, 1.0);
        let offset = (rand::random::<f64>() * 2.0 - 1.0) * spread;
        Duration::from_secs_f64((capped.as_secs_f64() + offset).max(0.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_then_caps_within_jitter() {
        let b = Backoff {
            base: Duration::from_secs(1),
            cap: Duration::from_secs(10),
            jitter: 0.2,
        };
        for (attempt, nominal) in [
            (1, 1.0),
            (2, 2.0),
            (3, 4.0),
            (4, 8.0),
            (5, 10.0),
            (30, 10.0),
        ] {
            for _ in 0..50 {
                let d = b.delay(attempt).as_secs_f64();
                assert!(
                    d >= nominal * 0.8 - 1e-9 && d <= nominal * 1.2 + 1e-9,
                    "attempt {attempt}: {d}"
                );
            }
        }
    }

    #[test]
    fn zero_jitter_is_exact() {
        let b = Backoff {
            base: Duration::from_millis(100),
            cap: Duration::from_secs(1),
            jitter: 0.0,
        };
        assert_eq!(b.delay(3), Duration::from_millis(400));
        assert_eq!(b.delay(0), Duration::from_millis(100));
    }
}
