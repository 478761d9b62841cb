use harbinger_market::ProviderError;
use harbinger_market::binance::{parse_klines, parse_ws_kline};
use harbinger_market::validate::{ValidatorConfig, validate};

use crate::fixture;

#[test]
fn rest_klines_doc_example() {
    let k = parse_klines(&fixture("binance/klines_doc_example.json")).unwrap();
    assert_eq!(k.len(), 1);
    assert_eq!(k[0].open_time_ms, 1_499_040_000_000);
    assert_eq!(k[0].close_time_ms, 1_499_644_799_999);
    assert_eq!(k[0].raw.time, 1_499_040_000);
    assert_eq!(k[0].raw.open, 0.016_347_9);
    assert_eq!(k[0].raw.volume, 148_976.114_278_15);
    let raws: Vec<_> = k.iter().map(|k| k.raw).collect();
    assert_eq!(validate(ValidatorConfig::CRYPTO, &raws, &[]).bars.len(), 1);
}

#[test]
fn invalid_symbol_is_not_found() {
    let err = parse_klines(&fixture("binance/error_invalid_symbol_doc_example.json")).unwrap_err();
    assert!(
        matches!(err, ProviderError::NotFound(ref m) if m.contains("-1121")),
        "{err:?}"
    );
    let throttled = parse_klines(br#"{"code":-1003,"msg":"Too many requests."}"#).unwrap_err();
    assert!(matches!(throttled, ProviderError::RateLimited { .. }));
}

#[test]
fn short_or_malformed_klines_are_schema() {
    for body in [
        &br#"[[1499040000000,"1","2","0.5","1.5"]]"#[..],
        br#"[[1499040000000,"x","2","0.5","1.5","10",1499644799999]]"#,
        br#"[["t","1","2","0.5","1.5","10",1499644799999]]"#,
        br#"{"code":"nope"}"#,
        b"[[",
    ] {
        assert!(
            matches!(parse_klines(body), Err(ProviderError::Schema(_))),
            "{body:?}"
        );
    }
    // Extra trailing elements and numeric prices are accepted.
    let k = parse_klines(br#"[[60000,1,2,0.5,1.5,10,119999,"0",1,"0","0","0","future"]]"#).unwrap();
    assert_eq!(k[0].raw.time, 60);
}

#[test]
fn ws_kline_event_doc_example() {
    let e = parse_ws_kline(&fixture("binance/ws_kline_event_doc_example.json"))
        .unwrap()
        .unwrap();
    assert_eq!(e.symbol, "BNBBTC");
    assert_eq!(e.interval, "1m");
    assert!(!e.closed);
    assert_eq!(e.kline.raw.time, 1_672_515_780);
    assert_eq!(
        (e.kline.raw.open, e.kline.raw.high, e.kline.raw.low),
        (0.001, 0.0025, 0.0015)
    );
    // The documentation's example has low (0.0015) above open (0.0010): validation refuses it.
    let v = validate(ValidatorConfig::CRYPTO, &[e.kline.raw], &[]);
    assert_eq!(v.rejected[0].reason.label(), "out_of_range");
}

#[test]
fn ws_combined_stream_and_control_frames() {
    let raw = String::from_utf8(fixture("binance/ws_kline_event_doc_example.json")).unwrap();
    let combined = format!(r#"{{"stream":"bnbbtc@kline_1m","data":{raw}}}"#);
    let e = parse_ws_kline(combined.as_bytes()).unwrap().unwrap();
    assert_eq!(e.symbol, "BNBBTC");
    assert_eq!(parse_ws_kline(br#"{"result":null,"id":1}"#).unwrap(), None);
    assert_eq!(
        parse_ws_kline(br#"{"e":"trade","s":"BNBBTC"}"#).unwrap(),
        None
    );
    assert!(matches!(
        parse_ws_kline(br#"{"e":"kline"}"#),
        Err(ProviderError::Schema(_))
    ));
    let closed = raw.replace("\"x\": false", "\"x\": true");
    assert!(parse_ws_kline(closed.as_bytes()).unwrap().unwrap().closed);
}
