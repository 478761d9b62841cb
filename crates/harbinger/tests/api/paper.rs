//! Paper portfolios: a portfolio that follows one strategy's long signals by itself, buying at
//! the entry and selling at the outcome's exit, once per signal whoever runs the follower, and
//! on a delayed plan only once the signal is released.

use harbinger_core::Plan;
use harbinger_store::{LedgerKind, LedgerRow, NewLedgerEntry, Store};
use serde_json::{Value, json};

use crate::accounts::support::{both, get, json_of, post, set_plan, user};

/// Each signal on its own bar.
static NEXT_BAR: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(1_700_000_000);

async fn signal(
    store: &Store,
    strategy: &str,
    side: &str,
    entry: &str,
    released: i64,
) -> LedgerRow {
    store
        .append_ledger(&NewLedgerEntry {
            kind: LedgerKind::Signal,
            strategy: strategy.into(),
            symbol: "AAPL".into(),
            bar_time: NEXT_BAR.fetch_add(86_400, std::sync::atomic::Ordering::Relaxed),
            signal_id: None,
            entry: json!({"side": side, "entry": entry, "stop": "1", "target": "1000",
                "horizon_bars": 10, "confidence": "0.5", "price_source": "replay",
                "released_to_free_at": released}),
        })
        .await
        .unwrap()
        .unwrap()
}

async fn outcome(store: &Store, s: &LedgerRow, exit: &str) {
    store
        .append_ledger(&NewLedgerEntry {
            kind: LedgerKind::Outcome,
            strategy: s.strategy.clone(),
            symbol: s.symbol.clone(),
            bar_time: s.bar_time,
            signal_id: Some(s.id),
            entry: json!({"status": "target_hit", "exit_price": exit, "exit_time": 1,
                "return": "0.1", "price_source": "replay", "released_to_free_at": 0}),
        })
        .await
        .unwrap()
        .unwrap();
}

async fn transactions(app: &harbinger_testkit::TestApp, cookie: &str, id: &str) -> Vec<Value> {
    let path = format!("/api/v1/portfolios/{id}/transactions");
    let t = json_of(get(app, &path, Some(cookie)).await).await;
    t.as_array()
        .or_else(|| t["transactions"].as_array())
        .cloned()
        .unwrap_or_else(|| panic!("{t}"))
}

both!(
    paper_portfolios_follow_their_strategy_once,
    |app, _clock| {
        let store = app.db.store.clone();
        // The server's own signal pass also follows; let its first run go by so the counts
        // below are this test's.
        app.wait_for_first_run(harbinger::jobs::PUBLISH_SIGNALS)
            .await;
        // Recorded before the portfolio exists: not followed.
        signal(&store, "sma_cross", "long", "50", 0).await;

        let pro = user(&app, "paper@example.com").await;
        set_plan(&app, "paper@example.com", Plan::Pro).await;
        let res = post(
        &app,
        "/api/v1/portfolios",
        Some(&pro),
        json!({"name": "Follows SMA", "follow": {"strategy": "sma_cross", "stake": "1000", "capital": "5000"}}),
    )
    .await;
        assert_eq!(res.status(), 201);
        let created = json_of(res).await;
        assert_eq!(created["follows"]["strategy"], "sma_cross");
        assert_eq!(created["follows"]["stake"], "1000");
        let id = created["id"].as_str().unwrap().to_owned();

        let long = signal(&store, "sma_cross", "long", "125", 0).await;
        signal(&store, "sma_cross", "short", "80", 0).await; // shorts are not followed
        signal(&store, "rsi_reversion", "long", "10", 0).await; // another strategy
        let delayed: &[Plan] = &[Plan::Free];
        assert_eq!(
            harbinger::paper::follow_all(&store, delayed).await.unwrap(),
            1
        );
        assert_eq!(
            harbinger::paper::follow_all(&store, delayed).await.unwrap(),
            0,
            "once"
        );
        outcome(&store, &long, "150").await;
        assert_eq!(
            harbinger::paper::follow_all(&store, delayed).await.unwrap(),
            1
        );
        assert_eq!(
            harbinger::paper::follow_all(&store, delayed).await.unwrap(),
            0
        );

        let txs = transactions(&app, &pro, &id).await;
        let kinds: Vec<&str> = txs.iter().map(|t| t["kind"].as_str().unwrap()).collect();
        assert_eq!(kinds, ["cash_in", "buy", "sell"], "{txs:?}");
        // 1000 at 125 buys 8; sold at 150.
        assert_eq!(
            (txs[1]["quantity"].clone(), txs[1]["price"].clone()),
            (json!("8"), json!("125"))
        );
        assert_eq!(
            (txs[2]["quantity"].clone(), txs[2]["price"].clone()),
            (json!("8"), json!("150"))
        );
        let v = json_of(get(&app, &format!("/api/v1/portfolios/{id}"), Some(&pro)).await).await;
        assert_eq!(v["realized_pnl"], "200", "{v}");
        assert_eq!(v["cash"], "5200", "{v}");
        assert_eq!(v["follows"]["strategy"], "sma_cross");

        // Its book is the strategy's: no edits by hand.
        let res = post(
            &app,
            &format!("/api/v1/portfolios/{id}/transactions"),
            Some(&pro),
            json!({"kind": "cash_in", "time": "2024-01-02", "quantity": "10"}),
        )
        .await;
        assert_eq!(res.status(), 409);
        // Following is set at creation only; bad follows are refused.
        for bad in [
            json!({"name": "x", "follow": {"strategy": "nope"}}),
            json!({"name": "x", "follow": {"strategy": "ml", "stake": "-5"}}),
            json!({"name": "x", "follow": {"strategy": "ml", "extra": 1}}),
        ] {
            let res = post(&app, "/api/v1/portfolios", Some(&pro), bad.clone()).await;
            assert!(
                matches!(res.status().as_u16(), 400 | 422),
                "{bad}: {}",
                res.status()
            );
        }

        // A delayed plan's paper portfolio trades a signal only once it is released.
        let free = user(&app, "paper-free@example.com").await;
        let res = post(
            &app,
            "/api/v1/portfolios",
            Some(&free),
            json!({"name": "Free paper", "follow": {"strategy": "macd_trend"}}),
        )
        .await;
        assert_eq!(res.status(), 201);
        let free_id = json_of(res).await["id"].as_str().unwrap().to_owned();
        let now = store.clock().now_ms();
        signal(&store, "macd_trend", "long", "100", now + 3_600_000).await;
        harbinger::paper::follow_all(&store, delayed).await.unwrap();
        assert_eq!(
            transactions(&app, &free, &free_id).await.len(),
            1,
            "only the capital"
        );
        // As a real-time plan, the same portfolio follows it at once.
        harbinger::paper::follow_all(&store, &[]).await.unwrap();
        let txs = transactions(&app, &free, &free_id).await;
        assert_eq!(txs.len(), 2);
        assert_eq!(txs[1]["quantity"], "100"); // 10000 at 100

        // Two followers at once (two replicas): each signal is traded once.
        signal(&store, "sma_cross", "long", "200", 0).await;
        let (a, b) = tokio::join!(
            harbinger::paper::follow_all(&store, delayed),
            harbinger::paper::follow_all(&store, delayed)
        );
        assert_eq!(a.unwrap() + b.unwrap(), 1);
        assert_eq!(transactions(&app, &pro, &id).await.len(), 4);
    }
);
