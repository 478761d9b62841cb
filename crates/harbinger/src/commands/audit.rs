//! `harbinger audit verify`: recomputes the audit log's hash chain and checks the signed
//! checkpoints; exit 0 when intact, else 1 naming the first bad seq.

use harbinger_ledger::Break;
use harbinger_store::Store;

use super::Failure;
use crate::config::Loaded;

pub async fn verify(loaded: Loaded, json: bool) -> Result<(), Failure> {
    let _telemetry = super::telemetry(&loaded)?;
    let store = super::store(&loaded.config).await?;
    let key = crate::keys::load(&loaded.config.data_dir).map_err(Failure::usage)?;
    let outcome = check(&store, key.as_ref()).await?;
    super::ledger::report("audit log", "rows", outcome, json, Some(key.is_some()))
}

/// Walks the whole chain (the store's one walk, which the admin API shares). The outer error
/// is a failure to read; the inner one a break.
pub async fn check(
    store: &Store,
    key: Option<&harbinger_ledger::CheckpointKey>,
) -> Result<Result<harbinger_ledger::Verified, Break>, Failure> {
    let verifier = key.map(harbinger_ledger::CheckpointKey::verifier);
    store
        .verify_audit_log(verifier.as_ref())
        .await
        .map_err(|e| Failure::failed(format!("cannot read the audit log: {e}")))
}
