//! Captures every log line this test binary produces, so S29 can scan them for secrets.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

static BUFFER: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();

#[derive(Clone)]
struct Sink(Arc<Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Installs the capturing subscriber once (debug level, everything).
pub fn capture() {
    BUFFER.get_or_init(|| {
        let buf = Arc::new(Mutex::new(Vec::new()));
        let sink = Sink(buf.clone());
        let _ = tracing_subscriber::fmt()
            .with_env_filter("debug")
            .with_writer(move || sink.clone())
            .with_ansi(false)
            .try_init();
        buf
    });
}

/// Everything logged so far.
pub fn text() -> String {
    BUFFER
        .get()
        .map(|b| String::from_utf8_lossy(&b.lock().unwrap()).into_owned())
        .unwrap_or_default()
}
