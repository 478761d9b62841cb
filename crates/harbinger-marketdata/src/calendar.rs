//! Exchange calendars: which days have a trading session.
//!
//! NYSE holidays are computed by rule (no table to go stale): New Year's Day, Martin Luther
//! King Jr. Day (third Monday of January, from 1998), Washington's Birthday (third Monday of
//! February), Good Friday (two days before Easter, by the Gregorian computus), Memorial Day
//! (last Monday of May), Juneteenth (from 2022), Independence Day, Labor Day (first Monday of
//! September), Thanksgiving (fourth Thursday of November) and Christmas. A holiday on a
//! Saturday is observed the Friday before, on a Sunday the Monday after — except New Year's
//! Day on a Saturday, which NYSE does not observe on the last day of the old year. One-off
//! closures (national days of mourning, hurricanes) are not rules and are not known here: a
//! provider simply has no bar for them, and the gap stays reported.

use harbinger_core::Symbol;
use harbinger_market::date::{civil_from_days, days_from_civil};

/// A market's trading days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Calendar {
    /// US equities: weekdays except NYSE holidays.
    Nyse,
    /// Currencies: every weekday.
    Weekdays,
    /// Crypto: every day.
    AlwaysOpen,
}

/// Quote currencies and coins that make a symbol a crypto pair.
const CRYPTO_QUOTES: [&str; 5] = ["USDT", "USDC", "BUSD", "FDUSD", "BTC"];
const CRYPTO_BASES: [&str; 10] = [
    "BTC", "ETH", "SOL", "XRP", "ADA", "DOGE", "BNB", "LTC", "DOT", "AVAX",
];

impl Calendar {
    /// The calendar a symbol trades on: Binance pairs (`BTCUSDT`) and Yahoo crypto tickers
    /// (`BTC-USD`) trade every day, Yahoo currency tickers (`EURUSD=X`) every weekday, and
    /// everything else on NYSE days.
    pub fn for_symbol(symbol: &Symbol) -> Self {
        let s = symbol.as_str();
        if s.ends_with("=X") {
            return Self::Weekdays;
        }
        let crypto = match s.split_once('-') {
            Some((base, _)) => CRYPTO_BASES.contains(&base),
            None => {
                CRYPTO_QUOTES
                    .iter()
                    .any(|q| s.len() > q.len() && s.ends_with(q))
                    || CRYPTO_BASES
                        .iter()
                        .any(|b| s.starts_with(b) && s.len() > b.len() + 2)
            }
        };
        if crypto { Self::AlwaysOpen } else { Self::Nyse }
    }

    /// Whether `day` (days since 1970-01-01, UTC) has a session.
    pub fn is_session(self, day: i64) -> bool {
        match self {
            Self::AlwaysOpen => true,
            Self::Weekdays => !is_weekend(day),
            Self::Nyse => !is_weekend(day) && !is_nyse_holiday(day),
        }
    }

    /// Session days in `from_day ..= to_day`.
    pub fn sessions(self, from_day: i64, to_day: i64) -> impl Iterator<Item = i64> {
        (from_day..=to_day).filter(move |d| self.is_session(*d))
    }
}

/// 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday).
pub const fn weekday(day: i64) -> i64 {
    (day + 4).rem_euclid(7)
}

const fn is_weekend(day: i64) -> bool {
    matches!(weekday(day), 0 | 6)
}

/// The `n`-th (1-based) `wd` weekday of a month.
fn nth_weekday(year: i64, month: u32, wd: i64, n: i64) -> i64 {
    let first = days_from_civil(year, month, 1);
    first + (wd - weekday(first)).rem_euclid(7) + 7 * (n - 1)
}

/// The last `wd` weekday of a month.
fn last_weekday(year: i64, month: u32, wd: i64) -> i64 {
    let next = if month == 12 {
        days_from_civil(year + 1, 1, 1)
    } else {
        days_from_civil(year, month + 1, 1)
    };
    let last = next - 1;
    last - (weekday(last) - wd).rem_euclid(7)
}

/// Easter Sunday (Anonymous Gregorian algorithm; the letters are the algorithm's own names).
#[allow(clippy::many_single_char_names)]
pub fn easter(year: i64) -> i64 {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    days_from_civil(year, month as u32, day as u32)
}

