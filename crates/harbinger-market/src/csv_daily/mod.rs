//! Daily CSV files: the contract's `date,open,high,low,close,volume[,adj_close]` format (used by
//! `harbinger import-csv`, the bundled history and, with other capitals, Stooq), and the
//! multi-symbol benchmark format `symbol,ts,open,high,low,close,volume` ([`parse_multi`]).
//!
//! Columns are found by header name (case-insensitive, surrounding spaces ignored), so column
//! order and extra columns do not matter. A row that cannot be read (wrong field count, a
//! number that is not a number, an impossible date) is reported in `bad_rows` with its line
//! and never stops the rest of the file; only a missing header or column fails the whole file.

mod fused;
mod import;
mod multi;
mod records;
mod stream;

pub use import::{Import, import};
pub use multi::{MultiCsv, parse_multi, parse_multi_reader};
pub use stream::Threads;

use std::io::Read;

use fused::{Role, Typed};
use records::{Fields, RowSink, field_index, for_each_record};
use stream::{ParallelSink, for_each_record_read};

use crate::date::parse_ymd;
use crate::error::{ProviderError, clip};
use crate::num::parse_f64;
use crate::raw::RawBar;

/// A row that could not be turned into a [`RawBar`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRow {
    /// 1-based line number in the file (the header is line 1).
    pub line: u64,
    /// Stable label: `unparsable` (a field is not a number/date) or `field_count`.
    pub reason: &'static str,
    /// What was wrong, for the operator.
    pub detail: String,
}

/// The rows of a daily CSV file, in file order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DailyCsv {
    pub bars: Vec<RawBar>,
    pub bad_rows: Vec<BadRow>,
}

/// Whether a missing `volume` column is an error (the contract) or means 0 (Stooq indices).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Volume {
    Required,
    Optional,
}

/// Positions of the columns we read.
#[derive(Debug, Clone, Copy)]
struct Columns {
    date: usize,
    open: usize,
    high: usize,
    low: usize,
    close: usize,
    volume: Option<usize>,
    adj_close: Option<usize>,
}

/// Parses a file in the contract's daily format.
pub fn parse(bytes: &[u8]) -> Result<DailyCsv, ProviderError> {
    parse_with(Input::bytes(bytes), Volume::Required)
}

/// Like [`parse`], streaming from a reader (a file) through a small buffer, on `threads`
/// threads. A read failure is `ProviderError::Transport`.
pub fn parse_reader(reader: impl Read, threads: Threads) -> Result<DailyCsv, ProviderError> {
    parse_with(Input::Reader(reader, threads), Volume::Required)
}

struct Sink {
    cols: Columns,
    roles: Vec<Role>,
    out: DailyCsv,
}

impl RowSink for Sink {
    fn row<F: Fields + ?Sized>(&mut self, line: u64, rec: &F) {
        match row(rec, self.cols) {
            Ok(bar) => self.out.bars.push(bar),
            Err(detail) => self.bad(BadRow {
                line,
                reason: "unparsable",
                detail,
            }),
        }
    }
    fn bad(&mut self, row: BadRow) {
        self.out.bad_rows.push(row);
    }
    fn roles(&self) -> &[Role] {
        &self.roles
    }
    fn typed(&mut self, t: &Typed<'_>) -> bool {
        let Some(time) = parse_ymd(t.text[0]) else {
            return false;
        };
        let [open, high, low, close, volume, adj] = t.num;
        self.out.bars.push(RawBar {
            time,
            open,
            high,
            low,
            close,
            volume: if self.cols.volume.is_some() {
                volume
            } else {
                0.0
            },
            adj_close: self.cols.adj_close.map(|_| adj),
        });
        true
    }
}

impl ParallelSink for Sink {
    fn fork(&self) -> Self {
        Self {
            cols: self.cols,
            roles: self.roles.clone(),
            out: DailyCsv::default(),
        }
    }
    fn join(&mut self, mut later: Self, line_offset: u64) {
        self.out.bars.append(&mut later.out.bars);
        self.out
            .bad_rows
            .extend(later.out.bad_rows.into_iter().map(|b| BadRow {
                line: b.line + line_offset,
                ..b
            }));
    }
}

/// Where CSV bytes come from.
pub(crate) enum Input<'a, R> {
    Bytes(&'a [u8]),
    Reader(R, Threads),
}

impl<'a> Input<'a, &'a [u8]> {
    pub(crate) const fn bytes(bytes: &'a [u8]) -> Self {
        Self::Bytes(bytes)
    }
}

pub(crate) fn parse_with<R: Read>(
    input: Input<'_, R>,
    volume: Volume,
) -> Result<DailyCsv, ProviderError> {
    let make = |header: &[&[u8]]| {
        let cols = Columns {
            date: field_index(header, &["date"])?,
            open: field_index(header, &["open"])?,
            high: field_index(header, &["high"])?,
            low: field_index(header, &["low"])?,
            close: field_index(header, &["close"])?,
            volume: match volume {
                Volume::Required => Some(field_index(header, &["volume"])?),
                Volume::Optional => field_index(header, &["volume"]).ok(),
            },
            adj_close: field_index(header, &["adj_close", "adj close", "adjclose"]).ok(),
        };
        let mut roles = vec![Role::Skip; header.len()];
        let slots = [
            (Some(cols.date), Role::Text(0)),
            (Some(cols.open), Role::Num(0)),
            (Some(cols.high), Role::Num(1)),
            (Some(cols.low), Role::Num(2)),
            (Some(cols.close), Role::Num(3)),
            (cols.volume, Role::Num(4)),
            (cols.adj_close, Role::Num(5)),
        ];
        for (col, role) in slots {
            if let Some(r) = col.and_then(|c| roles.get_mut(c)) {
                *r = role;
            }
        }
        Ok(Sink {
            cols,
            roles,
            out: DailyCsv::default(),
        })
    };
    match input {
        Input::Bytes(b) => for_each_record(b, make),
        Input::Reader(r, threads) => for_each_record_read(r, make, threads),
    }
    .map(|sink| sink.out)
}

fn row<F: Fields + ?Sized>(rec: &F, c: Columns) -> Result<RawBar, String> {
    let date = rec.field(c.date);
    let time = parse_ymd(date.trim_ascii())
        .ok_or_else(|| format!("date {:?} is not YYYY-MM-DD", clip_bytes(date)))?;
    Ok(RawBar {
        time,
        open: number(rec, c.open, "open")?,
        high: number(rec, c.high, "high")?,
        low: number(rec, c.low, "low")?,
        close: number(rec, c.close, "close")?,
        volume: match c.volume {
            Some(i) => number(rec, i, "volume")?,
            None => 0.0,
        },
        adj_close: match c.adj_close {
            // An empty adjusted close means "not given", not a bad row.
            Some(i) if !rec.field(i).trim_ascii().is_empty() => Some(number(rec, i, "adj_close")?),
            _ => None,
        },
    })
}

/// Parses a number field; `NaN`/`inf` text parses (and is rejected later by validation).
#[inline]
fn number<F: Fields + ?Sized>(rec: &F, i: usize, name: &str) -> Result<f64, String> {
    let raw = rec.field(i);
    parse_f64(raw).ok_or_else(|| format!("{name} {:?} is not a number", clip_bytes(raw)))
}

fn clip_bytes(raw: &[u8]) -> String {
    clip(&String::from_utf8_lossy(raw), 40)
}
