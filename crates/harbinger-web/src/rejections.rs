//! Rejected Stripe webhook deliveries: counted, throttled per source address, and audited by
//! sample, so an anonymous flood of bad signatures cannot queue every login behind the audit
//! log's lock.
//!
//! - Every rejection counts in `harbinger_stripe_webhook_rejected_total{reason, status}`.
//! - Rejections spend a per-address quota (the shared rate limiter, so Redis makes it
//!   cluster-wide); past it the answer is 429 with `Retry-After` instead of 400. Valid
//!   deliveries never spend it and are never refused by it.
//! - Audit rows: within a window (one quota window, opened by the first rejection after the
//!   last one closed) the first rejection from each address gets its own `webhook_rejected`
//!   row, up to [`MAX_ROWS_PER_WINDOW`] addresses. Every other rejection is counted, and when
//!   the window closes one `webhook_rejected_summary` row records how many there were, by
//!   reason and by address. The summary is written by [`RejectedDeliveries::run`] (every
//!   second it closes a window that is due, and at shutdown whatever is open); the counts are
//!   this replica's, and a crash loses at most the open window's summary (the counter has
//!   them until the process ends).

use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::response::{IntoResponse, Response};
use harbinger_auth::RequestMeta;
use harbinger_auth::ratelimit::{Limiter, Quota};
use harbinger_billing::{EventError, SignatureError};
use harbinger_core::Clock;
use harbinger_store::{ActorType, AuditEvent, Store};
use http::StatusCode;
use tokio_util::sync::CancellationToken;

use crate::Problem;

/// Individually audited addresses per window; rejections from further addresses are only
/// summarised, so a flood from many addresses is bounded too.
pub const MAX_ROWS_PER_WINDOW: usize = 100;

/// Addresses named in one summary; the rest are added up as `other`.
const MAX_NAMED: usize = 1_000;

/// Why a delivery was refused. The detail is safe to send back and to store: it never
/// contains the secret, an expected signature or the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    Signature(SignatureError),
    NotAnEvent(EventError),
    /// An event of the other mode (`true`: a live event at a test-mode deployment).
    WrongMode {
        live_event: bool,
        event_id: String,
    },
    NotUtf8,
}

impl Rejection {
    /// The metric and summary label: a short, fixed set.
    pub fn reason(&self) -> &'static str {
        match self {
            Self::Signature(SignatureError::Missing) => "missing_signature",
            Self::Signature(SignatureError::Malformed | SignatureError::NoV1) => {
                "malformed_signature"
            }
            Self::Signature(SignatureError::OutsideTolerance) => "timestamp",
            Self::Signature(SignatureError::Mismatch) => "bad_signature",
            Self::NotAnEvent(_) => "not_an_event",
            Self::WrongMode { .. } => "wrong_mode",
            Self::NotUtf8 => "not_utf8",
        }
    }

    pub fn detail(&self) -> String {
        match self {
            Self::Signature(e) => e.to_string(),
            Self::NotAnEvent(e) => e.to_string(),
            Self::WrongMode {
                live_event: true, ..
            } => "a live-mode event sent to a test-mode deployment".into(),
            Self::WrongMode { .. } => "a test-mode event sent to a live-mode deployment".into(),
            Self::NotUtf8 => "the body is not UTF-8".into(),
        }
    }
}

/// The rejection book of this replica; cheap to clone.
#[derive(Clone)]
pub struct RejectedDeliveries {
    inner: Arc<Inner>,
}

struct Inner {
    quota: Quota,
    limiter: Limiter,
    clock: Arc<dyn Clock>,
    window: Mutex<Window>,
}

impl std::fmt::Debug for RejectedDeliveries {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RejectedDeliveries")
            .field("quota", &self.inner.quota)
            .finish_non_exhaustive()
    }
}

impl RejectedDeliveries {
    /// `per_minute` rejections per source address before the answer becomes 429; the audit
    /// window is the quota's minute.
    pub fn new(limiter: Limiter, clock: Arc<dyn Clock>, per_minute: u32) -> Self {
        Self {
            inner: Arc::new(Inner {
                quota: Quota::new("webhook-rejections", per_minute.max(1), 60_000),
                limiter,
                clock,
                window: Mutex::new(Window::default()),
            }),
        }
    }

    /// Counts a refused delivery, audits it when it is the first from its address in the
    /// window, and gives the answer: 400, or 429 once the address is over its quota.
    pub async fn refuse(
        &self,
        store: &Store,
        meta: &RequestMeta,
        rejection: &Rejection,
        bytes: usize,
    ) -> Response {
        let ip = meta.ip.as_deref().unwrap_or("unknown");
        let quota = &self.inner.quota;
        let decision = self
            .inner
            .limiter
            .check(&format!("stripe-rejected:{ip}"), quota, 1)
            .await;
        let status = if decision.allowed { "400" } else { "429" };
        metrics::counter!("harbinger_stripe_webhook_rejected_total",
            "reason" => rejection.reason(), "status" => status)
        .increment(1);
        metrics::counter!("harbinger_stripe_webhooks_total", "outcome" => "rejected").increment(1);
        let first = self.lock().note(self.inner.clock.now_ms(), ip, rejection);
        if first {
            let mut ev = AuditEvent::system("webhook_rejected").failed(rejection.detail());
            ev.actor_type = ActorType::Stripe;
            ev.ip.clone_from(&meta.ip);
            ev.user_agent.clone_from(&meta.user_agent);
            ev.request_id.clone_from(&meta.request_id);
            if let Rejection::WrongMode { event_id, .. } = rejection {
                ev = ev.target("stripe_event", event_id);
            }
            let ev = ev.meta(serde_json::json!({
                "endpoint": "/webhooks/stripe",
                "bytes": bytes,
                "sampled": "first rejection from this address in the window; the rest are in webhook_rejected_summary",
            }));
            if let Err(e) = store.audit(&ev).await {
                return Problem::from(e).into_response();
            }
        }
        let mut res = if decision.allowed {
            Problem::bad_request(rejection.detail()).with_type("webhook-rejected")
        } else {
            Problem::new(StatusCode::TOO_MANY_REQUESTS)
                .with_type("rate-limited")
                .with_detail(format!(
                    "too many rejected deliveries from this address; retry after {} s",
                    decision.retry_after_secs()
                ))
                .with_retry_after(decision.retry_after_secs())
        }
        .into_response();
        crate::security::advertise(res.headers_mut(), &decision);
        res
    }

