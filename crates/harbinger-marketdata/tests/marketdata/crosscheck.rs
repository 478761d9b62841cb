//! The cross-check gate on both backends: two sources beyond the tolerance mark the symbol
//! suspect with the reason; agreeing again clears it.

use harbinger_core::Symbol;
use harbinger_fakes::providers::{self as fakes, Reply};
use harbinger_marketdata::{CrossCheck, Verdict};

use crate::both_backends;
use crate::rig::{week, yahoo_week};

/// Stooq's CSV for the week with every price scaled by `factor`.
fn stooq_scaled(factor: f64) -> Reply {
    let bars: Vec<_> = week()
        .into_iter()
        .map(|(t, o, h, l, c, v)| (t, o * factor, h * factor, l * factor, c * factor, v))
        .collect();
    Reply::csv(fakes::stooq_csv_body(&bars))
}

both_backends!(
    disagreeing_sources_mark_the_symbol_until_they_agree,
    |rig| {
        let sym = Symbol::parse("AAPL").unwrap();
        let gate = CrossCheck::new(rig.store.clone(), rig.chain.clone(), 0.02);
        assert!(!gate.is_suspect(&sym).await.unwrap());

        // 3 % apart: suspect, with a reason naming both sources and the day.
        rig.yahoo.push(yahoo_week("AAPL"));
        rig.stooq.push(stooq_scaled(1.03));
        let v = gate.check(&sym).await.unwrap();
        let Verdict::Disagree { reason, .. } = &v else {
            panic!("expected a disagreement, got {v:?}")
        };
        assert!(reason.contains("yahoo close 104"), "{reason}");
        assert!(reason.contains("stooq close 107.12"), "{reason}");
        assert!(reason.contains("2024-03-08"), "{reason}");
        assert!(gate.is_suspect(&sym).await.unwrap());
        let mark = rig.store.suspect("AAPL").await.unwrap().unwrap();
        assert_eq!(&mark.reason, reason);
        assert_eq!(mark.marked_at, rig.store.clock().now_ms());

        // One source down: nothing to compare, the mark stays.
        rig.yahoo.push(Reply::status(500));
        rig.stooq.push(stooq_scaled(1.0));
        assert!(matches!(
            gate.check(&sym).await.unwrap(),
            Verdict::NotComparable { .. }
        ));
        assert!(gate.is_suspect(&sym).await.unwrap());

        // 1 % apart is within 2 %: cleared.
        rig.yahoo.push(yahoo_week("AAPL"));
        rig.stooq.push(stooq_scaled(1.01));
        assert!(matches!(
            gate.check(&sym).await.unwrap(),
            Verdict::Agree { .. }
        ));
        assert!(!gate.is_suspect(&sym).await.unwrap());
        assert_eq!(rig.upstream_calls(), (3, 3));
    }
);
