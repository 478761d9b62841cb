//! Number parsing for the ingest hot paths (CSV fields and Yahoo's number arrays).

/// Powers of ten that are exact in an `f64`.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Parses a decimal number, surrounding ASCII spaces allowed.
///
/// Plain decimals (`-123.4567`) with at most 15 significant digits take a fast path: the digits
/// form an integer below 2^53 and the scale is an exact power of ten, so one IEEE division gives
/// the correctly rounded result, the same `f64` `str::parse` returns. Everything else
/// (exponents, `inf`, long mantissas) goes to `str::parse`.
#[inline]
pub(crate) fn parse_f64(field: &[u8]) -> Option<f64> {
    let s = trim(field);
    let (neg, d) = match s.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, s),
    };
    // Integer and fraction digits are accumulated separately: two short dependency chains
    // the CPU runs side by side instead of one long one.
    let (int, int_digits) = digits(d);
    let (frac, frac_digits) = match d.get(int_digits) {
        Some(b'.') => digits(&d[int_digits + 1..]),
        _ => (0, 0),
    };
    let consumed = int_digits + frac_digits + usize::from(d.get(int_digits) == Some(&b'.'));
    let n = int_digits + frac_digits;
    if consumed == d.len() && n > 0 && n <= 15 {
        // Below 10^15 < 2^53 and an exact power of ten: one correctly rounded division.
        let mantissa = int * POW10_U64[frac_digits] + frac;
        let v = mantissa as f64 / POW10[frac_digits];
        return Some(if neg { -v } else { v });
    }
    std::str::from_utf8(s).ok()?.parse().ok()
}

/// Parses a plain decimal (`-123.4567`, at most 15 digits) that starts at `b[p]` and ends at
/// the first byte that cannot continue it; returns the value and that position. `None` for
/// anything else, which the caller then hands to [`parse_f64`]. Same arithmetic, so the same
/// `f64`.
#[inline]
pub(crate) fn scan_f64(bytes: &[u8], start: usize) -> Option<(f64, usize)> {
    let neg = bytes.get(start) == Some(&b'-');
    let mut at = start + usize::from(neg);
    let (int, int_digits) = digits(bytes.get(at..)?);
    at += int_digits;
    let (frac, frac_digits) = if bytes.get(at) == Some(&b'.') {
        let (f, n) = digits(bytes.get(at + 1..)?);
        at += 1 + n;
        (f, n)
    } else {
        (0, 0)
    };
    let n = int_digits + frac_digits;
    if n == 0 || n > 15 {
        return None;
    }
    let v = (int * POW10_U64[frac_digits] + frac) as f64 / POW10[frac_digits];
    Some((if neg { -v } else { v }, at))
}

/// Like [`scan_f64`] for an integer of at most 18 digits.
#[inline]
pub(crate) fn scan_i64(b: &[u8], p: usize) -> Option<(i64, usize)> {
    let neg = b.get(p) == Some(&b'-');
    let start = p + usize::from(neg);
    let (v, n) = digits(b.get(start..)?);
    if n == 0 || n > 18 {
        return None;
    }
    let v = v as i64;
    Some((if neg { -v } else { v }, start + n))
}

/// Value and count of the leading ASCII digits (at most 16, so the value cannot overflow).
// Always inlined: it runs twice per number on the ingest hot path (measured 14 % of CSV
// parse time as a call).
#[allow(clippy::inline_always)]
#[inline(always)]
fn digits(d: &[u8]) -> (u64, usize) {
    let mut v = 0u64;
    let mut n = 0;
    for &c in d.iter().take(16) {
        let digit = c.wrapping_sub(b'0');
        if digit > 9 {
            break;
        }
        v = v * 10 + u64::from(digit);
        n += 1;
    }
    (v, n)
}

const POW10_U64: [u64; 17] = [
    1,
    10,
    100,
    1_000,
    10_000,
    100_000,
    1_000_000,
    10_000_000,
    100_000_000,
    1_000_000_000,
    10_000_000_000,
    100_000_000_000,
    1_000_000_000_000,
    10_000_000_000_000,
    100_000_000_000_000,
    1_000_000_000_000_000,
    10_000_000_000_000_000,
];

/// Trims ASCII whitespace, checking the common no-space case with two comparisons.
#[inline]
fn trim(field: &[u8]) -> &[u8] {
    match (field.first(), field.last()) {
        (Some(a), Some(b)) if !a.is_ascii_whitespace() && !b.is_ascii_whitespace() => field,
        _ => field.trim_ascii(),
    }
}

/// Parses a decimal integer (Unix seconds), surrounding ASCII spaces allowed.
#[inline]
pub(crate) fn parse_i64(field: &[u8]) -> Option<i64> {
    let s = trim(field);
    let (neg, d) = match s.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, s),
    };
    let (v, n) = digits(d);
    if n == d.len() && n > 0 && n <= 18 {
        // Below 10^18 < i64::MAX.
        let v = v as i64;
        return Some(if neg { -v } else { v });
    }
    // Rare shapes (`+5`, 19 digits, garbage): the standard parser decides.
    std::str::from_utf8(s).ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(parse_f64(b"130.31"), Some(130.31));
        assert_eq!(parse_f64(b" -0.5 "), Some(-0.5));
        assert_eq!(parse_f64(b"1e3"), Some(1000.0));
        assert_eq!(parse_f64(b"121.3499984741211"), Some(121.349_998_474_121_1));
        assert_eq!(parse_f64(b"7."), Some(7.0));
        assert!(parse_f64(b"NaN").is_some_and(f64::is_nan));
        for bad in [&b""[..], b"-", b".", b"1.2.3", b"12a", b"--1", b"1,5"] {
            assert_eq!(parse_f64(bad), None, "{bad:?}");
        }
        assert_eq!(parse_i64(b"1262304000"), Some(1_262_304_000));
        assert_eq!(parse_i64(b"-86400"), Some(-86_400));
        assert_eq!(parse_i64(b"99999999999999999999"), None);
        assert_eq!(parse_i64(b"12.5"), None);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        #[test]
        fn fast_f64_equals_std(v in proptest::num::f64::ANY, decimals in 0usize..8) {
            for text in [format!("{v}"), format!("{v:.decimals$}"), format!("{v:e}")] {
                let want: Option<f64> = text.parse().ok();
                let got = parse_f64(text.as_bytes());
                prop_assert!(
                    want.map(f64::to_bits) == got.map(f64::to_bits)
                        || (want.is_some_and(f64::is_nan) && got.is_some_and(f64::is_nan)),
                    "{} -> {:?} vs {:?}", text, got, want
                );
            }
        }

        #[test]
        fn fast_f64_equals_std_on_digit_strings(s in "-?[0-9]{0,17}(\\.[0-9]{0,17})?") {
            let want: Option<f64> = s.parse().ok();
            prop_assert_eq!(parse_f64(s.as_bytes()).map(f64::to_bits), want.map(f64::to_bits));
        }

        #[test]
        fn fast_i64_equals_std(s in "-?[0-9]{0,20}") {
            prop_assert_eq!(parse_i64(s.as_bytes()), s.parse::<i64>().ok());
        }
    }
}
