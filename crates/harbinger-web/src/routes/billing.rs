//! Billing. `POST /webhooks/stripe` takes Stripe's events: it checks the signature on the raw
//! bytes, stores the event once (deduplicated by its id) and queues the job that applies it,
//! then answers 200, so Stripe's delivery never waits on business logic and a crash after the
//! answer loses nothing (RELIABILITY W1–W4, W9). Plans change only here, from a verified
//! event, never from a checkout's return URL (W8).
//!
//! Checkout, the customer portal and invoices (`/api/v1/billing/checkout|portal|invoices`)
//! call Stripe's API and are not built yet: those paths answer 404 like any unknown path.
//! `GET /api/v1/billing/usage` is in `usage.rs`.

use axum::body::Bytes;
use axum::extract::State;
use harbinger_billing::{Event, TOLERANCE_SECS, verify};
use harbinger_store::{ActorType, NewJob, STRIPE_EVENT_JOB};
use http::{HeaderMap, StatusCode};
use serde::Serialize;
use utoipa::ToSchema;

use crate::extract::Meta;
use crate::{AppState, Problem};

/// Tries a queued Stripe event gets before it is parked as dead (visible in the job counts).
const EVENT_ATTEMPTS: i32 = 10;

/// The answer to a webhook delivery Harbinger kept.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookAck {
    pub received: bool,
    /// This event id had been received before; it is applied once all the same.
    pub duplicate: bool,
}

fn rejected(reason: &str) -> Problem {
    metrics::counter!("harbinger_stripe_webhooks_total", "outcome" => "rejected").increment(1);
    Problem::bad_request(reason.to_owned()).with_type("webhook-rejected")
}

/// Receives a Stripe event. Needs `Stripe-Signature` over the exact body bytes, within five
/// minutes of now either way.
#[utoipa::path(post, path = "/webhooks/stripe", tag = "billing",
    params(("Stripe-Signature" = String, Header, description = "t=<unix seconds>,v1=<hex HMAC-SHA256 of \"t.body\">")),
    request_body(content = Object, content_type = "application/json", description = "A Stripe event, as Stripe sent it"),
    responses(
        (status = 200, description = "Stored (or already stored); applied by a job", body = WebhookAck),
        (status = 400, description = "Missing or bad signature, a stale or future timestamp, not an event, or the wrong mode", body = Problem),
        (status = 404, description = "Billing is not configured on this server", body = Problem),
    ))]
pub async fn stripe_webhook(
    State(state): State<AppState>,
    Meta(meta): Meta,
    headers: HeaderMap,
    body: Bytes,
) -> Result<axum::Json<WebhookAck>, Problem> {
    let Some(hook) = state.stripe.clone() else {
        return Err(Problem::new(StatusCode::NOT_FOUND)
            .with_type("billing-not-configured")
            .with_detail("billing is not configured on this server (set HARBINGER_STRIPE__SECRET_KEY and HARBINGER_STRIPE__WEBHOOK_SECRET)"));
    };
    let audit_rejection = |reason: String| {
        let mut ev = state
            .accounts
            .event(&meta, None, "webhook_rejected")
            .failed(reason);
        ev.actor_type = ActorType::Stripe;
        ev.meta(serde_json::json!({"endpoint": "/webhooks/stripe", "bytes": body.len()}))
    };
    let signature = headers
        .get("stripe-signature")
        .map(|v| v.to_str().unwrap_or(""));
    let now = state.store.now_ms().div_euclid(1_000);
    if let Err(e) = verify(signature, &body, hook.secret(), now, TOLERANCE_SECS) {
        state.store.audit(&audit_rejection(e.to_string())).await?;
        return Err(rejected(&e.to_string()));
    }
    let event = match Event::parse(&body) {
        Ok(e) => e,
        Err(e) => {
            state.store.audit(&audit_rejection(e.to_string())).await?;
            return Err(rejected(&e.to_string()));
        }
    };
    if event.livemode != hook.livemode {
        let reason = if event.livemode {
            "a live-mode event sent to a test-mode deployment"
        } else {
            "a test-mode event sent to a live-mode deployment"
        };
        let ev = audit_rejection(reason.into()).target("stripe_event", &event.id);
        state.store.audit(&ev).await?;
        return Err(rejected(reason));
    }
    // serde_json accepted the bytes, so they are UTF-8; stored exactly as received.
    let payload = std::str::from_utf8(&body).map_err(|_| rejected("the body is not UTF-8"))?;
    let new = state
        .store
        .record_stripe_event(&event.id, &event.kind, event.created, payload)
        .await?;
    // Queued whether or not the event is new: a crash between storing and queueing is
    // repaired by Stripe's redelivery (the job's unique key keeps it to one job).
    let mut job = NewJob::new(STRIPE_EVENT_JOB, serde_json::json!({"event_id": event.id}));
    job.unique_key = Some(format!("{STRIPE_EVENT_JOB}:{}", event.id));
    job.max_attempts = EVENT_ATTEMPTS;
    state.store.enqueue(&job).await?;
    let outcome = if new { "accepted" } else { "duplicate" };
    metrics::counter!("harbinger_stripe_webhooks_total", "outcome" => outcome).increment(1);
    Ok(axum::Json(WebhookAck {
        received: true,
        duplicate: !new,
    }))
}
