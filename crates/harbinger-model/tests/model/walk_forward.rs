//! Walk-forward evaluation on the bundled real prices.

use harbinger_model::{BUCKETS, Dataset, ModelError, TrainWindow, WalkForwardConfig, walk_forward};

use crate::data::load;

#[test]
fn reports_are_well_formed_and_not_worse_than_no_skill_on_real_prices() {
    for symbol in ["AAPL", "MSFT", "IBM", "GOOG"] {
        let s = load(symbol);
        let config = WalkForwardConfig::default();
        let wf = walk_forward(&s.view(), &config).unwrap();
        let r = &wf.report;
        let scored: Vec<_> = wf
            .predictions
            .iter()
            .flatten()
            .filter(|p| p.outcome.is_some())
            .collect();
        assert_eq!(r.predictions, scored.len(), "{symbol}");
        assert!(r.predictions > 1500, "{symbol}: {}", r.predictions);
        assert_eq!(
            r.positives,
            scored.iter().filter(|p| p.outcome == Some(true)).count()
        );
        assert_eq!(r.buckets.len(), BUCKETS);
        assert_eq!(
            r.buckets.iter().map(|b| b.count).sum::<usize>(),
            r.predictions
        );
        for b in &r.buckets {
            if let (Some(m), Some(h)) = (b.mean_probability, b.hit_rate) {
                assert!(
                    m >= b.lower && m <= b.upper && (0.0..=1.0).contains(&h),
                    "{b:?}"
                );
            }
        }
        let brier = scored
            .iter()
            .map(|p| (p.probability - f64::from(u8::from(p.outcome == Some(true)))).powi(2))
            .sum::<f64>()
            / scored.len() as f64;
        assert!((brier - r.brier).abs() < 1e-12, "{symbol}");
        assert!(r.brier.is_finite() && r.log_loss.is_finite());
        // Daily equities leave little to predict; calibration must at least keep the
        // forecasts close to the no-skill forecast of the time (each fold's training base
        // rate). The uncalibrated-refit bug this guards against scored 30-90% worse.
        let prior = r.brier_prior.unwrap();
        assert!(
            r.brier <= 1.05 * prior,
            "{symbol}: Brier {} vs prior {prior}",
            r.brier
        );
        println!(
            "{symbol}: n={} base rate {:.4} Brier {:.5} base-rate Brier {:.5} prior Brier {:.5}",
            r.predictions, r.base_rate, r.brier, r.brier_base_rate, prior
        );
    }
}

#[test]
fn folds_are_ordered_embargoed_and_cover_every_prediction() {
    let s = load("GOOG");
    let config = WalkForwardConfig::default();
    let horizon = config.model.barrier.horizon;
    let wf = walk_forward(&s.view(), &config).unwrap();
    for (k, f) in wf.folds.iter().enumerate() {
        assert_eq!(f.test.start - f.train.end, horizon, "fold {k}");
        assert_eq!(f.train.start, 0);
        if let Some(next) = wf.folds.get(k + 1) {
            assert_eq!(f.test.end, next.test.start);
            assert_ne!(f.model_version, next.model_version);
        }
        assert!(f.train_rows >= config.model.min_train_rows);
        assert!((0.0..=1.0).contains(&f.train_base_rate));
    }
    assert_eq!(wf.folds.last().unwrap().test.end, s.time.len());
    let first = wf.folds[0].test.start;
    assert!(wf.predictions[..first].iter().all(Option::is_none));
    for (t, p) in wf.predictions.iter().enumerate() {
        if let Some(p) = p {
            let fold = &wf.folds[p.fold];
            assert!(fold.test.contains(&t));
            assert_eq!(p.model_version, fold.model_version);
            assert_eq!(p.time, s.time[t]);
        }
    }
    // The last bar (today, for a live signal) is predicted; its outcome is not known yet.
    let last = wf.predictions.last().unwrap().as_ref().unwrap();
    assert_eq!(last.outcome, None);
}

