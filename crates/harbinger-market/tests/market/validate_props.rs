//! Validation rules, including property tests over arbitrary rows.

use harbinger_core::Bar;
use harbinger_market::validate::{BarValidator, ValidatorConfig, validate};
use harbinger_market::{RawBar, SplitEvent};
use proptest::prelude::*;

fn raw(time: i64, close: f64) -> RawBar {
    RawBar {
        time,
        open: close,
        high: close,
        low: close,
        close,
        volume: 1.0,
        adj_close: None,
    }
}

const DAY: i64 = 86_400;

#[test]
fn labels_for_each_rule() {
    let rows = [
        raw(DAY, 100.0),
        RawBar {
            low: 101.0,
            ..raw(2 * DAY, 100.0)
        },
        raw(2 * DAY, 100.0),
        raw(DAY, 100.0), // not after the last accepted bar
        RawBar {
            volume: -1.0,
            ..raw(4 * DAY, 100.0)
        },
        RawBar {
            close: f64::INFINITY,
            ..raw(5 * DAY, 100.0)
        },
        raw(6 * DAY, 0.0),
        raw(7 * DAY, 300.0), // +200 %
    ];
    let v = validate(ValidatorConfig::EQUITY, &rows, &[]);
    assert_eq!(v.bars.len(), 2);
    let labels: Vec<_> = v
        .rejected
        .iter()
        .map(|r| (r.index, r.reason.label()))
        .collect();
    assert_eq!(
        labels,
        [
            (1, "out_of_range"),
            (3, "not_increasing"),
            (4, "negative_volume"),
            (5, "not_finite"),
            (6, "non_positive_price"),
            (7, "jump"),
        ]
    );
    let counts = v.counts();
    assert_eq!(counts.get("jump"), Some(&1));
    assert_eq!(counts.values().sum::<usize>(), 6);
}

#[test]
fn a_split_explains_a_jump() {
    let rows = [raw(DAY, 500.0), raw(2 * DAY, 126.0), raw(3 * DAY, 127.0)];
    let split = SplitEvent {
        time: 2 * DAY,
        numerator: 4.0,
        denominator: 1.0,
    };
    assert_eq!(
        validate(ValidatorConfig::EQUITY, &rows, &[split])
            .bars
            .len(),
        3
    );
    // Without the event the first post-split bar is a jump, and the next one re-anchors.
    let v = validate(ValidatorConfig::EQUITY, &rows, &[]);
    assert_eq!(v.bars.len(), 2);
    assert_eq!(v.rejected[0].index, 1);
    // A split outside the gap does not explain it.
    let late = SplitEvent {
        time: 3 * DAY,
        ..split
    };
    assert_eq!(
        validate(ValidatorConfig::EQUITY, &rows, &[late])
            .rejected
            .len(),
        1
    );
}

#[test]
fn a_single_bad_tick_costs_one_row() {
    let rows = [
        raw(DAY, 100.0),
        raw(2 * DAY, 1_000.0),
        raw(3 * DAY, 101.0),
        raw(4 * DAY, 102.0),
    ];
    let v = validate(ValidatorConfig::EQUITY, &rows, &[]);
    assert_eq!(
        v.bars.iter().map(|b| b.close).collect::<Vec<_>>(),
        [100.0, 101.0, 102.0]
    );
}

#[test]
fn resume_after_continues_from_stored_history() {
    let stored = Bar::new(DAY, 100.0, 100.0, 100.0, 100.0, 1.0, None).unwrap();
    let mut v = BarValidator::resume_after(ValidatorConfig::EQUITY, &stored);
    assert_eq!(
        v.check(&raw(DAY, 100.0), &[]).unwrap_err().label(),
        "not_increasing"
    );
    assert_eq!(
        v.check(&raw(2 * DAY, 10.0), &[]).unwrap_err().label(),
        "jump"
    );
    assert!(v.check(&raw(3 * DAY, 99.0), &[]).is_ok());
}

