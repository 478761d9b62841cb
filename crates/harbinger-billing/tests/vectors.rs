//! RELIABILITY W1: the computed signature vectors, case by case.

use harbinger_billing::{SignatureError, verify};
use serde_json::Value;

#[test]
fn every_vector_gives_its_expected_verdict() {
    let vectors: Value = serde_json::from_str(include_str!("fixtures/vectors.json")).unwrap();
    let payload = include_bytes!("fixtures/payload_checkout.session.completed.json");
    let secret = vectors["secret"].as_str().unwrap().as_bytes();
    let cases = vectors["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 7);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let body = if case.get("body_override_sha256").is_some() {
            String::from_utf8(payload.to_vec())
                .unwrap()
                .replace("\"amount_total\": 2000", "\"amount_total\": 1")
                .into_bytes()
        } else {
            payload.to_vec()
        };
        let got = verify(
            case["header"].as_str(),
            &body,
            secret,
            case["now"].as_i64().unwrap(),
            case["tolerance"].as_i64().unwrap(),
        );
        let want = match case["expect"].as_str().unwrap() {
            "ok" => Ok(case["timestamp"].as_i64().unwrap()),
            "reject: timestamp outside tolerance" => Err(SignatureError::OutsideTolerance),
            "reject: no matching signature" => Err(SignatureError::Mismatch),
            "reject: no signatures with scheme v1" => Err(SignatureError::NoV1),
            "reject: cannot parse header" => Err(SignatureError::Malformed),
            other => panic!("unknown expectation {other}"),
        };
        assert_eq!(got, want, "{name}");
    }
}
