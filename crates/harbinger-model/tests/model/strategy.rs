//! The `ml` strategy behind the engine's `Strategy` trait: signals carry the model's own
//! calibrated probability and the version of the fit that made them, and are reproducible.

use harbinger_model::{Ml, WalkForwardConfig, walk_forward};
use harbinger_signals::Ohlcv;
use harbinger_signals::signal::{SignalRules, Signaller};
use harbinger_signals::strategy::Strategy;

use crate::data::{Series, load};

fn engine_view(s: &Series) -> Ohlcv<'_> {
    Ohlcv::new(&s.time, &s.open, &s.high, &s.low, &s.close, &s.volume).unwrap()
}

#[test]
fn signals_carry_the_walk_forward_probability_and_fold_version() {
    let s = load("AAPL");
    let ml = Ml::new(&[]).unwrap();
    let signaller = Signaller::new(engine_view(&s), SignalRules::default()).unwrap();
    let signals = signaller.signals(&ml).unwrap();
    assert!(
        signals.len() > 20,
        "ml issued only {} signals",
        signals.len()
    );

    let wf = walk_forward(&s.view(), &WalkForwardConfig::default()).unwrap();
    for sig in &signals {
        let p = wf.predictions[sig.index]
            .as_ref()
            .expect("a signal only where the model predicted");
        assert_eq!(sig.confidence.to_bits(), p.probability.to_bits());
        assert_eq!(sig.model_version, p.model_version.to_string());
        assert_eq!(sig.model_version.len(), 64);
        assert!(sig.model_version.chars().all(|c| c.is_ascii_hexdigit()));
        let base = wf.folds[p.fold].train_base_rate;
        assert!(p.probability >= base + 0.05, "entered below the edge");
        assert!(!sig.drivers.is_empty(), "a model signal names its drivers");
    }
    // Out of sample only: nothing before the first fold's test window.
    let first_test = wf.folds[0].test.start;
    assert!(signals.iter().all(|sig| sig.index >= first_test));
}

#[test]
fn same_bars_same_signals_bit_for_bit() {
    let s = load("MSFT");
    let key = |sig: &harbinger_signals::signal::Signal| {
        (
            sig.index,
            sig.confidence.to_bits(),
            sig.entry.to_bits(),
            sig.stop.to_bits(),
            sig.target.to_bits(),
            sig.model_version.clone(),
        )
    };
    let run = || {
        let ml = Ml::new(&[]).unwrap();
        let signaller = Signaller::new(engine_view(&s), SignalRules::default()).unwrap();
        signaller
            .signals(&ml)
            .unwrap()
            .iter()
            .map(key)
            .collect::<Vec<_>>()
    };
    let a = run();
    assert!(!a.is_empty());
    assert_eq!(a, run());
}

#[test]
fn a_higher_edge_trades_less_and_a_short_history_not_at_all() {
    let s = load("IBM");
    let view = engine_view(&s);
    let exposure = |edge: f64| {
        let ml = Ml::new(&[("edge".into(), edge)]).unwrap();
        let mut pos = vec![0_i8; view.len()];
        ml.positions(&view, &mut pos).unwrap();
        pos.iter().filter(|&&p| p != 0).count()
    };
    let (loose, strict) = (exposure(0.0), exposure(0.2));
    assert!(
        loose > strict,
        "edge 0 held {loose} bars, edge 0.2 {strict}"
    );

    let short = view.head(100);
    let ml = Ml::new(&[]).unwrap();
    let mut pos = vec![1_i8; short.len()];
    ml.positions(&short, &mut pos).unwrap();
    assert!(pos.iter().all(|&p| p == 0), "no model, no position");
}

#[test]
fn unknown_parameters_are_refused_by_name() {
    let err = Ml::new(&[("fast".into(), 3.0)]).unwrap_err().to_string();
    assert!(err.contains("fast"), "{err}");
}

#[test]
fn calibration_scores_exactly_the_graded_signals() {
    let s = load("GOOG");
    let view = engine_view(&s);
    for name in ["ml", "sma_cross", "ensemble"] {
        let strategy = harbinger_model::build_strategy(name, &[]).unwrap();
        let signals = Signaller::new(view, SignalRules::default())
            .unwrap()
            .signals(strategy.as_ref())
            .unwrap();
        let graded: Vec<_> = signals.iter().filter(|s| s.outcome.is_some()).collect();
        let report =
            harbinger_model::calibration(strategy.as_ref(), &[view], SignalRules::default())
                .unwrap()
                .unwrap();
        assert_eq!(report.predictions, graded.len(), "{name}");
        let hits = graded
            .iter()
            .filter(|s| s.outcome.unwrap().status == harbinger_signals::outcome::Status::TargetHit)
            .count();
        assert_eq!(report.positives, hits, "{name}");
        let brier = graded
            .iter()
            .map(|s| {
                let y = f64::from(u8::from(
                    s.outcome.unwrap().status == harbinger_signals::outcome::Status::TargetHit,
                ));
                (s.confidence - y).powi(2)
            })
            .sum::<f64>()
            / graded.len() as f64;
        assert!((report.brier - brier).abs() < 1e-12, "{name}");
    }
}

#[test]
fn latest_only_ml_decides_today_from_one_fit_on_everything_known() {
    let s = load("AAPL");
    let full = engine_view(&s);
    let mut decided = 0;
    for n in (1_500..full.len()).step_by(97) {
        let view = full.head(n);
        let ml = Ml::latest(&[]).unwrap();
        let mut pos = vec![0_i8; n];
        ml.positions(&view, &mut pos).unwrap();
        assert!(
            pos[..n - 2].iter().all(|&p| p == 0),
            "only the last two bars"
        );

        let latest = harbinger_model::fit_latest(
            &s.view().prefix(n),
            &harbinger_model::ModelConfig::default(),
        )
        .unwrap();
        let prediction = latest.prediction.as_ref();
        match ml.confidence_at(&view, n - 1) {
            Some(confidence) => {
                decided += 1;
                assert_eq!(pos[n - 1], 1);
                assert_eq!(
                    confidence.to_bits(),
                    prediction.unwrap().probability.to_bits()
                );
                assert_eq!(
                    ml.model_version_at(&view, n - 1),
                    latest.model.version().to_string()
                );
            }
            None => assert_eq!(pos[n - 1], 0),
        }
    }
    assert!(
        decided > 0,
        "the model never traded on any of the cut points"
    );
}
