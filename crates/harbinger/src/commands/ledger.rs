//! `harbinger ledger verify [--file F]`: recomputes the signal ledger's hash chain (from the
//! database, or from a file saved from `GET /api/v1/ledger`) and checks the signed checkpoints;
//! exit 0 when intact, else 1 naming the first bad seq.

use std::io::Write as _;
use std::path::Path;

use harbinger_ledger::{Break, Checkpoint, CheckpointVerifier, Verified};
use harbinger_store::{PublishedEntry, Store};

use super::Failure;
use crate::config::Loaded;

/// What `GET /api/v1/ledger` answers, and what a saved file holds.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct LedgerExport {
    pub entries: Vec<PublishedEntry>,
    pub checkpoints: Vec<Checkpoint>,
    /// The checkpoint key's public half, hex.
    pub public_key: Option<String>,
}

pub async fn verify(loaded: Loaded, file: Option<&Path>, json: bool) -> Result<(), Failure> {
    let _telemetry = super::telemetry(&loaded)?;
    let key = crate::keys::load(&loaded.config.data_dir).map_err(Failure::usage)?;
    let verifier = key.map(|k| k.verifier());
    let outcome = if let Some(path) = file {
        check_file(path, verifier)?
    } else {
        let store = super::store(&loaded.config).await?;
        check_store(&store, verifier).await?
    };
    report("signal ledger", "entries", outcome, json, None)
}

/// Prints a chain's verdict: one line (or JSON) when intact, a failure naming the seq
/// otherwise. `key_present`, when given, is reported (and a missing key noted) as
/// `audit verify` does.
pub fn report(
    what: &str,
    unit: &str,
    outcome: Result<Verified, Break>,
    json: bool,
    key_present: Option<bool>,
) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    match outcome {
        Ok(v) => {
            let _ = if json {
                let mut body = serde_json::json!({"ok": true, "rows": v.rows, "head_seq": v.head_seq,
                    "head_hash": hex::encode(v.head_hash), "checkpoints": v.checkpoints,
                    "sealed": v.sealed});
                if let Some(present) = key_present {
                    body["checkpoint_key"] = present.into();
                }
                writeln!(out, "{body}")
            } else {
                writeln!(
                    out,
                    "{what} intact: {} {unit}, head seq {} ({}), {} signed checkpoints verified{}{}",
                    v.rows,
                    v.head_seq,
                    hex::encode(v.head_hash),
                    v.checkpoints,
                    if v.sealed > 0 {
                        format!(
                            "; {} sealed (not yet released: their headers and content digests are checked, their content once revealed)",
                            v.sealed
                        )
                    } else {
                        String::new()
                    },
                    if key_present == Some(false) {
                        " (no checkpoint key in the data dir: checkpoints not checked)"
                    } else {
                        ""
                    }
                )
            };
            Ok(())
        }
        Err(b) => {
            if json {
                let _ = writeln!(
                    out,
                    "{}",
                    serde_json::json!({"ok": false, "first_bad_seq": b.seq(), "error": b.to_string()})
                );
            }
            Err(Failure::failed(format!(
                "{what} broken at seq {}: {b}",
                b.seq()
            )))
        }
    }
}

/// Without a key there is nothing to check signatures against: a throwaway key with no
/// checkpoints still verifies the chain itself.
fn verifier_and_checkpoints(
    key: Option<CheckpointVerifier>,
    checkpoints: Vec<Checkpoint>,
) -> (CheckpointVerifier, Vec<Checkpoint>) {
    match key {
        Some(k) => (k, checkpoints),
        None => (
            harbinger_ledger::CheckpointKey::from_bytes(&[0; 32]).verifier(),
            Vec::new(),
        ),
    }
}

/// Walks the stored chain (see [`Store::verify_ledger`]). The outer error is a failure to
/// read; the inner one a break.
pub async fn check_store(
    store: &Store,
    key: Option<CheckpointVerifier>,
) -> Result<Result<Verified, Break>, Failure> {
    let read = |e: harbinger_store::StoreError| {
        Failure::failed(format!("cannot read the signal ledger: {e}"))
    };
    let checkpoints = store.ledger_checkpoints().await.map_err(read)?;
    let (verifier, checkpoints) = verifier_and_checkpoints(key, checkpoints);
    store
        .verify_ledger(&checkpoints, &verifier)
        .await
        .map_err(read)
}

/// Verifies a saved export. The data dir's key is preferred to the one the file names.
fn check_file(
    path: &Path,
    key: Option<CheckpointVerifier>,
) -> Result<Result<Verified, Break>, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::usage(format!("cannot read {}: {e}", path.display())))?;
    let export: LedgerExport = serde_json::from_str(&text).map_err(|e| {
        Failure::usage(format!(
            "{} is not a ledger export (save GET /api/v1/ledger): {e}",
            path.display()
        ))
    })?;
    let key = key.or_else(|| {
        export
            .public_key
            .as_deref()
            .and_then(CheckpointVerifier::from_public_hex)
    });
    let (verifier, checkpoints) = verifier_and_checkpoints(key, export.checkpoints);
    let links = export.entries.iter().map(PublishedEntry::link);
    Ok(harbinger_ledger::verify(links, &checkpoints, &verifier))
}
