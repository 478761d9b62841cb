use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;

use crate::AppState;

/// Liveness.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// Always `ok` while the process serves requests.
    status: &'static str,
    version: &'static str,
}

/// One readiness check.
#[derive(Debug, Serialize, ToSchema)]
pub struct Check {
    ok: bool,
    detail: String,
}

/// Readiness: every dependency the server needs to do its job.
#[derive(Debug, Serialize, ToSchema)]
pub struct Readiness {
    /// `ready` or `not_ready`.
    status: &'static str,
    /// When these checks ran (Unix ms); answers within a second of it share them.
    checked_at: i64,
    checks: BTreeMap<String, Check>,
}

/// How long one readiness check answers for.
const FRESH_FOR: Duration = Duration::from_secs(1);

/// The last readiness check. Callers within [`FRESH_FOR`] of it get it as it was; callers
/// that arrive while a check runs wait for that check instead of starting their own, so a
/// burst of probes costs one round trip to each dependency.
#[derive(Clone, Default)]
pub struct ReadinessCache(Arc<tokio::sync::Mutex<Option<LastCheck>>>);

/// When a check finished, and what it found.
type LastCheck = (Instant, Arc<Readiness>);

impl std::fmt::Debug for ReadinessCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ReadinessCache")
    }
}

impl ReadinessCache {
    async fn get_or_check<F>(&self, check: impl FnOnce() -> F) -> Arc<Readiness>
    where
        F: Future<Output = Readiness>,
    {
        let mut last = self.0.lock().await;
        if let Some((at, report)) = last.as_ref()
            && at.elapsed() < FRESH_FOR
        {
            return report.clone();
        }
        let report = Arc::new(check().await);
        *last = Some((Instant::now(), report.clone()));
        report
    }
}

/// Liveness: the process is up and serving.
#[utoipa::path(get, path = "/healthz", tag = "operations",
    responses((status = 200, description = "Alive", body = Health)))]
pub async fn healthz(State(state): State<AppState>) -> Json<Health> {
    Json(Health {
        status: "ok",
        version: state.info.version,
    })
}

/// Readiness: the database is reachable and fully migrated, and every configured service
/// (Redis when set) answers. 503 names the failing check. One check answers every caller for
/// a second; the route shares the operations quota per address.
#[utoipa::path(get, path = "/readyz", tag = "operations",
    responses(
        (status = 200, description = "Ready", body = Readiness),
        (status = 503, description = "Not ready; the failing checks say why", body = Readiness),
    ))]
pub async fn readyz(State(state): State<AppState>) -> Response {
    let report = state.readiness.get_or_check(|| check(&state)).await;
    let status = if report.status == "ready" {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(report.as_ref())).into_response()
}

/// Runs every readiness check once.
async fn check(state: &AppState) -> Readiness {
    let mut checks = BTreeMap::new();
    let db = state.store.ping().await;
    let backend = state.info.backend;
    checks.insert(
        "database".to_owned(),
        match &db {
            Ok(()) => Check {
                ok: true,
                detail: format!("{backend} reachable"),
            },
            Err(e) => Check {
                ok: false,
                detail: e.to_string(),
            },
        },
    );
    let migrations = if db.is_ok() {
        match state.store.migration_status().await {
            Ok(s) if s.is_current() => Check {
                ok: true,
                detail: format!("{} applied", s.known.len()),
            },
            Ok(s) => Check {
                ok: false,
                detail: format!("pending versions {:?}; run `harbinger migrate`", s.pending),
            },
            Err(e) => Check {
                ok: false,
                detail: e.to_string(),
            },
        }
    } else {
        Check {
            ok: false,
            detail: "database unreachable".into(),
        }
    };
    checks.insert("migrations".to_owned(), migrations);
    if let Some(report) = &state.providers {
        // Ready while at least one provider can be asked; the detail names every breaker.
        let list = report();
        let detail = list
            .iter()
            .map(|p| format!("{} {}", p.provider, p.breaker))
            .collect::<Vec<_>>()
            .join(", ");
        let ok = list.iter().any(|p| p.breaker != "open");
        checks.insert("market".to_owned(), Check { ok, detail });
    }
    for (name, probe) in state.probes.iter() {
        let check = match probe().await {
            Ok(detail) => Check { ok: true, detail },
            Err(detail) => Check { ok: false, detail },
        };
        checks.insert(name.clone(), check);
    }
    let ready = checks.values().all(|c| c.ok);
    Readiness {
        status: if ready { "ready" } else { "not_ready" },
        checked_at: state.store.now_ms(),
        checks,
    }
}
