#![no_main]
mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = harbinger_market::alphavantage::parse_daily(data) {
        assert!(
            s.bars.windows(2).all(|w| w[0].time < w[1].time),
            "dates not sorted"
        );
        common::check(&s.bars, &[]);
    }
    let _ = harbinger_market::alphavantage::parse_global_quote(data);
});
