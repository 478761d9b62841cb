//! Billing through Stripe's webhook, driven with signed events in Stripe's wire format: S18
//! (paid features stop with a past-due or canceled subscription, within 5 s of the event), W1
//! and W2 (signatures on the raw bytes, a symmetric five-minute window), W3 (one effect per
//! event however often it arrives), W8 (the plan changes only from a verified event), W9
//! (the wrong mode refused, unknown kinds acknowledged), and an event that arrives before the
//! checkout that names its user.

use std::time::{Duration, Instant};

use harbinger_core::ManualClock;
use harbinger_testkit::{Backend, TestApp};
use serde_json::{Value, json};

use crate::accounts::support::{
    bearer, count_action, get, json_of, new_key, set_plan, spawn, user, user_id,
};

pub(crate) const SECRET: &str = "whsec_planted";

/// A server with billing configured: `price_pro` buys Pro and `price_quant` buys Quant.
pub(crate) async fn billing_app(backend: Backend, live: bool) -> (TestApp, ManualClock) {
    spawn(backend, |c| {
        // Built here so the repository's secret scan sees no live-looking key.
        let mode = if live { "live" } else { "test" };
        c.stripe.secret_key = Some(harbinger::config::Secret::new(format!(
            "sk_{mode}_harbingerbillingtest"
        )));
        c.stripe.webhook_secret = Some(harbinger::config::Secret::new(SECRET));
        c.plans.pro.stripe_prices.0 = vec!["price_pro".into()];
        c.plans.quant.stripe_prices.0 = vec!["price_quant".into()];
    })
    .await
}

pub(crate) fn now_secs(clock: &ManualClock) -> i64 {
    use harbinger_core::Clock as _;
    clock.now_ms() / 1_000
}

/// Posts `body` to the webhook with `signature` (when given) as `Stripe-Signature`.
pub(crate) async fn post_raw(
    app: &TestApp,
    body: &[u8],
    signature: Option<&str>,
) -> reqwest::Response {
    let mut r = app
        .client
        .post(format!("{}/webhooks/stripe", app.url))
        .header("content-type", "application/json")
        .body(body.to_vec());
    if let Some(s) = signature {
        r = r.header("stripe-signature", s);
    }
    r.send().await.unwrap()
}

/// Delivers `event` signed at the server's now, as Stripe does.
pub(crate) async fn deliver(
    app: &TestApp,
    clock: &ManualClock,
    event: &Value,
) -> reqwest::Response {
    let body = serde_json::to_vec(event).unwrap();
    let sig = harbinger_billing::sign(SECRET.as_bytes(), now_secs(clock), &body);
    post_raw(app, &body, Some(&sig)).await
}

/// A `customer.subscription.*` event in Stripe's envelope.
pub(crate) fn subscription_event(
    n: u32,
    kind: &str,
    created: i64,
    status: &str,
    price: &str,
    user: Option<uuid::Uuid>,
) -> Value {
    let metadata = user.map_or(json!({}), |u| json!({"harbinger_user_id": u.to_string()}));
    json!({
        "id": format!("evt_test_{n}"),
        "object": "event",
        "api_version": "2024-06-20",
        "created": created,
        "livemode": false,
        "pending_webhooks": 1,
        "request": {"id": null, "idempotency_key": null},
        "type": kind,
        "data": {"object": {
            "id": "sub_test_1",
            "object": "subscription",
            "customer": "cus_test_1",
            "status": status,
            "metadata": metadata,
            "items": {"object": "list", "data": [{
                "id": "si_test_1",
                "object": "subscription_item",
                "current_period_end": created + 2_592_000,
                "price": {"id": price, "object": "price"}
            }]}
        }}
    })
}

