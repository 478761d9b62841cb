//! The figures of a track record: what a set of graded signals was worth.
//!
//! Live signals (from the ledger) and backtest signals (the same rules replayed over history)
//! go through the same function, so the two sides are comparable, and they are always reported
//! side by side, never blended.
//!
//! The signal equity curve stakes one unit on every signal and adds the returns in exit order
//! (signals overlap in time and across symbols, so compounding a full stake on each would
//! describe no portfolio anyone could hold). Its drawdown is in the same return units: 0.25
//! means the cumulative return fell 25 points below its running peak.

use serde::Serialize;

use crate::CalibrationReport;

/// One graded signal.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GradedReturn {
    /// Confidence at issue time, in [0, 1].
    pub confidence: f64,
    /// The target was hit (a win by the signal's own rules).
    pub target_hit: bool,
    /// Return in the signal's direction, before costs (0.02 = 2 %).
    pub ret: f64,
    /// Exit time, Unix seconds.
    pub exit_time: i64,
}

/// A point of the signal equity curve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct EquityPoint {
    /// Exit time, Unix seconds.
    pub time: i64,
    /// Cumulative return of one unit per signal.
    pub equity: f64,
}

/// Points of the equity curve kept at most (evenly thinned, last point always kept).
pub const EQUITY_POINTS: usize = 400;

/// The figures of one group of signals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrackStats {
    /// Signals issued.
    pub signals: usize,
    /// Of those, graded (target, stop or expiry reached).
    pub graded: usize,
    /// Graded with a positive return.
    pub wins: usize,
    /// `wins / graded`.
    pub win_rate: Option<f64>,
    /// Graded whose target was hit.
    pub target_hits: usize,
    pub average_return: Option<f64>,
    pub median_return: Option<f64>,
    /// Mean over standard deviation of the signal returns (per signal, not annualised).
    pub sharpe: Option<f64>,
    /// Largest fall of the signal equity curve below its running peak (return units).
    pub max_drawdown: Option<f64>,
    /// Cumulative return of one unit per signal.
    pub total_return: Option<f64>,
    /// Confidence against outcome (target hit): Brier score and hit rate per bucket.
    pub calibration: Option<CalibrationReport>,
    /// The signal equity curve, thinned to at most [`EQUITY_POINTS`] points.
    pub equity: Vec<EquityPoint>,
}

/// The figures of `graded` signals out of `signals` issued. `graded` may come in any order; the
/// equity curve follows exit time (ties keep the given order).
pub fn track_stats(signals: usize, graded: &[GradedReturn]) -> TrackStats {
    let mut ordered: Vec<GradedReturn> = graded
        .iter()
        .copied()
        .filter(|g| g.ret.is_finite() && (0.0..=1.0).contains(&g.confidence))
        .collect();
    ordered.sort_by_key(|g| g.exit_time);
    let n = ordered.len();
    let wins = ordered.iter().filter(|g| g.ret > 0.0).count();
    let target_hits = ordered.iter().filter(|g| g.target_hit).count();
    let rets: Vec<f64> = ordered.iter().map(|g| g.ret).collect();
    let mean = (n > 0).then(|| rets.iter().sum::<f64>() / n as f64);
    let sharpe = mean.filter(|_| n > 1).and_then(|m| {
        let var = rets.iter().map(|r| (r - m).powi(2)).sum::<f64>() / (n - 1) as f64;
        (var > 0.0).then(|| m / var.sqrt())
    });
    let (mut equity, mut peak, mut drawdown) = (0.0_f64, 0.0_f64, 0.0_f64);
    let mut curve = Vec::with_capacity(n);
    for g in &ordered {
        equity += g.ret;
        peak = peak.max(equity);
        drawdown = drawdown.max(peak - equity);
        curve.push(EquityPoint {
            time: g.exit_time,
            equity,
        });
    }
    let calibration = (n > 0)
        .then(|| {
            let p: Vec<f64> = ordered.iter().map(|g| g.confidence).collect();
            let y: Vec<bool> = ordered.iter().map(|g| g.target_hit).collect();
            CalibrationReport::new(&p, &y, None).ok()
        })
        .flatten();
    TrackStats {
        signals: signals.max(n),
        graded: n,
        wins,
        win_rate: (n > 0).then(|| wins as f64 / n as f64),
        target_hits,
        average_return: mean,
        median_return: median(&rets),
        sharpe,
        max_drawdown: (n > 0).then_some(drawdown),
        total_return: (n > 0).then_some(equity),
        calibration,
        equity: thin(curve),
    }
}

