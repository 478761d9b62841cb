//! `harbinger import-csv FILE --symbol S`: a daily file in the contract's format, validated.

use std::collections::BTreeMap;
use std::io::Read;

use harbinger_core::Bar;

use super::{BadRow, Threads, parse_reader};
use crate::error::ProviderError;
use crate::validate::{BarValidator, Rejection, ValidatorConfig, splits_from_adj_close};

/// The bars to store from one file, and an account of every row left out.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Import {
    /// Validated bars, strictly increasing in time.
    pub bars: Vec<Bar>,
    /// Readable rows validation refused (`index` counts readable rows in time order).
    pub rejected: Vec<Rejection>,
    /// Rows that could not be read at all, with their line numbers.
    pub bad_rows: Vec<BadRow>,
}

impl Import {
    /// Rows left out per reason label: `unparsable`, `field_count`, `BarError::reason()`,
    /// `not_increasing`, `jump`.
    pub fn counts(&self) -> BTreeMap<&'static str, usize> {
        let mut out = BTreeMap::new();
        let labels = self
            .bad_rows
            .iter()
            .map(|b| b.reason)
            .chain(self.rejected.iter().map(|r| r.reason.label()));
        for label in labels {
            *out.entry(label).or_insert(0) += 1;
        }
        out
    }
}

/// Reads and validates a daily file. Rows are put in time order first (files exported newest
/// first are common), so only a repeated date counts as `not_increasing`. When the file has an
/// adjusted close next to raw prices, the splits it implies explain their price jumps.
pub fn import(
    reader: impl Read,
    validation: ValidatorConfig,
    threads: Threads,
) -> Result<Import, ProviderError> {
    let mut csv = parse_reader(reader, threads)?;
    csv.bars.sort_by_key(|b| b.time);
    let splits = splits_from_adj_close(&csv.bars);
    let checked = BarValidator::new(validation).validate(&csv.bars, &splits);
    Ok(Import {
        bars: checked.bars,
        rejected: checked.rejected,
        bad_rows: csv.bad_rows,
    })
}
