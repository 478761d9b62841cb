//! The book: cash, FIFO lots per symbol and running totals, built by replaying transactions.

use std::collections::{BTreeMap, VecDeque};

use harbinger_core::Symbol;
use rust_decimal::Decimal;

use crate::tx::{Kind, Transaction};

/// Decimal places kept in the cost taken from a partly sold lot. The lot keeps the exact
/// remainder, so the cost of a lot always adds up to what was paid, to the last digit.
const COST_SCALE: u32 = 10;

/// What is left of one buy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lot {
    /// When it was bought (Unix ms).
    pub opened_at: i64,
    /// Shares still held.
    pub quantity: Decimal,
    /// Cost of those shares, the buy's fee included.
    pub cost: Decimal,
}

/// A transaction the book cannot take.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LedgerError {
    /// A sell of more than is held at that point in time.
    #[error(
        "transaction {index} (sell {asked} {symbol} at {time} ms) sells more than the {held} held"
    )]
    Oversold {
        /// Position of the transaction in the list given to [`Book::replay`].
        index: usize,
        time: i64,
        symbol: Symbol,
        held: Decimal,
        asked: Decimal,
    },
}

impl LedgerError {
    /// Position of the offending transaction in the list given to [`Book::replay`].
    pub fn index(&self) -> usize {
        match self {
            Self::Oversold { index, .. } => *index,
        }
    }
}

/// Cash, open lots and the running totals of a portfolio.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Book {
    lots: BTreeMap<Symbol, VecDeque<Lot>>,
    cash: Decimal,
    realized: Decimal,
    dividends: Decimal,
    fees: Decimal,
    net_flows: Decimal,
}

impl Book {
    pub fn new() -> Self {
        Self::default()
    }

    /// Replays `txs` in time order (ties keep the given order). A failure names the
    /// transaction by its index in `txs`, and the book it would have built is dropped.
    pub fn replay(txs: &[Transaction]) -> Result<Self, LedgerError> {
        let mut order: Vec<usize> = (0..txs.len()).collect();
        order.sort_by_key(|&i| txs[i].time());
        let mut book = Self::new();
        for i in order {
            book.apply(i, &txs[i])?;
        }
        Ok(book)
    }

    /// Applies one transaction; `index` names it in an error. On error the book is unchanged.
    pub fn apply(&mut self, index: usize, tx: &Transaction) -> Result<(), LedgerError> {
        let symbol = tx.symbol();
        match (tx.kind(), symbol) {
            (Kind::Buy, Some(s)) => {
                self.lots.entry(s.clone()).or_default().push_back(Lot {
                    opened_at: tx.time(),
                    quantity: tx.quantity(),
                    cost: tx.gross() + tx.fee(),
                });
            }
            (Kind::Sell, Some(s)) => {
                let cost = self.take(index, tx, s)?;
                self.realized += tx.gross() - tx.fee() - cost;
            }
            (Kind::Dividend, _) => self.dividends += tx.cash_effect(),
            (Kind::Fee, _) => self.fees -= tx.cash_effect(),
            (Kind::CashIn | Kind::CashOut, _) => self.net_flows += tx.cash_effect(),
            // `Transaction::new` guarantees trades name a symbol.
            (Kind::Buy | Kind::Sell, None) => {}
        }
        self.cash += tx.cash_effect();
        Ok(())
    }

    /// Removes `tx.quantity()` shares of `symbol`, oldest lots first; returns their cost.
    fn take(
        &mut self,
        index: usize,
        tx: &Transaction,
        symbol: &Symbol,
    ) -> Result<Decimal, LedgerError> {
        let held = self.quantity(symbol);
        let mut want = tx.quantity();
        if want > held {
            return Err(LedgerError::Oversold {
                index,
                time: tx.time(),
                symbol: symbol.clone(),
                held,
                asked: want,
            });
        }
        let Some(lots) = self.lots.get_mut(symbol) else {
            return Ok(Decimal::ZERO);
        };
        let mut cost = Decimal::ZERO;
        while want > Decimal::ZERO {
            let Some(lot) = lots.front_mut() else { break };
            if lot.quantity <= want {
                want -= lot.quantity;
                cost += lot.cost;
                lots.pop_front();
            } else {
                let part = (lot.cost * want / lot.quantity).round_dp(COST_SCALE);
                lot.quantity -= want;
                lot.cost -= part;
                cost += part;
                want = Decimal::ZERO;
            }
        }
        if lots.is_empty() {
            self.lots.remove(symbol);
        }
        Ok(cost)
    }

