//! Grading: how a signal's fixed rules (entry, stop, target, horizon) played out on later bars.
//!
//! The rules are applied bar by bar after the signal bar. A bar that opens beyond a barrier
//! exits at its open (a gap through the stop costs more than the stop, a gap through the target
//! earns more). A bar whose range touches both barriers counts as stopped: the bars alone cannot
//! tell which came first, and the conservative reading is the honest one. A signal whose horizon
//! has not passed and that touched neither barrier is still open.

use crate::Ohlcv;
use crate::strategy::Side;

/// The fixed rules of one signal.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Barriers {
    /// Direction.
    pub side: Side,
    /// Reference entry price (the signal bar's close).
    pub entry: f64,
    /// Exit with a loss at or beyond this price.
    pub stop: f64,
    /// Exit with a gain at or beyond this price.
    pub target: f64,
    /// Bars after the signal bar before it expires.
    pub horizon: usize,
}

/// How a signal ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The target was reached first.
    TargetHit,
    /// The stop was reached first (or in the same bar as the target).
    StopHit,
    /// Neither within the horizon: closed at the last bar's close.
    Expired,
}

/// A graded signal.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Outcome {
    /// How it ended.
    pub status: Status,
    /// Index of the exit bar.
    pub exit_index: usize,
    /// Time of the exit bar, Unix seconds.
    pub exit_time: i64,
    /// Exit price.
    pub exit_price: f64,
    /// Return in the signal's direction, before costs: 0.02 = 2 %.
    pub ret: f64,
}

/// Grades a signal issued at bar `signal_index` against the bars after it; `None` while open.
pub fn grade(bars: &Ohlcv<'_>, signal_index: usize, b: &Barriers) -> Option<Outcome> {
    let (open, high, low, close, time) = (
        bars.open(),
        bars.high(),
        bars.low(),
        bars.close(),
        bars.time(),
    );
    let last = signal_index.checked_add(b.horizon)?;
    let s = b.side.sign();
    // In the signal's direction: "up" is good. For a short, prices are mirrored.
    let (stop, target) = (s * b.stop, s * b.target);
    for k in signal_index + 1..=last.min(bars.len().saturating_sub(1)) {
        let (o, fav, adv) = if s > 0.0 {
            (open[k], high[k], low[k])
        } else {
            (-open[k], -low[k], -high[k])
        };
        let exit = if o <= stop {
            Some((Status::StopHit, o))
        } else if o >= target {
            Some((Status::TargetHit, o))
        } else if adv <= stop {
            Some((Status::StopHit, stop))
        } else if fav >= target {
            Some((Status::TargetHit, target))
        } else if k == last {
            Some((Status::Expired, s * close[k]))
        } else {
            None
        };
        if let Some((status, price)) = exit {
            let exit_price = s * price;
            return Some(Outcome {
                status,
                exit_index: k,
                exit_time: time[k],
                exit_price,
                ret: s * (exit_price - b.entry) / b.entry,
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::OhlcvBuf;

    fn bars(rows: &[(f64, f64, f64, f64)]) -> OhlcvBuf {
        let mut b = OhlcvBuf::default();
        for (i, (o, h, l, c)) in rows.iter().enumerate() {
            b.push(i64::try_from(i).unwrap() * 86_400, *o, *h, *l, *c, 1.0);
        }
        b
    }

    fn long(horizon: usize) -> Barriers {
        Barriers {
            side: Side::Long,
            entry: 100.0,
            stop: 98.0,
            target: 104.0,
            horizon,
        }
    }

    #[test]
    fn target_hit_on_the_first_bar_after_the_signal() {
        let b = bars(&[(100.0, 100.0, 100.0, 100.0), (100.5, 104.5, 99.0, 103.0)]);
        let o = grade(&b.view().unwrap(), 0, &long(5)).unwrap();
        assert_eq!(
            (o.status, o.exit_index, o.exit_price),
            (Status::TargetHit, 1, 104.0)
        );
        assert!((o.ret - 0.04).abs() < 1e-12);
    }

    #[test]
    fn a_gap_through_the_stop_exits_at_the_open() {
        let b = bars(&[
            (100.0, 100.0, 100.0, 100.0),
            (100.0, 101.0, 99.0, 100.0),
            (95.0, 96.0, 94.0, 95.5),
        ]);
        let o = grade(&b.view().unwrap(), 0, &long(5)).unwrap();
        assert_eq!(
            (o.status, o.exit_index, o.exit_price),
            (Status::StopHit, 2, 95.0)
        );
        assert!((o.ret + 0.05).abs() < 1e-12);
    }

    #[test]
    fn both_barriers_in_one_bar_count_as_stopped() {
        let b = bars(&[(100.0, 100.0, 100.0, 100.0), (100.0, 105.0, 97.0, 101.0)]);
        let o = grade(&b.view().unwrap(), 0, &long(5)).unwrap();
        assert_eq!((o.status, o.exit_price), (Status::StopHit, 98.0));
    }

    #[test]
    fn expires_at_the_horizon_close_and_is_open_before() {
        let quiet = (100.0, 101.0, 99.0, 100.5);
        let b = bars(&[quiet, quiet, quiet, quiet]);
        let o = grade(&b.view().unwrap(), 0, &long(3)).unwrap();
        assert_eq!(
            (o.status, o.exit_index, o.exit_price),
            (Status::Expired, 3, 100.5)
        );
        assert_eq!(grade(&b.view().unwrap(), 1, &long(3)), None);
    }

    #[test]
    fn a_short_mirrors_the_long() {
        let b = bars(&[(100.0, 100.0, 100.0, 100.0), (99.0, 99.5, 95.0, 96.0)]);
        let short = Barriers {
            side: Side::Short,
            entry: 100.0,
            stop: 102.0,
            target: 96.0,
            horizon: 5,
        };
        let o = grade(&b.view().unwrap(), 0, &short).unwrap();
        assert_eq!((o.status, o.exit_price), (Status::TargetHit, 96.0));
        assert!((o.ret - 0.04).abs() < 1e-12);
    }
}
