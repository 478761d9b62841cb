use std::collections::BTreeMap;

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
    checks: BTreeMap<String, Check>,
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
/// (Redis when set) answers. 503 names the failing check.
#[utoipa::path(get, path = "/readyz", tag = "operations",
    responses(
        (status = 200, description = "Ready", body = Readiness),
        (status = 503, description = "Not ready; the failing checks say why", body = Readiness),
    ))]
pub async fn readyz(State(state): State<AppState>) -> Response {
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
    let body = Readiness {
        status: if ready { "ready" } else { "not_ready" },
        checks,
    };
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(body)).into_response()
}
