//! Property tests of the book's arithmetic: exact round trips and FIFO invariants.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use harbinger_core::Symbol;
use harbinger_portfolio::{Book, Decimal, Kind, LedgerError, Transaction};
use proptest::prelude::*;

/// A positive decimal with up to `scale` places, below `max`.
fn amount(max: i64, scale: u32) -> impl Strategy<Value = Decimal> {
    (1..max * 10_i64.pow(scale)).prop_map(move |n| Decimal::new(n, scale))
}

fn fee() -> impl Strategy<Value = Decimal> {
    (0..100_000_i64).prop_map(|n| Decimal::new(n, 2))
}

fn sym() -> Symbol {
    Symbol::parse("TEST").unwrap()
}

fn trade(kind: Kind, time: i64, q: Decimal, p: Decimal, f: Decimal) -> Transaction {
    Transaction::new(kind, time, Some(sym()), q, p, f).unwrap()
}

proptest! {
    /// A lot bought and sold whole at the same price loses exactly the two fees, in realized
    /// P&L and in cash, and leaves nothing behind.
    #[test]
    fn round_trip_nets_exactly_minus_the_fees(
        q in amount(1_000_000, 4), p in amount(100_000, 6), fb in fee(), fs in fee(),
    ) {
        let book = Book::replay(&[
            trade(Kind::Buy, 1, q, p, fb),
            trade(Kind::Sell, 2, q, p, fs),
        ]).unwrap();
        prop_assert_eq!(book.realized(), -(fb + fs));
        prop_assert_eq!(book.cash(), -(fb + fs));
        prop_assert_eq!(book.quantity(&sym()), Decimal::ZERO);
        prop_assert_eq!(book.symbols().count(), 0);
    }

    /// After any sequence of buys and sells that never oversells: the quantity held is what was
    /// bought less what was sold; the open lots are the newest buys, only the oldest of them
    /// partly sold; and realized P&L is the sells' net proceeds less the cost that left the
    /// book (total paid less the remaining cost basis), exactly.
    #[test]
    fn fifo_invariants_hold(
        steps in prop::collection::vec((any::<bool>(), amount(1_000, 2), amount(1_000, 2), fee()), 1..40),
    ) {
        let mut txs = Vec::new();
        let (mut bought, mut sold, mut held) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
        let (mut paid, mut proceeds) = (Decimal::ZERO, Decimal::ZERO);
        let mut buys: Vec<(i64, Decimal, Decimal)> = Vec::new();
        for (i, (sell, q, p, f)) in steps.into_iter().enumerate() {
            let time = i as i64;
            if sell {
                // Sell part of what is held (all of it when q exceeds the holding).
                let q = q.min(held);
                if q.is_zero() {
                    continue;
                }
                txs.push(trade(Kind::Sell, time, q, p, f));
                sold += q;
                held -= q;
                proceeds += q * p - f;
            } else {
                txs.push(trade(Kind::Buy, time, q, p, f));
                bought += q;
                held += q;
                paid += q * p + f;
                buys.push((time, q, q * p + f));
            }
        }
        let book = Book::replay(&txs).unwrap();
        prop_assert_eq!(book.quantity(&sym()), bought - sold);

        let lots: Vec<_> = book.lots(&sym()).collect();
        let open = &buys[buys.len() - lots.len()..];
        for (k, (lot, (time, q, cost))) in lots.iter().zip(open).enumerate() {
            prop_assert_eq!(lot.opened_at, *time);
            if k > 0 {
                // Only the oldest open lot may have been partly consumed.
                prop_assert_eq!(lot.quantity, *q);
                prop_assert_eq!(lot.cost, *cost);
            } else {
                prop_assert!(lot.quantity <= *q && lot.quantity > Decimal::ZERO);
            }
        }
        let basis: Decimal = lots.iter().map(|l| l.cost).sum();
        prop_assert_eq!(book.realized(), proceeds - (paid - basis));
        prop_assert_eq!(book.cash(), proceeds - paid);
    }

    /// Selling more than is held fails, names the sell, and reports what was held.
    #[test]
    fn overselling_is_refused(q in amount(1_000, 2), extra in amount(10, 2)) {
        let txs = [
            trade(Kind::Buy, 1, q, Decimal::ONE, Decimal::ZERO),
            trade(Kind::Sell, 2, q + extra, Decimal::ONE, Decimal::ZERO),
        ];
        match Book::replay(&txs) {
            Err(LedgerError::Oversold { index, held, asked, .. }) => {
                prop_assert_eq!(index, 1);
                prop_assert_eq!(held, q);
                prop_assert_eq!(asked, q + extra);
            }
            other => prop_assert!(false, "{:?}", other),
        }
    }
}
