//! No strategy reads a bar after the one it decides on: changing or cutting every later bar
//! leaves its positions, and the confidence and drivers of its signals, bit for bit the same.

use harbinger_signals::OhlcvBuf;
use harbinger_signals::signal::{SignalRules, Signaller};
use harbinger_signals::strategy::{self, Ensemble, RULES, Strategy};
use proptest::prelude::*;

fn walk(steps: &[f64]) -> OhlcvBuf {
    let mut b = OhlcvBuf::default();
    let mut c = 100.0_f64;
    for (i, s) in steps.iter().enumerate() {
        let o = c * (1.0 + s * 0.3);
        c *= 1.0 + s;
        let t = 1_000_000 + i64::try_from(i).unwrap() * 86_400;
        b.push(
            t,
            o,
            o.max(c) * 1.004,
            o.min(c) * 0.996,
            c,
            1_000.0 + 500.0 * s.abs() * 100.0,
        );
    }
    b
}

fn strategies() -> Vec<Box<dyn Strategy>> {
    let short = [("short".to_owned(), 1.0)];
    let mut all: Vec<Box<dyn Strategy>> = RULES
        .iter()
        .map(|n| strategy::rule(n, &[]).unwrap())
        .collect();
    all.extend(RULES.iter().map(|n| strategy::rule(n, &short).unwrap()));
    let members = RULES
        .iter()
        .map(|n| strategy::rule(n, &[]).unwrap())
        .collect();
    all.push(Box::new(Ensemble::new(members, &[]).unwrap()));
    all
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    #[allow(clippy::needless_range_loop)]
    fn later_bars_never_change_earlier_decisions(
        steps in prop::collection::vec(-0.04_f64..0.04, 160..260),
        noise in prop::collection::vec(-0.2_f64..0.2, 260),
        cut in 60_usize..150,
    ) {
        let original = walk(&steps);
        let mut changed = original.clone();
        for i in cut + 1..changed.len() {
            let k = 1.0 + noise[i];
            changed.open[i] *= k;
            changed.high[i] *= k * 1.01;
            changed.low[i] *= k * 0.99;
            changed.close[i] *= k;
            changed.volume[i] *= 1.0 + noise[i].abs();
        }
        let (a, b) = (original.view().unwrap(), changed.view().unwrap());
        let head = a.head(cut + 1);
        let rules = SignalRules::default();
        let (sa, sb, sh) = (
            Signaller::new(a, rules).unwrap(),
            Signaller::new(b, rules).unwrap(),
            Signaller::new(head, rules).unwrap(),
        );
        for s in strategies() {
            let mut pa = vec![0; a.len()];
            let mut pb = vec![0; b.len()];
            let mut ph = vec![0; head.len()];
            s.positions(&a, &mut pa).unwrap();
            s.positions(&b, &mut pb).unwrap();
            s.positions(&head, &mut ph).unwrap();
            prop_assert_eq!(&pa[..=cut], &pb[..=cut], "{} positions", s.name());
            prop_assert_eq!(&pa[..=cut], &ph[..], "{} positions on the cut series", s.name());
            let early = |sig: Vec<harbinger_signals::signal::Signal>| {
                sig.into_iter()
                    .filter(|x| x.index <= cut)
                    .map(|x| (x.index, x.side, x.entry.to_bits(), x.confidence.to_bits(), x.drivers))
                    .collect::<Vec<_>>()
            };
            let (ea, eb, eh) = (
                early(sa.signals(s.as_ref()).unwrap()),
                early(sb.signals(s.as_ref()).unwrap()),
                early(sh.signals(s.as_ref()).unwrap()),
            );
            prop_assert_eq!(&ea, &eb, "{} signals", s.name());
            // Drivers hold NaN during warm-up; compare their bits through Debug.
            prop_assert_eq!(format!("{ea:?}"), format!("{eh:?}"), "{} signals on the cut series", s.name());
        }
    }
}
