//! `harbinger audit verify`: recomputes the audit log's hash chain and checks the signed
//! checkpoints; exit 0 when intact, else 1 naming the first bad seq.

use harbinger_ledger::{Break, Link};
use harbinger_store::{AuditQuery, Store};

use super::Failure;
use crate::config::Loaded;

/// Rows read per query.
const BATCH: i64 = 5_000;

pub async fn verify(loaded: Loaded, json: bool) -> Result<(), Failure> {
    let _telemetry = super::telemetry(&loaded)?;
    let store = super::store(&loaded.config).await?;
    let key = crate::keys::load(&loaded.config.data_dir).map_err(Failure::usage)?;
    let outcome = check(&store, key.as_ref()).await?;
    super::ledger::report("audit log", "rows", outcome, json, Some(key.is_some()))
}

/// Walks the whole chain. The outer error is a failure to read; the inner one a break.
pub async fn check(
    store: &Store,
    key: Option<&harbinger_ledger::CheckpointKey>,
) -> Result<Result<harbinger_ledger::Verified, Break>, Failure> {
    let read =
        |e: harbinger_store::StoreError| Failure::failed(format!("cannot read the audit log: {e}"));
    let mut links: Vec<Link> = Vec::new();
    let mut after = 0;
    loop {
        let rows = store
            .audit_rows(&AuditQuery {
                after_seq: after,
                limit: BATCH,
                ..AuditQuery::default()
            })
            .await
            .map_err(read)?;
        let Some(last) = rows.last() else { break };
        after = last.seq;
        links.extend(rows.iter().map(harbinger_store::AuditRow::link));
    }
    let (checkpoints, verifier) = match key {
        Some(k) => (store.audit_checkpoints().await.map_err(read)?, k.verifier()),
        // Without the key there is nothing to check signatures against; a throwaway key
        // with no checkpoints still verifies the chain itself.
        None => (
            Vec::new(),
            harbinger_ledger::CheckpointKey::from_bytes(&[0; 32]).verifier(),
        ),
    };
    let result = harbinger_ledger::verify(links, &checkpoints, &verifier);
    // The head row records how far the chain went; rows missing past the last one are a
    // truncation even before the next checkpoint is signed.
    let (head_seq, _) = store.audit_head().await.map_err(read)?;
    Ok(match result {
        Ok(v) if head_seq > v.head_seq => Err(Break::Truncated {
            seq: head_seq,
            last: v.head_seq,
        }),
        other => other,
    })
}