    /// Cash: negative when more was bought than paid in.
    pub fn cash(&self) -> Decimal {
        self.cash
    }

    /// Gains and losses of closed lots, net of both sides' trade fees.
    pub fn realized(&self) -> Decimal {
        self.realized
    }

    /// Dividends received, net of their fees.
    pub fn dividends(&self) -> Decimal {
        self.dividends
    }

    /// Charges outside trades (`fee` transactions).
    pub fn fees(&self) -> Decimal {
        self.fees
    }

    /// Cash paid in minus cash taken out.
    pub fn net_flows(&self) -> Decimal {
        self.net_flows
    }

    /// Shares held of `symbol`.
    pub fn quantity(&self, symbol: &Symbol) -> Decimal {
        self.lots
            .get(symbol)
            .map_or(Decimal::ZERO, |l| l.iter().map(|x| x.quantity).sum())
    }

    /// The open lots of `symbol`, oldest first.
    pub fn lots(&self, symbol: &Symbol) -> impl Iterator<Item = &Lot> {
        self.lots.get(symbol).into_iter().flatten()
    }

    /// Symbols held, in order.
    pub fn symbols(&self) -> impl Iterator<Item = &Symbol> {
        self.lots.keys()
    }

    /// Each holding: symbol, shares, cost basis.
    pub fn holdings(&self) -> impl Iterator<Item = (&Symbol, Decimal, Decimal)> {
        self.lots.iter().map(|(s, lots)| {
            let (q, c) = lots
                .iter()
                .fold((Decimal::ZERO, Decimal::ZERO), |(q, c), l| {
                    (q + l.quantity, c + l.cost)
                });
            (s, q, c)
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn tx(kind: Kind, time: i64, symbol: &str, q: &str, p: &str, fee: &str) -> Transaction {
        let s = (!symbol.is_empty()).then(|| Symbol::parse(symbol).unwrap());
        Transaction::new(kind, time, s, d(q), d(p), d(fee)).unwrap()
    }

    #[test]
    fn fifo_by_hand() {
        let aapl = Symbol::parse("AAPL").unwrap();
        let book = Book::replay(&[
            tx(Kind::CashIn, 0, "", "10000", "1", "0"),
            tx(Kind::Buy, 1, "AAPL", "10", "100", "1"), // lot 1: 1001
            tx(Kind::Buy, 2, "AAPL", "10", "120", "1"), // lot 2: 1201
            tx(Kind::Sell, 3, "AAPL", "15", "130", "2"), // 1950 − 2 − (1001 + 600.5)
            tx(Kind::Dividend, 4, "AAPL", "5", "0.5", "0.25"),
            tx(Kind::Fee, 5, "", "1", "3", "0"),
        ])
        .unwrap();
        assert_eq!(book.realized(), d("346.5"));
        assert_eq!(book.quantity(&aapl), d("5"));
        let lots: Vec<_> = book.lots(&aapl).collect();
        assert_eq!(lots.len(), 1);
        assert_eq!((lots[0].opened_at, lots[0].cost), (2, d("600.5")));
        assert_eq!(book.dividends(), d("2.25"));
        assert_eq!(book.fees(), d("3"));
        // 10000 − 1001 − 1201 + 1948 + 2.25 − 3
        assert_eq!(book.cash(), d("9745.25"));
        assert_eq!(book.net_flows(), d("10000"));
    }

    #[test]
    fn replay_orders_by_time_and_names_the_oversold_sell() {
        let txs = [
            tx(Kind::Sell, 5, "MSFT", "3", "10", "0"),
            tx(Kind::Buy, 1, "MSFT", "2", "10", "0"),
        ];
        let err = Book::replay(&txs).unwrap_err();
        assert_eq!(err.index(), 0);
        assert!(err.to_string().contains("transaction 0"), "{err}");
        assert!(err.to_string().contains("the 2 held"), "{err}");
        // Time order, not list order: the buy comes first.
        let ok = [
            tx(Kind::Sell, 5, "MSFT", "2", "10", "0"),
            tx(Kind::Buy, 1, "MSFT", "2", "10", "0"),
        ];
        assert_eq!(Book::replay(&ok).unwrap().realized(), Decimal::ZERO);
    }

    #[test]
    fn a_failed_sell_leaves_the_book_unchanged() {
        let mut book = Book::new();
        book.apply(0, &tx(Kind::Buy, 1, "X", "1", "5", "0"))
            .unwrap();
        let before = book.clone();
        assert!(
            book.apply(1, &tx(Kind::Sell, 2, "X", "1.5", "5", "0"))
                .is_err()
        );
        assert_eq!(book, before);
    }
}
