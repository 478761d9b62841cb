/// What can go wrong in the store. Callers map these to their own errors; the sqlx cause is
/// kept for `Debug` and logs, never shown to end users.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("unsupported database URL {0:?}: use sqlite://PATH or postgres://USER@HOST/DB")]
    UnsupportedUrl(String),
    #[error("cannot create the data directory {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error("database unavailable: {0}")]
    Unavailable(#[source] sqlx::Error),
    #[error("unique constraint {0} violated")]
    Conflict(&'static str),
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database error: {0}")]
    Database(#[source] sqlx::Error),
}

impl StoreError {
    /// True when the database could not be reached (pool timeout, refused connection, I/O):
    /// the request may succeed later, so the API answers 503 rather than 500.
    pub fn is_unavailable(&self) -> bool {
        matches!(self, Self::Unavailable(_))
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::PoolTimedOut | sqlx::Error::Io(_) | sqlx::Error::PoolClosed => {
                Self::Unavailable(e)
            }
            other => Self::Database(other),
        }
    }
}

/// Maps a unique violation to [`StoreError::Conflict`] naming `constraint`; other errors pass.
pub(crate) fn on_unique(e: sqlx::Error, constraint: &'static str) -> StoreError {
    if let sqlx::Error::Database(db) = &e
        && db.is_unique_violation()
    {
        return StoreError::Conflict(constraint);
    }
    StoreError::from(e)
}
