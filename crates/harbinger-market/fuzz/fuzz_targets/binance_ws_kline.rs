#![no_main]
mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(Some(e)) = harbinger_market::binance::parse_ws_kline(data) {
        common::check(&[e.kline.raw], &[]);
    }
});
