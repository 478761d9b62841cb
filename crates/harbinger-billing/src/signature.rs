//! Stripe's webhook signature: `Stripe-Signature: t=<unix s>,v1=<hex>[,v1=<hex>…][,v0=…]`,
//! where `v1 = HMAC-SHA256(endpoint secret, "<t>.<raw body>")` in lowercase hex.
//!
//! The check runs on the raw request bytes before any JSON parsing, so a re-serialised or
//! changed body never verifies. Any `v1` may match (Stripe sends two while a secret rotates);
//! other schemes are ignored. The timestamp must lie within the tolerance on *both* sides of
//! now: Stripe's libraries only bound the past, but a timestamp from the future is as much a
//! replay risk, so a skewed sender is refused symmetrically. Harbinger's own outbound webhooks
//! use the same scheme under the header `Harbinger-Signature`.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// Seconds a signed timestamp may differ from now, either way (Stripe's default).
pub const TOLERANCE_SECS: i64 = 300;

/// Why a signature was refused. The text is safe to return to the sender and to log: it
/// never contains the secret, the expected value or the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("the Stripe-Signature header is missing")]
    Missing,
    #[error("the signature header cannot be parsed (want t=<unix seconds>,v1=<hex>)")]
    Malformed,
    #[error("the signature header has no v1 signature")]
    NoV1,
    #[error("the signed timestamp is more than {TOLERANCE_SECS} s away from now")]
    OutsideTolerance,
    #[error("no v1 signature matches the body")]
    Mismatch,
}

type HmacSha256 = Hmac<Sha256>;

fn mac(secret: &[u8], timestamp: i64, body: &[u8]) -> HmacSha256 {
    // HMAC takes a key of any length; `new_from_slice` cannot fail for it.
    let mut mac = HmacSha256::new_from_slice(secret).unwrap_or_else(|_| unreachable!());
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

/// The header value that signs `body` at `timestamp`: `t=<timestamp>,v1=<hex>`.
pub fn sign(secret: &[u8], timestamp: i64, body: &[u8]) -> String {
    let digest = mac(secret, timestamp, body).finalize().into_bytes();
    format!("t={timestamp},v1={}", hex::encode(digest))
}

/// Checks `header` against the raw `body`. Returns the signed timestamp when some `v1`
/// matches and the timestamp is within `tolerance` seconds of `now` (both Unix seconds).
pub fn verify(
    header: Option<&str>,
    body: &[u8],
    secret: &[u8],
    now: i64,
    tolerance: i64,
) -> Result<i64, SignatureError> {
    let header = header.ok_or(SignatureError::Missing)?;
    let mut timestamp = None;
    let mut candidates = Vec::new();
    for part in header.split(',') {
        let (key, value) = part.split_once('=').ok_or(SignatureError::Malformed)?;
        match key.trim() {
            "t" => {
                if timestamp.is_some() {
                    return Err(SignatureError::Malformed);
                }
                let t: i64 = value
                    .trim()
                    .parse()
                    .map_err(|_| SignatureError::Malformed)?;
                timestamp = Some(t);
            }
            // A v1 that is not 32 bytes of hex cannot match; it is kept out, not an error,
            // so that a good v1 beside it still counts.
            "v1" => {
                if let Ok(bytes) = hex::decode(value.trim())
                    && bytes.len() == 32
                {
                    candidates.push(bytes);
                } else {
                    candidates.push(Vec::new());
                }
            }
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(SignatureError::Malformed)?;
    if candidates.is_empty() {
        return Err(SignatureError::NoV1);
    }
    let expected: [u8; 32] = mac(secret, timestamp, body).finalize().into_bytes().into();
    let matched = candidates.iter().fold(subtle::Choice::from(0), |acc, c| {
        acc | if c.len() == expected.len() {
            c.as_slice().ct_eq(&expected)
        } else {
            subtle::Choice::from(0)
        }
    });
    if !bool::from(matched) {
        return Err(SignatureError::Mismatch);
    }
    if now.abs_diff(timestamp) > tolerance.unsigned_abs() {
        return Err(SignatureError::OutsideTolerance);
    }
    Ok(timestamp)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"whsec_test_secret";

    #[test]
    fn sign_then_verify_round_trips_and_one_changed_byte_fails() {
        let body = br#"{"id":"evt_1","type":"invoice.paid"}"#;
        let header = sign(SECRET, 1_700_000_000, body);
        assert_eq!(
            verify(Some(&header), body, SECRET, 1_700_000_000, 300),
            Ok(1_700_000_000)
        );
        let mut changed = body.to_vec();
        changed[10] ^= 1;
        assert_eq!(
            verify(Some(&header), &changed, SECRET, 1_700_000_000, 300),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn the_window_is_symmetric_and_inclusive_at_the_tolerance() {
        let body = b"{}";
        let t = 1_700_000_000;
        let header = sign(SECRET, t, body);
        for (now, ok) in [
            (t + 299, true),
            (t + 300, true),
            (t + 301, false),
            (t - 299, true),
            (t - 300, true),
            (t - 301, false),
        ] {
            let got = verify(Some(&header), body, SECRET, now, TOLERANCE_SECS);
            assert_eq!(got.is_ok(), ok, "now = t{:+}", now - t);
            if !ok {
                assert_eq!(got, Err(SignatureError::OutsideTolerance));
            }
        }
    }

    #[test]
    fn headers_without_a_usable_shape_are_refused_with_their_reason() {
        let body = b"{}";
        let good = sign(SECRET, 10, body);
        let v1 = good.split_once(",v1=").map(|(_, v)| v.to_owned()).unwrap();
        for (header, want) in [
            (None, SignatureError::Missing),
            (Some(String::new()), SignatureError::Malformed),
            (Some("garbage".into()), SignatureError::Malformed),
            (Some(format!("v1={v1}")), SignatureError::Malformed),
            (Some(format!("t=abc,v1={v1}")), SignatureError::Malformed),
            (
                Some(format!("t=10,t=10,v1={v1}")),
                SignatureError::Malformed,
            ),
            (Some("t=10".into()), SignatureError::NoV1),
            (Some(format!("t=10,v0={v1}")), SignatureError::NoV1),
            (Some("t=10,v1=zz".into()), SignatureError::Mismatch),
            (Some("t=10,v1=abcd".into()), SignatureError::Mismatch),
        ] {
            assert_eq!(
                verify(header.as_deref(), body, SECRET, 10, 300),
                Err(want),
                "{header:?}"
            );
        }
        // A bad v1 beside a good one does not spoil it.
        assert!(verify(Some(&format!("t=10,v1=zz,v1={v1}")), body, SECRET, 10, 300).is_ok());
    }
}
