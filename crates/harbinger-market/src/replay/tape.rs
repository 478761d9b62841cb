//! The bundled daily history, embedded in the binary and validated once at start-up.

use harbinger_core::{Bar, Symbol};

use crate::csv_daily;
use crate::error::ProviderError;
use crate::raw::SplitEvent;
use crate::validate::{BarValidator, Rejection, ValidatorConfig, splits_from_adj_close};

/// The public-domain files of `data/prices` (see `data/README.md`), compiled in so the binary
/// needs no files at run time.
const BUNDLED: [(&str, &[u8]); 5] = [
    ("AAPL", include_bytes!("../../../../data/prices/AAPL.csv")),
    ("MSFT", include_bytes!("../../../../data/prices/MSFT.csv")),
    ("IBM", include_bytes!("../../../../data/prices/IBM.csv")),
    ("GOOG", include_bytes!("../../../../data/prices/GOOG.csv")),
    ("FB", include_bytes!("../../../../data/prices/FB.csv")),
];

/// The bundled files carry raw (unadjusted) prices, so 2:1 splits show as -50 % days and are
/// explained by splits derived from `adj_close`. The one real move beyond 50 % in them (AAPL
/// 2000-09-29, -51.9 % on a profit warning) is history, not an error: replay validates with a
/// slightly wider threshold than the equity default so no real bar is dropped.
pub(crate) const REPLAY_VALIDATION: ValidatorConfig = ValidatorConfig {
    max_jump: Some(0.6),
};

/// One symbol's validated bars.
#[derive(Debug, Clone, PartialEq)]
pub struct TapeSeries {
    pub symbol: Symbol,
    pub bars: Vec<Bar>,
    /// Splits derived from `adj_close` (raw-price files only).
    pub splits: Vec<SplitEvent>,
}

/// Validated history of several symbols and the union of their trading days.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tape {
    pub(crate) series: Vec<TapeSeries>,
    /// Every distinct bar time, ascending.
    pub(crate) timeline: Vec<i64>,
    rejected: Vec<(Symbol, Rejection)>,
}

impl Tape {
    /// The five bundled files.
    pub fn bundled() -> Result<Self, ProviderError> {
        Self::from_csv_files(BUNDLED.iter().map(|(s, b)| (*s, *b)))
    }

    /// Builds a tape from daily CSV files in the contract's format, one per symbol.
    pub fn from_csv_files<'a>(
        files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
    ) -> Result<Self, ProviderError> {
        let mut tape = Self::default();
        for (name, bytes) in files {
            let symbol = Symbol::parse(name)
                .map_err(|e| ProviderError::BadRequest(format!("replay symbol {name:?}: {e}")))?;
            let csv = csv_daily::parse(bytes)?;
            if let Some(bad) = csv.bad_rows.first() {
                return Err(ProviderError::schema(format!(
                    "{symbol} line {}: {}",
                    bad.line, bad.detail
                )));
            }
            let splits = splits_from_adj_close(&csv.bars);
            let checked = BarValidator::new(REPLAY_VALIDATION).validate(&csv.bars, &splits);
            tape.rejected
                .extend(checked.rejected.into_iter().map(|r| (symbol.clone(), r)));
            tape.series.push(TapeSeries {
                symbol,
                bars: checked.bars,
                splits,
            });
        }
        let mut timeline: Vec<i64> = tape
            .series
            .iter()
            .flat_map(|s| s.bars.iter().map(|b| b.time))
            .collect();
        timeline.sort_unstable();
        timeline.dedup();
        tape.timeline = timeline;
        Ok(tape)
    }

    /// The symbols on the tape, in load order.
    pub fn symbols(&self) -> impl Iterator<Item = &Symbol> {
        self.series.iter().map(|s| &s.symbol)
    }

    /// One symbol's series.
    pub fn series(&self, symbol: &Symbol) -> Option<&TapeSeries> {
        self.series.iter().find(|s| &s.symbol == symbol)
    }

    /// Rows refused by validation while loading (none for the bundled files).
    pub fn rejected(&self) -> &[(Symbol, Rejection)] {
        &self.rejected
    }

    /// Number of distinct trading days.
    pub fn days(&self) -> usize {
        self.timeline.len()
    }
}
