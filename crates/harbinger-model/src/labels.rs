//! Triple-barrier labels: does the target come before the stop within the horizon?

use harbinger_signals::indicators::{Atr, Candle};

use crate::{ModelError, Ohlcv};

/// Direction of the trade a label describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// Bought at the close: the target is above, the stop below.
    Long,
    /// Sold at the close: the target is below, the stop above.
    Short,
}

impl Side {
    /// `"long"` or `"short"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Long => "long",
            Self::Short => "short",
        }
    }
}

/// The three barriers: target and stop in ATR multiples from the entry close, and a horizon.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BarrierParams {
    /// Target distance in ATRs (default 2).
    pub target_atr: f64,
    /// Stop distance in ATRs (default 1).
    pub stop_atr: f64,
    /// Bars after the entry bar in which the target must be reached (default 10).
    pub horizon: usize,
    /// ATR period (default 14).
    pub atr_period: usize,
}

impl Default for BarrierParams {
    fn default() -> Self {
        Self {
            target_atr: 2.0,
            stop_atr: 1.0,
            horizon: 10,
            atr_period: 14,
        }
    }
}

impl BarrierParams {
    /// Check every parameter: multiples finite and positive, horizon and period at least 1.
    pub fn validate(&self) -> Result<(), ModelError> {
        for (name, v) in [("target_atr", self.target_atr), ("stop_atr", self.stop_atr)] {
            if !(v.is_finite() && v > 0.0) {
                return Err(ModelError::invalid(name, "must be finite and positive", v));
            }
        }
        if self.horizon == 0 {
            return Err(ModelError::invalid("horizon", "must be at least 1", 0));
        }
        if self.atr_period == 0 {
            return Err(ModelError::invalid("atr_period", "must be at least 1", 0));
        }
        Ok(())
    }

    /// `(target, stop)` prices for an entry at `entry` with the given ATR.
    pub fn levels(&self, side: Side, entry: f64, atr: f64) -> (f64, f64) {
        match side {
            Side::Long => (entry + self.target_atr * atr, entry - self.stop_atr * atr),
            Side::Short => (entry - self.target_atr * atr, entry + self.stop_atr * atr),
        }
    }
}

/// The label of every bar: `Some(true)` when a trade entered at that bar's close reaches its
/// target before its stop within `horizon` bars, `Some(false)` when the stop comes first,
/// the horizon expires, or both barriers are touched on the same bar (intrabar order is
/// unknown, so it counts as the stop: conservative). A bar that opens beyond a barrier
/// (a gap) counts as touching it.
///
/// `None` where the label is undefined: the last `horizon` bars (their future is not fully
/// known, and keeping only the ones already resolved would bias the labels), and bars
/// without a positive ATR or a finite close.
pub fn triple_barrier_labels(
    bars: &Ohlcv<'_>,
    params: &BarrierParams,
    side: Side,
) -> Result<Vec<Option<bool>>, ModelError> {
    params.validate()?;
    let n = bars.len();
    let atr = barrier_atr(bars, params.atr_period)?;
    let mut labels = vec![None; n];
    for (t, label) in labels
        .iter_mut()
        .enumerate()
        .take(n.saturating_sub(params.horizon))
    {
        let (entry, a) = (bars.close[t], atr[t]);
        if !(entry.is_finite() && a.is_finite() && a > 0.0) {
            continue;
        }
        let (target, stop) = params.levels(side, entry, a);
        *label = Some(first_touch(
            bars,
            t + 1..=t + params.horizon,
            side,
            target,
            stop,
        ));
    }
    Ok(labels)
}

/// The ATR the barriers are measured in, NaN during warm-up: the streaming ATR of
/// `harbinger-signals`, whose value at `t` depends on bars `0..=t` only, bit for bit, so a
/// bar's barriers never move when later bars arrive. A strategy placing a live stop and
/// target should use this series, so its levels match the labels the model learned.
pub fn barrier_atr(bars: &Ohlcv<'_>, period: usize) -> Result<Vec<f64>, ModelError> {
    let mut stream = Atr::new(period)?;
    Ok((0..bars.len())
        .map(|i| {
            let bar = Candle::new(bars.open[i], bars.high[i], bars.low[i], bars.close[i], 0.0);
            stream.update(bar).unwrap_or(f64::NAN)
        })
        .collect())
}

