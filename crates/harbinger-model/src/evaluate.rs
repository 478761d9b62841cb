//! Calibration of any strategy's signals: each signal's confidence at issue time against the
//! outcome its fixed rules later had. For `ml` the confidences are walk-forward (out of sample)
//! probabilities; for the rules they are hit rates of signals graded before the issue bar; the
//! ensemble combines both. Only graded signals count: one still open at the end has no outcome.

use harbinger_signals::Ohlcv;
use harbinger_signals::outcome::Status;
use harbinger_signals::signal::{SignalRules, Signaller};
use harbinger_signals::strategy::{Strategy, StrategyError};

use crate::CalibrationReport;

/// The calibration report of `strategy`'s graded signals over every series; `None` when no
/// signal was graded.
pub fn calibration(
    strategy: &dyn Strategy,
    series: &[Ohlcv<'_>],
    rules: SignalRules,
) -> Result<Option<CalibrationReport>, StrategyError> {
    let (mut probabilities, mut outcomes) = (Vec::new(), Vec::new());
    for bars in series {
        let signaller = Signaller::new(*bars, rules)?;
        for signal in signaller.signals(strategy)? {
            if let Some(outcome) = signal.outcome {
                probabilities.push(signal.confidence);
                outcomes.push(outcome.status == Status::TargetHit);
            }
        }
    }
    if probabilities.is_empty() {
        return Ok(None);
    }
    CalibrationReport::new(&probabilities, &outcomes, None)
        .map(Some)
        .map_err(|e| StrategyError::Inconsistent {
            strategy: strategy.name(),
            reason: e.to_string(),
        })
}
