//! The bar loop.

use super::{Backtest, BacktestError, Config, Fill, Trade, metrics::Metrics};
use crate::Ohlcv;
use crate::strategy::{Side, Strategy};

/// Runs `strategy` over `bars`.
pub fn run(
    strategy: &dyn Strategy,
    bars: &Ohlcv<'_>,
    cfg: &Config,
) -> Result<Backtest, BacktestError> {
    let mut positions = vec![0_i8; bars.len()];
    strategy.positions(bars, &mut positions)?;
    run_positions(bars, &positions, cfg)
}

/// Runs a precomputed series of target positions (1, 0, −1 after each bar's close; any
/// positive value counts as long, any negative as short).
pub fn run_positions(
    bars: &Ohlcv<'_>,
    target: &[i8],
    cfg: &Config,
) -> Result<Backtest, BacktestError> {
    cfg.check()?;
    if target.len() != bars.len() {
        return Err(BacktestError::Length {
            positions: target.len(),
            bars: bars.len(),
        });
    }
    let mut book = Book::new(cfg);
    let n = bars.len();
    let mut equity = Vec::with_capacity(n);
    let mut exposure = Vec::with_capacity(n);
    let (open, close, time) = (bars.open(), bars.close(), bars.time());
    for t in 0..n {
        match cfg.fill {
            Fill::NextOpen if t > 0 => book.rebalance(target[t - 1].signum(), open[t], t, time[t]),
            Fill::NextOpen => {}
            Fill::Close => book.rebalance(target[t].signum(), close[t], t, time[t]),
        }
        equity.push(book.cash + book.units * close[t]);
        exposure.push(book.held);
    }
    let open_trade = book.entry.as_ref().and_then(|e| {
        let last = n.checked_sub(1)?;
        Some(e.trade(book.units, close[last], 0.0, last, time[last]))
    });
    let metrics = Metrics::compute(time, &equity, &exposure, &book.trades, cfg);
    Ok(Backtest {
        equity,
        exposure,
        trades: book.trades,
        open_trade,
        metrics,
    })
}

/// An open position's entry.
struct Entry {
    side: Side,
    index: usize,
    time: i64,
    price: f64,
    commission: f64,
}

impl Entry {
    /// The round trip closed at `price` (after slippage), paying `commission` on the way out.
    fn trade(&self, units: f64, price: f64, commission: f64, index: usize, time: i64) -> Trade {
        let pnl = units * (price - self.price) - self.commission - commission;
        let notional = units.abs() * self.price;
        Trade {
            side: self.side,
            entry_index: self.index,
            entry_time: self.time,
            entry_price: self.price,
            exit_index: index,
            exit_time: time,
            exit_price: price,
            units: units.abs(),
            pnl,
            ret: pnl / notional,
            bars_held: index - self.index,
        }
    }
}

struct Book {
    cash: f64,
    /// Signed: negative when short.
    units: f64,
    held: i8,
    entry: Option<Entry>,
    trades: Vec<Trade>,
    commission: f64,
    slippage: f64,
    size: f64,
}

impl Book {
    fn new(cfg: &Config) -> Self {
        Self {
            cash: cfg.initial_cash,
            units: 0.0,
            held: 0,
            entry: None,
            trades: Vec::new(),
            commission: cfg.commission_bps / 10_000.0,
            slippage: cfg.slippage_bps / 10_000.0,
            size: cfg.size,
        }
    }

    /// Moves to position `to` at market price `price`.
    fn rebalance(&mut self, to: i8, price: f64, index: usize, time: i64) {
        if to == self.held || !price.is_finite() || price <= 0.0 {
            return;
        }
        if let Some(entry) = self.entry.take() {
            // Selling a long fills lower, buying back a short higher.
            let fill = price * (1.0 - entry.side.sign() * self.slippage);
            let fee = self.units.abs() * fill * self.commission;
            self.cash += self.units * fill - fee;
            self.trades
                .push(entry.trade(self.units, fill, fee, index, time));
            self.units = 0.0;
            self.held = 0;
        }
        let Some(side) = Side::of(to) else {
            return;
        };
        // All cash is equity once flat; a ruined account stays flat.
        if self.cash <= 0.0 {
            return;
        }
        let fill = price * (1.0 + side.sign() * self.slippage);
        // Notional plus its commission is the committed share of equity.
        let notional = self.size * self.cash / (1.0 + self.commission);
        let fee = notional * self.commission;
        self.units = side.sign() * notional / fill;
        self.cash -= self.units * fill + fee;
        self.held = to;
        self.entry = Some(Entry {
            side,
            index,
            time,
            price: fill,
            commission: fee,
        });
    }
}
