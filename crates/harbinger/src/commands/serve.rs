use std::io::Write as _;

use tokio_util::sync::CancellationToken;

use super::Failure;
use crate::app::{Application, cancel_on_signal};
use crate::config::Loaded;

pub async fn run(loaded: Loaded) -> Result<(), Failure> {
    let _telemetry = super::telemetry(&loaded)?;
    if let Some(warning) = loaded.config.exposure_warning() {
        // On stderr as well as in the log: it must be seen even with logging turned down.
        eprintln!("WARNING: {warning}");
        tracing::warn!("{warning}");
    }
    let app = Application::build(&loaded.config).await?;
    let url = app.url();
    // The URL on stdout is the contract: scripts read it to find a port-0 server.
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "Harbinger listening on {url}");
    let _ = out.flush();
    drop(out);
    tracing::info!(%url, database = %harbinger_store::redact(&loaded.config.database_url()), "serving");
    let shutdown = CancellationToken::new();
    tokio::spawn(cancel_on_signal(shutdown.clone()));
    app.run(shutdown)
        .await
        .map_err(|e| Failure::failed(format!("server stopped: {e}")))?;
    tracing::info!("stopped");
    Ok(())
}
