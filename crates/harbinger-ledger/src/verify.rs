//! Verification of a stored chain: recompute every hash and name the first thing wrong.

use crate::{Checkpoint, CheckpointVerifier, GENESIS, Hash, chain_hash};

/// One stored row as the verifier needs it: its seq, the canonical bytes of its entry, and
/// the hashes the store recorded.
#[derive(Debug, Clone)]
pub struct Link {
    pub seq: i64,
    pub canonical: Vec<u8>,
    pub prev_hash: Hash,
    pub hash: Hash,
    /// Part of the entry is withheld (a commitment not yet revealed): `canonical` then holds
    /// what is public, including the digest of what is not. Counted, and checked the same way.
    pub sealed: bool,
}

/// The first problem found, naming the seq where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Break {
    #[error("gap at seq {expected}: the next row found has seq {found}")]
    Gap { expected: i64, found: i64 },
    #[error("seq {seq}: prev_hash does not match the hash of seq {prev}", prev = .seq - 1)]
    BadLink { seq: i64 },
    #[error("seq {seq}: content does not match its hash (the row was altered)")]
    BadHash { seq: i64 },
    #[error("checkpoint at seq {seq} has an invalid signature")]
    BadSignature { seq: i64 },
    #[error("checkpoint at seq {seq} does not match the chain (rows at or before it were altered)")]
    CheckpointMismatch { seq: i64 },
    #[error(
        "checkpoint at seq {seq} is beyond the last row {last}: rows were removed from the tail"
    )]
    Truncated { seq: i64, last: i64 },
}

impl Break {
    /// The seq the problem is at.
    pub fn seq(&self) -> i64 {
        match self {
            Self::Gap { expected, .. } => *expected,
            Self::BadLink { seq }
            | Self::BadHash { seq }
            | Self::BadSignature { seq }
            | Self::CheckpointMismatch { seq }
            | Self::Truncated { seq, .. } => *seq,
        }
    }
}

/// What an intact chain looks like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// Rows checked.
    pub rows: u64,
    /// Seq and hash of the last row (0 and [`GENESIS`] when empty).
    pub head_seq: i64,
    pub head_hash: Hash,
    /// Checkpoints whose signature and hash matched.
    pub checkpoints: u64,
    /// Rows whose content was withheld (see [`Link::sealed`]).
    pub sealed: u64,
}

/// Walks `links` in seq order (starting at 1) and checks every checkpoint against the chain.
/// Checkpoint signatures are checked with `key`.
pub fn verify(
    links: impl IntoIterator<Item = Link>,
    checkpoints: &[Checkpoint],
    key: &CheckpointVerifier,
) -> Result<Verified, Break> {
    let mut v = ChainVerifier::new(checkpoints, key)?;
    for link in links {
        v.push(&link)?;
    }
    v.finish()
}

/// [`verify`] one link at a time, for chains read in pages: memory stays bounded by a page.
#[derive(Debug)]
pub struct ChainVerifier<'a> {
    wanted: std::collections::BTreeMap<i64, &'a Checkpoint>,
    prev: Hash,
    expected: i64,
    rows: u64,
    matched: u64,
    sealed: u64,
}

impl<'a> ChainVerifier<'a> {
    /// Checks every checkpoint's signature with `key` first.
    pub fn new(checkpoints: &'a [Checkpoint], key: &CheckpointVerifier) -> Result<Self, Break> {
        let mut wanted = std::collections::BTreeMap::new();
        for c in checkpoints {
            if !key.verify(c) {
                return Err(Break::BadSignature { seq: c.seq });
            }
            wanted.insert(c.seq, c);
        }
        Ok(Self {
            wanted,
            prev: GENESIS,
            expected: 1,
            rows: 0,
            matched: 0,
            sealed: 0,
        })
    }

    /// The next link, in seq order.
    pub fn push(&mut self, link: &Link) -> Result<(), Break> {
        if link.seq != self.expected {
            return Err(Break::Gap {
                expected: self.expected,
                found: link.seq,
            });
        }
        if link.prev_hash != self.prev {
            return Err(Break::BadLink { seq: link.seq });
        }
        if link.sealed {
            self.sealed += 1;
        }
        let h = chain_hash(&self.prev, &link.canonical);
        if h != link.hash {
            return Err(Break::BadHash { seq: link.seq });
        }
        if let Some(c) = self.wanted.get(&link.seq) {
            if c.hash != h {
                return Err(Break::CheckpointMismatch { seq: c.seq });
            }
            self.matched += 1;
        }
        self.prev = h;
        self.expected += 1;
        self.rows += 1;
        Ok(())
    }

    /// The verdict once every link was pushed: a checkpoint beyond the last row means rows
    /// were removed from the tail.
    pub fn finish(self) -> Result<Verified, Break> {
        let last = self.expected - 1;
        if let Some((&seq, _)) = self.wanted.range(last + 1..).next() {
            return Err(Break::Truncated { seq, last });
        }
        Ok(Verified {
            rows: self.rows,
            head_seq: last,
            head_hash: self.prev,
            checkpoints: self.matched,
            sealed: self.sealed,
        })
    }
}