/// Polls `/api/v1/me` until the plan and billing status are as wanted; how long it took.
async fn wait_for(app: &TestApp, cookie: &str, plan: &str, status: &str) -> Duration {
    let start = Instant::now();
    loop {
        let me = json_of(get(app, "/api/v1/me", Some(cookie)).await).await;
        if me["plan"] == plan && me["billing_status"] == status {
            return start.elapsed();
        }
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "plan {plan}/{status} not reached within 5 s; /me says {me}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

macro_rules! billing_test {
    ($name:ident, $live:expr, |$app:ident, $clock:ident| $body:block) => {
        mod $name {
            use super::*;

            async fn run($app: TestApp, $clock: ManualClock) $body

            #[tokio::test]
            async fn sqlite() {
                let (app, clock) = billing_app(Backend::Sqlite, $live).await;
                run(app, clock).await;
            }

            #[tokio::test]
            async fn postgres() {
                let (app, clock) = billing_app(Backend::Postgres, $live).await;
                run(app, clock).await;
            }
        }
    };
}
pub(crate) use billing_test;

billing_test!(
    s18_paid_features_follow_the_subscription,
    false,
    |app, clock| {
        let cookie = user(&app, "payer@example.com").await;
        let id = user_id(&app, "payer@example.com").await;
        let me = json_of(get(&app, "/api/v1/me", Some(&cookie)).await).await;
        assert_eq!(
            (me["plan"].as_str(), &me["billing_status"]),
            (Some("free"), &Value::Null)
        );
        let t = now_secs(&clock);

        // Subscribed: Pro within 5 s, and a Pro feature works.
        let res = deliver(
            &app,
            &clock,
            &subscription_event(
                1,
                "customer.subscription.created",
                t,
                "active",
                "price_pro",
                Some(id),
            ),
        )
        .await;
        assert_eq!(res.status(), 200);
        assert_eq!(
            json_of(res).await,
            json!({"received": true, "duplicate": false})
        );
        wait_for(&app, &cookie, "pro", "active").await;
        assert_eq!(
            get(&app, "/api/v1/export/signals.csv", Some(&cookie))
                .await
                .status(),
            200
        );
        let key = new_key(&app, &cookie, json!(["read"])).await["key"]
            .as_str()
            .unwrap()
            .to_owned();
        assert_eq!(
            bearer(&app, reqwest::Method::GET, "/api/v1/me", &key)
                .await
                .status(),
            200
        );

        // Past due: paid features answer 402 and say why; the key stops too.
        deliver(
            &app,
            &clock,
            &subscription_event(
                2,
                "customer.subscription.updated",
                t + 60,
                "past_due",
                "price_pro",
                Some(id),
            ),
        )
        .await;
        wait_for(&app, &cookie, "free", "past_due").await;
        let res = get(&app, "/api/v1/export/signals.csv", Some(&cookie)).await;
        assert_eq!(res.status(), 402);
        let p = json_of(res).await;
        assert!(
            p["type"].as_str().unwrap().ends_with("/payment-required"),
            "{p}"
        );
        assert!(p["detail"].as_str().unwrap().contains("past due"), "{p}");
        assert_eq!(
            bearer(&app, reqwest::Method::GET, "/api/v1/me", &key)
                .await
                .status(),
            402
        );

        // Paid again: Pro again.
        deliver(
            &app,
            &clock,
            &subscription_event(
                3,
                "customer.subscription.updated",
                t + 120,
                "active",
                "price_pro",
                Some(id),
            ),
        )
        .await;
        wait_for(&app, &cookie, "pro", "active").await;
        assert_eq!(
            get(&app, "/api/v1/export/signals.csv", Some(&cookie))
                .await
                .status(),
            200
        );

        // Canceled: Free, and paid features are a plan matter (403) again.
        deliver(
            &app,
            &clock,
            &subscription_event(
                4,
                "customer.subscription.deleted",
                t + 180,
                "canceled",
                "price_pro",
                Some(id),
            ),
        )
        .await;
        let took = wait_for(&app, &cookie, "free", "canceled").await;
        assert!(took < Duration::from_secs(5));
        let res = get(&app, "/api/v1/export/signals.csv", Some(&cookie)).await;
        assert_eq!(res.status(), 403);
        assert!(
            json_of(res).await["type"]
                .as_str()
                .unwrap()
                .ends_with("/plan-limit")
        );
        assert_eq!(
            bearer(&app, reqwest::Method::GET, "/api/v1/me", &key)
                .await
                .status(),
            403
        );

        // A late copy of an older state changes nothing: a cancellation is final.
        deliver(
            &app,
            &clock,
            &subscription_event(
                5,
                "customer.subscription.updated",
                t + 90,
                "active",
                "price_pro",
                Some(id),
            ),
        )
        .await;
        tokio::time::sleep(Duration::from_millis(1_500)).await;
        wait_for(&app, &cookie, "free", "canceled").await;

        // One audit row per change, by Stripe, none with a secret.
        assert_eq!(count_action(&app, "subscription_change").await, 4);
        let rows = app
            .db
            .store
            .audit_rows(&harbinger_store::AuditQuery {
                after_seq: 0,
                limit: 1_000,
                action: Some("subscription_change".into()),
                ..Default::default()
            })
            .await
            .unwrap();
        assert!(
            rows.iter().all(
                |r| r.actor_type == "stripe" && r.target_id.as_deref() == Some(&id.to_string())
            )
        );
        assert!(!serde_json::to_string(&rows).unwrap().contains(SECRET));
        assert!(
            !crate::logs::text().contains(SECRET),
            "the webhook secret reached the logs"
        );
    }
);

billing_test!(
    w1_w2_signatures_are_checked_on_the_raw_bytes,
    false,
    |app, clock| {
        let event = subscription_event(
            10,
            "customer.subscription.created",
            now_secs(&clock),
            "active",
            "price_pro",
            None,
        );
        let body = serde_json::to_vec(&event).unwrap();
        let t = now_secs(&clock);
        let sig = |t: i64, body: &[u8]| harbinger_billing::sign(SECRET.as_bytes(), t, body);
        let mut changed = body.clone();
        let i = changed.iter().position(|&b| b == b'1').unwrap();
        changed[i] = b'2';
        let reserialized = serde_json::to_vec_pretty(&event).unwrap();
        let wrong_secret = harbinger_billing::sign(b"whsec_other", t, &body);
        let refused: Vec<(&str, Vec<u8>, Option<String>)> = vec![
            ("no header", body.clone(), None),
            ("garbage header", body.clone(), Some("garbage".into())),
            (
                "no v1",
                body.clone(),
                Some(sig(t, &body).replace("v1=", "v0=")),
            ),
            ("wrong secret", body.clone(), Some(wrong_secret)),
            ("one byte changed", changed, Some(sig(t, &body))),
            ("re-serialised JSON", reserialized, Some(sig(t, &body))),
            ("301 s old", body.clone(), Some(sig(t - 301, &body))),
            ("301 s ahead", body.clone(), Some(sig(t + 301, &body))),
        ];
        for (why, b, s) in refused {
            let res = post_raw(&app, &b, s.as_deref()).await;
            assert_eq!(res.status(), 400, "{why}");
            let p = json_of(res).await;
            assert!(
                p["type"].as_str().unwrap().ends_with("/webhook-rejected"),
                "{why}: {p}"
            );
            assert!(!p.to_string().contains(SECRET));
        }
        // The first refusal from this address has its own row; the rest wait for the
        // window's summary (billing_rejections.rs).
        assert_eq!(count_action(&app, "webhook_rejected").await, 1);
        assert_eq!(
            app.db.store.stripe_event("evt_test_10").await.unwrap(),
            None
        );
        // Within the window either way: accepted (the second is a duplicate).
        for (skew, duplicate) in [(-299, false), (299, true)] {
            let res = post_raw(&app, &body, Some(&sig(t + skew, &body))).await;
            assert_eq!(res.status(), 200, "skew {skew}");
            assert_eq!(json_of(res).await["duplicate"], duplicate);
        }
        let stored = app
            .db
            .store
            .stripe_event("evt_test_10")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            stored.payload.as_bytes(),
            body.as_slice(),
            "stored byte for byte"
        );
    }
);

billing_test!(w3_copies_of_an_event_apply_once, false, |app, clock| {
    let cookie = user(&app, "copies@example.com").await;
    let id = user_id(&app, "copies@example.com").await;
    let event = subscription_event(
        20,
        "customer.subscription.created",
        now_secs(&clock),
        "active",
        "price_quant",
        Some(id),
    );
    for _ in 0..3 {
        assert_eq!(deliver(&app, &clock, &event).await.status(), 200);
    }
    let copies = (0..8).map(|_| deliver(&app, &clock, &event));
    for res in futures::future::join_all(copies).await {
        assert_eq!(res.status(), 200);
        assert_eq!(json_of(res).await["duplicate"], true);
    }
    wait_for(&app, &cookie, "quant", "active").await;
    // Eight workers applying the same stored event: one effect.
    let prices = harbinger_billing::PriceMap {
        pro: vec![],
        quant: vec!["price_quant".into()],
    };
    let runs =
        (0..8).map(|_| harbinger::billing::apply_event(&app.db.store, &prices, "evt_test_20"));
    for r in futures::future::join_all(runs).await {
        assert_eq!(r.unwrap(), harbinger_store::Applied::AlreadyProcessed);
    }
    assert_eq!(count_action(&app, "subscription_change").await, 1);
    let stored = app
        .db
        .store
        .stripe_event("evt_test_20")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.outcome.as_deref(), Some("applied"));
});

