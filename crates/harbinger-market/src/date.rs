//! Calendar arithmetic for the text dates providers send, without a time-zone database.
//!
//! Hand-written rather than chrono because it runs once per CSV row on the ingest hot path
//! and only ever sees proleptic-Gregorian `YYYY-MM-DD` text in UTC.

const SECONDS_PER_DAY: i64 = 86_400;

/// Days since 1970-01-01 for a civil date (Howard Hinnant's `days_from_civil`).
pub const fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i64;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `(year, month, day)` of a day count since 1970-01-01 (inverse of [`days_from_civil`]).
pub const fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    (y, m, d)
}

const fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

const fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |acc, c| {
        c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
    })
}

/// Parses exactly `YYYY-MM-DD` into midnight UTC, Unix seconds. Rejects impossible dates
/// (`2021-02-29`) rather than rolling them over.
pub fn parse_ymd(text: &[u8]) -> Option<i64> {
    if text.len() != 10 || text[4] != b'-' || text[7] != b'-' {
        return None;
    }
    let y = digits(&text[0..4])?;
    let m = digits(&text[5..7])?;
    let d = digits(&text[8..10])?;
    let y = i64::from(y);
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    Some(days_from_civil(y, m, d) * SECONDS_PER_DAY)
}

/// Midnight UTC of the day that contains `unix` seconds once shifted by `utc_offset` seconds:
/// the exchange-local trading day of a bar, expressed the way daily bars are stored.
pub const fn local_midnight(unix: i64, utc_offset: i64) -> i64 {
    // Saturating: both come from a provider's JSON and may be absurd; never overflow.
    unix.saturating_add(utc_offset)
        .div_euclid(SECONDS_PER_DAY)
        .saturating_mul(SECONDS_PER_DAY)
}

/// `YYYY-MM-DD` of a Unix time (UTC).
pub fn format_ymd(unix: i64) -> String {
    let (y, m, d) = civil_from_days(unix.div_euclid(SECONDS_PER_DAY));
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(parse_ymd(b"1970-01-01"), Some(0));
        assert_eq!(parse_ymd(b"2000-03-01"), Some(951_868_800));
        assert_eq!(parse_ymd(b"2020-01-02"), Some(1_577_923_200));
        assert_eq!(parse_ymd(b"2024-02-29"), Some(1_709_164_800));
        assert_eq!(format_ymd(1_709_164_800), "2024-02-29");
    }

    #[test]
    fn rejects_malformed_dates() {
        for bad in [
            &b"2021-02-29"[..],
            b"2021-13-01",
            b"2021-00-10",
            b"2021-01-32",
            b"2021/01/01",
            b"21-01-01",
            b"2021-01-1x",
            b"",
            b"+021-01-01",
        ] {
            assert_eq!(parse_ymd(bad), None, "{:?}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn extreme_times_do_not_overflow() {
        assert_eq!(local_midnight(i64::MAX, 86_400) % 86_400, 0);
        assert!(local_midnight(i64::MIN, -86_400) < 0);
        assert!(!format_ymd(i64::MIN).is_empty() && !format_ymd(i64::MAX).is_empty());
    }

    #[test]
    fn local_midnight_uses_the_exchange_day() {
        // AAPL's daily bar for 2020-08-31 is stamped 13:30 UTC by Yahoo (New York open).
        assert_eq!(local_midnight(1_598_880_600, -14_400), 1_598_832_000);
        assert_eq!(
            format_ymd(local_midnight(1_598_880_600, -14_400)),
            "2020-08-31"
        );
    }

    proptest! {
        #[test]
        fn civil_round_trips(days in -1_000_000i64..1_000_000) {
            let (y, m, d) = civil_from_days(days);
            prop_assert_eq!(days_from_civil(y, m, d), days);
            if (0..=9999).contains(&y) {
                let text = format_ymd(days * SECONDS_PER_DAY);
                prop_assert_eq!(parse_ymd(text.as_bytes()), Some(days * SECONDS_PER_DAY));
            }
        }
    }
}
