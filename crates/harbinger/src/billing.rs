//! Billing's background work: the `stripe_event` job that applies a stored Stripe event, and
//! the sweep that re-queues an event whose job was lost. The HTTP side (signature, storage,
//! queueing) is `harbinger-web`'s `/webhooks/stripe`; the rules are in `harbinger-billing`.

use std::sync::Arc;

use harbinger_billing::{CheckoutLink, Event, PriceMap, Snapshot};
use harbinger_jobs::{JobError, Runner};
use harbinger_store::{
    ActorType, Applied, AuditEvent, NewJob, STRIPE_EVENT_JOB, Store, StoreError,
};
use uuid::Uuid;

use crate::config::Config;

/// The recurring job that re-queues stored events nobody applied.
pub const SWEEP_JOB: &str = "stripe_events_sweep";

/// How often the sweep runs.
const SWEEP_EVERY_MS: i64 = 300_000;

/// An event unapplied for this long is re-queued by the sweep.
const SWEEP_AFTER_MS: i64 = 60_000;

/// Which Stripe prices buy which plan, from `plans.*.stripe_prices`.
pub fn price_map(config: &Config) -> PriceMap {
    PriceMap {
        pro: config.plans.pro.stripe_prices.0.clone(),
        quant: config.plans.quant.stripe_prices.0.clone(),
    }
}

/// The webhook's settings, when billing is configured (both secrets set; start-up refuses
/// one without the other).
pub fn webhook(config: &Config) -> Option<harbinger_web::StripeWebhook> {
    let secret = config.stripe.webhook_secret.as_ref()?;
    let live = config
        .stripe
        .secret_key
        .as_ref()
        .is_some_and(|k| k.expose().contains("_live_"));
    Some(harbinger_web::StripeWebhook::new(secret.expose(), live))
}

#[expect(clippy::needless_pass_by_value, reason = "an adapter for map_err")]
fn store_err(e: StoreError) -> JobError {
    JobError::Retry(e.to_string())
}

/// Applies one stored event. Safe to run any number of times, concurrently: the store marks
/// the event processed in the transaction that makes its change.
pub async fn apply_event(
    store: &Store,
    prices: &PriceMap,
    event_id: &str,
) -> Result<Applied, JobError> {
    let Some(stored) = store.stripe_event(event_id).await.map_err(store_err)? else {
        return Err(JobError::Permanent(format!("no stored event {event_id}")));
    };
    if stored.processed_at.is_some() {
        return Ok(Applied::AlreadyProcessed);
    }
    let event =
        Event::parse(stored.payload.as_bytes()).map_err(|e| JobError::Permanent(e.to_string()))?;
    if let Some(link) = CheckoutLink::from_event(&event) {
        let Ok(user) = Uuid::parse_str(&link.user_ref) else {
            tracing::warn!(event = %event.id, "checkout without a Harbinger user id; ignored");
            store
                .ignore_stripe_event(&event.id)
                .await
                .map_err(store_err)?;
            return Ok(Applied::Stale);
        };
        return store
            .link_billing_customer(&event.id, &link.customer, user)
            .await
            .map_err(store_err);
    }
    let snapshot = match Snapshot::from_event(&event) {
        Ok(Some(s)) => s,
        Ok(None) => {
            store
                .ignore_stripe_event(&event.id)
                .await
                .map_err(store_err)?;
            return Ok(Applied::Stale);
        }
        Err(e) => return Err(JobError::Permanent(e.to_string())),
    };
    let user = match snapshot
        .user_ref
        .as_deref()
        .and_then(|u| Uuid::parse_str(u).ok())
    {
        Some(u) => u,
        None => store
            .billing_customer_user(&snapshot.customer)
            .await
            .map_err(store_err)?
            // The checkout that links the customer may still be on its way: retry.
            .ok_or_else(|| {
                JobError::Retry(format!(
                    "no user is linked to customer {} yet",
                    snapshot.customer
                ))
            })?,
    };
    let plan = prices.plan_of(&snapshot.price_ids);
    let applied = store
        .apply_subscription(
            &event.id,
            &snapshot,
            plan,
            user,
            |old_status, old_plan, now| {
                let mut ev = AuditEvent::system("subscription_change")
                    .target("user", user)
                    .meta(serde_json::json!({
                        "event": event.id,
                        "subscription": snapshot.id,
                        "from_plan": old_plan.as_str(),
                        "to_plan": now.plan.as_str(),
                        "from_status": old_status,
                        "to_status": now.status.as_str(),
                    }));
                ev.actor_type = ActorType::Stripe;
                ev
            },
        )
        .await
        .map_err(store_err)?;
    if let Applied::Changed(e) = applied {
        tracing::info!(%user, plan = e.plan.as_str(), status = e.status.as_str(), "plan changed by Stripe");
    }
    Ok(applied)
}

/// Registers the billing jobs.
pub fn register(runner: Runner, prices: PriceMap) -> Runner {
    let prices = Arc::new(prices);
    let store = runner.store().clone();
    let sweep_store = store.clone();
    runner
        .handle(STRIPE_EVENT_JOB, move |job| {
            let store = store.clone();
            let prices = prices.clone();
            async move {
                let id = job
                    .payload
                    .get("event_id")
                    .and_then(serde_json::Value::as_str)
                    .ok_or_else(|| JobError::Permanent("no event_id in the payload".into()))?;
                apply_event(&store, &prices, id).await.map(|_| ())
            }
        })
        .handle(SWEEP_JOB, move |_job| {
            let store = sweep_store.clone();
            async move { sweep(&store).await.map(|_| ()).map_err(store_err) }
        })
}

/// Queues again every stored event left unapplied for a minute (its job was lost with a crash
/// between storing and queueing, or went dead); returns how many.
pub async fn sweep(store: &Store) -> Result<usize, StoreError> {
    let before = store.now_ms() - SWEEP_AFTER_MS;
    let pending = store.pending_stripe_events(before, 1_000).await?;
    for id in &pending {
        // A fresh key per sweep: the earlier job may be dead or lost.
        let mut job = NewJob::new(STRIPE_EVENT_JOB, serde_json::json!({"event_id": id}));
        job.unique_key = Some(format!("{STRIPE_EVENT_JOB}:{id}:{}", store.now_ms()));
        store.enqueue(&job).await?;
    }
    metrics::gauge!("harbinger_stripe_events_unprocessed")
        .set(store.unprocessed_stripe_events().await? as f64);
    Ok(pending.len())
}

/// Schedules the sweep (idempotent).
pub async fn ensure_schedule(store: &Store) -> Result<(), StoreError> {
    let now = store.now_ms();
    store
        .ensure_schedule(SWEEP_JOB, SWEEP_JOB, SWEEP_EVERY_MS, now)
        .await
}
