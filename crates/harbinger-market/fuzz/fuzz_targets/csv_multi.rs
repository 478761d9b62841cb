#![no_main]
mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(m) = harbinger_market::csv_daily::parse_multi(data) {
        for (_, rows) in &m.series {
            common::check(rows, &[]);
        }
    }
});
