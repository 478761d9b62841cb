//! Secrets the server must read back (the TOTP seed) are kept sealed in the database with
//! XChaCha20-Poly1305 under a key kept outside it, so a copy of the database alone does not
//! give away anyone's second factor. The owner's id is bound in as associated data: a sealed
//! value moved to another row does not open.
//!
//! The same key, through a derived subkey, also digests secrets the server only compares
//! (recovery codes) with HMAC-SHA256: a copy of the database alone cannot be searched for
//! codes offline, as bare SHA-256 could.

use base64::Engine as _;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The version tag in front of every sealed value.
const V1: &str = "v1:";
const NONCE_LEN: usize = 24;

/// The version tag in front of every keyed digest.
const D1: &str = "h1:";

/// Seals and opens short secrets, and digests those only compared; cheap to clone.
#[derive(Clone)]
pub struct SecretBox {
    cipher: XChaCha20Poly1305,
    /// HMAC key for [`SecretBox::digest`], derived from the sealing key so one key is kept.
    mac_key: [u8; 32],
}

impl std::fmt::Debug for SecretBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretBox(..)")
    }
}

/// A sealed value that does not open: changed, moved to another owner, or sealed under
/// another key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a sealed secret does not open: {0}")]
pub struct Unsealable(&'static str);

impl SecretBox {
    pub fn new(key: &[u8; 32]) -> Self {
        let mac_key = hmac_sha256(key, b"harbinger digest key v1");
        Self {
            cipher: XChaCha20Poly1305::new(&Key::from(*key)),
            mac_key,
        }
    }

    /// `h1:` then hex HMAC-SHA256 of `value` under the server's key: equal values give equal
    /// digests (so they can be looked up), but nobody without the key can test a guess.
    pub fn digest(&self, value: &str) -> String {
        format!(
            "{D1}{}",
            hex::encode(hmac_sha256(&self.mac_key, value.as_bytes()))
        )
    }

    /// A box under a fresh random key (tests, and tools that never read a value back).
    pub fn random() -> Self {
        Self::new(&rand::random())
    }

    /// `v1:` then base64url of a random 24-byte nonce and the ciphertext with its tag.
    pub fn seal(&self, plaintext: &str, owner: &str) -> String {
        let nonce: [u8; NONCE_LEN] = rand::random();
        let payload = Payload {
            msg: plaintext.as_bytes(),
            aad: owner.as_bytes(),
        };
        // Encryption into a Vec cannot fail for inputs this small.
        let sealed = self
            .cipher
            .encrypt(&XNonce::from(nonce), payload)
            .unwrap_or_default();
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        format!(
            "{V1}{}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(out)
        )
    }

    pub fn open(&self, sealed: &str, owner: &str) -> Result<String, Unsealable> {
        let body = sealed
            .strip_prefix(V1)
            .ok_or(Unsealable("not a sealed value"))?;
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(body)
            .map_err(|_| Unsealable("not base64"))?;
        if bytes.len() < NONCE_LEN {
            return Err(Unsealable("too short"));
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| Unsealable("too short"))?;
        let plain = self
            .cipher
            .decrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: ciphertext,
                    aad: owner.as_bytes(),
                },
            )
            .map_err(|_| Unsealable("authentication failed"))?;
        String::from_utf8(plain).map_err(|_| Unsealable("not UTF-8"))
    }
}

fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; 32] {
    // HMAC takes keys of any length, so `new_from_slice` cannot fail here.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
    mac.update(data);
    mac.finalize().into_bytes().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_are_keyed_and_stable() {
        let a = SecretBox::new(&[7; 32]);
        let d = a.digest("abcd-efgh-ijkl");
        assert!(d.starts_with("h1:"));
        assert_eq!(d, a.digest("abcd-efgh-ijkl"));
        assert_ne!(d, a.digest("abcd-efgh-ijkm"));
        assert_ne!(
            d,
            SecretBox::new(&[8; 32]).digest("abcd-efgh-ijkl"),
            "keyed"
        );
        assert_ne!(
            &d[3..],
            crate::token::hash_token("abcd-efgh-ijkl"),
            "not bare SHA-256"
        );
    }

    #[test]
    fn round_trip_and_every_kind_of_tampering() {
        let b = SecretBox::new(&[7; 32]);
        let sealed = b.seal("JBSWY3DPEHPK3PXP", "user-a");
        assert!(sealed.starts_with("v1:"));
        assert!(!sealed.contains("JBSWY3DPEHPK3PXP"));
        assert_ne!(sealed, b.seal("JBSWY3DPEHPK3PXP", "user-a"), "fresh nonce");
        assert_eq!(b.open(&sealed, "user-a").unwrap(), "JBSWY3DPEHPK3PXP");
        assert!(b.open(&sealed, "user-b").is_err(), "bound to its owner");
        assert!(SecretBox::new(&[8; 32]).open(&sealed, "user-a").is_err());
        assert!(b.open("JBSWY3DPEHPK3PXP", "user-a").is_err(), "plaintext");
        let mut flipped = sealed.into_bytes();
        let last = flipped.len() - 1;
        flipped[last] = if flipped[last] == b'A' { b'B' } else { b'A' };
        assert!(
            b.open(std::str::from_utf8(&flipped).unwrap(), "user-a")
                .is_err()
        );
        assert!(b.open("v1:", "user-a").is_err());
        assert!(format!("{b:?}").contains(".."), "no key in Debug");
    }
}
