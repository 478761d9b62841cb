//! Opaque random tokens. Only SHA-256 digests are stored: a token is 256 bits from the OS
//! CSPRNG, so a fast hash is enough (there is nothing to brute-force, unlike a password).

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// Bytes of randomness in every session, API-key and mailed token (256 bits).
pub const TOKEN_BYTES: usize = 32;

/// A fresh token: URL-safe base64 of 32 random bytes (43 characters).
pub fn random_token() -> String {
    let bytes: [u8; TOKEN_BYTES] = rand::random();
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Hex SHA-256 of a token, as stored.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A new API key `hbk_<8 prefix chars>_<secret>`, its visible prefix and its hash.
pub fn new_api_key() -> (String, String, String) {
    let prefix: String = random_token()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(8)
        .collect();
    let key = format!("hbk_{prefix}_{}", random_token());
    let hash = hash_token(&key);
    (key, format!("hbk_{prefix}"), hash)
}

/// True when `text` has the shape of an API key (cheap check before a database lookup).
pub fn looks_like_api_key(text: &str) -> bool {
    text.len() == 4 + 8 + 1 + 43 && text.starts_with("hbk_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_256_bits_and_distinct() {
        let a = random_token();
        assert_eq!(a.len(), 43);
        assert_ne!(a, random_token());
        assert_eq!(hash_token(&a).len(), 64);
    }

    #[test]
    fn api_keys_have_a_visible_prefix() {
        let (key, prefix, hash) = new_api_key();
        assert!(key.starts_with(&prefix), "{key} {prefix}");
        assert!(looks_like_api_key(&key), "{key}");
        assert_eq!(hash, hash_token(&key));
    }
}
