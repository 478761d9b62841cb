//! TOTP (RFC 6238: SHA-1, 6 digits, 30 s) and recovery codes.

use totp_rs::{Algorithm, Secret, TOTP};

/// Seconds per TOTP step.
pub const STEP_SECS: u64 = 30;

/// A fresh 160-bit secret, base32 (what authenticator apps expect).
pub fn new_secret() -> String {
    let bytes: [u8; 20] = rand::random();
    Secret::Raw(bytes.to_vec()).to_encoded().to_string()
}

fn totp(secret_b32: &str) -> Option<TOTP> {
    let raw = Secret::Encoded(secret_b32.to_owned()).to_bytes().ok()?;
    TOTP::new(Algorithm::SHA1, 6, 1, STEP_SECS, raw).ok()
}

/// The `otpauth://` URI an authenticator app reads (the dashboard shows it as a QR code).
pub fn otpauth_uri(secret_b32: &str, account: &str, issuer: &str) -> String {
    let enc = |s: &str| -> String {
        s.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    };
    format!(
        "otpauth://totp/{}:{}?secret={secret_b32}&issuer={}&algorithm=SHA1&digits=6&period={STEP_SECS}",
        enc(issuer),
        enc(account),
        enc(issuer)
    )
}

/// The code for `unix_secs` (tests and enrolment checks).
pub fn code_at(secret_b32: &str, unix_secs: u64) -> Option<String> {
    totp(secret_b32).map(|t| t.generate(unix_secs))
}

/// The time step `code` matches at `unix_secs`, allowing one step of clock drift either way.
pub fn matching_step(secret_b32: &str, code: &str, unix_secs: u64) -> Option<i64> {
    let t = totp(secret_b32)?;
    let code = code.trim();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let step = unix_secs / STEP_SECS;
    [step.saturating_sub(1), step, step + 1]
        .into_iter()
        .find_map(|s| {
            let expected = t.generate(s * STEP_SECS);
            bool::from(subtle::ConstantTimeEq::ct_eq(
                expected.as_bytes(),
                code.as_bytes(),
            ))
            .then_some(s as i64)
        })
}

/// Ten recovery codes `xxxx-xxxx-xxxx` (60 bits each, lowercase base32-ish alphabet).
pub fn recovery_codes() -> Vec<String> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    (0..10)
        .map(|_| {
            let raw: [u8; 12] = rand::random();
            let chars: Vec<char> = raw
                .iter()
                .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
                .collect();
            format!(
                "{}-{}-{}",
                chars[..4].iter().collect::<String>(),
                chars[4..8].iter().collect::<String>(),
                chars[8..].iter().collect::<String>()
            )
        })
        .collect()
}

/// True when `text` has the shape of a recovery code.
pub fn looks_like_recovery_code(text: &str) -> bool {
    text.trim().len() == 14 && text.trim().matches('-').count() == 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_match_their_step_with_one_step_of_drift() {
        let s = new_secret();
        let now = 1_700_000_000;
        let code = code_at(&s, now).unwrap();
        assert_eq!(matching_step(&s, &code, now), Some((now / 30) as i64));
        assert!(matching_step(&s, &code, now + 30).is_some());
        assert!(matching_step(&s, &code, now + 90).is_none());
        assert!(matching_step(&s, "12345", now).is_none());
    }

    #[test]
    fn uri_and_recovery_codes() {
        let uri = otpauth_uri("ABC", "a@b.co", "Harbinger");
        assert_eq!(
            uri,
            "otpauth://totp/Harbinger:a%40b.co?secret=ABC&issuer=Harbinger&algorithm=SHA1&digits=6&period=30"
        );
        let codes = recovery_codes();
        assert_eq!(codes.len(), 10);
        assert!(codes.iter().all(|c| looks_like_recovery_code(c)));
    }
}
