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
        LogFormat::Pretty => {
            // Colours only on a terminal: a log file or collector gets plain text.
            let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
            registry
                .with(pretty_layer(std::io::stderr, ansi))
                .try_init()
        }
    };
    Ok(Telemetry {
        sentry_guard: sentry,
    })
}

/// The readable format: one line per event, with every control character inside a field
/// (a newline, a carriage return, an ANSI escape in a user-supplied string) written as an
/// escape, so nothing logged can forge a second line or recolour the terminal. The JSON format
/// gets the same from JSON string escaping.
pub fn pretty_layer<S, W>(writer: W, ansi: bool) -> impl tracing_subscriber::Layer<S>
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
    W: for<'w> tracing_subscriber::fmt::MakeWriter<'w> + Send + Sync + 'static,
{
    use tracing_subscriber::field::MakeExt as _;
    let fields = tracing_subscriber::fmt::format::debug_fn(|w, field, value| {
        let raw = format!("{value:?}");
        let text = one_line(&raw);
        if field.name() == "message" {
            write!(w, "{text}")
        } else {
            write!(w, "{field}={text}")
        }
    })
    .delimited(" ");
    tracing_subscriber::fmt::layer()
        .compact()
        .fmt_fields(fields)
        .with_ansi(ansi)
        .with_writer(writer)
}

/// `text` with control characters escaped (`\n`, `\r`, `\t`, `\u{1b}` …).
pub fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use tracing_subscriber::layer::SubscriberExt as _;

    use super::*;

    #[derive(Clone, Default)]
    struct Buf(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Buf {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn s30_user_strings_cannot_forge_log_lines_or_escapes() {
        let buf = Buf::default();
        let sink = buf.clone();
        let subscriber =
            tracing_subscriber::registry().with(pretty_layer(move || sink.clone(), false));
        let planted = "mallory@example.com\nINFO harbinger: login ok user=admin\r\u{1b}[31mred";
        tracing::subscriber::with_default(subscriber, || {
            let span = tracing::info_span!("request", path = %planted);
            let _in = span.enter();
            tracing::warn!(email = %planted, "login failed for {}", planted);
        });
        let text = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
        assert_eq!(
            text.matches('\n').count(),
            1,
            "one event, one line: {text:?}"
        );
        assert!(text.ends_with('\n'));
        assert!(!text.contains('\r') && !text.contains('\u{1b}'), "{text:?}");
        assert!(text.contains("mallory@example.com\\nINFO"), "{text:?}");
        assert!(text.contains("\\u{1b}[31mred"), "{text:?}");
    }
}
