//! Time-weighted return: daily sub-periods, split at external cash flows.
//!
//! Each day that has a price or a transaction is one sub-period. The day's transactions are
//! applied, then the book is valued at that day's closes (`V_d`). Cash paid in or taken out on
//! a day (`F_d`) counts at the day's end, where the sub-period is split: the day's return is
//! that of the money already there, `r_d = (V_d − F_d) / V_{d−1} − 1`, so cash paid in and left
//! idle dilutes nothing, and money invested at the close earns nothing before it is there.
//! When nothing was there before (`V_{d−1} ≤ 0`, as on the first day), the day's flow is its
//! base instead: `r_d = V_d / (V_{d−1} + F_d) − 1`, which keeps the first day's fees and moves;
//! without a positive base the day's return counts as 0. Chaining `Π (1 + r_d) − 1` removes
//! the effect of when and how much money was paid in or out. A holding with no close yet is
//! valued at its cost basis.

use std::collections::HashMap;

use harbinger_core::Symbol;
use rust_decimal::Decimal;

use crate::book::{Book, LedgerError};
use crate::tx::Transaction;

/// Milliseconds in a day.
pub const DAY_MS: i64 = 86_400_000;
/// Decimal places kept in each return, so chained products do not grow without bound.
const RETURN_SCALE: u32 = 12;

/// One day of the series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TwrPoint {
    /// Start of the day, Unix ms (UTC).
    pub day: i64,
    /// Value at that day's closes.
    pub value: Decimal,
    /// Net external flow that day (cash in minus cash out).
    pub flow: Decimal,
    /// The day's return.
    pub period_return: Decimal,
    /// Time-weighted return from the first day to this one.
    pub twr: Decimal,
}

/// Closes per symbol: `(time in Unix ms, close)`, ascending in time.
pub type PriceHistory = HashMap<Symbol, Vec<(i64, Decimal)>>;

/// The daily time-weighted return series of `txs` over `history`.
pub fn time_weighted_return(
    txs: &[Transaction],
    history: &PriceHistory,
) -> Result<Vec<TwrPoint>, LedgerError> {
    let mut order: Vec<usize> = (0..txs.len()).collect();
    order.sort_by_key(|&i| txs[i].time());
    let Some(&first) = order.first() else {
        return Ok(Vec::new());
    };
    let start = txs[first].time().div_euclid(DAY_MS);
    let mut days: Vec<i64> = order
        .iter()
        .map(|&i| txs[i].time().div_euclid(DAY_MS))
        .chain(
            history
                .values()
                .flatten()
                .map(|(t, _)| t.div_euclid(DAY_MS))
                .filter(|&d| d >= start),
        )
        .collect();
    days.sort_unstable();
    days.dedup();

    let mut book = Book::new();
    let mut next_tx = 0;
    // Per symbol, the index of the first close not yet reached.
    let mut cursor: HashMap<&Symbol, usize> = HashMap::new();
    let mut last_close: HashMap<&Symbol, Decimal> = HashMap::new();
    let mut prev_value = Decimal::ZERO;
    let mut growth = Decimal::ONE;
    let mut out = Vec::with_capacity(days.len());
    for day in days {
        let end = (day + 1) * DAY_MS;
        let mut flow = Decimal::ZERO;
        while let Some(&i) = order.get(next_tx) {
            if txs[i].time() >= end {
                break;
            }
            book.apply(i, &txs[i])?;
            if txs[i].kind().is_external_flow() {
                flow += txs[i].cash_effect();
            }
            next_tx += 1;
        }
        for (symbol, closes) in history {
            let at = cursor.entry(symbol).or_insert(0);
            while let Some(&(t, close)) = closes.get(*at) {
                if t >= end {
                    break;
                }
                last_close.insert(symbol, close);
                *at += 1;
            }
        }
        let value = book.cash()
            + book
                .holdings()
                .map(|(s, q, cost)| last_close.get(s).map_or(cost, |c| c * q))
                .sum::<Decimal>();
        let (gain_base, end) = if prev_value > Decimal::ZERO {
            (prev_value, value - flow)
        } else {
            (prev_value + flow, value)
        };
        // A ratio beyond `Decimal`'s range (a base of dust against a real value) has no
        // meaningful return either: it counts as 0, like a base that is not positive.
        let period_return = if gain_base > Decimal::ZERO {
            end.checked_div(gain_base)
                .map_or(Decimal::ZERO, |q| (q - Decimal::ONE).round_dp(RETURN_SCALE))
        } else {
            Decimal::ZERO
        };
        growth = growth
            .checked_mul(Decimal::ONE + period_return)
            .map_or(growth, |g| g.round_dp(RETURN_SCALE));
        out.push(TwrPoint {
            day: day * DAY_MS,
            value,
            flow,
            period_return,
            twr: growth - Decimal::ONE,
        });
        prev_value = value;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::tx::Kind;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn flows_do_not_count_as_returns() {
        let x = Symbol::parse("X").unwrap();
        let t = |k, day: i64, sym: bool, q: &str, p: &str| {
            Transaction::new(
                k,
                day * DAY_MS + 1,
                sym.then(|| x.clone()),
                d(q),
                d(p),
                Decimal::ZERO,
            )
            .unwrap()
        };
        // Day 0: pay in 1000, buy 10 X at 100 (close 100). Day 1: X closes 110, +10 %.
        // Day 2: pay in 1100 and leave it in cash; X closes 121. The 1100 that was there, all
        // in X, made +10 % again: (2310 − 1100) / 1100 − 1, although the value more than doubled.
        let txs = [
            t(Kind::CashIn, 0, false, "1000", "1"),
            t(Kind::Buy, 0, true, "10", "100"),
            t(Kind::CashIn, 2, false, "1100", "1"),
        ];
        let history = PriceHistory::from([(
            x.clone(),
            vec![(0, d("100")), (DAY_MS, d("110")), (2 * DAY_MS, d("121"))],
        )]);
        let series = time_weighted_return(&txs, &history).unwrap();
        let twr: Vec<Decimal> = series.iter().map(|p| p.twr).collect();
        assert_eq!(twr, vec![d("0"), d("0.1"), d("0.21")]); // 1.1 × 1.1 − 1
        assert_eq!(series[2].value, d("2310"));
        assert_eq!(series[2].flow, d("1100"));
        assert_eq!(series[2].period_return, d("0.1"));
    }

    #[test]
    fn dust_against_a_real_value_does_not_overflow() {
        let x = Symbol::parse("X").unwrap();
        let tiny = Decimal::new(1, 10);
        let txs = [
            Transaction::new(Kind::CashIn, 0, None, tiny, tiny, Decimal::ZERO).unwrap(),
            Transaction::new(
                Kind::Buy,
                1,
                Some(x.clone()),
                d("1000000000"),
                tiny,
                Decimal::ZERO,
            )
            .unwrap(),
        ];
        let history = PriceHistory::from([(x, vec![(0, d("1000000000"))])]);
        let series = time_weighted_return(&txs, &history).unwrap();
        assert_eq!(series[0].twr, Decimal::ZERO);
    }

    #[test]
    fn nothing_to_measure_is_an_empty_series() {
        assert!(
            time_weighted_return(&[], &PriceHistory::new())
                .unwrap()
                .is_empty()
        );
    }
}
