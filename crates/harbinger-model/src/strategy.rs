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

use crate::walk_forward::{WalkForward, WalkForwardConfig, walk_forward};
use crate::{Dataset, FEATURE_SET, ModelConfig, ModelError, Ohlcv, Prediction, Side, TrainedModel};

/// The `ml` strategy.
#[derive(Debug)]
pub struct Ml {
    params: Params,
    /// Only today's decision: one model fitted on every known outcome predicts the last two
    /// bars (enough to tell a new entry); earlier bars hold no position.
    latest_only: bool,
    /// The last series' fits, keyed by a hash of its bars; clones of the strategy share it.
    cache: SharedRuns,
}

/// The last series' fits and the hash of its bars, shared between clones.
type SharedRuns = Arc<Mutex<Option<(u64, Arc<Runs>)>>>;

/// The fits of one series per side; `None` where the series is too short to fit.
#[derive(Debug)]
struct Runs {
    long: Option<Fit>,
    short: Option<Fit>,
}

#[derive(Debug)]
enum Fit {
    /// Out-of-sample predictions for every bar of every test fold.
    Walk(WalkForward),
    /// One model on all resolved bars; predictions for the bars from `first` on.
    Latest {
        first: usize,
        base_rate: f64,
        version: String,
        predictions: Vec<Option<Prediction>>,
    },
}

/// One bar's opinion: probability, the no-skill rate it must beat, the fit, the drivers.
struct Pick<'a> {
    probability: f64,
    base_rate: f64,
    version: String,
    drivers: &'a [crate::Driver],
}

impl Fit {
    fn pick(&self, t: usize) -> Option<Pick<'_>> {
        match self {
            Self::Walk(wf) => {
                let p = wf.predictions.get(t)?.as_ref()?;
                Some(Pick {
                    probability: p.probability,
                    base_rate: wf.folds.get(p.fold)?.train_base_rate,
                    version: p.model_version.to_string(),
                    drivers: &p.drivers,
                })
            }
            Self::Latest {
                first,
                base_rate,
                version,
                predictions,
            } => {
                let p = predictions.get(t.checked_sub(*first)?)?.as_ref()?;
                Some(Pick {
                    probability: p.probability,
                    base_rate: *base_rate,
                    version: version.clone(),
                    drivers: &p.drivers,
                })
            }
        }
    }
}

/// Fits one model on every bar whose outcome is known by the last bar and predicts the last
/// two bars.
fn fit_latest_two(view: &Ohlcv<'_>, config: &ModelConfig) -> Result<Fit, ModelError> {
    let data = Dataset::new(view, config)?;
    let model = TrainedModel::fit(&data, 0..data.len(), config)?;
    let (mut hits, mut count) = (0_usize, 0_usize);
    for t in (0..data.len()).filter(|&t| data.is_usable(t)) {
        count += 1;
        hits += usize::from(data.labels()[t] == Some(true));
    }
    #[allow(clippy::cast_precision_loss)]
    let base_rate = if count == 0 {
        0.0
    } else {
        hits as f64 / count as f64
    };
    let first = data.len().saturating_sub(2);
    let predictions = (first..data.len())
        .map(|t| match data.features().row(t) {
            Some(row) => model.predict(row),
            None => Ok(None),
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Fit::Latest {
        first,
        base_rate,
        version: model.version().to_string(),
        predictions,
    })
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
            latest_only: false,
            cache: Arc::new(Mutex::new(None)),
        })
    }

    /// Another instance with the same parameters that shares this one's fits: the `ml` strategy
    /// and the ensemble's `ml` member then fit each series once.
    #[must_use]
    pub fn sharing(&self) -> Self {
        Self {
            params: self.params.clone(),
            latest_only: self.latest_only,
            cache: Arc::clone(&self.cache),
        }
    }

    /// The same strategy for today's signal only (the live pipeline): positions, confidence and
    /// drivers of the last bars alone, from one fit instead of a walk-forward run.
    pub fn latest(overrides: &[(String, f64)]) -> Result<Self, StrategyError> {
        Ok(Self {
            latest_only: true,
            ..Self::new(overrides)?
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
        let fit = |side| {
            let config = self.config(side);
            let fitted = if self.latest_only {
                fit_latest_two(&view, &config.model)
            } else {
                walk_forward(&view, &config).map(Fit::Walk)
            };
            match fitted {
                Ok(f) => Ok(Some(f)),
                // Too little history, or one outcome only: no opinion, no position.
                Err(ModelError::NotEnoughData { .. } | ModelError::SingleClass { .. }) => Ok(None),
                Err(e) => Err(model_error(e)),
            }
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
    fn decision<'r>(&self, runs: &'r Runs, t: usize) -> Option<(i8, Pick<'r>)> {
        let edge = self.params.get("edge");
        let pick = |fit: &'r Option<Fit>| {
            let p = fit.as_ref()?.pick(t)?;
            (p.probability >= p.base_rate + edge).then_some(p)
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
        let Ok(runs) = self.runs(bars) else {
            return self.model_version();
        };
        self.decision(&runs, t)
            .map_or_else(|| self.model_version(), |(_, p)| p.version)
    }

    fn feature_set(&self) -> &'static str {
        FEATURE_SET.version
    }

    fn model_version(&self) -> String {
        model_version(self.name(), &self.params, self.feature_set(), None)
    }
}