    /// Writes each window's summary once it is due (checked every second), and whatever is
    /// open when `stop` is cancelled.
    pub async fn run(self, store: Store, stop: CancellationToken) {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            let stopping = tokio::select! {
                () = stop.cancelled() => true,
                _ = tick.tick() => false,
            };
            let now = self.inner.clock.now_ms();
            let due = self.lock().close(now, self.inner.quota.window_ms, stopping);
            if let Some(summary) = due {
                let ev = AuditEvent::system("webhook_rejected_summary")
                    .failed(format!(
                        "{} more rejected deliveries in the window",
                        summary.summarised
                    ))
                    .meta(summary.to_json());
                if let Err(e) = store.audit(&ev).await {
                    tracing::warn!(error = %e, "cannot write the webhook rejection summary");
                }
            }
            if stopping {
                break;
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Window> {
        // A poisoned lock only means a panic mid-update of plain counters.
        self.inner
            .window
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

/// The rejections of the open window.
#[derive(Debug, Default)]
struct Window {
    /// Unix ms of the rejection that opened it; `None` while no window is open.
    started_ms: Option<i64>,
    audited: HashSet<String>,
    summary: Summary,
}

/// What a window's summary row records: the rejections that got no row of their own.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Summary {
    started_ms: i64,
    ended_ms: i64,
    summarised: u64,
    by_reason: BTreeMap<&'static str, u64>,
    by_address: BTreeMap<String, u64>,
    other_addresses: u64,
}

impl Summary {
    fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "endpoint": "/webhooks/stripe",
            "window_start_ms": self.started_ms,
            "window_end_ms": self.ended_ms,
            "rejected": self.summarised,
            "by_reason": self.by_reason,
            "by_address": self.by_address,
            "other_addresses": self.other_addresses,
        })
    }
}

impl Window {
    /// Records a rejection at `now` (opening a window if none is); true when it gets its own
    /// audit row. Only [`Window::close`] ends a window.
    fn note(&mut self, now: i64, ip: &str, rejection: &Rejection) -> bool {
        self.started_ms.get_or_insert(now);
        if !self.audited.contains(ip) && self.audited.len() < MAX_ROWS_PER_WINDOW {
            self.audited.insert(ip.to_owned());
            return true;
        }
        let s = &mut self.summary;
        s.summarised += 1;
        *s.by_reason.entry(rejection.reason()).or_default() += 1;
        if s.by_address.contains_key(ip) || s.by_address.len() < MAX_NAMED {
            *s.by_address.entry(ip.to_owned()).or_default() += 1;
        } else {
            s.other_addresses += 1;
        }
        false
    }

    /// Closes the window when it is due (or `force`): its summary, if anything was only
    /// counted.
    fn close(&mut self, now: i64, window_ms: i64, force: bool) -> Option<Summary> {
        let started = self.started_ms?;
        if !force && now < started + window_ms {
            return None;
        }
        let mut summary = std::mem::take(self).summary;
        summary.started_ms = started;
        summary.ended_ms = now;
        (summary.summarised > 0).then_some(summary)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BAD: Rejection = Rejection::Signature(SignatureError::Mismatch);

    #[test]
    fn the_first_rejection_per_address_and_window_is_audited_the_rest_summarised() {
        let mut w = Window::default();
        assert!(w.note(1_000, "10.0.0.1", &BAD));
        assert!(w.note(1_001, "10.0.0.2", &BAD));
        for i in 0..5 {
            assert!(!w.note(2_000 + i, "10.0.0.1", &BAD));
        }
        assert!(!w.note(3_000, "10.0.0.2", &Rejection::NotUtf8));
        assert_eq!(w.close(60_999, 60_000, false), None, "not due yet");
        let s = w.close(61_000, 60_000, false).unwrap();
        assert_eq!(s.summarised, 6);
        assert_eq!(s.by_reason["bad_signature"], 5);
        assert_eq!(s.by_reason["not_utf8"], 1);
        assert_eq!(s.by_address["10.0.0.1"], 5);
        assert_eq!((s.started_ms, s.ended_ms), (1_000, 61_000));
        // A new window audits each address's first rejection again.
        assert!(w.note(70_000, "10.0.0.1", &BAD));
        assert_eq!(
            w.close(70_001, 60_000, true),
            None,
            "nothing was only counted"
        );
    }

    #[test]
    fn many_addresses_give_a_bounded_number_of_rows() {
        let mut w = Window::default();
        let rows = (0..10_000)
            .filter(|i| w.note(0, &format!("10.1.{}.{}", i / 256, i % 256), &BAD))
            .count();
        assert_eq!(rows, MAX_ROWS_PER_WINDOW);
        let s = w.close(60_000, 60_000, false).unwrap();
        assert_eq!(s.summarised, 10_000 - MAX_ROWS_PER_WINDOW as u64);
        assert_eq!(s.by_address.len(), MAX_NAMED);
        assert_eq!(
            s.other_addresses,
            10_000 - (MAX_ROWS_PER_WINDOW + MAX_NAMED) as u64
        );
    }
}
