//! A transaction as the book accepts it: built only through [`Transaction::new`], so every
//! one in hand has a symbol when its kind needs one and amounts within bounds.

use std::fmt;
use std::str::FromStr;

use harbinger_core::Symbol;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Largest quantity or unit price accepted: products stay far inside `Decimal`'s 28 digits.
const MAX_UNIT: Decimal = Decimal::from_parts(1_000_000_000, 0, 0, false, 0);
/// Largest fee accepted.
const MAX_FEE: Decimal = Decimal::from_parts(3_567_587_328, 232, 0, false, 0); // 1e12
/// Most decimal places kept in a quantity, price or fee; more is refused, never rounded.
pub const MAX_SCALE: u32 = 10;

/// What a transaction does to the book.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Opens a lot: cash falls by `quantity × price + fee`.
    Buy,
    /// Closes lots oldest first: cash rises by `quantity × price − fee`.
    Sell,
    /// Income from a holding: cash rises by `quantity × price − fee` (per-share amount × shares,
    /// or quantity 1 and the total as price).
    Dividend,
    /// A charge outside any trade: cash falls by `quantity × price + fee`.
    Fee,
    /// Money paid in from outside (an external flow): cash rises by `quantity × price − fee`.
    CashIn,
    /// Money taken out (an external flow): cash falls by `quantity × price + fee`.
    CashOut,
}

impl Kind {
    /// Every kind, in the order the CSV format lists them.
    pub const ALL: [Self; 6] = [
        Self::Buy,
        Self::Sell,
        Self::Dividend,
        Self::Fee,
        Self::CashIn,
        Self::CashOut,
    ];

    /// The stored and exported name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Buy => "buy",
            Self::Sell => "sell",
            Self::Dividend => "dividend",
            Self::Fee => "fee",
            Self::CashIn => "cash_in",
            Self::CashOut => "cash_out",
        }
    }

    /// Buy, sell and dividend concern a holding and must name it; cash moves must not.
    pub const fn needs_symbol(self) -> bool {
        matches!(self, Self::Buy | Self::Sell | Self::Dividend)
    }

    /// Trades have a real unit price; for cash kinds a missing price means 1, so the quantity
    /// is the amount.
    pub const fn price_defaults_to_one(self) -> bool {
        !matches!(self, Self::Buy | Self::Sell)
    }

    /// Cash in and cash out cross the portfolio's boundary: they split time-weighted returns.
    pub const fn is_external_flow(self) -> bool {
        matches!(self, Self::CashIn | Self::CashOut)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Kind {
    type Err = TxError;
    fn from_str(s: &str) -> Result<Self, TxError> {
        let s = s.trim();
        Self::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| TxError::Kind(s.chars().take(20).collect()))
    }
}

