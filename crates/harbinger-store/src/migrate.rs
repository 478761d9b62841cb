use std::collections::HashSet;

use sqlx::migrate::Migrator;

use crate::{Store, StoreError};

static SQLITE: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES: Migrator = sqlx::migrate!("./migrations/postgres");

/// A migration's version and description.
pub type MigrationId = (i64, String);

/// How far the database is from the migrations this binary carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationStatus {
    /// Versions this binary knows.
    pub known: Vec<i64>,
    /// Known versions not yet applied successfully.
    pub pending: Vec<i64>,
}

impl MigrationStatus {
    pub fn is_current(&self) -> bool {
        self.pending.is_empty()
    }
}

impl Store {
    /// Applies every pending migration of the active backend.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match &self.db {
            crate::db::Db::Sqlite(pool) => SQLITE.run(pool).await?,
            crate::db::Db::Postgres(pool) => {
                // Several replicas may start at once; sqlx takes an advisory lock on
                // PostgreSQL so only one applies the migrations.
                POSTGRES.run(pool).await?;
            }
        }
        Ok(())
    }

    /// Compares applied migrations with the ones compiled in; used by `/readyz`.
    pub async fn migration_status(&self) -> Result<MigrationStatus, StoreError> {
        let migrator = match self.backend() {
            crate::Backend::Sqlite => &SQLITE,
            crate::Backend::Postgres => &POSTGRES,
        };
        let known: Vec<i64> = migrator.iter().map(|m| m.version).collect();
        let applied: Vec<i64> = db_run!(self, pool => {
            sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success")
                .fetch_all(pool)
                .await
                .or_else(|e| match e {
                    // No migrations table yet: nothing applied.
                    sqlx::Error::Database(_) => Ok(Vec::new()),
                    other => Err(other),
                })?
        });
        let applied: HashSet<i64> = applied.into_iter().collect();
        let pending = known
            .iter()
            .copied()
            .filter(|v| !applied.contains(v))
            .collect();
        Ok(MigrationStatus { known, pending })
    }

    /// The migration versions of each backend, for the test proving they stay in step.
    pub fn migration_versions() -> (Vec<MigrationId>, Vec<MigrationId>) {
        let list = |m: &Migrator| {
            m.iter()
                .map(|m| (m.version, m.description.to_string()))
                .collect()
        };
        (list(&SQLITE), list(&POSTGRES))
    }
}
