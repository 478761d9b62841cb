//! Test support: [`spawn_app`] starts a real Harbinger server on a free loopback port, over a
//! fresh SQLite file or a fresh PostgreSQL database, exactly as `harbinger serve` wires it.
#![forbid(unsafe_code)]

pub use harbinger_fakes::providers as fakes;
pub use harbinger_fakes::{llm, smtp};
use std::sync::Arc;

use harbinger::app::Application;
use harbinger::config::Config;
use harbinger_core::{Clock, SystemClock};
pub use harbinger_store::Backend;
use harbinger_store::testing::TestDb;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// A running server and the database behind it. Dropping it stops the server.
#[derive(Debug)]
pub struct TestApp {
    /// `http://127.0.0.1:PORT`
    pub url: String,
    pub db: TestDb,
    pub client: reqwest::Client,
    pub config: Config,
    shutdown: CancellationToken,
    handle: Option<JoinHandle<std::io::Result<()>>>,
    _data_dir: tempfile::TempDir,
}

/// Starts a server on `backend` with the default configuration.
pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, |_| {}).await
}

/// Starts a server after `tweak` adjusts the configuration.
pub async fn spawn_app_with(backend: Backend, tweak: impl FnOnce(&mut Config)) -> TestApp {
    spawn_app_with_clock(backend, Arc::new(SystemClock), tweak).await
}

/// Starts a server whose every timestamp comes from `clock` (a `ManualClock` moves time).
pub async fn spawn_app_with_clock(
    backend: Backend,
    clock: Arc<dyn Clock>,
    tweak: impl FnOnce(&mut Config),
) -> TestApp {
    let db = TestDb::new(backend).await;
    let data_dir = tempfile::tempdir().expect("temp data dir");
    let mut config = Config {
        listen: "127.0.0.1:0".into(),
        data_dir: data_dir.path().to_path_buf(),
        database_url: Some(db.url.clone()),
        ..Config::default()
    };
    tweak(&mut config);
    let app = Application::build_with_clock(&config, clock)
        .await
        .expect("the test server starts");
    let url = app.url();
    let shutdown = CancellationToken::new();
    let handle = tokio::spawn(app.run(shutdown.clone()));
    TestApp {
        url,
        db,
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("http client"),
        config,
        shutdown,
        handle: Some(handle),
        _data_dir: data_dir,
    }
}

impl TestApp {
    /// `GET {url}{path}`
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.url))
            .send()
            .await
            .expect("request reaches the test server")
    }

    /// Waits until the server has run the schedule `name` once and no job is queued or running,
    /// so a test that drives that job's work by hand does not race the server's own first pass.
    pub async fn wait_for_first_run(&self, name: &str) {
        self.wait_for_run(name, i64::MIN).await;
    }

    /// Waits until the server has claimed the schedule `name` at or after `since_ms` (its
    /// clock) and no job is queued or running. Panics after 30 seconds, naming the schedule.
    pub async fn wait_for_run(&self, name: &str, since_ms: i64) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        loop {
            let store = &self.db.store;
            let claimed = store
                .schedules()
                .await
                .expect("schedules")
                .iter()
                .any(|s| s.name == name && s.last_run_at.is_some_and(|t| t >= since_ms));
            let counts = store.job_counts().await.expect("job counts");
            if claimed && counts.queued == 0 && counts.running == 0 {
                return;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the schedule {name} did not run within 30 s ({counts:?})"
            );
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }

    /// Stops the server as SIGTERM would and waits for it to finish.
    pub async fn stop(mut self) -> std::io::Result<()> {
        self.shutdown.cancel();
        match self.handle.take() {
            Some(h) => h.await.expect("server task"),
            None => Ok(()),
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}
