//! The reference figures of the peer benchmark's numpy engine (`backtest_peers.py`), written
//! by `tests/golden/generate_backtest.py`: SMA(10/30) cross, long only, fills at the close,
//! no fees. Every figure must agree to 1e-9.

use harbinger_signals::backtest::{self, Config, Fill};
use harbinger_signals::strategy;

use crate::data;

fn expected() -> serde_json::Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/golden/expected/backtest_sma_cross.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn close_to(ours: f64, theirs: &serde_json::Value, what: &str) {
    match theirs.as_f64() {
        None => assert!(ours.is_nan(), "{what}: expected undefined, got {ours}"),
        Some(t) => {
            let tol = 1e-9 * t.abs().max(1.0);
            assert!((ours - t).abs() <= tol, "{what}: {ours} vs reference {t}");
        }
    }
}

#[test]
fn sma_cross_reproduces_the_reference_engine_on_every_series() {
    let expected = expected();
    let sma = strategy::rule("sma_cross", &[]).unwrap();
    let cfg = Config {
        fill: Fill::Close,
        ..Config::default()
    };
    let all = data::all();
    assert_eq!(all.len(), expected["symbols"].as_object().unwrap().len());
    for (name, bars) in &all {
        let run = backtest::run(sma.as_ref(), &bars.view().unwrap(), &cfg).unwrap();
        let want = &expected["symbols"][name.as_str()];
        let m = &run.metrics;
        close_to(
            m.total_return,
            &want["total_return"],
            &format!("{name} total_return"),
        );
        close_to(m.sharpe, &want["sharpe"], &format!("{name} sharpe"));
        close_to(
            m.max_drawdown,
            &want["max_drawdown"],
            &format!("{name} max_drawdown"),
        );
        close_to(m.win_rate, &want["win_rate"], &format!("{name} win_rate"));
        assert!(m.trades > 5, "{name}: {} trades", m.trades);
    }
}
