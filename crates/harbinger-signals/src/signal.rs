//! From positions to signals: every entry becomes a signal with fixed rules (entry at the close,
//! stop and target in ATR multiples, a horizon), a confidence and its drivers.
//!
//! **Confidence** is a calibrated frequency, not a score. For a signal at bar `s` it is the share
//! of this strategy's earlier signals on the same side whose target was hit before the stop,
//! counting only signals already graded by bar `s`, shrunk towards the base rate of the same
//! rules on every bar graded by then (weight [`SignalRules::prior_weight`]). Before anything
//! is graded the base rate is the driftless random walk's `stop / (stop + target)`.
//! Nothing after bar `s` is read, so a signal's confidence is what it was at issue time.
//! A strategy with its own calibrated probability (the `ml` model) supplies it instead
//! ([`Strategy::confidence_at`]).

use crate::Ohlcv;
use crate::indicators::atr;
use crate::outcome::{Barriers, Outcome, Status, grade};
use crate::strategy::{Driver, Side, Strategy, StrategyError};

/// How entries are turned into signals.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct SignalRules {
    /// Stop distance in ATRs.
    pub stop_atr: f64,
    /// Target distance in ATRs.
    pub target_atr: f64,
    /// Bars after the signal before it expires.
    pub horizon: usize,
    /// ATR period.
    pub atr_period: usize,
    /// Pseudo-count of the base rate in the confidence estimate.
    pub prior_weight: f64,
}

impl Default for SignalRules {
    fn default() -> Self {
        Self {
            stop_atr: 1.0,
            target_atr: 2.0,
            horizon: 10,
            atr_period: 14,
            prior_weight: 20.0,
        }
    }
}

/// One signal, as of its bar.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Signal {
    /// The strategy's registry name.
    pub strategy: &'static str,
    /// Hash of what determined the decision (see [`Strategy::model_version`]).
    pub model_version: String,
    /// Direction.
    pub side: Side,
    /// Index of the signal bar in the series.
    pub index: usize,
    /// Signal bar time, Unix seconds.
    pub bar_time: i64,
    /// Reference entry: the signal bar's close.
    pub entry: f64,
    /// Stop price.
    pub stop: f64,
    /// Target price.
    pub target: f64,
    /// Bars until it expires.
    pub horizon_bars: usize,
    /// Probability that the target is hit before the stop, as estimated at issue time.
    pub confidence: f64,
    /// Inputs behind the decision, largest weight first.
    pub drivers: Vec<Driver>,
    /// How it ended, when the series already shows it.
    pub outcome: Option<Outcome>,
}

impl Signal {
    /// The signal's fixed rules.
    pub fn barriers(&self) -> Barriers {
        Barriers {
            side: self.side,
            entry: self.entry,
            stop: self.stop,
            target: self.target,
            horizon: self.horizon_bars,
        }
    }
}

/// Precomputed grading of every bar of one series, shared by all strategies run on it.
#[derive(Debug)]
pub struct Signaller<'a> {
    bars: Ohlcv<'a>,
    rules: SignalRules,
    atr: Vec<f64>,
    /// Per side (long, short): each bar's outcome if a signal had been issued there.
    outcomes: [Vec<Option<Outcome>>; 2],
    /// Per side: bars graded and targets hit by each bar index (prefix sums).
    graded_by: [Vec<(u32, u32)>; 2],
}

impl<'a> Signaller<'a> {
    /// Grades every bar of `bars` under `rules` on both sides.
    pub fn new(bars: Ohlcv<'a>, rules: SignalRules) -> Result<Self, StrategyError> {
        let atr = atr(bars.high(), bars.low(), bars.close(), rules.atr_period)?;
        let mut s = Self {
            bars,
            rules,
            atr,
            outcomes: [Vec::new(), Vec::new()],
            graded_by: [Vec::new(), Vec::new()],
        };
        for (k, side) in [Side::Long, Side::Short].into_iter().enumerate() {
            let outcomes: Vec<Option<Outcome>> = (0..bars.len())
                .map(|j| s.barriers(j, side).and_then(|b| grade(&bars, j, &b)))
                .collect();
            let mut counts = vec![(0_u32, 0_u32); bars.len()];
            for o in outcomes.iter().flatten() {
                counts[o.exit_index].0 += 1;
                counts[o.exit_index].1 += u32::from(o.status == Status::TargetHit);
            }
            let mut acc = (0, 0);
            for c in &mut counts {
                acc = (acc.0 + c.0, acc.1 + c.1);
                *c = acc;
            }
            s.outcomes[k] = outcomes;
            s.graded_by[k] = counts;
        }
        Ok(s)
    }

