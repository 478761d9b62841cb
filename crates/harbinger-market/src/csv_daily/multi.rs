//! The multi-symbol format `symbol,ts,open,high,low,close,volume` (`ts` = Unix seconds), as
//! written by the benchmark generator and usable for bulk imports.

use std::collections::HashMap;
use std::io::Read;

use harbinger_core::Symbol;

use super::fused::{Role, Typed};
use super::records::{Fields, RowSink, field_index, for_each_record};
use super::stream::{ParallelSink, Threads, for_each_record_read};
use super::{BadRow, number};
use crate::error::{ProviderError, clip};
use crate::num::parse_i64;
use crate::raw::RawBar;

/// Rows grouped by symbol, symbols in order of first appearance, rows in file order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MultiCsv {
    pub series: Vec<(Symbol, Vec<RawBar>)>,
    pub bad_rows: Vec<BadRow>,
}

impl MultiCsv {
    /// Number of rows read into `series`.
    pub fn rows(&self) -> usize {
        self.series.iter().map(|(_, bars)| bars.len()).sum()
    }
}

struct Sink {
    /// symbol, ts, open, high, low, close, volume
    cols: [usize; 7],
    roles: Vec<Role>,
    out: MultiCsv,
    index: HashMap<Vec<u8>, usize>,
    /// Files are grouped by symbol, so remembering the last one skips almost every lookup.
    last: Option<(Vec<u8>, usize)>,
}

impl RowSink for Sink {
    fn row<F: Fields + ?Sized>(&mut self, line: u64, rec: &F) {
        let result = bar(rec, self.cols).and_then(|bar| {
            let slot = self.slot(rec.field(self.cols[0]))?;
            if let Some((_, bars)) = self.out.series.get_mut(slot) {
                bars.push(bar);
            }
            Ok(())
        });
        if let Err(detail) = result {
            self.bad(BadRow {
                line,
                reason: "unparsable",
                detail,
            });
        }
    }

    fn bad(&mut self, row: BadRow) {
        self.out.bad_rows.push(row);
    }

    fn roles(&self) -> &[Role] {
        &self.roles
    }

    fn typed(&mut self, t: &Typed<'_>) -> bool {
        let Ok(slot) = self.slot(t.text[0]) else {
            return false;
        };
        let [open, high, low, close, volume, _] = t.num;
        if let Some((_, bars)) = self.out.series.get_mut(slot) {
            bars.push(RawBar {
                time: t.int,
                open,
                high,
                low,
                close,
                volume,
                adj_close: None,
            });
        }
        true
    }
}

impl ParallelSink for Sink {
    fn fork(&self) -> Self {
        Self {
            cols: self.cols,
            roles: self.roles.clone(),
            out: MultiCsv::default(),
            index: HashMap::new(),
            last: None,
        }
    }

    fn join(&mut self, later: Self, line_offset: u64) {
        for (symbol, mut bars) in later.out.series {
            let key = symbol.as_str().as_bytes().to_vec();
            // Only the symbol running across the chunk boundary is copied; whole series move
            // over as they are.
            if let Some(&slot) = self.index.get(&key) {
                if let Some((_, mine)) = self.out.series.get_mut(slot) {
                    mine.append(&mut bars);
                }
            } else {
                self.index.insert(key, self.out.series.len());
                self.out.series.push((symbol, bars));
            }
        }
        self.last = None;
        self.out
            .bad_rows
            .extend(later.out.bad_rows.into_iter().map(|b| BadRow {
                line: b.line + line_offset,
                ..b
            }));
    }
}

impl Sink {
    /// The series for a symbol field, remembering the last one (files are grouped by symbol).
    fn slot(&mut self, sym: &[u8]) -> Result<usize, String> {
        match &self.last {
            Some((name, slot)) if name.as_slice() == sym => Ok(*slot),
            _ => {
                let slot = self.slot_for(sym)?;
                self.last = Some((sym.to_vec(), slot));
                Ok(slot)
            }
        }
    }

    /// The series for a symbol field, keyed by the canonical symbol so `aapl` and `AAPL` meet.
    fn slot_for(&mut self, sym: &[u8]) -> Result<usize, String> {
        let text = std::str::from_utf8(sym).map_err(|_| "symbol is not UTF-8".to_owned())?;
        let symbol =
            Symbol::parse(text).map_err(|e| format!("symbol {:?}: {e}", clip(text, 30)))?;
        if let Some(&slot) = self.index.get(symbol.as_str().as_bytes()) {
            return Ok(slot);
        }
        let slot = self.out.series.len();
        let key = symbol.as_str().as_bytes().to_vec();
        // Symbols in one file usually have similar lengths: start where the last one ended.
        let hint = self.out.series.last().map_or(0, |(_, bars)| bars.len());
        self.out.series.push((symbol, Vec::with_capacity(hint)));
        self.index.insert(key, slot);
        Ok(slot)
    }
}

/// Parses a multi-symbol file. Rows of one symbol need not be contiguous.
pub fn parse_multi(bytes: &[u8]) -> Result<MultiCsv, ProviderError> {
    for_each_record(bytes, make_sink).map(|sink| sink.out)
}

/// Like [`parse_multi`], streaming from a reader (a file) through a small buffer, on `threads`
/// threads. A read failure is `ProviderError::Transport`.
pub fn parse_multi_reader(reader: impl Read, threads: Threads) -> Result<MultiCsv, ProviderError> {
    for_each_record_read(reader, make_sink, threads).map(|sink| sink.out)
}

fn make_sink(h: &[&[u8]]) -> Result<Sink, ProviderError> {
    let mut cols = [0; 7];
    for (slot, name) in cols
        .iter_mut()
        .zip(["symbol", "ts", "open", "high", "low", "close", "volume"])
    {
        *slot = field_index(h, &[name])?;
    }
    let mut roles = vec![Role::Skip; h.len()];
    let kinds = [
        Role::Text(0),
        Role::Int,
        Role::Num(0),
        Role::Num(1),
        Role::Num(2),
        Role::Num(3),
        Role::Num(4),
    ];
    for (&col, kind) in cols.iter().zip(kinds) {
        if let Some(r) = roles.get_mut(col) {
            *r = kind;
        }
    }
    Ok(Sink {
        cols,
        roles,
        out: MultiCsv::default(),
        index: HashMap::new(),
        last: None,
    })
}

fn bar<F: Fields + ?Sized>(rec: &F, cols: [usize; 7]) -> Result<RawBar, String> {
    let [_, ts, open, high, low, close, volume] = cols;
    let raw = rec.field(ts);
    let time = parse_i64(raw).ok_or_else(|| {
        format!(
            "ts {:?} is not Unix seconds",
            clip(&String::from_utf8_lossy(raw), 30)
        )
    })?;
    Ok(RawBar {
        time,
        open: number(rec, open, "open")?,
        high: number(rec, high, "high")?,
        low: number(rec, low, "low")?,
        close: number(rec, close, "close")?,
        volume: number(rec, volume, "volume")?,
        adj_close: None,
    })
}
