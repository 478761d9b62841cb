//! Test databases on both backends, for this crate's tests and the testkit.
//!
//! SQLite: a migrated file in a fresh temporary directory. PostgreSQL: a fresh database per
//! test, cloned from a template that was migrated once (`CREATE DATABASE … TEMPLATE …` takes
//! milliseconds, a migration run does not). The server comes from `HARBINGER_TEST_PG_URL`
//! (default `postgres://postgres@127.0.0.1:5432/test`).

use std::str::FromStr;

use sha2::{Digest, Sha256};
use sqlx::ConnectOptions as _;
use sqlx::Connection as _;
use sqlx::postgres::{PgConnectOptions, PgConnection};
use tokio::sync::OnceCell;

use crate::{Backend, ConnectOptions, Store};

/// The PostgreSQL server tests use unless `HARBINGER_TEST_PG_URL` says otherwise.
pub const DEFAULT_PG_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// A migrated, empty database that lives as long as this value (SQLite) or until the next
/// test run sweeps it (PostgreSQL).
#[derive(Debug)]
pub struct TestDb {
    pub store: Store,
    /// The URL a second process (a server under test) can use to reach the same database.
    pub url: String,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    pub async fn new(backend: Backend) -> Self {
        match backend {
            Backend::Sqlite => Self::sqlite().await,
            Backend::Postgres => Self::postgres().await,
        }
    }

    /// A migrated SQLite file in a temporary directory.
    pub async fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("create temp dir");
        let url = format!("sqlite://{}", dir.path().join("test.db").display());
        let store = Store::connect(&url, &ConnectOptions::default())
            .await
            .expect("open sqlite test database");
        store.migrate().await.expect("migrate sqlite test database");
        Self {
            store,
            url,
            _dir: Some(dir),
        }
    }

    /// A fresh PostgreSQL database cloned from the migrated template.
    pub async fn postgres() -> Self {
        let admin_url = pg_admin_url();
        let template = template().await;
        // The creation time in the name lets a sweep spare databases another test process,
        // running right now, still uses.
        let name = format!("hbt_{}_{}", unix_secs(), uuid::Uuid::new_v4().simple());
        let mut admin = admin_connection(&admin_url).await;
        // Identifiers cannot be bound; both names are generated here from hex digits.
        let sql = format!("CREATE DATABASE {name} TEMPLATE {template}");
        if sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
            .execute(&mut admin)
            .await
            .is_err()
        {
            // Another checkout's test run on the same server (other migrations, so another
            // template name) may have swept ours: build it again and retry once.
            build_template(&pg_admin_url(), template).await;
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&mut admin)
                .await
                .expect("clone the template database");
        }
        let url = with_database(&admin_url, &name);
        let store = Store::connect(&url, &ConnectOptions::default())
            .await
            .expect("connect to the cloned test database");
        Self {
            store,
            url,
            _dir: None,
        }
    }
}

/// The server URL for tests, from `HARBINGER_TEST_PG_URL`.
pub fn pg_admin_url() -> String {
    std::env::var("HARBINGER_TEST_PG_URL").unwrap_or_else(|_| DEFAULT_PG_URL.to_owned())
}

async fn admin_connection(url: &str) -> PgConnection {
    let opts = PgConnectOptions::from_str(url).expect("HARBINGER_TEST_PG_URL is a postgres URL");
    opts.connect().await.unwrap_or_else(|e| {
        panic!(
            "PostgreSQL is not reachable at {} ({e}); start it, or point HARBINGER_TEST_PG_URL at a server",
            crate::redact(url)
        )
    })
}

/// The same server URL pointing at database `db` (query parameters are dropped).
fn with_database(url: &str, db: &str) -> String {
    let base = url.split('?').next().unwrap_or(url);
    let without_db = match base.rfind('/') {
        Some(i) if i > base.find("://").map_or(0, |j| j + 2) => &base[..i],
        _ => base,
    };
    format!("{without_db}/{db}")
}