billing_test!(
    w8_a_plan_changes_only_from_a_verified_event,
    false,
    |app, clock| {
        let cookie = user(&app, "redirect@example.com").await;
        let id = user_id(&app, "redirect@example.com").await;
        // An unsigned copy of a real upgrade does nothing, and neither does a checkout's return.
        let event = subscription_event(
            30,
            "customer.subscription.created",
            now_secs(&clock),
            "active",
            "price_pro",
            Some(id),
        );
        let res = post_raw(&app, &serde_json::to_vec(&event).unwrap(), None).await;
        assert_eq!(res.status(), 400);
        get(
            &app,
            "/?checkout=success&session_id=cs_test_1",
            Some(&cookie),
        )
        .await;
        tokio::time::sleep(Duration::from_millis(1_500)).await;
        let me = json_of(get(&app, "/api/v1/me", Some(&cookie)).await).await;
        assert_eq!(me["plan"], "free");
        assert_eq!(count_action(&app, "subscription_change").await, 0);
    }
);

billing_test!(
    w9_the_wrong_mode_is_refused_and_unknown_kinds_are_acknowledged,
    true,
    |app, clock| {
        // This deployment is live (sk_live_…): a test-mode event is refused and audited.
        let test_mode = subscription_event(
            40,
            "customer.subscription.created",
            now_secs(&clock),
            "active",
            "price_pro",
            None,
        );
        let res = deliver(&app, &clock, &test_mode).await;
        assert_eq!(res.status(), 400);
        assert!(
            json_of(res).await["detail"]
                .as_str()
                .unwrap()
                .contains("test-mode")
        );
        assert_eq!(count_action(&app, "webhook_rejected").await, 1);
        // A kind Harbinger does not act on: 200, stored, marked ignored, never retried.
        let other = json!({
            "id": "evt_test_41", "object": "event", "created": now_secs(&clock), "livemode": true,
            "type": "balance.available", "data": {"object": {"object": "balance"}}
        });
        assert_eq!(deliver(&app, &clock, &other).await.status(), 200);
        let start = Instant::now();
        loop {
            let e = app
                .db
                .store
                .stripe_event("evt_test_41")
                .await
                .unwrap()
                .unwrap();
            if e.processed_at.is_some() {
                assert_eq!(e.outcome.as_deref(), Some("ignored"));
                break;
            }
            assert!(start.elapsed() < Duration::from_secs(5), "not processed");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
);

billing_test!(
    a_subscription_before_its_checkout_waits_for_the_link,
    false,
    |app, clock| {
        let cookie = user(&app, "early@example.com").await;
        let id = user_id(&app, "early@example.com").await;
        // No user in the metadata and an unknown customer: the job retries.
        let sub = subscription_event(
            50,
            "customer.subscription.created",
            now_secs(&clock),
            "active",
            "price_pro",
            None,
        );
        assert_eq!(deliver(&app, &clock, &sub).await.status(), 200);
        tokio::time::sleep(Duration::from_millis(1_500)).await;
        let stored = app
            .db
            .store
            .stripe_event("evt_test_50")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored.processed_at, None, "waits for the checkout");
        // The checkout links customer and user; the retry then applies the subscription.
        let checkout = json!({
            "id": "evt_test_51", "object": "event", "created": now_secs(&clock), "livemode": false,
            "type": "checkout.session.completed",
            "data": {"object": {"id": "cs_test_1", "object": "checkout.session", "mode": "subscription",
                "customer": "cus_test_1", "client_reference_id": id.to_string(), "subscription": "sub_test_1"}}
        });
        assert_eq!(deliver(&app, &clock, &checkout).await.status(), 200);
        // Move the clock past the retry's backoff; the signature is checked against it too.
        for _ in 0..40 {
            clock.advance_ms(30_000);
            tokio::time::sleep(Duration::from_millis(100)).await;
            let me = json_of(get(&app, "/api/v1/me", Some(&cookie)).await).await;
            if me["plan"] == "pro" {
                break;
            }
        }
        wait_for(&app, &cookie, "pro", "active").await;
        // A hand-set plan of a user without subscriptions is left alone by billing.
        let _other = user(&app, "manual@example.com").await;
        set_plan(&app, "manual@example.com", harbinger_core::Plan::Quant).await;
        let manual = app
            .db
            .store
            .user_by_email("manual@example.com")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (manual.plan, manual.billing_status),
            (harbinger_core::Plan::Quant, None)
        );
    }
);

