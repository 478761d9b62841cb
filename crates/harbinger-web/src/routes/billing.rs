//! Billing. `POST /webhooks/stripe` takes Stripe's events: it checks the signature on the raw
//! bytes, stores the event once (deduplicated by its id) and queues the job that applies it,
//! then answers 200, so Stripe's delivery never waits on business logic and a crash after the
//! answer loses nothing (RELIABILITY W1–W4, W9). Plans change only here, from a verified
//! event, never from a checkout's return URL (W8). A refused delivery goes to
//! [`crate::rejections`]: counted, throttled per address, audited by sample.
//!
//! Checkout, the customer portal and invoices (`/api/v1/billing/checkout|portal|invoices`)
//! call Stripe's API and are not built yet: those paths answer 404 like any unknown path.
//! `GET /api/v1/billing/usage` is in `usage.rs`.

use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use harbinger_billing::{Event, TOLERANCE_SECS, verify};
use harbinger_store::{NewJob, STRIPE_EVENT_JOB, Store, StoreError};
use http::{HeaderMap, StatusCode};
use serde::Serialize;
use utoipa::ToSchema;

use crate::extract::Meta;
use crate::rejections::Rejection;
use crate::{AppState, Problem, StripeWebhook};

/// Tries a queued Stripe event gets before it is parked as dead (visible in the job counts).
const EVENT_ATTEMPTS: i32 = 10;

/// The answer to a webhook delivery Harbinger kept.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookAck {
    pub received: bool,
    /// This event id had been received before; it is applied once all the same.
    pub duplicate: bool,
}

/// Receives a Stripe event. Needs `Stripe-Signature` over the exact body bytes, within five
/// minutes of now either way. Refused deliveries are counted, throttled per address (429 past
/// the quota) and audited by sample: the first from an address in a minute, then a summary.
#[utoipa::path(post, path = "/webhooks/stripe", tag = "billing",
    params(("Stripe-Signature" = String, Header, description = "t=<unix seconds>,v1=<hex HMAC-SHA256 of \"t.body\">")),
    request_body(content = Object, content_type = "application/json", description = "A Stripe event, as Stripe sent it"),
    responses(
        (status = 200, description = "Stored (or already stored); applied by a job", body = WebhookAck),
        (status = 400, description = "Missing or bad signature, a stale or future timestamp, not an event, or the wrong mode", body = Problem),
        (status = 429, description = "Too many rejected deliveries from this address within a minute; see Retry-After. Valid deliveries are never refused by this limit", body = Problem),
        (status = 404, description = "Billing is not configured on this server", body = Problem),
    ))]
pub async fn stripe_webhook(
    State(state): State<AppState>,
    Meta(meta): Meta,
    headers: HeaderMap,
    body: Bytes,
) -> Result<axum::Json<WebhookAck>, Response> {
    let Some(hook) = state.stripe.as_ref() else {
        return Err(Problem::new(StatusCode::NOT_FOUND)
            .with_type("billing-not-configured")
            .with_detail("billing is not configured on this server (set HARBINGER_STRIPE__SECRET_KEY and HARBINGER_STRIPE__WEBHOOK_SECRET)")
            .into_response());
    };
    let now = state.store.now_ms().div_euclid(1_000);
    match verified(hook, &headers, &body, now) {
        Ok((event, payload)) => keep(&state.store, &event, payload)
            .await
            .map(axum::Json)
            .map_err(|e| Problem::from(e).into_response()),
        Err(why) => {
            let refused = state
                .webhook_rejections
                .refuse(&state.store, &meta, &why, body.len());
            Err(refused.await)
        }
    }
}

/// Stores a verified event once and queues the job that applies it.
async fn keep(store: &Store, event: &Event, payload: &str) -> Result<WebhookAck, StoreError> {
    let new = store
        .record_stripe_event(&event.id, &event.kind, event.created, payload)
        .await?;
    // Queued whether or not the event is new: a crash between storing and queueing is
    // repaired by Stripe's redelivery (the job's unique key keeps it to one job).
    let mut job = NewJob::new(STRIPE_EVENT_JOB, serde_json::json!({"event_id": event.id}));
    job.unique_key = Some(format!("{STRIPE_EVENT_JOB}:{}", event.id));
    job.max_attempts = EVENT_ATTEMPTS;
    store.enqueue(&job).await?;
    let outcome = if new { "accepted" } else { "duplicate" };
    metrics::counter!("harbinger_stripe_webhooks_total", "outcome" => outcome).increment(1);
    Ok(WebhookAck {
        received: true,
        duplicate: !new,
    })
}

/// The event a delivery carries and its body as text, once the signature over the raw bytes,
/// the envelope and the mode all check out.
fn verified<'a>(
    hook: &StripeWebhook,
    headers: &HeaderMap,
    body: &'a [u8],
    now: i64,
) -> Result<(Event, &'a str), Rejection> {
    let signature = headers
        .get("stripe-signature")
        .map(|v| v.to_str().unwrap_or(""));
    verify(signature, body, hook.secret(), now, TOLERANCE_SECS).map_err(Rejection::Signature)?;
    let event = Event::parse(body).map_err(Rejection::NotAnEvent)?;
    if event.livemode != hook.livemode {
        return Err(Rejection::WrongMode {
            live_event: event.livemode,
            event_id: event.id,
        });
    }
    // serde_json accepted the bytes, so they are UTF-8; stored exactly as received.
    let payload = std::str::from_utf8(body).map_err(|_| Rejection::NotUtf8)?;
    Ok((event, payload))
}
