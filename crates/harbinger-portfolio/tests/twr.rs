//! Property tests of the time-weighted return.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use harbinger_core::Symbol;
use harbinger_portfolio::{DAY_MS, Decimal, Kind, PriceHistory, Transaction, time_weighted_return};
use proptest::prelude::*;

fn x() -> Symbol {
    Symbol::parse("X").unwrap()
}

fn cash(kind: Kind, day: i64, amount: i64) -> Transaction {
    Transaction::new(
        kind,
        day * DAY_MS,
        None,
        Decimal::from(amount),
        Decimal::ONE,
        Decimal::ZERO,
    )
    .unwrap()
}

/// `|a − b| < 1e-9`: each daily return is kept to 12 places.
fn close_to(a: Decimal, b: Decimal) -> bool {
    (a - b).abs() < Decimal::new(1, 9)
}

proptest! {
    /// With one deposit and no other flow, trading only moves money between cash and shares:
    /// the chained daily returns telescope to the final value over the deposit.
    #[test]
    fn without_later_flows_twr_is_the_simple_return(
        days in prop::collection::vec((5_000..15_000_i64, -3..4_i64, 0..200_i64), 1..30),
    ) {
        let mut txs = vec![cash(Kind::CashIn, 0, 10_000)];
        let mut closes = Vec::new();
        let (mut held, mut cash_left) = (0_i64, Decimal::from(10_000));
        for (d, (cents, trade, fee_cents)) in days.iter().enumerate() {
            let day = d as i64;
            let price = Decimal::new(*cents, 2);
            let fee = Decimal::new(*fee_cents, 2);
            closes.push((day * DAY_MS, price));
            let qty = if *trade > 0 {
                (*trade).min(((cash_left - fee) / price).floor().try_into().unwrap_or(0))
            } else {
                -(-*trade).min(held)
            };
            if qty != 0 {
                let kind = if qty > 0 { Kind::Buy } else { Kind::Sell };
                let tx = Transaction::new(kind, day * DAY_MS + 1, Some(x()), Decimal::from(qty.abs()), price, fee).unwrap();
                cash_left += tx.cash_effect();
                held += qty;
                txs.push(tx);
            }
        }
        let history = PriceHistory::from([(x(), closes.clone())]);
        let series = time_weighted_return(&txs, &history).unwrap();
        prop_assert_eq!(series.len(), days.len());
        let last = series.last().unwrap();
        let final_value = cash_left + Decimal::from(held) * closes.last().unwrap().1;
        prop_assert_eq!(last.value, final_value);
        let simple = final_value / Decimal::from(10_000) - Decimal::ONE;
        prop_assert!(close_to(last.twr, simple), "{} vs {}", last.twr, simple);
    }

    /// Money paid in is not a return: fully invested either way, a book that doubles its
    /// stake halfway earns what the price alone earns, day by day, although its value more
    /// than doubles.
    #[test]
    fn flows_leave_the_return_unchanged(
        cents in prop::collection::vec(5_000..15_000_i64, 2..20), split in 1..19_usize,
    ) {
        let split = split.min(cents.len() - 1);
        let closes: Vec<(i64, Decimal)> = cents
            .iter()
            .enumerate()
            .map(|(d, c)| (d as i64 * DAY_MS, Decimal::new(*c, 2)))
            .collect();
        let buy_all = |day: usize, shares: i64| {
            let price = closes[day].1;
            let t = day as i64 * DAY_MS;
            let n = Decimal::from(shares);
            [
                Transaction::new(Kind::CashIn, t, None, n * price, Decimal::ONE, Decimal::ZERO).unwrap(),
                Transaction::new(Kind::Buy, t + 1, Some(x()), n, price, Decimal::ZERO).unwrap(),
            ]
        };
        let history = PriceHistory::from([(x(), closes.clone())]);
        let mut txs = buy_all(0, 100).to_vec();
        let plain = time_weighted_return(&txs, &history).unwrap();
        txs.extend(buy_all(split, 100));
        let with_flows = time_weighted_return(&txs, &history).unwrap();
        let price_return = closes.last().unwrap().1 / closes[0].1 - Decimal::ONE;
        prop_assert!(close_to(plain.last().unwrap().twr, price_return));
        for (a, b) in plain.iter().zip(&with_flows) {
            prop_assert!(close_to(a.twr, b.twr), "day {}: {} vs {}", a.day, a.twr, b.twr);
        }
    }
}
