#![no_main]
mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(chart) = harbinger_market::yahoo::parse_chart(data) {
        let n = chart.timestamps.len();
        assert!(chart.open.len() == n && chart.close.len() == n && chart.volume.len() == n);
        let s = chart.series();
        common::check(&s.bars, &s.splits);
    }
});
