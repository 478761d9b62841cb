//! Tamper tests (RELIABILITY A6) and the single-byte-mutation property.

#![allow(clippy::unwrap_used)]

use harbinger_ledger::{Break, CheckpointKey, GENESIS, Link, canonical_json, chain_hash, verify};
use proptest::prelude::*;
use serde_json::json;

fn build(n: i64) -> Vec<Link> {
    let mut prev = GENESIS;
    (1..=n)
        .map(|seq| {
            let canonical =
                canonical_json(&json!({"seq": seq, "action": "login", "actor": format!("u{seq}")}))
                    .unwrap();
            let hash = chain_hash(&prev, &canonical);
            let link = Link {
                seq,
                canonical,
                prev_hash: prev,
                hash,
                sealed: false,
            };
            prev = hash;
            link
        })
        .collect()
}

fn key() -> CheckpointKey {
    CheckpointKey::from_bytes(&[7; 32])
}

#[test]
fn intact_chain_verifies_with_its_checkpoints() {
    let links = build(1_000);
    let k = key();
    let cps = vec![
        k.sign("audit", 500, links[499].hash, 1),
        k.sign("audit", 1_000, links[999].hash, 2),
    ];
    let v = verify(links, &cps, &k.verifier()).unwrap();
    assert_eq!((v.rows, v.head_seq, v.checkpoints), (1_000, 1_000, 2));
}

#[test]
fn one_changed_byte_names_that_seq() {
    let mut links = build(1_000);
    links[636].canonical[5] ^= 1;
    let err = verify(links, &[], &key().verifier()).unwrap_err();
    assert_eq!(err, Break::BadHash { seq: 637 });
}

#[test]
fn a_deleted_row_is_a_gap() {
    let mut links = build(1_000);
    links.remove(41);
    let err = verify(links, &[], &key().verifier()).unwrap_err();
    assert_eq!(
        err,
        Break::Gap {
            expected: 42,
            found: 43
        }
    );
    assert_eq!(err.seq(), 42);
}

#[test]
fn deleting_the_tail_is_caught_by_the_checkpoint() {
    let mut links = build(1_000);
    let k = key();
    let cp = k.sign("audit", 1_000, links[999].hash, 1);
    links.truncate(990);
    let err = verify(links, &[cp], &k.verifier()).unwrap_err();
    assert_eq!(
        err,
        Break::Truncated {
            seq: 1_000,
            last: 990
        }
    );
}

#[test]
fn a_rewritten_chain_fails_the_checkpoint_and_a_forged_one_fails_its_signature() {
    let links = build(10);
    let k = key();
    let mut cp = k.sign("audit", 5, links[4].hash, 1);
    // An attacker re-hashes everything after editing row 3: links verify, checkpoint does not.
    let mut forged = build(10);
    forged[2].canonical = canonical_json(&json!({"seq": 3, "action": "nothing"})).unwrap();
    let mut prev = forged[1].hash;
    for l in &mut forged[2..] {
        l.prev_hash = prev;
        l.hash = chain_hash(&prev, &l.canonical);
        prev = l.hash;
    }
    let err = verify(forged.clone(), std::slice::from_ref(&cp), &k.verifier()).unwrap_err();
    assert_eq!(err, Break::CheckpointMismatch { seq: 5 });
    cp.hash = forged[4].hash;
    let err = verify(forged, &[cp], &k.verifier()).unwrap_err();
    assert_eq!(err, Break::BadSignature { seq: 5 });
}

#[test]
fn checkpoints_round_trip_through_json() {
    let k = key();
    let cp = k.sign("audit", 3, [9; 32], 42);
    let text = serde_json::to_string(&cp).unwrap();
    let back: harbinger_ledger::Checkpoint = serde_json::from_str(&text).unwrap();
    assert!(k.verifier().verify(&back));
    let v = harbinger_ledger::CheckpointVerifier::from_public_hex(&k.verifier().public_hex());
    assert_eq!(v, Some(k.verifier()));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1_000))]
    /// Any single-byte mutation of any row's content is detected at exactly that row.
    #[test]
    fn any_single_byte_mutation_is_detected(row in 0usize..50, byte in 0usize..40, bit in 0u8..8) {
        let mut links = build(50);
        let len = links[row].canonical.len();
        links[row].canonical[byte % len] ^= 1 << bit;
        let err = verify(links, &[], &key().verifier()).unwrap_err();
        prop_assert_eq!(err, Break::BadHash { seq: row as i64 + 1 });
    }
}
