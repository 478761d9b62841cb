//! Hand-checked fills, costs and sides.

use harbinger_signals::OhlcvBuf;
use harbinger_signals::backtest::{BacktestError, Config, Fill, run_positions};
use harbinger_signals::strategy::Side;

/// Bars with open = o and close = c, high/low around them.
fn bars(rows: &[(f64, f64)]) -> OhlcvBuf {
    let mut b = OhlcvBuf::default();
    for (i, (o, c)) in rows.iter().enumerate() {
        b.push(
            i64::try_from(i).unwrap() * 86_400,
            *o,
            o.max(*c) + 1.0,
            o.min(*c) - 1.0,
            *c,
            100.0,
        );
    }
    b
}

fn near(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-9 * b.abs().max(1.0), "{a} vs {b}");
}

#[test]
fn next_open_fills_at_the_following_bar_and_ignores_the_last_decision() {
    let b = bars(&[
        (10.0, 10.0),
        (11.0, 12.0),
        (12.0, 13.0),
        (15.0, 16.0),
        (16.0, 17.0),
    ]);
    let cfg = Config {
        initial_cash: 1_000.0,
        ..Config::default()
    };
    let r = run_positions(&b.view().unwrap(), &[1, 1, 0, 0, 1], &cfg).unwrap();
    // Bought at open[1] = 11, sold at open[3] = 15; the last bar's decision never fills.
    assert_eq!(r.trades.len(), 1);
    let t = &r.trades[0];
    assert_eq!((t.entry_index, t.exit_index, t.bars_held), (1, 3, 2));
    assert_eq!(
        (t.entry_price, t.exit_price, t.side),
        (11.0, 15.0, Side::Long)
    );
    near(r.equity[1], 1_000.0 / 11.0 * 12.0);
    near(r.metrics.final_equity, 1_000.0 / 11.0 * 15.0);
    assert!(r.open_trade.is_none());
    assert_eq!(r.exposure, vec![0, 1, 1, 0, 0]);
    near(r.metrics.exposure, 0.4);
    near(r.metrics.win_rate, 1.0);
}

#[test]
fn close_fills_at_the_signal_bar() {
    let b = bars(&[(10.0, 10.0), (11.0, 12.0), (12.0, 15.0)]);
    let cfg = Config {
        fill: Fill::Close,
        initial_cash: 1_000.0,
        ..Config::default()
    };
    let r = run_positions(&b.view().unwrap(), &[1, 1, 1], &cfg).unwrap();
    near(r.metrics.total_return, 0.5);
    let open = r.open_trade.unwrap();
    assert_eq!(
        (open.entry_price, open.exit_price, open.exit_index),
        (10.0, 15.0, 2)
    );
    assert_eq!(r.metrics.trades, 0);
    assert!(r.metrics.win_rate.is_nan());
}

#[test]
fn commission_and_slippage_are_charged_on_both_sides() {
    let b = bars(&[(100.0, 100.0), (100.0, 100.0), (100.0, 100.0)]);
    let cfg = Config {
        fill: Fill::Close,
        commission_bps: 10.0,
        slippage_bps: 5.0,
        initial_cash: 10_000.0,
        ..Config::default()
    };
    let r = run_positions(&b.view().unwrap(), &[1, 0, 0], &cfg).unwrap();
    let t = &r.trades[0];
    assert_eq!((t.entry_price, t.exit_price), (100.05, 99.95));
    let notional = 10_000.0 / 1.001;
    let units = notional / 100.05;
    let cash = 10_000.0 - notional * 1.001 + units * 99.95 * (1.0 - 0.001);
    near(r.metrics.final_equity, cash);
    near(t.pnl, cash - 10_000.0);
    assert!(t.pnl < 0.0 && r.metrics.win_rate == 0.0);
}

#[test]
fn a_short_profits_from_a_fall_and_a_reversal_is_two_trades() {
    let b = bars(&[(100.0, 100.0), (100.0, 90.0), (90.0, 80.0), (80.0, 88.0)]);
    let cfg = Config {
        fill: Fill::Close,
        initial_cash: 1_000.0,
        ..Config::default()
    };
    let r = run_positions(&b.view().unwrap(), &[-1, -1, 1, 1], &cfg).unwrap();
    assert_eq!(r.trades.len(), 1);
    let short = &r.trades[0];
    assert_eq!(short.side, Side::Short);
    near(short.ret, 0.2);
    near(short.pnl, 200.0);
    // 1,200 goes long at 80 and is worth 1,200 × 88 / 80 at the end.
    near(r.metrics.final_equity, 1_320.0);
    assert_eq!(r.open_trade.unwrap().side, Side::Long);
}

#[test]
fn bad_configuration_and_lengths_are_errors() {
    let b = bars(&[(1.0, 1.0), (1.0, 1.0)]);
    let v = b.view().unwrap();
    let bad = Config {
        size: 1.5,
        ..Config::default()
    };
    assert!(matches!(
        run_positions(&v, &[0, 0], &bad),
        Err(BacktestError::Config(_))
    ));
    let fees = Config {
        commission_bps: f64::NAN,
        ..Config::default()
    };
    assert!(matches!(
        run_positions(&v, &[0, 0], &fees),
        Err(BacktestError::Config(_))
    ));
    assert!(matches!(
        run_positions(&v, &[0], &Config::default()),
        Err(BacktestError::Length {
            positions: 1,
            bars: 2
        })
    ));
}

#[test]
fn drawdown_dates_name_the_peak_the_trough_and_the_recovery() {
    let b = bars(&[
        (10.0, 10.0),
        (10.0, 12.0),
        (12.0, 9.0),
        (9.0, 11.0),
        (11.0, 12.5),
    ]);
    let cfg = Config {
        fill: Fill::Close,
        ..Config::default()
    };
    let r = run_positions(&b.view().unwrap(), &[1; 5], &cfg).unwrap();
    near(r.metrics.max_drawdown, 0.25);
    let d = r.metrics.drawdown;
    assert_eq!(
        (d.peak_time, d.trough_time, d.recovery_time),
        (Some(86_400), Some(2 * 86_400), Some(4 * 86_400))
    );
}
