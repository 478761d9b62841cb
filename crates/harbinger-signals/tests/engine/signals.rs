//! Signals on real prices: well-formed, calibrated from the past only, deterministic.

use harbinger_signals::outcome::Status;
use harbinger_signals::signal::{SignalRules, Signaller};
use harbinger_signals::strategy::{self, Ensemble, RULES, Side};

use crate::data;

#[test]
fn every_rule_strategy_issues_well_formed_signals_on_real_prices() {
    let bars = data::daily("AAPL");
    let view = bars.view().unwrap();
    let signaller = Signaller::new(view, SignalRules::default()).unwrap();
    for name in RULES {
        let s = strategy::rule(name, &[("short".into(), 1.0)]).unwrap();
        let signals = signaller.signals(s.as_ref()).unwrap();
        assert!(signals.len() >= 10, "{name}: {} signals", signals.len());
        let mut pos = vec![0; view.len()];
        s.positions(&view, &mut pos).unwrap();
        for sig in &signals {
            let i = sig.index;
            assert_eq!(Side::of(pos[i]), Some(sig.side), "{name} at {i}");
            assert!(
                i == 0 || pos[i - 1] != pos[i],
                "{name}: a signal is an entry"
            );
            let (lo, hi) = match sig.side {
                Side::Long => (sig.stop, sig.target),
                Side::Short => (sig.target, sig.stop),
            };
            assert!(lo < sig.entry && sig.entry < hi, "{name}: {sig:?}");
            assert!(sig.confidence > 0.0 && sig.confidence < 1.0);
            assert!(!sig.drivers.is_empty());
            assert_eq!(sig.model_version.len(), 32);
        }
        // All but the last few are graded by the history that follows them.
        let graded = signals.iter().filter(|s| s.outcome.is_some()).count();
        assert!(
            graded + 2 >= signals.len(),
            "{name}: {graded} of {}",
            signals.len()
        );
        let hits = signals
            .iter()
            .filter(|s| s.outcome.is_some_and(|o| o.status == Status::TargetHit))
            .count();
        assert!(hits > 0, "{name}: no target ever hit");
    }
}

#[test]
fn the_same_input_gives_the_same_signals_byte_for_byte() {
    let bars = data::daily("MSFT");
    let run = || {
        let members = RULES
            .iter()
            .map(|n| strategy::rule(n, &[]).unwrap())
            .collect();
        let e = Ensemble::new(members, &[]).unwrap();
        let s = Signaller::new(bars.view().unwrap(), SignalRules::default()).unwrap();
        serde_json::to_string(&s.signals(&e).unwrap()).unwrap()
    };
    let first = run();
    assert!(first.len() > 1_000);
    assert_eq!(first, run());
}

#[test]
fn model_version_follows_parameters_not_runs() {
    let a = strategy::rule("sma_cross", &[]).unwrap();
    let b = strategy::rule("sma_cross", &[]).unwrap();
    let c = strategy::rule("sma_cross", &[("fast".into(), 5.0)]).unwrap();
    assert_eq!(a.model_version(), b.model_version());
    assert_ne!(a.model_version(), c.model_version());
}

#[test]
fn bad_parameters_are_named() {
    let e = strategy::rule("sma_cross", &[("fast".into(), 40.0)])
        .unwrap_err()
        .to_string();
    assert!(e.contains("fast") && e.contains("slow"), "{e}");
    let e = strategy::rule("sma_cross", &[("speed".into(), 4.0)])
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("speed") && e.contains("fast, slow, short"),
        "{e}"
    );
    let e = strategy::rule("rsi_reversion", &[("period".into(), 2.5)])
        .unwrap_err()
        .to_string();
    assert!(e.contains("whole number"), "{e}");
    let e = strategy::rule("momentum", &[]).unwrap_err().to_string();
    assert!(e.contains("sma_cross"), "{e}");
}