/// Name of the template for the current migrations: a hash of every migration file, so a
/// changed migration gets a new template instead of a stale one.
fn template_name() -> String {
    let (_, pg) = Store::migration_versions();
    let mut h = Sha256::new();
    for dir in [concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/postgres")] {
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.sort();
        for f in files {
            h.update(std::fs::read(&f).unwrap_or_default());
        }
    }
    h.update(format!("{pg:?}"));
    format!("hbt_template_{}", &hex::encode(h.finalize())[..16])
}

/// Creates the migrated template once per server, safely across concurrent test processes.
async fn template() -> &'static str {
    static TEMPLATE: OnceCell<String> = OnceCell::const_new();
    TEMPLATE
        .get_or_init(|| async {
            let name = template_name();
            build_template(&pg_admin_url(), &name).await;
            name
        })
        .await
}

/// Builds template `name` unless it exists (under an advisory lock, so one process builds and
/// the others wait), then sweeps databases left by earlier runs.
async fn build_template(admin_url: &str, name: &str) {
    let mut admin = admin_connection(admin_url).await;
    sqlx::query("SELECT pg_advisory_lock(74716105)")
        .execute(&mut admin)
        .await
        .expect("take the template lock");
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(name)
            .fetch_one(&mut admin)
            .await
            .expect("look up the template");
    if !exists {
        let building = format!("{name}_building");
        let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {building}"
        )))
        .execute(&mut admin)
        .await;
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {building}")))
            .execute(&mut admin)
            .await
            .expect("create the template database");
        let url = with_database(admin_url, &building);
        let store = Store::connect(
            &url,
            &ConnectOptions {
                max_connections: 1,
                ..ConnectOptions::default()
            },
        )
        .await
        .expect("connect to the template database");
        store
            .migrate()
            .await
            .expect("migrate the template database");
        store.close().await;
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "ALTER DATABASE {building} RENAME TO {name}"
        )))
        .execute(&mut admin)
        .await
        .expect("publish the template database");
    }
    sweep_old_databases(&mut admin, name).await;
    sqlx::query("SELECT pg_advisory_unlock(74716105)")
        .execute(&mut admin)
        .await
        .expect("release the template lock");
    let _ = admin.close().await;
}

/// Drops test databases left by earlier runs; databases still in use refuse and stay.
/// Templates stay: another checkout on the same server (other migrations) may be cloning its own.
async fn sweep_old_databases(admin: &mut PgConnection, keep: &str) {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT datname FROM pg_database WHERE datname LIKE 'hbt\\_%' AND datname <> $1 \
         AND datname NOT LIKE '%\\_building' AND datname NOT LIKE 'hbt\\_template\\_%'",
    )
    .bind(keep)
    .fetch_all(&mut *admin)
    .await
    .unwrap_or_default();
    let cutoff = unix_secs().saturating_sub(SWEEP_AFTER_SECS);
    for n in names {
        // `hbt_<unix secs>_<uuid>`: only those older than the cutoff (names without a time
        // are from older runs and always swept).
        let created = n
            .strip_prefix("hbt_")
            .and_then(|rest| rest.split('_').next())
            .and_then(|t| t.parse::<u64>().ok())
            .filter(|t| *t > 1_000_000_000)
            .unwrap_or(0);
        if created > cutoff {
            continue;
        }
        if n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {n}")))
                .execute(&mut *admin)
                .await;
        }
    }
}

/// Test databases younger than this are left to the run that made them.
const SWEEP_AFTER_SECS: u64 = 2 * 3_600;

fn unix_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl Store {
    /// Runs a fixed SQL statement; tests use it to prove what the database refuses.
    pub async fn execute_unchecked_for_tests(
        &self,
        sql: &'static str,
    ) -> Result<u64, crate::StoreError> {
        Ok(db_run!(self, pool => sqlx::query(sql).execute(pool).await?.rows_affected()))
    }
}