/// Whether the target is touched strictly before the stop over `window`.
fn first_touch(
    bars: &Ohlcv<'_>,
    window: std::ops::RangeInclusive<usize>,
    side: Side,
    target: f64,
    stop: f64,
) -> bool {
    for j in window {
        let (hit_target, hit_stop) = match side {
            Side::Long => (bars.high[j] >= target, bars.low[j] <= stop),
            Side::Short => (bars.low[j] <= target, bars.high[j] >= stop),
        };
        if hit_stop {
            return false;
        }
        if hit_target {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bars with a constant true range of 2 (high = close + 1, low = close - 1), so ATR(1)
    /// is 2 from bar 1 on, except where a test overrides high/low.
    struct Bars {
        time: Vec<i64>,
        open: Vec<f64>,
        high: Vec<f64>,
        low: Vec<f64>,
        close: Vec<f64>,
        volume: Vec<f64>,
    }

    impl Bars {
        fn flat(n: usize) -> Self {
            Self {
                time: (0..n as i64).collect(),
                open: vec![100.0; n],
                high: vec![101.0; n],
                low: vec![99.0; n],
                close: vec![100.0; n],
                volume: vec![1.0; n],
            }
        }
        fn view(&self) -> Ohlcv<'_> {
            Ohlcv::new(
                &self.time,
                &self.open,
                &self.high,
                &self.low,
                &self.close,
                &self.volume,
            )
            .unwrap()
        }
    }

    /// ATR(1) = 2, target 2 ATR = +4, stop 1 ATR = -2, horizon 3.
    fn params() -> BarrierParams {
        BarrierParams {
            target_atr: 2.0,
            stop_atr: 1.0,
            horizon: 3,
            atr_period: 1,
        }
    }

    #[test]
    fn target_before_stop_is_a_win() {
        let mut b = Bars::flat(8);
        b.high[3] = 104.5; // bar 1's target is 104
        let labels = triple_barrier_labels(&b.view(), &params(), Side::Long).unwrap();
        assert_eq!(labels[1], Some(true));
        // Bar 0 has no ATR yet.
        assert_eq!(labels[0], None);
    }

    #[test]
    fn stop_and_target_on_the_same_bar_count_as_the_stop() {
        let mut b = Bars::flat(8);
        b.high[2] = 105.0;
        b.low[2] = 97.0;
        let labels = triple_barrier_labels(&b.view(), &params(), Side::Long).unwrap();
        assert_eq!(labels[1], Some(false));
    }

    #[test]
    fn stop_first_then_target_is_a_loss() {
        let mut b = Bars::flat(8);
        b.low[2] = 97.5;
        b.high[3] = 110.0;
        let labels = triple_barrier_labels(&b.view(), &params(), Side::Long).unwrap();
        assert_eq!(labels[1], Some(false));
    }

    #[test]
    fn horizon_expiry_is_a_loss_even_if_the_target_comes_later() {
        let mut b = Bars::flat(8);
        b.high[5] = 110.0; // bar 1 looks at bars 2..=4 only
        let labels = triple_barrier_labels(&b.view(), &params(), Side::Long).unwrap();
        assert_eq!(labels[1], Some(false));
        // Bar 2 looks at 3..=5 and sees it.
        assert_eq!(labels[2], Some(true));
    }

    #[test]
    fn a_gap_through_the_target_is_a_win() {
        let mut b = Bars::flat(8);
        for i in 3..8 {
            b.open[i] = 120.0;
            b.high[i] = 121.0;
            b.low[i] = 119.0;
            b.close[i] = 120.0;
        }
        let labels = triple_barrier_labels(&b.view(), &params(), Side::Long).unwrap();
        assert_eq!(labels[1], Some(true));
        // The short side gaps through its stop.
        let short = triple_barrier_labels(&b.view(), &params(), Side::Short).unwrap();
        assert_eq!(short[1], Some(false));
    }

    #[test]
    fn short_labels_mirror_long_ones() {
        let mut b = Bars::flat(8);
        b.low[3] = 95.5; // short target for bar 1 is 96
        let short = triple_barrier_labels(&b.view(), &params(), Side::Short).unwrap();
        assert_eq!(short[1], Some(true));
        let long = triple_barrier_labels(&b.view(), &params(), Side::Long).unwrap();
        assert_eq!(long[1], Some(false));
    }

    #[test]
    fn the_last_horizon_bars_are_undefined() {
        let b = Bars::flat(8);
        let labels = triple_barrier_labels(&b.view(), &params(), Side::Long).unwrap();
        assert!(labels[5..].iter().all(Option::is_none));
        assert!(labels[1..5].iter().all(Option::is_some));
    }

    #[test]
    fn bad_parameters_are_errors() {
        let b = Bars::flat(8);
        for p in [
            BarrierParams {
                horizon: 0,
                ..params()
            },
            BarrierParams {
                target_atr: f64::NAN,
                ..params()
            },
            BarrierParams {
                stop_atr: -1.0,
                ..params()
            },
            BarrierParams {
                atr_period: 0,
                ..params()
            },
        ] {
            assert!(matches!(
                triple_barrier_labels(&b.view(), &p, Side::Long),
                Err(ModelError::InvalidParameter { .. })
            ));
        }
    }
}
