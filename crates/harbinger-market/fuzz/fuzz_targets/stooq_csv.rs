#![no_main]
mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(csv) = harbinger_market::stooq::parse_daily_csv(data) {
        common::check(&csv.bars, &[]);
    }
});
