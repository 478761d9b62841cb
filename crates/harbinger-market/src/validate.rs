//! Validation of every bar before it is stored.
//!
//! A row becomes a [`Bar`] only if `Bar::new` accepts it (finite numbers, positive prices,
//! `low ≤ open, close ≤ high`, volume ≥ 0), its time is strictly after the last accepted bar,
//! and its close did not jump further than the configured threshold from the previous close
//! unless a split explains the move. Rejected rows are returned with a stable reason label so
//! they can be counted; nothing here panics on any input.
//!
//! The jump rule compares against the last accepted close *and* against the close of a row
//! just rejected for jumping. So a single bad tick costs one row (the next good row is near the
//! last accepted close), and a real level change (an unannounced split, a crash) also costs one
//! row (the next row is near the rejected one and re-anchors) instead of rejecting everything
//! after it.

use std::collections::BTreeMap;

use harbinger_core::{Bar, BarError};

use crate::raw::{RawBar, SplitEvent};
pub use crate::splits::splits_from_adj_close;

/// How strict validation is. Thresholds are fractions: `0.5` rejects a close more than 50 %
/// above or below the reference close.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ValidatorConfig {
    /// `None` disables the jump rule.
    pub max_jump: Option<f64>,
}

impl ValidatorConfig {
    /// Listed stocks and ETFs: a day's move beyond 50 % is almost always a data error or an
    /// unadjusted split. The limit is on purpose not tighter, so real crashes of 40 % pass; the
    /// cost is that a 2:1 split on a flat day (exactly -50 %) is not caught by this rule alone:
    /// sources with raw prices must come with split events (Yahoo sends them, the replay and
    /// `import` derive them from `adj_close`), and the cross-provider check is the second net.
    pub const EQUITY: Self = Self {
        max_jump: Some(0.5),
    };
    /// Crypto moves further in a day; only gross errors are caught.
    pub const CRYPTO: Self = Self {
        max_jump: Some(0.8),
    };
    /// Currency pairs rarely move more than a few percent.
    pub const FX: Self = Self {
        max_jump: Some(0.2),
    };
    /// Only the per-bar and time-order rules.
    pub const NO_JUMP_RULE: Self = Self { max_jump: None };
}

impl Default for ValidatorConfig {
    fn default() -> Self {
        Self::EQUITY
    }
}

/// Why a row was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
pub enum RejectReason {
    #[error(transparent)]
    Bar(#[from] BarError),
    #[error("time {time} is not after the previous bar's {previous}")]
    NotIncreasing { time: i64, previous: i64 },
    #[error("close {close} moved more than allowed from {reference} with no split to explain it")]
    Jump { reference: f64, close: f64 },
}

impl RejectReason {
    /// A short, stable label: `BarError::reason()`, `not_increasing` or `jump`.
    pub const fn label(&self) -> &'static str {
        match self {
            Self::Bar(e) => e.reason(),
            Self::NotIncreasing { .. } => "not_increasing",
            Self::Jump { .. } => "jump",
        }
    }
}

/// A rejected row: its position in the input, its time, and why.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rejection {
    pub index: usize,
    pub time: i64,
    pub reason: RejectReason,
}

/// The outcome of validating a batch of rows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Validated {
    /// Accepted bars, strictly increasing in time.
    pub bars: Vec<Bar>,
    pub rejected: Vec<Rejection>,
}

impl Validated {
    /// Rejections per reason label, for metrics.
    pub fn counts(&self) -> BTreeMap<&'static str, usize> {
        let mut out = BTreeMap::new();
        for r in &self.rejected {
            *out.entry(r.reason.label()).or_insert(0) += 1;
        }
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Anchor {
    time: i64,
    close: f64,
}

/// Validates rows in time order. It keeps the last accepted bar, so it can validate one batch
/// or a live stream bar by bar; [`BarValidator::resume_after`] continues after stored history.
#[derive(Debug, Clone, PartialEq)]
pub struct BarValidator {
    config: ValidatorConfig,
    last: Option<Anchor>,
    /// The last row rejected as a jump, kept to recognise a real level change.
    candidate: Option<Anchor>,
}

impl BarValidator {
    pub const fn new(config: ValidatorConfig) -> Self {
        Self {
            config,
            last: None,
            candidate: None,
        }
    }

    /// A validator that treats `last` as the previous accepted bar (e.g. the newest stored one).
    pub const fn resume_after(config: ValidatorConfig, last: &Bar) -> Self {
        Self {
            config,
            last: Some(Anchor {
                time: last.time,
                close: last.close,
            }),
            candidate: None,
        }
    }

    /// Validates a batch. `splits` may come in any order; those between two bars explain a jump.
    pub fn validate(&mut self, rows: &[RawBar], splits: &[SplitEvent]) -> Validated {
        let mut out = Validated {
            bars: Vec::with_capacity(rows.len()),
            rejected: Vec::new(),
        };
        for (index, raw) in rows.iter().enumerate() {
            match self.check(raw, splits) {
                Ok(bar) => out.bars.push(bar),
                Err(reason) => out.rejected.push(Rejection {
                    index,
                    time: raw.time,
                    reason,
                }),
            }
        }
        out
    }

    /// Validates one row; on success it becomes the new reference for the next one.
    pub fn check(&mut self, raw: &RawBar, splits: &[SplitEvent]) -> Result<Bar, RejectReason> {
        let bar = Bar::new(
            raw.time,
            raw.open,
            raw.high,
            raw.low,
            raw.close,
            raw.volume,
            raw.adj_close,
        )?;
        if let Some(last) = self.last {
            if bar.time <= last.time {
                return Err(RejectReason::NotIncreasing {
                    time: bar.time,
                    previous: last.time,
                });
            }
            if let Some(max) = self.config.max_jump {
                let near = |a: Anchor| {
                    let factor = split_factor(splits, a.time, bar.time);
                    within(bar.close, a.close, max)
                        || factor.is_some_and(|f| within(bar.close, a.close * f, max))
                };
                let explained =
                    near(last) || self.candidate.is_some_and(|c| c.time < bar.time && near(c));
                if !explained {
                    self.candidate = Some(Anchor {
                        time: bar.time,
                        close: bar.close,
                    });
                    return Err(RejectReason::Jump {
                        reference: last.close,
                        close: bar.close,
                    });
                }
            }
        }
        self.last = Some(Anchor {
            time: bar.time,
            close: bar.close,
        });
        self.candidate = None;
        Ok(bar)
    }
}

/// Validates a batch from scratch with `config`.
pub fn validate(config: ValidatorConfig, rows: &[RawBar], splits: &[SplitEvent]) -> Validated {
    BarValidator::new(config).validate(rows, splits)
}

fn within(close: f64, reference: f64, max: f64) -> bool {
    // `reference > 0` because both came through `Bar::new`; NaN compares false (a rejection).
    (close / reference - 1.0).abs() <= max
}

/// The combined price factor of the splits effective in `(after, until]`, if any.
fn split_factor(splits: &[SplitEvent], after: i64, until: i64) -> Option<f64> {
    splits
        .iter()
        .filter(|s| s.time > after && s.time <= until)
        .filter_map(SplitEvent::price_factor)
        .reduce(|a, b| a * b)
}
