use std::io::Write as _;

use super::Failure;
use crate::config::Loaded;

pub async fn run(loaded: Loaded) -> Result<(), Failure> {
    let _telemetry = super::telemetry(&loaded)?;
    let store = super::store(&loaded.config).await?;
    let status = store
        .migration_status()
        .await
        .map_err(|e| Failure::failed(format!("cannot read migration status: {e}")))?;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "database {} is migrated ({} migrations, latest {})",
        harbinger_store::redact(&loaded.config.database_url()),
        status.known.len(),
        status.known.last().copied().unwrap_or_default()
    );
    Ok(())
}