    /// The rules of a signal at bar `j` on `side`; `None` while the ATR is undefined.
    pub fn barriers(&self, j: usize, side: Side) -> Option<Barriers> {
        let (a, entry) = (self.atr[j], self.bars.close()[j]);
        if !(a.is_finite() && a > 0.0) {
            return None;
        }
        let s = side.sign();
        Some(Barriers {
            side,
            entry,
            stop: entry - s * self.rules.stop_atr * a,
            target: entry + s * self.rules.target_atr * a,
            horizon: self.rules.horizon,
        })
    }

    /// Every signal `strategy` would have issued over the series, oldest first.
    pub fn signals(&self, strategy: &dyn Strategy) -> Result<Vec<Signal>, StrategyError> {
        self.collect(strategy, 0)
    }

    /// The signal issued on the last bar, if the strategy entered a position there.
    pub fn latest(&self, strategy: &dyn Strategy) -> Result<Option<Signal>, StrategyError> {
        Ok(self
            .collect(strategy, self.bars.len().saturating_sub(1))?
            .pop())
    }

    /// Signals at or after bar `from`, with confidences from all earlier entries.
    fn collect(&self, strategy: &dyn Strategy, from: usize) -> Result<Vec<Signal>, StrategyError> {
        let n = self.bars.len();
        let mut pos = vec![0_i8; n];
        strategy.positions(&self.bars, &mut pos)?;
        // Earlier entries per side, by the bar their outcome became known.
        let mut history: [Vec<&Outcome>; 2] = [Vec::new(), Vec::new()];
        let mut out = Vec::new();
        for s in 0..n {
            let entered = pos[s] != 0 && (s == 0 || pos[s] != pos[s - 1]);
            let Some(side) = Side::of(pos[s]).filter(|_| entered) else {
                continue;
            };
            let k = usize::from(side == Side::Short);
            let Some(b) = self.barriers(s, side) else {
                continue;
            };
            if s >= from {
                let confidence = strategy
                    .confidence_at(&self.bars, s)
                    .unwrap_or_else(|| self.confidence(&history[k], s, k));
                out.push(Signal {
                    strategy: strategy.name(),
                    model_version: strategy.model_version_at(&self.bars, s),
                    side,
                    index: s,
                    bar_time: self.bars.time()[s],
                    entry: b.entry,
                    stop: b.stop,
                    target: b.target,
                    horizon_bars: b.horizon,
                    confidence,
                    drivers: strategy.drivers(&self.bars, s),
                    outcome: self.outcomes[k][s],
                });
            }
            if let Some(o) = &self.outcomes[k][s] {
                history[k].push(o);
            }
        }
        Ok(out)
    }

    #[allow(clippy::cast_precision_loss)]
    fn confidence(&self, earlier: &[&Outcome], s: usize, k: usize) -> f64 {
        let r = &self.rules;
        let (graded, hits) = self.graded_by[k][s];
        let base = if graded == 0 {
            r.stop_atr / (r.stop_atr + r.target_atr)
        } else {
            f64::from(hits) / f64::from(graded)
        };
        let known = earlier.iter().filter(|o| o.exit_index <= s);
        let (n, won) = known.fold((0.0, 0.0), |(n, w), o| {
            (
                n + 1.0,
                w + f64::from(u8::from(o.status == Status::TargetHit)),
            )
        });
        (won + r.prior_weight * base) / (n + r.prior_weight)
    }
}
