//! Logging and error tracking. Logs go to stderr (stdout carries command output), as
//! readable lines or as JSON objects; every line inside a request carries its request id.

use tracing_subscriber::EnvFilter;
use tracing_subscriber::Layer as _;
use tracing_subscriber::layer::SubscriberExt as _;
use tracing_subscriber::util::SubscriberInitExt as _;

use crate::config::{Config, ConfigError, LogFormat};

/// Keeps Sentry flushing until dropped at exit.
pub struct Telemetry {
    sentry_guard: Option<sentry::ClientInitGuard>,
}

impl std::fmt::Debug for Telemetry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Telemetry")
            .field("sentry", &self.sentry_guard.is_some())
            .finish()
    }
}

/// Installs the global subscriber. A second call (tests embedding several servers) keeps the
/// first subscriber.
pub fn init(config: &Config) -> Result<Telemetry, ConfigError> {
    let filter = EnvFilter::try_new(&config.log).map_err(|e| {
        ConfigError(format!(
            "HARBINGER_LOG: {:?} is not a log filter ({e}); use e.g. info,harbinger=debug",
            config.log
        ))
    })?;
    let sentry = match &config.sentry_dsn {
        Some(dsn) => {
            dsn.expose()
                .parse::<sentry::types::Dsn>()
                .map_err(|_| ConfigError("HARBINGER_SENTRY_DSN: not a valid Sentry DSN".into()))?;
            Some(sentry::init(
                sentry::ClientOptions::new()
                    .dsn(dsn.expose())
                    .release(env!("CARGO_PKG_VERSION"))
                    .send_default_pii(false),
            ))
        }
        None => None,
    };
    // Errors become Sentry events; lower levels ride along as breadcrumbs.
    let sentry_layers = sentry.as_ref().map(|_| {
        sentry::integrations::tracing::ErrorLayer::new()
            .and_then(sentry::integrations::tracing::BreadcrumbLayer::new())
    });
    let registry = tracing_subscriber::registry()
        .with(filter)
        .with(sentry_layers);
    let _ = match config.log_format {
        LogFormat::Json => registry
            .with(
                tracing_subscriber::fmt::layer()
                    .json()
                    .with_current_span(true)
                    .with_span_list(false)
                    .with_writer(std::io::stderr),
            )
            .try_init(),
        LogFormat::Pretty => registry
            .with(
                tracing_subscriber::fmt::layer()
                    .compact()
                    .with_writer(std::io::stderr),
            )
            .try_init(),
    };
    Ok(Telemetry {
        sentry_guard: sentry,
    })
}
