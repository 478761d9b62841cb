use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use harbinger_core::{Clock, SystemClock};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use crate::StoreError;

/// Runs `$body` with `$pool` bound to the concrete pool of whichever backend is active.
/// The body is compiled twice, once per backend, so each query is written once.
macro_rules! db_run {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.db {
            $crate::db::Db::Sqlite($pool) => $body,
            $crate::db::Db::Postgres($pool) => $body,
        }
    };
}

/// The two concrete pools. `AnyPool` lacks UUID and other types, hence an enum.
#[derive(Debug, Clone)]
pub(crate) enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Which database a store talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Sqlite => "sqlite",
            Self::Postgres => "postgres",
        }
    }
}

/// Pool settings.
#[derive(Debug, Clone)]
pub struct ConnectOptions {
    pub max_connections: u32,
    pub acquire_timeout: Duration,
}

impl Default for ConnectOptions {
    fn default() -> Self {
        Self {
            max_connections: 16,
            acquire_timeout: Duration::from_secs(5),
        }
    }
}

/// The database handle: cheap to clone, shared by every part of the server.
#[derive(Debug, Clone)]
pub struct Store {
    pub(crate) db: Db,
    pub(crate) clock: Arc<dyn Clock>,
    /// SQLite: the background WAL checkpointer, stopped when the last clone is dropped.
    _checkpointer: Option<Arc<Checkpointer>>,
}

/// How often the SQLite WAL is checkpointed in the background.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(500);
/// WAL frames (pages) beyond which the background task also truncates the log.
const TRUNCATE_FRAMES: i64 = 4_096;

/// Checkpoints the SQLite WAL from a background task instead of inside whichever write crosses
/// SQLite's automatic threshold (turned off), so a write's latency no longer depends on being
/// the unlucky one that copies the log back (see the store's BENCHMARKS.md).
///
/// Every half second a PASSIVE checkpoint copies what it can without blocking anyone. Under a
/// constant stream of writes that never reaches the end of the log, and only a finished
/// checkpoint lets the log start over, so once the log holds more than [`TRUNCATE_FRAMES`], or
/// whenever the passive round copied it back whole, the task runs a TRUNCATE checkpoint: the
/// pages are mostly copied already, so writers wait only for the remainder, and a busy reader
/// makes it give up after 50 ms rather than hold writers back (it is tried again on the next
/// tick). SQLite checkpoints when the last connection
/// closes.
#[derive(Debug)]
struct Checkpointer(tokio::task::JoinHandle<()>);

impl Checkpointer {
    fn start(pool: SqlitePool) -> Self {
        Self(tokio::spawn(async move {
            let mut every = tokio::time::interval(CHECKPOINT_EVERY);
            every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                every.tick().await;
                if pool.is_closed() {
                    return;
                }
                if let Err(e) = checkpoint(&pool).await {
                    tracing::debug!(error = %e, "WAL checkpoint skipped");
                }
            }
        }))
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// One round of the background checkpointer: (log frames, frames copied) after it.
async fn checkpoint(pool: &SqlitePool) -> Result<(i64, i64), sqlx::Error> {
    let mut conn = pool.acquire().await?;
    let (_busy, frames, copied): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)")
        .fetch_one(&mut *conn)
        .await?;
    // Truncate once the log is long, or whenever it was copied back whole (a quiet moment:
    // nothing is left to copy, so writers wait only for the truncation itself).
    let whole = frames > 0 && copied == frames;
    if frames <= TRUNCATE_FRAMES && !whole {
        return Ok((frames, copied));
    }
    sqlx::query("PRAGMA busy_timeout = 50")
        .execute(&mut *conn)
        .await?;
    let truncated: Result<(i64, i64, i64), sqlx::Error> =
        sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)")
            .fetch_one(&mut *conn)
            .await;
    sqlx::query("PRAGMA busy_timeout = 5000")
        .execute(&mut *conn)
        .await?;
    let (_, frames, copied) = truncated?;
    Ok((frames, copied))
}

impl Store {
    /// Connects to `url` (`sqlite://PATH` or `postgres://…`). For SQLite the file and its
    /// directory are created when missing; WAL, foreign keys and a busy timeout are on.
    /// Connecting does not migrate: call [`Store::migrate`].
    pub async fn connect(url: &str, opts: &ConnectOptions) -> Result<Self, StoreError> {
        let mut checkpointer = None;
        let db = if url.starts_with("sqlite:") {
            let pool = connect_sqlite(url, opts).await?;
            checkpointer = Some(Arc::new(Checkpointer::start(pool.clone())));
            Db::Sqlite(pool)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pg = PgConnectOptions::from_str(url)
                .map_err(|_| StoreError::UnsupportedUrl(redact(url)))?
                .application_name("harbinger");
            let pool = PgPoolOptions::new()
                .max_connections(opts.max_connections)
                .acquire_timeout(opts.acquire_timeout)
                .connect_with(pg)
                .await
                .map_err(StoreError::Unavailable)?;
            Db::Postgres(pool)
        } else {
            return Err(StoreError::UnsupportedUrl(redact(url)));
        };
        Ok(Self {
            db,
            clock: Arc::new(SystemClock),
            _checkpointer: checkpointer,
        })
    }

    /// Replaces the clock used for every timestamp the store writes (tests move time).
    #[must_use]
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    pub fn backend(&self) -> Backend {
        match self.db {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// The clock every stored timestamp comes from.
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    /// The store's clock, Unix ms (every stored timestamp comes from it).
    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    /// A cheap round trip; fails when the database is unreachable.
    pub async fn ping(&self) -> Result<(), StoreError> {
        db_run!(self, pool => {
            sqlx::query("SELECT 1").execute(pool).await.map_err(StoreError::Unavailable)?;
        });
        Ok(())
    }

    /// Closes every connection; later calls fail with `Unavailable`.
    pub async fn close(&self) {
        db_run!(self, pool => pool.close().await);
    }
}

async fn connect_sqlite(url: &str, opts: &ConnectOptions) -> Result<SqlitePool, StoreError> {
    let sqlite = SqliteConnectOptions::from_str(url)
        .map_err(|_| StoreError::UnsupportedUrl(url.to_owned()))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5))
        // Checkpoints run in the background (see `Checkpointer`).
        .pragma("wal_autocheckpoint", "0");
    if let Some(dir) = sqlite.get_filename().parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::DataDir {
            path: dir.display().to_string(),
            source,
        })?;
    }
    SqlitePoolOptions::new()
        .max_connections(opts.max_connections)
        .acquire_timeout(opts.acquire_timeout)
        .connect_with(sqlite)
        .await
        .map_err(StoreError::Unavailable)
}

/// Hides the password of a database URL before it reaches an error message or a log.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let creds = &url[scheme_end + 3..at];
            match creds.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme_end + 3],
                    &creds[..colon],
                    &url[at..]
                ),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn redacts_passwords_only() {
        assert_eq!(redact("postgres://u:s3cret@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(redact("sqlite://./a.db"), "sqlite://./a.db");
    }
}