fn median(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    Some(if v.len().is_multiple_of(2) {
        f64::midpoint(v[mid - 1], v[mid])
    } else {
        v[mid]
    })
}

/// At most [`EQUITY_POINTS`] evenly spaced points, always ending with the last.
fn thin(curve: Vec<EquityPoint>) -> Vec<EquityPoint> {
    if curve.len() <= EQUITY_POINTS {
        return curve;
    }
    let step = curve.len().div_ceil(EQUITY_POINTS);
    let last = curve.len() - 1;
    curve
        .iter()
        .enumerate()
        .filter(|&(i, _)| i.is_multiple_of(step) && i != last)
        .map(|(_, p)| *p)
        .chain(std::iter::once(curve[last]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(ret: f64, exit_time: i64, confidence: f64) -> GradedReturn {
        GradedReturn {
            confidence,
            target_hit: ret > 0.03,
            ret,
            exit_time,
        }
    }

    #[test]
    fn hand_checked_figures() {
        // In exit order: +0.04, -0.02, -0.01, +0.05 (given shuffled).
        let graded = [
            g(-0.01, 30, 0.4),
            g(0.04, 10, 0.7),
            g(0.05, 40, 0.6),
            g(-0.02, 20, 0.3),
        ];
        let s = track_stats(6, &graded);
        assert_eq!((s.signals, s.graded, s.wins, s.target_hits), (6, 4, 2, 2));
        assert_eq!(s.win_rate, Some(0.5));
        let mean = 0.06 / 4.0;
        assert!((s.average_return.unwrap() - mean).abs() < 1e-15);
        // Median of -0.02, -0.01, 0.04, 0.05.
        assert!((s.median_return.unwrap() - 0.015).abs() < 1e-15);
        // Equity 0.04, 0.02, 0.01, 0.06: peak 0.04, trough 0.01.
        assert!((s.max_drawdown.unwrap() - 0.03).abs() < 1e-15);
        assert!((s.total_return.unwrap() - 0.06).abs() < 1e-15);
        let times: Vec<i64> = s.equity.iter().map(|p| p.time).collect();
        assert_eq!(times, [10, 20, 30, 40]);
        let var = [0.04, -0.02, -0.01, 0.05]
            .iter()
            .map(|r| (r - mean) * (r - mean))
            .sum::<f64>()
            / 3.0;
        assert!((s.sharpe.unwrap() - mean / var.sqrt()).abs() < 1e-12);
        let c = s.calibration.unwrap();
        assert_eq!((c.predictions, c.positives), (4, 2));
        // Brier: (0.7-1)² + (0.3-0)² + (0.4-0)² + (0.6-1)² over 4.
        assert!((c.brier - (0.09 + 0.09 + 0.16 + 0.16) / 4.0).abs() < 1e-15);
    }

    #[test]
    fn nothing_graded_has_no_figures() {
        let s = track_stats(3, &[]);
        assert_eq!((s.signals, s.graded), (3, 0));
        assert!(s.win_rate.is_none() && s.sharpe.is_none() && s.max_drawdown.is_none());
        assert!(s.calibration.is_none() && s.equity.is_empty());
    }

    #[test]
    fn the_curve_is_thinned_but_ends_at_the_last_exit() {
        let graded: Vec<GradedReturn> = (0..1_001).map(|i| g(0.001, i, 0.5)).collect();
        let s = track_stats(1_001, &graded);
        assert!(s.equity.len() <= EQUITY_POINTS);
        let last = s.equity.last().unwrap();
        assert_eq!(last.time, 1_000);
        assert!((last.equity - 1.001).abs() < 1e-9);
    }
}
