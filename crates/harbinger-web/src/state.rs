use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use harbinger_auth::Accounts;
use harbinger_marketdata::MarketService;
use harbinger_store::Store;
use metrics_exporter_prometheus::PrometheusHandle;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::{HttpLimits, ReadinessCache, RejectedDeliveries, StreamHub};

/// Future returned by a readiness probe: `Ok(detail)` when healthy, `Err(reason)` otherwise.
pub type ProbeFuture = Pin<Box<dyn Future<Output = Result<String, String>> + Send>>;

/// An extra readiness check (Redis, later the bus); the database checks are built in.
pub type Probe = Arc<dyn Fn() -> ProbeFuture + Send + Sync>;

/// One market-data provider's health, as operators see it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ProviderStatus {
    /// Configuration name (`replay`, `yahoo` …), in fallback order.
    pub provider: String,
    /// `closed` (in use), `open` (skipped until it cools down) or `half_open` (next call probes).
    pub breaker: String,
    pub consecutive_failures: u32,
    /// Last successful answer, Unix ms.
    pub last_success_ms: Option<i64>,
    pub errors_total: u64,
    /// Requests that skipped the provider while its breaker was open.
    pub skipped_open: u64,
}

/// Reports the providers' health on demand (the fallback chain owns the state).
pub type ProviderHealth = Arc<dyn Fn() -> Vec<ProviderStatus> + Send + Sync>;

/// Static facts about this build, shown by `/healthz`.
#[derive(Debug, Clone)]
pub struct BuildInfo {
    pub version: &'static str,
    /// `sqlite` or `postgres`.
    pub backend: &'static str,
}

/// What every handler can reach. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub metrics: PrometheusHandle,
    pub info: BuildInfo,
    pub limits: HttpLimits,
    /// Named extra readiness probes, checked by `/readyz` after the database.
    pub probes: Arc<[(String, Probe)]>,
    /// Accounts, credentials and rate limits.
    pub accounts: Accounts,
    /// Market-data providers in fallback order, with their breakers.
    pub providers: Option<ProviderHealth>,
    /// The public half of the checkpoint key (hex), served with the signal ledger.
    pub ledger_key: Option<String>,
    /// Bars and quotes: cache, store, then the providers, with stale serving.
    pub market: MarketService,
    /// The WebSocket streams' shared feed of ledger entries and bars.
    pub stream: StreamHub,
    /// Stripe webhook verification; `None` when billing is not configured.
    pub stripe: Option<StripeWebhook>,
    /// Refused webhook deliveries: counted, throttled per address, audited by sample.
    pub webhook_rejections: RejectedDeliveries,
    /// `/readyz` and `/metrics`: their per-address quota and the metrics token.
    pub operations: Operations,
    /// The last readiness check, shared by the callers of the next second.
    pub readiness: ReadinessCache,
}

/// What guards the operations endpoints.
#[derive(Clone, Debug)]
pub struct Operations {
    /// Requests to `/readyz` and `/metrics` together, per source address.
    pub quota: harbinger_auth::ratelimit::Quota,
    /// When set, `/metrics` needs `Authorization: Bearer <token>`.
    pub metrics_token: Option<MetricsToken>,
}

/// The bearer token `/metrics` requires. Only its SHA-256 is kept, and a presented token is
/// compared digest to digest in constant time, so neither its content nor its length leaks
/// through timing.
#[derive(Clone)]
pub struct MetricsToken([u8; 32]);

impl MetricsToken {
    pub fn new(token: &str) -> Self {
        Self(Sha256::digest(token.as_bytes()).into())
    }

    pub fn accepts(&self, presented: &str) -> bool {
        let digest: [u8; 32] = Sha256::digest(presented.as_bytes()).into();
        bool::from(digest.ct_eq(&self.0))
    }
}

impl std::fmt::Debug for MetricsToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MetricsToken([redacted])")
    }
}

/// What the Stripe webhook needs to trust an event.
#[derive(Clone)]
pub struct StripeWebhook {
    secret: Arc<[u8]>,
    /// Whether this deployment takes live-mode events (its secret key is `sk_live_…`);
    /// events of the other mode are refused.
    pub livemode: bool,
}

impl StripeWebhook {
    pub fn new(secret: &str, livemode: bool) -> Self {
        Self {
            secret: secret.as_bytes().into(),
            livemode,
        }
    }

    pub(crate) fn secret(&self) -> &[u8] {
        &self.secret
    }
}

impl std::fmt::Debug for StripeWebhook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StripeWebhook")
            .field("secret", &"[redacted]")
            .field("livemode", &self.livemode)
            .finish()
    }
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("store", &self.store)
            .field("info", &self.info)
            .field("limits", &self.limits)
            .field(
                "probes",
                &self.probes.iter().map(|p| &p.0).collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}
