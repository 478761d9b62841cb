#![no_main]
mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(k) = harbinger_market::binance::parse_klines(data) {
        let rows: Vec<_> = k.iter().map(|k| k.raw).collect();
        common::check(&rows, &[]);
    }
});
