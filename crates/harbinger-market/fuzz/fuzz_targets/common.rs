// Shared by every target: whatever a parser returns must survive validation, and what
// validation accepts must obey the stored-bar rules.

use harbinger_market::validate::{ValidatorConfig, validate};
use harbinger_market::{RawBar, SplitEvent};

pub fn check(rows: &[RawBar], splits: &[SplitEvent]) {
    for config in [ValidatorConfig::EQUITY, ValidatorConfig::NO_JUMP_RULE] {
        let v = validate(config, rows, splits);
        assert_eq!(v.bars.len() + v.rejected.len(), rows.len());
        for w in v.bars.windows(2) {
            assert!(w[0].time < w[1].time, "accepted bars out of order");
        }
        for b in &v.bars {
            assert!(b.low <= b.open.min(b.close) && b.high >= b.open.max(b.close));
            assert!(b.low > 0.0 && b.volume >= 0.0 && b.close.is_finite());
        }
    }
}
