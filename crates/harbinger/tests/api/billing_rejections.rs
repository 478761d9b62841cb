//! An anonymous flood at `/webhooks/stripe` cannot slow everyone: refused deliveries are
//! throttled per address (429 + `Retry-After` past the quota), audited by sample (the first
//! from an address in a window, then one summary row for the window) and counted in
//! `harbinger_stripe_webhook_rejected_total`, while a correctly signed event still goes
//! through.

use std::time::{Duration, Instant};

use harbinger_core::ManualClock;
use harbinger_store::AuditQuery;
use harbinger_testkit::{Backend, TestApp};
use serde_json::Value;

use crate::accounts::support::{count_action, json_of};
use crate::billing::{
    SECRET, billing_app, billing_test, deliver, now_secs, post_raw, subscription_event,
};

/// Refused deliveries per address and minute before 429 (the default).
const QUOTA: usize = 10;
const FLOOD: usize = 30;

/// The summary rows written so far, waiting up to 5 s for at least `want`.
async fn summaries(app: &TestApp, want: usize) -> Vec<Value> {
    let start = Instant::now();
    loop {
        let q = AuditQuery {
            after_seq: 0,
            limit: 1_000,
            action: Some("webhook_rejected_summary".into()),
            ..Default::default()
        };
        let rows = app.db.store.audit_rows(&q).await.unwrap();
        if rows.len() >= want || start.elapsed() > Duration::from_secs(5) {
            return rows
                .iter()
                .map(|r| serde_json::from_str(&r.metadata).unwrap())
                .collect();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The value of the first sample of `name` whose labels include every one of `labels`.
fn sample(text: &str, name: &str, labels: &[&str]) -> f64 {
    text.lines()
        .find(|l| l.starts_with(&format!("{name}{{")) && labels.iter().all(|x| l.contains(x)))
        .and_then(|l| l.rsplit(' ').next())
        .map_or(0.0, |v| v.parse().unwrap())
}

billing_test!(
    a_flood_of_bad_signatures_is_throttled_and_audited_by_sample,
    false,
    |app, clock| {
        let event = subscription_event(
            60,
            "customer.subscription.created",
            now_secs(&clock),
            "active",
            "price_pro",
            None,
        );
        let body = serde_json::to_vec(&event).unwrap();
        let forged = harbinger_billing::sign(b"whsec_guess", now_secs(&clock), &body);
        let mut statuses = Vec::new();
        for i in 0..FLOOD {
            let res = post_raw(&app, &body, Some(&forged)).await;
            let status = res.status().as_u16();
            assert!(res.headers().contains_key("ratelimit-policy"), "call {i}");
            if status == 429 {
                let wait: u64 = res.headers()["retry-after"]
                    .to_str()
                    .unwrap()
                    .parse()
                    .unwrap();
                assert!((1..=60).contains(&wait), "Retry-After {wait}");
                assert_eq!(
                    res.headers()["content-type"],
                    "application/problem+json",
                    "call {i}"
                );
                let p = json_of(res).await;
                assert!(
                    p["type"].as_str().unwrap().ends_with("/rate-limited"),
                    "{p}"
                );
            }
            statuses.push(status);
            // Mid-flood, Stripe's own correctly signed delivery from the same address.
            if i == QUOTA + 5 {
                let res = deliver(&app, &clock, &event).await;
                assert_eq!(res.status(), 200, "a valid event during the flood");
                assert_eq!(json_of(res).await["duplicate"], false);
            }
        }
        assert_eq!(statuses[..QUOTA], [400; QUOTA], "{statuses:?}");
        assert_eq!(statuses[QUOTA..], [429; FLOOD - QUOTA], "{statuses:?}");
        assert!(
            app.db
                .store
                .stripe_event("evt_test_60")
                .await
                .unwrap()
                .is_some(),
            "the valid event was stored"
        );

        // One row for the first refusal; nothing else written yet.
        assert_eq!(count_action(&app, "webhook_rejected").await, 1);
        assert!(summaries(&app, 0).await.is_empty());

        // Counted by reason and answer.
        let metrics = app.get("/metrics").await.text().await.unwrap();
        let name = "harbinger_stripe_webhook_rejected_total";
        let limited = sample(
            &metrics,
            name,
            &["reason=\"bad_signature\"", "status=\"429\""],
        );
        let refused = sample(
            &metrics,
            name,
            &["reason=\"bad_signature\"", "status=\"400\""],
        );
        // The registry is the test process's: other servers' refusals may add to it.
        assert!(limited >= (FLOOD - QUOTA) as f64, "{limited}\n{metrics}");
        assert!(refused >= QUOTA as f64, "{refused}");

        // The window ends: one summary row for everything that had no row of its own.
        clock.advance_ms(61_000);
        let rows = summaries(&app, 1).await;
        assert_eq!(rows.len(), 1, "{rows:?}");
        let s = &rows[0];
        assert_eq!(s["rejected"], FLOOD - 1, "{s}");
        assert_eq!(s["by_reason"]["bad_signature"], FLOOD - 1, "{s}");
        assert_eq!(s["by_address"]["127.0.0.1"], FLOOD - 1, "{s}");
        assert_eq!(s["endpoint"], "/webhooks/stripe");
        assert!(!s.to_string().contains(SECRET));

        // A new window: the quota is back and the next refusal has its own row again.
        let res = post_raw(&app, &body, None).await;
        assert_eq!(res.status(), 400);
        assert_eq!(count_action(&app, "webhook_rejected").await, 2);
    }
);

/// The quota is configurable and applies per address only to refusals: a signed event is
/// accepted even while the address is limited.
#[tokio::test]
async fn a_limited_address_still_delivers_signed_events() {
    let (app, clock): (TestApp, ManualClock) =
        crate::accounts::support::spawn(Backend::Sqlite, |c| {
            c.stripe.secret_key = Some(harbinger::config::Secret::new(format!(
                "sk_{}_harbingerbillingtest",
                "test"
            )));
            c.stripe.webhook_secret = Some(harbinger::config::Secret::new(SECRET));
            c.stripe.rejections_per_minute = 1;
        })
        .await;
    assert_eq!(post_raw(&app, b"{}", None).await.status(), 400);
    assert_eq!(post_raw(&app, b"{}", None).await.status(), 429);
    let event = subscription_event(
        70,
        "customer.subscription.created",
        now_secs(&clock),
        "active",
        "price_pro",
        None,
    );
    assert_eq!(deliver(&app, &clock, &event).await.status(), 200);
    assert_eq!(post_raw(&app, b"{}", None).await.status(), 429);
}