#[test]
fn rolling_windows_train_on_the_last_bars_only() {
    let s = load("IBM");
    let config = WalkForwardConfig {
        window: TrainWindow::Rolling(750),
        ..WalkForwardConfig::default()
    };
    let wf = walk_forward(&s.view(), &config).unwrap();
    assert!(wf.folds.iter().all(|f| f.train.len() <= 750));
    assert!(wf.folds.iter().any(|f| f.train.start > 0));
    assert!(wf.report.brier.is_finite());
}

#[test]
fn short_histories_and_bad_settings_are_typed_errors() {
    // FB's file holds 196 bars: too few for 250 training rows.
    let fb = load("FB");
    assert!(matches!(
        walk_forward(&fb.view(), &WalkForwardConfig::default()),
        Err(ModelError::NotEnoughData { .. })
    ));
    let s = load("IBM");
    let zero = WalkForwardConfig {
        test_size: 0,
        ..WalkForwardConfig::default()
    };
    assert!(matches!(
        walk_forward(&s.view(), &zero),
        Err(ModelError::InvalidParameter { .. })
    ));
    let tiny = WalkForwardConfig {
        window: TrainWindow::Rolling(10),
        ..WalkForwardConfig::default()
    };
    assert!(matches!(
        walk_forward(&s.view(), &tiny),
        Err(ModelError::InvalidParameter { .. })
    ));
    let mut bad = WalkForwardConfig::default();
    bad.model.barrier.horizon = 0;
    assert!(matches!(
        walk_forward(&s.view(), &bad),
        Err(ModelError::InvalidParameter { .. })
    ));
}

#[test]
fn dataset_rows_are_usable_only_with_features_and_label() {
    let s = load("AAPL");
    let config = WalkForwardConfig::default();
    let data = Dataset::new(&s.view(), &config.model).unwrap();
    let h = config.model.barrier.horizon;
    assert!(!data.is_usable(0));
    assert!(data.is_usable(100));
    assert!((data.len() - h..data.len()).all(|t| !data.is_usable(t)));
    assert!(
        data.labels()[..data.len() - h]
            .iter()
            .skip(20)
            .all(Option::is_some)
    );
}

#[test]
fn the_short_side_runs_and_its_wins_exclude_long_wins() {
    use harbinger_model::{BarrierParams, Side, triple_barrier_labels};
    for symbol in ["AAPL", "MSFT", "IBM", "GOOG", "FB"] {
        let s = load(symbol);
        let params = BarrierParams::default();
        let long = triple_barrier_labels(&s.view(), &params, Side::Long).unwrap();
        let short = triple_barrier_labels(&s.view(), &params, Side::Short).unwrap();
        // With the target at least as far as the stop, a short win means the price fell
        // through the long stop before rising to the long target: both cannot win.
        assert!(
            long.iter()
                .zip(&short)
                .all(|(l, s)| !(*l == Some(true) && *s == Some(true)))
        );
        assert!(
            long.iter()
                .zip(&short)
                .all(|(l, s)| l.is_some() == s.is_some())
        );
        assert!(short.contains(&Some(true)), "{symbol}");
    }
    let s = load("MSFT");
    let mut config = WalkForwardConfig::default();
    config.model.side = Side::Short;
    let short = walk_forward(&s.view(), &config).unwrap();
    let long = walk_forward(&s.view(), &WalkForwardConfig::default()).unwrap();
    assert!(short.report.brier.is_finite() && short.report.predictions > 1500);
    assert_ne!(short.report.base_rate, long.report.base_rate);
    assert_ne!(short.folds[0].model_version, long.folds[0].model_version);
    println!(
        "MSFT short: base rate {:.4} Brier {:.5} base-rate Brier {:.5} prior Brier {:.5}",
        short.report.base_rate,
        short.report.brier,
        short.report.brier_base_rate,
        short.report.brier_prior.unwrap()
    );
}
