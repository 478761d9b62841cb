//! Outside input never panics: every failure is a typed error.

use harbinger_model::{ModelConfig, WalkForwardConfig, fit_latest, walk_forward};
use proptest::prelude::*;

use crate::synthetic::series;

/// A value that replaces a price or a volume: anything from garbage to plausible.
fn garbage() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(0.0),
        Just(-1.0),
        Just(f64::MAX),
        Just(f64::MIN_POSITIVE),
        any::<f64>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn walk_forward_and_fit_latest_return_instead_of_panicking(
        seed in any::<u64>(),
        n in 0usize..400,
        damage in proptest::collection::vec((0usize..400, 0usize..5, garbage()), 0..12),
        horizon in 1usize..30,
        test_size in 1usize..80,
        min_train_rows in 20usize..120,
    ) {
        let mut s = series(n, seed, 0.1);
        for &(i, column, value) in &damage {
            if i < n {
                let col = match column {
                    0 => &mut s.open,
                    1 => &mut s.high,
                    2 => &mut s.low,
                    3 => &mut s.close,
                    _ => &mut s.volume,
                };
                col[i] = value;
            }
        }
        let mut config = WalkForwardConfig { test_size, ..WalkForwardConfig::default() };
        config.model.barrier.horizon = horizon;
        config.model.min_train_rows = min_train_rows;
        // Either outcome is fine; a panic fails the test.
        if let Ok(wf) = walk_forward(&s.view(), &config) {
            prop_assert!(wf.report.brier.is_finite());
            prop_assert_eq!(wf.predictions.len(), n);
            for p in wf.predictions.iter().flatten() {
                prop_assert!((0.0..=1.0).contains(&p.probability));
            }
        }
        let model = ModelConfig { min_train_rows, ..config.model.clone() };
        if let Ok(latest) = fit_latest(&s.view(), &model) {
            prop_assert!(latest.prediction.is_none_or(|p| (0.0..=1.0).contains(&p.probability)));
        }
    }
}
