#![no_main]
mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(csv) = harbinger_market::csv_daily::parse(data) {
        common::check(&csv.bars, &[]);
    }
});
