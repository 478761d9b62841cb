//! A vote over member strategies.

use super::{Driver, ParamSpec, Params, Strategy, StrategyError, check_len, model_version};
use crate::Ohlcv;

/// Takes the side that a net share of at least `threshold` of its members holds: with five
/// members and the default 0.4, two more longs than shorts make it long.
#[derive(Debug)]
pub struct Ensemble {
    params: Params,
    members: Vec<Box<dyn Strategy>>,
}

impl Ensemble {
    /// Parameters and defaults.
    pub const SPECS: &'static [ParamSpec] = &[ParamSpec::real(
        "threshold",
        0.4,
        0.01,
        1.0,
        "net share of members that must agree on a side",
    )];

    /// An ensemble of `members` (at least one).
    pub fn new(
        members: Vec<Box<dyn Strategy>>,
        overrides: &[(String, f64)],
    ) -> Result<Self, StrategyError> {
        let params = Params::resolve("ensemble", Self::SPECS, overrides)?;
        if members.is_empty() {
            return Err(StrategyError::Inconsistent {
                strategy: "ensemble",
                reason: "it needs at least one member".into(),
            });
        }
        Ok(Self { params, members })
    }

    /// The member strategies.
    pub fn members(&self) -> &[Box<dyn Strategy>] {
        &self.members
    }
}

impl Strategy for Ensemble {
    fn name(&self) -> &'static str {
        "ensemble"
    }
    fn params(&self) -> &Params {
        &self.params
    }
    fn warmup(&self) -> usize {
        self.members.iter().map(|m| m.warmup()).min().unwrap_or(0)
    }

    fn positions(&self, bars: &Ohlcv<'_>, out: &mut [i8]) -> Result<(), StrategyError> {
        check_len(bars, out)?;
        let mut votes = vec![0_i32; bars.len()];
        let mut member = vec![0_i8; bars.len()];
        for m in &self.members {
            m.positions(bars, &mut member)?;
            for (v, p) in votes.iter_mut().zip(&member) {
                *v += i32::from(*p);
            }
        }
        let n = f64::from(u32::try_from(self.members.len()).unwrap_or(u32::MAX));
        let threshold = self.params.get("threshold");
        for (o, v) in out.iter_mut().zip(&votes) {
            let share = f64::from(*v) / n;
            *o = if share >= threshold {
                1
            } else if share <= -threshold {
                -1
            } else {
                0
            };
        }
        Ok(())
    }

    /// One driver per member: its position at `t`, weighted by its share of the vote. Members
    /// never read past `t`, so their positions over the whole series give the same answer at `t`
    /// as over its head, and a model member reuses its fit.
    fn drivers(&self, bars: &Ohlcv<'_>, t: usize) -> Vec<Driver> {
        let n = f64::from(u32::try_from(self.members.len()).unwrap_or(u32::MAX));
        let mut pos = vec![0_i8; bars.len()];
        let mut out: Vec<Driver> = self
            .members
            .iter()
            .map(|m| {
                let p = if m.positions(bars, &mut pos).is_ok() {
                    pos.get(t).copied().unwrap_or(0)
                } else {
                    0
                };
                Driver::new(m.name(), f64::from(p), f64::from(p) / n)
            })
            .collect();
        out.sort_by(|a, b| b.weight.abs().total_cmp(&a.weight.abs()));
        out
    }

    fn feature_set(&self) -> &'static str {
        "ensemble/1"
    }

    /// Hash over the threshold and every member's own version, in order.
    fn model_version(&self) -> String {
        let members: Vec<String> = self
            .members
            .iter()
            .map(|m| format!("{}:{}", m.name(), m.model_version()))
            .collect();
        model_version(
            "ensemble",
            &self.params,
            &format!("{}[{}]", self.feature_set(), members.join(",")),
            None,
        )
    }
}