/// Why a transaction cannot be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TxError {
    #[error("unknown side {0:?}: use buy, sell, dividend, fee, cash_in or cash_out")]
    Kind(String),
    #[error("{0} needs a symbol")]
    SymbolRequired(Kind),
    #[error("{0} takes no symbol")]
    SymbolNotAllowed(Kind),
    #[error("quantity must be greater than 0")]
    Quantity,
    #[error("{field} must not be negative")]
    Negative { field: &'static str },
    #[error("{field} is too large (at most {max})")]
    TooLarge { field: &'static str, max: Decimal },
    #[error("{field} has more than {MAX_SCALE} decimal places")]
    Scale { field: &'static str },
}

/// One transaction. Times are Unix milliseconds (UTC).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transaction {
    kind: Kind,
    time: i64,
    symbol: Option<Symbol>,
    quantity: Decimal,
    price: Decimal,
    fee: Decimal,
}

fn bounded(field: &'static str, v: Decimal, max: Decimal) -> Result<Decimal, TxError> {
    if v.is_sign_negative() && !v.is_zero() {
        return Err(TxError::Negative { field });
    }
    if v > max {
        return Err(TxError::TooLarge { field, max });
    }
    if v.scale() > MAX_SCALE && v.normalize().scale() > MAX_SCALE {
        return Err(TxError::Scale { field });
    }
    Ok(v.normalize())
}

impl Transaction {
    /// Checks a transaction: a symbol exactly when the kind needs one, quantity > 0, price and
    /// fee ≥ 0, each within bounds and at most [`MAX_SCALE`] decimal places.
    pub fn new(
        kind: Kind,
        time: i64,
        symbol: Option<Symbol>,
        quantity: Decimal,
        price: Decimal,
        fee: Decimal,
    ) -> Result<Self, TxError> {
        match (&symbol, kind.needs_symbol(), kind) {
            (None, true, _) => return Err(TxError::SymbolRequired(kind)),
            // A fee may name the holding it concerns; cash moves never do.
            (Some(_), false, Kind::CashIn | Kind::CashOut) => {
                return Err(TxError::SymbolNotAllowed(kind));
            }
            _ => {}
        }
        if quantity <= Decimal::ZERO {
            return Err(TxError::Quantity);
        }
        Ok(Self {
            kind,
            time,
            symbol,
            quantity: bounded("quantity", quantity, MAX_UNIT)?,
            price: bounded("price", price, MAX_UNIT)?,
            fee: bounded("fee", fee, MAX_FEE)?,
        })
    }

    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// Unix milliseconds.
    pub fn time(&self) -> i64 {
        self.time
    }

    pub fn symbol(&self) -> Option<&Symbol> {
        self.symbol.as_ref()
    }

    pub fn quantity(&self) -> Decimal {
        self.quantity
    }

    pub fn price(&self) -> Decimal {
        self.price
    }

    pub fn fee(&self) -> Decimal {
        self.fee
    }

    /// `quantity × price`, before the fee (exact: both factors are bounded).
    pub fn gross(&self) -> Decimal {
        self.quantity * self.price
    }

    /// What the transaction does to cash: positive when cash comes in.
    pub fn cash_effect(&self) -> Decimal {
        match self.kind {
            Kind::Sell | Kind::Dividend | Kind::CashIn => self.gross() - self.fee,
            Kind::Buy | Kind::Fee | Kind::CashOut => -(self.gross() + self.fee),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn sym(s: &str) -> Option<Symbol> {
        Symbol::parse(s).ok()
    }

    #[test]
    fn kinds_round_trip_through_their_names() {
        for k in Kind::ALL {
            assert_eq!(k.as_str().parse::<Kind>().unwrap(), k);
        }
        assert_eq!(" Cash_In ".parse::<Kind>().unwrap(), Kind::CashIn);
        assert!(matches!("short".parse::<Kind>(), Err(TxError::Kind(_))));
    }

    #[test]
    fn symbols_are_required_exactly_where_they_matter() {
        let one = Decimal::ONE;
        let t = |k, s| Transaction::new(k, 0, s, one, one, Decimal::ZERO);
        assert_eq!(t(Kind::Buy, None), Err(TxError::SymbolRequired(Kind::Buy)));
        assert_eq!(
            t(Kind::CashIn, sym("AAPL")),
            Err(TxError::SymbolNotAllowed(Kind::CashIn))
        );
        assert!(t(Kind::Fee, sym("AAPL")).is_ok());
        assert!(t(Kind::Fee, None).is_ok());
    }

    #[test]
    fn amounts_are_bounded_and_never_rounded() {
        let t = |q: &str, p: &str, f: &str| {
            Transaction::new(Kind::Buy, 0, sym("AAPL"), d(q), d(p), d(f))
        };
        assert_eq!(t("0", "1", "0"), Err(TxError::Quantity));
        assert_eq!(t("1", "-1", "0"), Err(TxError::Negative { field: "price" }));
        assert!(matches!(
            t("1000000001", "1", "0"),
            Err(TxError::TooLarge { .. })
        ));
        assert_eq!(
            t("1", "0.00000000001", "0"),
            Err(TxError::Scale { field: "price" })
        );
        // Trailing zeros are not decimal places that matter.
        assert_eq!(t("1.500000000000", "2", "0").unwrap().quantity(), d("1.5"));
    }

    #[test]
    fn cash_effects_follow_the_sign_of_each_kind() {
        let t = |k, s| Transaction::new(k, 0, s, d("10"), d("2.5"), d("1")).unwrap();
        assert_eq!(t(Kind::Buy, sym("A")).cash_effect(), d("-26"));
        assert_eq!(t(Kind::Sell, sym("A")).cash_effect(), d("24"));
        assert_eq!(t(Kind::Dividend, sym("A")).cash_effect(), d("24"));
        assert_eq!(t(Kind::Fee, None).cash_effect(), d("-26"));
        assert_eq!(t(Kind::CashIn, None).cash_effect(), d("24"));
        assert_eq!(t(Kind::CashOut, None).cash_effect(), d("-26"));
    }
}
