//! Ed25519-signed checkpoints: (chain name, seq, head hash, time). Kept outside the chain, a
//! checkpoint proves how long the chain was when it was signed, so deleting rows from the
//! tail (which leaves a valid shorter chain) is still detected.

use ed25519_dalek::{Signature, Signer as _, SigningKey, Verifier as _, VerifyingKey};
use serde::{Deserialize, Serialize};

use crate::Hash;

/// A signed statement that the chain `chain` had head `hash` at `seq`, at time `time_ms`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub chain: String,
    pub seq: i64,
    #[serde(with = "hex_hash")]
    pub hash: Hash,
    pub time_ms: i64,
    /// Ed25519 signature over [`Checkpoint::message`], hex.
    pub signature: String,
}

impl Checkpoint {
    /// The exact bytes signed: canonical JSON of chain, seq, hash (hex) and time.
    pub fn message(chain: &str, seq: i64, hash: &Hash, time_ms: i64) -> Vec<u8> {
        let v = serde_json::json!({
            "chain": chain,
            "seq": seq,
            "hash": hex::encode(hash),
            "time_ms": time_ms,
        });
        // Only strings and integers: canonicalisation cannot fail.
        crate::canonical_json(&v).unwrap_or_default()
    }
}

/// The private key that signs checkpoints.
pub struct CheckpointKey(SigningKey);

impl std::fmt::Debug for CheckpointKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CheckpointKey(public {})", self.verifier().public_hex())
    }
}

impl CheckpointKey {
    /// A key from its 32 secret bytes (callers draw them from a CSPRNG and store them).
    pub fn from_bytes(secret: &[u8; 32]) -> Self {
        Self(SigningKey::from_bytes(secret))
    }

    /// The 32 secret bytes, to persist the key.
    pub fn to_bytes(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    pub fn verifier(&self) -> CheckpointVerifier {
        CheckpointVerifier(self.0.verifying_key())
    }

    /// Signs a checkpoint of `chain` at `seq` with head `hash`.
    pub fn sign(&self, chain: &str, seq: i64, hash: Hash, time_ms: i64) -> Checkpoint {
        let sig = self
            .0
            .sign(&Checkpoint::message(chain, seq, &hash, time_ms));
        Checkpoint {
            chain: chain.to_owned(),
            seq,
            hash,
            time_ms,
            signature: hex::encode(sig.to_bytes()),
        }
    }
}

/// The public half: anyone holding it can check checkpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckpointVerifier(VerifyingKey);

impl CheckpointVerifier {
    pub fn from_public_hex(text: &str) -> Option<Self> {
        let bytes: [u8; 32] = hex::decode(text).ok()?.try_into().ok()?;
        VerifyingKey::from_bytes(&bytes).ok().map(Self)
    }

    pub fn public_hex(&self) -> String {
        hex::encode(self.0.to_bytes())
    }

    /// True when `c` carries a valid signature by this key.
    pub fn verify(&self, c: &Checkpoint) -> bool {
        let Some(sig) = hex::decode(&c.signature)
            .ok()
            .and_then(|b| <[u8; 64]>::try_from(b).ok())
        else {
            return false;
        };
        self.0
            .verify(
                &Checkpoint::message(&c.chain, c.seq, &c.hash, c.time_ms),
                &Signature::from_bytes(&sig),
            )
            .is_ok()
    }
}

mod hex_hash {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(h: &crate::Hash, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(h))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<crate::Hash, D::Error> {
        let s = String::deserialize(d)?;
        crate::parse_hash(&s).ok_or_else(|| serde::de::Error::custom("not a 64-digit hex hash"))
    }
}
