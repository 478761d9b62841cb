//! The hot path for unquoted files: each field is parsed straight from the bytes while the
//! line is walked, with no intermediate list of field slices. A line whose fields are not all
//! on the fast path (exponents, spaces, empty values, bad text, wrong field count) returns
//! `None` and is read again by the general splitter, which also produces the error messages;
//! both give the same values, which the tests check.

use super::records::RowSink;
use crate::num::{scan_f64, scan_i64};

/// What a column holds, as far as the fused reader cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Skip,
    /// Kept as bytes (symbol, date) in slot `n` of [`Typed::text`].
    Text(usize),
    /// Unix seconds, in [`Typed::int`].
    Int,
    /// A number, in slot `n` of [`Typed::num`].
    Num(usize),
}

/// One line's values, by role slot.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Typed<'a> {
    pub(super) text: [&'a [u8]; 2],
    pub(super) int: i64,
    pub(super) num: [f64; 6],
}

/// Reads the line starting at `start`; on success hands it to the sink and returns where the
/// next line starts.
#[inline]
pub(super) fn line<S: RowSink>(sink: &mut S, b: &[u8], start: usize) -> Option<usize> {
    let mut t = Typed::default();
    let mut p = start;
    let roles = sink.roles();
    let last = roles.len().checked_sub(1)?;
    for (i, role) in roles.iter().enumerate() {
        p = match *role {
            Role::Num(slot) => {
                let (v, end) = scan_f64(b, p)?;
                *t.num.get_mut(slot)? = v;
                end
            }
            Role::Int => {
                let (v, end) = scan_i64(b, p)?;
                t.int = v;
                end
            }
            Role::Text(slot) => {
                let end = field_end(b, p);
                *t.text.get_mut(slot)? = b.get(p..end)?;
                end
            }
            Role::Skip => field_end(b, p),
        };
        p = if i < last {
            (b.get(p) == Some(&b',')).then_some(p + 1)?
        } else {
            match b.get(p) {
                None => p,
                Some(b'\n') => p + 1,
                Some(b'\r') if b.get(p + 1) == Some(&b'\n') => p + 2,
                Some(b'\r') if p + 1 == b.len() => p + 1,
                Some(_) => return None,
            }
        };
    }
    sink.typed(&t).then_some(p)
}

/// Position of the `,`, `\r` or `\n` ending the field that starts at `p` (or the end).
#[inline]
fn field_end(b: &[u8], p: usize) -> usize {
    b.get(p..)
        .and_then(|rest| rest.iter().position(|&c| matches!(c, b',' | b'\n' | b'\r')))
        .map_or(b.len(), |i| p + i)
}
