//! No look-ahead: what is computed for bar `t` does not depend on any bar after `t`.

use harbinger_model::{FEATURE_COUNT, Ohlcv, WalkForwardConfig, features, walk_forward};
use proptest::prelude::*;

use crate::data::{Series, load};
use crate::synthetic::series;

fn bits(m: &harbinger_model::FeatureMatrix, rows: usize) -> Vec<u64> {
    m.as_slice()[..rows * FEATURE_COUNT]
        .iter()
        .map(|v| v.to_bits())
        .collect()
}

/// Any f64 at all, NaN and infinities included, mixed with plausible prices.
fn wild() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>(),
        0.0..1e4f64,
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(0.0)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Rows `0..=t` are bit-identical when every bar after `t` is replaced by arbitrary values,
    /// and when the series is cut after `t`.
    #[test]
    fn features_at_t_ignore_every_later_bar(
        seed in any::<u64>(),
        n in 62usize..200,
        cut in 0.0..1.0f64,
        tail in proptest::collection::vec((wild(), wild(), wild(), wild(), wild()), 200),
    ) {
        let original = series(n, seed, 0.0);
        let t = ((n - 1) as f64 * cut) as usize;
        let mut changed = Series {
            time: original.time.clone(),
            open: original.open.clone(),
            high: original.high.clone(),
            low: original.low.clone(),
            close: original.close.clone(),
            volume: original.volume.clone(),
        };
        for (i, &(o, h, l, c, v)) in (t + 1..n).zip(&tail) {
            changed.open[i] = o;
            changed.high[i] = h;
            changed.low[i] = l;
            changed.close[i] = c;
            changed.volume[i] = v;
        }
        let base = features(&original.view()).unwrap();
        let other = features(&changed.view()).unwrap();
        let cut_view: Ohlcv<'_> = original.view().prefix(t + 1);
        let truncated = features(&cut_view).unwrap();
        prop_assert_eq!(truncated.rows(), t + 1);
        prop_assert_eq!(bits(&base, t + 1), bits(&other, t + 1));
        prop_assert_eq!(bits(&base, t + 1), bits(&truncated, t + 1));
    }
}

/// The whole pipeline is causal too: walk-forward predictions for the bars of a prefix are
/// the same whether or not the later bars exist (each fold trains only on labels resolved
/// before it starts).
#[test]
fn walk_forward_predictions_do_not_change_when_later_bars_are_removed() {
    let s = load("IBM");
    let config = WalkForwardConfig::default();
    let full = walk_forward(&s.view(), &config).unwrap();
    let cut = 1700;
    let part = walk_forward(&s.view().prefix(cut), &config).unwrap();
    let mut compared = 0;
    for (a, b) in full.predictions[..cut].iter().zip(&part.predictions) {
        match (a, b) {
            (Some(a), Some(b)) => {
                assert_eq!(a.time, b.time);
                assert_eq!(
                    a.probability.to_bits(),
                    b.probability.to_bits(),
                    "bar {}",
                    a.time
                );
                assert_eq!(a.raw_probability.to_bits(), b.raw_probability.to_bits());
                assert_eq!(a.drivers, b.drivers);
                assert_eq!(a.model_version, b.model_version);
                compared += 1;
            }
            (None, None) => {}
            _ => panic!("a prediction exists in one run only"),
        }
    }
    assert!(compared > 1000, "{compared}");
}