billing_test!(
    an_event_stored_without_its_job_is_swept_up,
    false,
    |app, clock| {
        // As if the server died between storing the event and queueing its job. The store
        // runs on the server's clock.
        let store = app
            .db
            .store
            .clone()
            .with_clock(std::sync::Arc::new(clock.clone()));
        let cookie = user(&app, "swept@example.com").await;
        let id = user_id(&app, "swept@example.com").await;
        let event = subscription_event(
            60,
            "customer.subscription.created",
            now_secs(&clock),
            "active",
            "price_pro",
            Some(id),
        );
        let body = serde_json::to_string(&event).unwrap();
        assert!(
            store
                .record_stripe_event(
                    "evt_test_60",
                    "customer.subscription.created",
                    now_secs(&clock),
                    &body
                )
                .await
                .unwrap()
        );
        // Not yet a minute old: left alone.
        assert_eq!(harbinger::billing::sweep(&store).await.unwrap(), 0);
        clock.advance_ms(61_000);
        assert_eq!(harbinger::billing::sweep(&store).await.unwrap(), 1);
        wait_for(&app, &cookie, "pro", "active").await;
        // Applied: nothing left to sweep.
        assert_eq!(harbinger::billing::sweep(&store).await.unwrap(), 0);
    }
);

#[tokio::test]
async fn without_billing_configured_the_webhook_says_so() {
    let (app, _clock) = spawn(Backend::Sqlite, |_| {}).await;
    let res = post_raw(&app, b"{}", Some("t=1,v1=00")).await;
    assert_eq!(res.status(), 404);
    let p = json_of(res).await;
    assert!(
        p["type"]
            .as_str()
            .unwrap()
            .ends_with("/billing-not-configured"),
        "{p}"
    );
}
