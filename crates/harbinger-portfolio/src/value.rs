//! What a book is worth at given prices: per-position value and unrealized P&L, allocation.

use std::collections::HashMap;

use harbinger_core::Symbol;
use rust_decimal::Decimal;

use crate::book::Book;

/// Decimal places of a weight (a share of the total, 0..1 for long positions and cash ≥ 0).
const WEIGHT_SCALE: u32 = 8;

/// One holding, valued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PositionValue {
    pub symbol: Symbol,
    pub quantity: Decimal,
    /// What the open lots cost, buy fees included.
    pub cost_basis: Decimal,
    /// The latest price; `None` when none is known (then the position is left out of the
    /// value and the weights, and listed in [`Valuation::unpriced`]).
    pub price: Option<Decimal>,
    pub market_value: Option<Decimal>,
    pub unrealized: Option<Decimal>,
    /// Share of the total value.
    pub weight: Option<Decimal>,
}

/// A book valued at a set of prices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Valuation {
    /// Holdings in symbol order.
    pub positions: Vec<PositionValue>,
    pub cash: Decimal,
    /// Share of the total value held as cash.
    pub cash_weight: Option<Decimal>,
    /// Market value of the priced holdings.
    pub holdings_value: Decimal,
    /// Cash plus the priced holdings.
    pub total_value: Decimal,
    /// Unrealized P&L of the priced holdings.
    pub unrealized: Decimal,
    pub realized: Decimal,
    pub dividends: Decimal,
    pub fees: Decimal,
    /// Cash paid in minus cash taken out.
    pub net_flows: Decimal,
    /// Holdings without a price, left out of the value.
    pub unpriced: Vec<Symbol>,
}

fn share(part: Decimal, total: Decimal) -> Option<Decimal> {
    if total.is_zero() {
        return None;
    }
    part.checked_div(total).map(|w| w.round_dp(WEIGHT_SCALE))
}

impl Book {
    /// Values the book at `prices` (the latest price per symbol).
    pub fn valuation(&self, prices: &HashMap<Symbol, Decimal>) -> Valuation {
        let mut positions = Vec::with_capacity(self.symbols().count());
        let mut holdings_value = Decimal::ZERO;
        let mut unrealized = Decimal::ZERO;
        let mut unpriced = Vec::new();
        for (symbol, quantity, cost_basis) in self.holdings() {
            let price = prices.get(symbol).copied();
            let market_value = price.map(|p| p * quantity);
            if let Some(mv) = market_value {
                holdings_value += mv;
                unrealized += mv - cost_basis;
            } else {
                unpriced.push(symbol.clone());
            }
            positions.push(PositionValue {
                symbol: symbol.clone(),
                quantity,
                cost_basis,
                price,
                market_value,
                unrealized: market_value.map(|mv| mv - cost_basis),
                weight: None,
            });
        }
        let total_value = self.cash() + holdings_value;
        for p in &mut positions {
            p.weight = p.market_value.and_then(|mv| share(mv, total_value));
        }
        Valuation {
            positions,
            cash: self.cash(),
            cash_weight: share(self.cash(), total_value),
            holdings_value,
            total_value,
            unrealized,
            realized: self.realized(),
            dividends: self.dividends(),
            fees: self.fees(),
            net_flows: self.net_flows(),
            unpriced,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::tx::{Kind, Transaction};

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn s(x: &str) -> Symbol {
        Symbol::parse(x).unwrap()
    }

    #[test]
    fn valuation_by_hand() {
        let t = |k, sym: Option<&str>, q: &str, p: &str, f: &str| {
            Transaction::new(k, 0, sym.map(s), d(q), d(p), d(f)).unwrap()
        };
        let book = Book::replay(&[
            t(Kind::CashIn, None, "10000", "1", "0"),
            t(Kind::Buy, Some("AAPL"), "10", "150", "0"), // 1500
            t(Kind::Buy, Some("MSFT"), "5", "300", "0"),  // 1500
            t(Kind::Buy, Some("ZZZ"), "1", "1000", "0"),  // unpriced
        ])
        .unwrap();
        let prices = HashMap::from([(s("AAPL"), d("200")), (s("MSFT"), d("280"))]);
        let v = book.valuation(&prices);
        assert_eq!(v.cash, d("6000"));
        assert_eq!(v.holdings_value, d("3400")); // 2000 + 1400
        assert_eq!(v.total_value, d("9400"));
        assert_eq!(v.unrealized, d("400")); // +500 − 100
        assert_eq!(v.unpriced, vec![s("ZZZ")]);
        let aapl = &v.positions[0];
        assert_eq!(aapl.symbol, s("AAPL"));
        assert_eq!(aapl.unrealized, Some(d("500")));
        assert_eq!(aapl.weight, Some(d("0.21276596"))); // 2000 / 9400
        assert_eq!(v.cash_weight, Some(d("0.63829787"))); // 6000 / 9400
        let zzz = &v.positions[2];
        assert_eq!(
            (zzz.price, zzz.weight, zzz.cost_basis),
            (None, None, d("1000"))
        );
    }

    #[test]
    fn an_empty_book_has_no_weights() {
        let v = Book::new().valuation(&HashMap::new());
        assert_eq!(v.total_value, Decimal::ZERO);
        assert!(v.cash_weight.is_none() && v.positions.is_empty());
    }
}
