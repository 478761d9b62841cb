//! Drivers and model versions of a trained model.

use harbinger_model::{Dataset, FEATURE_COUNT, FEATURE_SET, ModelConfig, ModelError, TrainedModel};

use crate::data::load;

#[test]
fn drivers_add_up_to_the_raw_score_and_are_ranked_by_size() {
    let s = load("AAPL");
    let config = ModelConfig {
        top_drivers: FEATURE_COUNT,
        ..ModelConfig::default()
    };
    let data = Dataset::new(&s.view(), &config).unwrap();
    let model = TrainedModel::fit(&data, 0..2000, &config).unwrap();
    let mut checked = 0;
    for t in 2000..data.len() {
        let row = data.features().row(t).unwrap();
        let Some(p) = model.predict(row).unwrap() else {
            continue;
        };
        assert_eq!(p.drivers.len(), FEATURE_COUNT);
        assert!(
            p.drivers
                .windows(2)
                .all(|w| w[0].weight.abs() >= w[1].weight.abs())
        );
        for d in &p.drivers {
            let j = FEATURE_SET.names.iter().position(|&n| n == d.name).unwrap();
            assert_eq!(d.value.to_bits(), row[j].to_bits());
        }
        // Every contribution listed: intercept + Σ weights is the raw log-odds.
        let score = model.logistic().intercept + p.drivers.iter().map(|d| d.weight).sum::<f64>();
        let raw = 1.0 / (1.0 + (-score).exp());
        assert!(
            (raw - p.raw_probability).abs() < 1e-12,
            "{raw} vs {}",
            p.raw_probability
        );
        assert!((0.0..=1.0).contains(&p.probability));
        checked += 1;
    }
    assert!(checked > 1000);
}

#[test]
fn top_k_drivers_are_the_largest_of_all() {
    let s = load("AAPL");
    let all = ModelConfig {
        top_drivers: FEATURE_COUNT,
        ..ModelConfig::default()
    };
    let top3 = ModelConfig {
        top_drivers: 3,
        ..ModelConfig::default()
    };
    let data = Dataset::new(&s.view(), &all).unwrap();
    let a = TrainedModel::fit(&data, 0..2000, &all).unwrap();
    let b = TrainedModel::fit(&data, 0..2000, &top3).unwrap();
    let row = data.features().row(2500).unwrap();
    let (pa, pb) = (
        a.predict(row).unwrap().unwrap(),
        b.predict(row).unwrap().unwrap(),
    );
    assert_eq!(pb.drivers, pa.drivers[..3]);
    // top_drivers does not change the model, so not its version either.
    assert_eq!(a.version(), b.version());
}

#[test]
fn model_version_follows_the_training_range() {
    let s = load("AAPL");
    let config = ModelConfig::default();
    let data = Dataset::new(&s.view(), &config).unwrap();
    let a = TrainedModel::fit(&data, 0..1500, &config).unwrap();
    let again = TrainedModel::fit(&data, 0..1500, &config).unwrap();
    let longer = TrainedModel::fit(&data, 0..1600, &config).unwrap();
    assert_eq!(a.version(), again.version());
    assert_ne!(a.version(), longer.version());
    let (first, last) = a.train_range();
    assert_eq!(
        first,
        data.time()[(0..1500).find(|&t| data.is_usable(t)).unwrap()]
    );
    assert_eq!(
        last,
        data.time()[(0..1500).rev().find(|&t| data.is_usable(t)).unwrap()]
    );
}

#[test]
fn bad_inputs_are_typed_errors() {
    let s = load("AAPL");
    let config = ModelConfig::default();
    let data = Dataset::new(&s.view(), &config).unwrap();
    let model = TrainedModel::fit(&data, 0..1500, &config).unwrap();
    assert!(matches!(
        model.predict(&[0.0; 3]),
        Err(ModelError::FeatureCount {
            expected: FEATURE_COUNT,
            actual: 3
        })
    ));
    assert_eq!(model.predict(&[f64::NAN; FEATURE_COUNT]).unwrap(), None);
    assert!(matches!(
        TrainedModel::fit(&data, 0..100, &config),
        Err(ModelError::NotEnoughData { .. })
    ));
    let bad = ModelConfig {
        calibration_fraction: 1.0,
        ..ModelConfig::default()
    };
    assert!(matches!(
        TrainedModel::fit(&data, 0..1500, &bad),
        Err(ModelError::InvalidParameter {
            parameter: "calibration_fraction",
            ..
        })
    ));
}

#[test]
fn fit_latest_trains_on_resolved_labels_and_predicts_the_last_bar() {
    let s = load("MSFT");
    let config = ModelConfig::default();
    let latest = harbinger_model::fit_latest(&s.view(), &config).unwrap();
    let data = Dataset::new(&s.view(), &config).unwrap();
    let n = data.len();
    let h = config.barrier.horizon;
    assert_eq!(latest.time, s.time[n - 1]);
    // The newest training bar is the last one whose horizon ended by the last close.
    let last_resolved = (0..n).rev().find(|&t| data.is_usable(t)).unwrap();
    assert_eq!(last_resolved, n - 1 - h);
    assert_eq!(latest.model.train_range().1, s.time[n - 1 - h]);
    let same = TrainedModel::fit(&data, 0..n, &config).unwrap();
    let expected = same.predict(data.features().row(n - 1).unwrap()).unwrap();
    assert_eq!(latest.prediction, expected);
    assert!(latest.prediction.is_some());
}

#[test]
fn barrier_atr_matches_the_batch_atr() {
    let s = load("IBM");
    let streaming = harbinger_model::barrier_atr(&s.view(), 14).unwrap();
    let batch = harbinger_signals::indicators::atr(&s.high, &s.low, &s.close, 14).unwrap();
    for (a, b) in streaming.iter().zip(&batch) {
        assert_eq!(a.is_nan(), b.is_nan());
        if !a.is_nan() {
            assert!((a - b).abs() <= 1e-12 * b.abs(), "{a} vs {b}");
        }
    }
}
