//! Record iteration shared by the CSV parsers.
//!
//! Why hand-rolled instead of the `csv` crate: on the benchmark file (2.52 M rows, 155 MB) the
//! `csv` crate with a reused `ByteRecord`, `str::parse::<f64>` and the whole file read into
//! memory took 0.67 s, twice `pandas.read_csv` (0.31 s). Here unquoted lines are parsed
//! field by field straight from the bytes (`fused.rs`), other lines are split on commas first;
//! numbers use an exact fast path and files are streamed in chunks (`stream.rs`); see
//! `BENCHMARKS.md` for the measurements. Provider and contract CSVs are plain numbers separated by
//! commas; a quoted field is unquoted (commas inside quotes do not split), but a quoted field
//! spanning lines is not supported and shows up as a `field_count` bad row.

use super::BadRow;
use super::fused::{self, Role, Typed};
use crate::error::{ProviderError, clip};

/// Field access for a row.
pub(super) trait Fields {
    /// The `i`-th field's bytes, empty if there is none.
    fn field(&self, i: usize) -> &[u8];
}

impl Fields for [&[u8]] {
    fn field(&self, i: usize) -> &[u8] {
        self.get(i).copied().unwrap_or_default()
    }
}

/// Receives the rows of a file whose field count matches the header's.
pub(super) trait RowSink {
    /// A row split into fields (the general path).
    fn row<F: Fields + ?Sized>(&mut self, line: u64, rec: &F);
    fn bad(&mut self, row: BadRow);
    /// What each column holds, for the fused path.
    fn roles(&self) -> &[Role];
    /// A row read by the fused path; `false` sends it to [`RowSink::row`] instead.
    fn typed(&mut self, row: &Typed<'_>) -> bool;
}

/// Turns bytes into rows for a sink built from the header by `make`.
pub(super) struct Engine<S, M> {
    pub(super) make: M,
    /// The sink and the header's field count, once the header is read.
    pub(super) sink: Option<(S, usize)>,
    /// Lines consumed so far (the header is line 1).
    pub(super) line: u64,
}

impl<S: RowSink, M: FnMut(&[&[u8]]) -> Result<S, ProviderError>> Engine<S, M> {
    /// Feeds complete lines; a last line without `\n` only at the end of the input.
    pub(super) fn feed(&mut self, block: &[u8]) -> Result<(), ProviderError> {
        if let Some((sink, width)) = &mut self.sink {
            self.line += rows(sink, *width, block, self.line);
            return Ok(());
        }
        let mut fields: Vec<&[u8]> = Vec::with_capacity(16);
        let end = memchr::memchr(b'\n', block).unwrap_or(block.len());
        let header = block[..end].strip_suffix(b"\r").unwrap_or(&block[..end]);
        // A UTF-8 byte-order mark is not part of the first column's name.
        let header = header.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(header);
        split_fields(header, &mut fields);
        let width = fields.len();
        let mut sink = (self.make)(&fields)?;
        self.line = 1;
        let rest = block.get(end + 1..).unwrap_or_default();
        self.line += rows(&mut sink, width, rest, self.line);
        self.sink = Some((sink, width));
        Ok(())
    }

    pub(super) fn finish(self) -> Result<(S, usize), ProviderError> {
        self.sink
            .ok_or_else(|| ProviderError::schema("empty CSV: no header"))
    }
}

/// Feeds the complete lines of `block` (a last line without `\n` only at the end of the
/// input) to `sink`, numbering them from `base + 1`; returns how many lines there were.
pub(super) fn rows<S: RowSink>(sink: &mut S, width: usize, block: &[u8], base: u64) -> u64 {
    let mut line = base;
    let mut fields: Vec<&[u8]> = Vec::with_capacity(width + 1);
    let plain = memchr::memchr(b'"', block).is_none();
    let mut start = 0;
    while start < block.len() {
        line += 1;
        if plain && let Some(next) = fused::line(sink, block, start) {
            start = next;
            continue;
        }
        let end = memchr::memchr(b'\n', &block[start..]).map_or(block.len(), |i| start + i);
        let text = &block[start..end];
        start = end + 1;
        split_fields(text, &mut fields);
        emit(sink, line, text, &mut fields, width);
    }
    line - base
}

/// Hands one split line to the sink (or reports it) and clears `fields` for the next line.
fn emit<S: RowSink>(sink: &mut S, line: u64, text: &[u8], fields: &mut Vec<&[u8]>, width: usize) {
    if let Some(last) = fields.last_mut() {
        // A `\r\n` line end leaves `\r` on the last field.
        *last = last.strip_suffix(b"\r").unwrap_or(last);
    }
    if fields.len() == width {
        sink.row(line, fields.as_slice());
    } else if !text.trim_ascii().is_empty() {
        sink.bad(field_count(line, fields.len(), width));
    }
    fields.clear();
}

/// Runs `make` on the header, then feeds every row of `bytes` to the sink it built.
pub(super) fn for_each_record<S: RowSink>(
    bytes: &[u8],
    make: impl FnMut(&[&[u8]]) -> Result<S, ProviderError>,
) -> Result<S, ProviderError> {
    let mut engine = Engine {
        make,
        sink: None,
        line: 0,
    };
    engine.feed(bytes)?;
    engine.finish().map(|(sink, _)| sink)
}

/// Splits one line on commas into `out` (cleared first). Quotes around a field are removed
/// and commas inside them do not split.
pub(super) fn split_fields<'a>(line: &'a [u8], out: &mut Vec<&'a [u8]>) {
    out.clear();
    if memchr::memchr(b'"', line).is_none() {
        let mut start = 0;
        for (i, &b) in line.iter().enumerate() {
            if b == b',' {
                out.push(&line[start..i]);
                start = i + 1;
            }
        }
        out.push(&line[start..]);
        return;
    }
    let mut start = 0;
    let mut quoted = false;
    for (i, &b) in line.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => {
                out.push(unquote(&line[start..i]));
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(unquote(&line[start..]));
}

fn unquote(field: &[u8]) -> &[u8] {
    let t = field.trim_ascii();
    t.strip_prefix(b"\"")
        .and_then(|t| t.strip_suffix(b"\""))
        .unwrap_or(field)
}

/// Position of the first header field named like one of `names` (case-insensitive).
pub(super) fn field_index(header: &[&[u8]], names: &[&str]) -> Result<usize, ProviderError> {
    header
        .iter()
        .position(|h| {
            let h = h.trim_ascii();
            names.iter().any(|n| h.eq_ignore_ascii_case(n.as_bytes()))
        })
        .ok_or_else(|| {
            let shown = header
                .iter()
                .map(|h| String::from_utf8_lossy(h).into_owned())
                .collect::<Vec<_>>()
                .join(",");
            ProviderError::schema(format!(
                "CSV header {:?} has no {} column",
                clip(&shown, 120),
                names.first().copied().unwrap_or_default()
            ))
        })
}

fn field_count(line: u64, got: usize, want: usize) -> BadRow {
    BadRow {
        line,
        reason: "field_count",
        detail: format!("{got} fields, header has {want}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_plain_and_quoted_fields() {
        let mut out = Vec::new();
        split_fields(b"a,,b", &mut out);
        assert_eq!(out, [&b"a"[..], b"", b"b"]);
        split_fields(br#""2024-01-02","1,5",x"#, &mut out);
        assert_eq!(out, [&b"2024-01-02"[..], b"1,5", b"x"]);
    }
}
