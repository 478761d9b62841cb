//! Hash chains: the signal ledger and the audit log share this code.
//!
//! Each entry is serialised as canonical JSON (object keys sorted by their UTF-8 bytes, no
//! whitespace) and chained as `hash_n = SHA-256(0x00 || hash_{n-1} || canonical_json(entry_n))`,
//! starting from 32 zero bytes, with `seq` counting 1, 2, 3 … without gaps. A [`Checkpoint`]
//! (seq, head hash, time) signed with Ed25519 and kept outside the chain detects a truncated
//! tail. Nothing here performs I/O: callers load rows and keys and hand them over.
#![forbid(unsafe_code)]

mod canonical;
mod checkpoint;
mod verify;

pub use canonical::{CanonicalError, canonical_json};
pub use checkpoint::{Checkpoint, CheckpointKey, CheckpointVerifier};
pub use verify::{Break, ChainVerifier, Link, Verified, verify};

use sha2::{Digest, Sha256};

/// A SHA-256 digest.
pub type Hash = [u8; 32];

/// The `prev_hash` of the first entry.
pub const GENESIS: Hash = [0; 32];

/// Domain-separation byte for entries (RFC 6962 uses 0x00 for leaves).
const ENTRY_PREFIX: u8 = 0x00;

/// The hash of an entry whose canonical JSON is `canonical`, following `prev`.
pub fn chain_hash(prev: &Hash, canonical: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([ENTRY_PREFIX]);
    h.update(prev);
    h.update(canonical);
    h.finalize().into()
}

/// The SHA-256 digest of `bytes` (a committed-to part of an entry, such as its content).
pub fn digest(bytes: &[u8]) -> Hash {
    Sha256::digest(bytes).into()
}

/// Hashes `entry` after `prev`; the entry is serialised canonically first.
pub fn hash_entry<T: serde::Serialize>(prev: &Hash, entry: &T) -> Result<Hash, CanonicalError> {
    Ok(chain_hash(prev, &canonical_json(entry)?))
}

/// Parses a 64-digit hex digest.
pub fn parse_hash(hex_text: &str) -> Option<Hash> {
    let bytes = hex::decode(hex_text).ok()?;
    bytes.try_into().ok()
}