fn any_raw() -> impl Strategy<Value = RawBar> {
    let price = prop_oneof![
        8 => 0.5f64..2_000.0,
        1 => Just(0.0),
        1 => Just(-1.0),
        1 => Just(f64::NAN),
        1 => Just(f64::INFINITY),
    ];
    (
        -5i64..400,
        price.clone(),
        price.clone(),
        price.clone(),
        price,
        prop_oneof![8 => 0.0f64..1e9, 1 => Just(-5.0), 1 => Just(f64::NAN)],
        proptest::option::of(0.1f64..500.0),
    )
        .prop_map(|(t, open, high, low, close, volume, adj_close)| RawBar {
            time: t * DAY,
            open,
            high,
            low,
            close,
            volume,
            adj_close,
        })
}

fn any_split() -> impl Strategy<Value = SplitEvent> {
    (-5i64..400, 0.0f64..10.0, 0.0f64..10.0).prop_map(|(t, n, d)| SplitEvent {
        time: t * DAY,
        numerator: n,
        denominator: d,
    })
}

fn any_config() -> impl Strategy<Value = ValidatorConfig> {
    prop_oneof![
        Just(ValidatorConfig::EQUITY),
        Just(ValidatorConfig::CRYPTO),
        Just(ValidatorConfig::FX),
        Just(ValidatorConfig::NO_JUMP_RULE),
        (-1.0f64..3.0).prop_map(|m| ValidatorConfig { max_jump: Some(m) }),
        Just(ValidatorConfig {
            max_jump: Some(f64::NAN)
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1_000))]

    #[test]
    fn accepted_output_is_increasing_and_obeys_bar_rules(
        rows in proptest::collection::vec(any_raw(), 0..60),
        splits in proptest::collection::vec(any_split(), 0..4),
        config in any_config(),
    ) {
        let v = validate(config, &rows, &splits);
        prop_assert_eq!(v.bars.len() + v.rejected.len(), rows.len());
        prop_assert!(v.bars.windows(2).all(|w| w[0].time < w[1].time));
        for b in &v.bars {
            let again = Bar::new(b.time, b.open, b.high, b.low, b.close, b.volume, b.adj_close);
            prop_assert_eq!(again, Ok(*b));
        }
        // Rejections point at distinct input rows, in order.
        prop_assert!(v.rejected.windows(2).all(|w| w[0].index < w[1].index));
        prop_assert!(v.rejected.iter().all(|r| r.index < rows.len() && rows[r.index].time == r.time));
    }
}

proptest! {

    #[test]
    fn without_the_jump_rule_validation_is_idempotent(
        rows in proptest::collection::vec(any_raw(), 0..60),
    ) {
        let once = validate(ValidatorConfig::NO_JUMP_RULE, &rows, &[]);
        let as_raw: Vec<RawBar> = once.bars.iter().map(|b| RawBar {
            time: b.time, open: b.open, high: b.high, low: b.low, close: b.close,
            volume: b.volume, adj_close: b.adj_close,
        }).collect();
        let twice = validate(ValidatorConfig::NO_JUMP_RULE, &as_raw, &[]);
        prop_assert!(twice.rejected.is_empty());
        prop_assert_eq!(twice.bars, once.bars);
    }

    #[test]
    fn accepted_moves_respect_the_threshold_when_there_are_no_splits(
        closes in proptest::collection::vec(1.0f64..1_000.0, 1..100),
    ) {
        let rows: Vec<RawBar> = closes.iter().enumerate()
            .map(|(i, &c)| raw(i as i64 * DAY, c)).collect();
        let v = validate(ValidatorConfig::EQUITY, &rows, &[]);
        // Every accepted bar is within 50 % of the previous accepted close or of the row just
        // before it (the re-anchor after a level change).
        let mut prev_row_close: Option<f64> = None;
        let mut last_accepted: Option<f64> = None;
        let mut accepted = v.bars.iter().peekable();
        for r in &rows {
            if accepted.peek().is_some_and(|b| b.time == r.time) {
                accepted.next();
                if let Some(last) = last_accepted {
                    let near = |x: f64| (r.close / x - 1.0).abs() <= 0.5;
                    prop_assert!(near(last) || prev_row_close.is_some_and(near));
                }
                last_accepted = Some(r.close);
            }
            prev_row_close = Some(r.close);
        }
    }
}