/// A fixed-date holiday moved off the weekend.
const fn observed(day: i64) -> i64 {
    match weekday(day) {
        6 => day - 1,
        0 => day + 1,
        _ => day,
    }
}

/// NYSE full-day holidays of `year`, as days since 1970-01-01.
pub fn nyse_holidays(year: i64) -> Vec<i64> {
    let mut out = Vec::with_capacity(11);
    let new_year = days_from_civil(year, 1, 1);
    if weekday(new_year) != 6 {
        out.push(observed(new_year));
    }
    if year >= 1998 {
        out.push(nth_weekday(year, 1, 1, 3));
    }
    out.push(nth_weekday(year, 2, 1, 3));
    out.push(easter(year) - 2);
    out.push(last_weekday(year, 5, 1));
    if year >= 2022 {
        out.push(observed(days_from_civil(year, 6, 19)));
    }
    out.push(observed(days_from_civil(year, 7, 4)));
    out.push(nth_weekday(year, 9, 1, 1));
    out.push(nth_weekday(year, 11, 4, 4));
    out.push(observed(days_from_civil(year, 12, 25)));
    out
}

fn is_nyse_holiday(day: i64) -> bool {
    let (year, _, _) = civil_from_days(day);
    nyse_holidays(year).contains(&day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i64, m: u32, d: u32) -> i64 {
        days_from_civil(y, m, d)
    }

    #[test]
    fn nyse_2024_and_2021_holidays_match_the_published_lists() {
        let published_2024 = [
            (1, 1),
            (1, 15),
            (2, 19),
            (3, 29),
            (5, 27),
            (6, 19),
            (7, 4),
            (9, 2),
            (11, 28),
            (12, 25),
        ];
        let mut want: Vec<i64> = published_2024
            .iter()
            .map(|(m, d)| ymd(2024, *m, *d))
            .collect();
        let mut got = nyse_holidays(2024);
        want.sort_unstable();
        got.sort_unstable();
        assert_eq!(got, want);
        // 2021: Independence Day on a Sunday (observed Monday the 5th), Christmas on a
        // Saturday (observed Friday the 24th), no Juneteenth yet; 2022's New Year's Day on a
        // Saturday is not observed.
        let h2021 = nyse_holidays(2021);
        assert!(h2021.contains(&ymd(2021, 7, 5)));
        assert!(h2021.contains(&ymd(2021, 12, 24)));
        assert!(h2021.contains(&ymd(2021, 4, 2)), "Good Friday 2021");
        assert!(!h2021.contains(&ymd(2021, 6, 18)));
        assert!(!h2021.contains(&ymd(2021, 12, 31)));
        assert_eq!(nyse_holidays(2021).len(), 9);
    }

    #[test]
    fn easter_dates() {
        assert_eq!(easter(2024), ymd(2024, 3, 31));
        assert_eq!(easter(2025), ymd(2025, 4, 20));
        assert_eq!(easter(2019), ymd(2019, 4, 21));
        assert_eq!(easter(2000), ymd(2000, 4, 23));
    }

    #[test]
    fn sessions_skip_weekends_and_holidays_for_equities_only() {
        let aapl = Calendar::for_symbol(&Symbol::parse("AAPL").unwrap());
        let btc = Calendar::for_symbol(&Symbol::parse("BTCUSDT").unwrap());
        assert_eq!(aapl, Calendar::Nyse);
        assert_eq!(btc, Calendar::AlwaysOpen);
        assert_eq!(
            Calendar::for_symbol(&Symbol::parse("BTC-USD").unwrap()),
            Calendar::AlwaysOpen
        );
        assert_eq!(
            Calendar::for_symbol(&Symbol::parse("EURUSD=X").unwrap()),
            Calendar::Weekdays
        );
        // 2023-12-22 (Fri) .. 2024-01-02 (Tue): Christmas and New Year's Day closed.
        let days: Vec<i64> = aapl.sessions(ymd(2023, 12, 22), ymd(2024, 1, 2)).collect();
        assert_eq!(
            days,
            [
                ymd(2023, 12, 22),
                ymd(2023, 12, 26),
                ymd(2023, 12, 27),
                ymd(2023, 12, 28),
                ymd(2023, 12, 29),
                ymd(2024, 1, 2)
            ]
        );
        assert_eq!(btc.sessions(ymd(2023, 12, 22), ymd(2024, 1, 2)).count(), 12);
    }
}
