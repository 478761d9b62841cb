//! The `ml` strategy: the walk-forward model behind the engine's [`Strategy`] trait.
//!
//! For every bar the model's out-of-sample probability that the target comes before the stop
//! is compared with the hit rate of its own training window: a probability at least `edge`
//! above that base rate holds a long position (with `short=1`, the short model's does the
//! same for a short). The probability itself is the signal's confidence, and the signal names
//! the fit that made it (its `model_version` covers the training range).
//!
//! A walk-forward run costs tens of milliseconds per series, and the engine asks for
//! positions, drivers and confidences of one series many times; the last run is kept, keyed
//! by a hash of the bars, so each series is fitted once.

use std::hash::{Hash as _, Hasher as _};
use std::sync::{Arc, Mutex};

use harbinger_signals::strategy::{
    Driver, ParamSpec, Params, Strategy, StrategyError, model_version,
};

use crate::walk_forward::{BarPrediction, WalkForward, WalkForwardConfig, walk_forward};
use crate::{FEATURE_SET, ModelError, Ohlcv, Side};

/// The `ml` strategy.
#[derive(Debug)]
pub struct Ml {
    params: Params,
    cache: Mutex<Option<(u64, Arc<Runs>)>>,
}

/// Walk-forward runs of one series; `None` where the series is too short to fit.
#[derive(Debug)]
struct Runs {
    long: Option<WalkForward>,
    short: Option<WalkForward>,
}

impl Ml {
    /// Parameters and defaults.
    pub const SPECS: &'static [ParamSpec] = &[
        ParamSpec::real(
            "edge",
            0.05,
            0.0,
            1.0,
            "probability above the training hit rate needed to trade",
        ),
        ParamSpec::int(
            "refit",
            63,
            5,
            1_000,
            "bars between refits (the walk-forward test fold)",
        ),
        ParamSpec::int(
            "short",
            0,
            0,
            1,
            "1 = also fit a short-side model and take short positions",
        ),
    ];

    /// Builds the strategy from its defaults and `name=value` overrides.
    pub fn new(overrides: &[(String, f64)]) -> Result<Self, StrategyError> {
        Ok(Self {
            params: Params::resolve("ml", Self::SPECS, overrides)?,
            cache: Mutex::new(None),
        })
    }

    fn config(&self, side: Side) -> WalkForwardConfig {
        let mut c = WalkForwardConfig {
            test_size: self.params.period("refit"),
            ..WalkForwardConfig::default()
        };
        c.model.side = side;
        c
    }

    fn runs(&self, bars: &harbinger_signals::Ohlcv<'_>) -> Result<Arc<Runs>, StrategyError> {
        let key = fingerprint(bars);
        if let Ok(guard) = self.cache.lock()
            && let Some((k, runs)) = guard.as_ref()
            && *k == key
        {
            return Ok(Arc::clone(runs));
        }
        let view = Ohlcv::new(
            bars.time(),
            bars.open(),
            bars.high(),
            bars.low(),
            bars.close(),
            bars.volume(),
        )
        .map_err(model_error)?;
        let fit = |side| match walk_forward(&view, &self.config(side)) {
            Ok(wf) => Ok(Some(wf)),
            // Too little history, or one outcome only: no opinion, no position.
            Err(ModelError::NotEnoughData { .. } | ModelError::SingleClass { .. }) => Ok(None),
            Err(e) => Err(model_error(e)),
        };
        let runs = Arc::new(Runs {
            long: fit(Side::Long)?,
            short: if self.params.flag("short") {
                fit(Side::Short)?
            } else {
                None
            },
        });
        if let Ok(mut guard) = self.cache.lock() {
            *guard = Some((key, Arc::clone(&runs)));
        }
        Ok(runs)
    }

    /// The prediction behind the position at `t`, if the model trades there.
    fn decision(&self, runs: &Runs, t: usize) -> Option<(i8, BarPrediction)> {
        let edge = self.params.get("edge");
        let pick = |wf: &Option<WalkForward>| {
            let wf = wf.as_ref()?;
            let p = wf.predictions.get(t)?.as_ref()?;
            let base = wf.folds.get(p.fold)?.train_base_rate;
            (p.probability >= base + edge).then(|| p.clone())
        };
        pick(&runs.long)
            .map(|p| (1, p))
            .or_else(|| pick(&runs.short).map(|p| (-1, p)))
    }
}

#[allow(clippy::needless_pass_by_value)] // used as `map_err(model_error)`
fn model_error(e: ModelError) -> StrategyError {
    StrategyError::Inconsistent {
        strategy: "ml",
        reason: e.to_string(),
    }
}

/// A hash of every column: the cache key of a series.
fn fingerprint(bars: &harbinger_signals::Ohlcv<'_>) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bars.time().hash(&mut h);
    for col in [
        bars.open(),
        bars.high(),
        bars.low(),
        bars.close(),
        bars.volume(),
    ] {
        for x in col {
            h.write_u64(x.to_bits());
        }
    }
    h.finish()
}

impl Strategy for Ml {
    fn name(&self) -> &'static str {
        "ml"
    }

    fn params(&self) -> &Params {
        &self.params
    }

    fn warmup(&self) -> usize {
        self.config(Side::Long).model.min_train_rows
    }

    fn positions(
        &self,
        bars: &harbinger_signals::Ohlcv<'_>,
        out: &mut [i8],
    ) -> Result<(), StrategyError> {
        if out.len() != bars.len() {
            return Err(StrategyError::Length {
                actual: out.len(),
                expected: bars.len(),
            });
        }
        let runs = self.runs(bars)?;
        for (t, slot) in out.iter_mut().enumerate() {
            *slot = self.decision(&runs, t).map_or(0, |(side, _)| side);
        }
        Ok(())
    }

    fn drivers(&self, bars: &harbinger_signals::Ohlcv<'_>, t: usize) -> Vec<Driver> {
        let Ok(runs) = self.runs(bars) else {
            return Vec::new();
        };
        self.decision(&runs, t)
            .map(|(_, p)| {
                p.drivers
                    .iter()
                    .map(|d| Driver::new(d.name, d.value, d.weight))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn confidence_at(&self, bars: &harbinger_signals::Ohlcv<'_>, t: usize) -> Option<f64> {
        let runs = self.runs(bars).ok()?;
        self.decision(&runs, t).map(|(_, p)| p.probability)
    }

    fn model_version_at(&self, bars: &harbinger_signals::Ohlcv<'_>, t: usize) -> String {
        self.runs(bars)
            .ok()
            .and_then(|runs| self.decision(&runs, t))
            .map_or_else(
                || self.model_version(),
                |(_, p)| p.model_version.to_string(),
            )
    }

    fn feature_set(&self) -> &'static str {
        FEATURE_SET.version
    }

    fn model_version(&self) -> String {
        model_version(self.name(), &self.params, self.feature_set(), None)
    }
}
