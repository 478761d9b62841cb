//! The public ledger endpoints: pages, the head, signed checkpoints, and a saved page that
//! verifies on its own.

use harbinger_store::{LedgerKind, NewLedgerEntry};
use serde_json::{Value, json};

both_backends!(ledger_pages_verify_and_name_their_key, |app| {
    let store = app.db.store.clone();
    for i in 0..7 {
        let new = NewLedgerEntry {
            kind: LedgerKind::Signal,
            strategy: "sma_cross".into(),
            symbol: "AAPL".into(),
            bar_time: 1_000 + i,
            signal_id: None,
            entry: json!({"side": "long", "entry": format!("10{i}.5"), "horizon_bars": 10}),
        };
        store.append_ledger(&new).await.unwrap().unwrap();
    }
    // The daily job signs the head with the data dir's key.
    let key = harbinger::keys::load(&app.config.data_dir)
        .unwrap()
        .unwrap();
    assert_eq!(
        harbinger::jobs::sign_ledger_head(&store, &key)
            .await
            .unwrap(),
        7
    );
    // Anonymous callers read it; pages follow `next_after_seq`.
    let first: Value = app
        .get("/api/v1/ledger?limit=5")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first["entries"].as_array().unwrap().len(), 5);
    assert_eq!(first["next_after_seq"], 5);
    let rest: Value = app
        .get("/api/v1/ledger?after_seq=5")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(rest["entries"].as_array().unwrap().len(), 2);
    assert!(rest["next_after_seq"].is_null());
    let key = first["public_key"].as_str().unwrap();
    assert_eq!(key.len(), 64);
    assert_eq!(first["checkpoints"][0]["seq"], 7);

    let head: Value = app.get("/api/v1/ledger/head").await.json().await.unwrap();
    assert_eq!(head["seq"], 7);
    assert_eq!(head["hash"], rest["entries"][1]["hash"]);
    assert_eq!(head["checkpoint"]["hash"], head["hash"]);

    // The whole ledger, saved, is what `harbinger ledger verify --file` reads.
    let all = app.get("/api/v1/ledger").await.text().await.unwrap();
    let export: harbinger::commands::ledger::LedgerExport = serde_json::from_str(&all).unwrap();
    let links = export
        .entries
        .iter()
        .map(harbinger_store::PublishedEntry::link);
    let verifier = harbinger_ledger::CheckpointVerifier::from_public_hex(key).unwrap();
    let v = harbinger_ledger::verify(links, &export.checkpoints, &verifier).unwrap();
    assert_eq!((v.head_seq, v.checkpoints), (7, 1));

    for bad in [
        "/api/v1/ledger?limit=0",
        "/api/v1/ledger?limit=5001",
        "/api/v1/ledger?after_seq=-1",
        "/api/v1/ledger?seq=3",
    ] {
        let res = app.get(bad).await;
        assert_eq!(res.status(), 400, "{bad}");
        assert_eq!(res.headers()["content-type"], "application/problem+json");
    }
});

both_backends!(the_full_export_streams_and_verifies, |app| {
    let store = app.db.store.clone();
    // More than one page of the stream.
    for i in 0..2_345 {
        let new = NewLedgerEntry {
            kind: LedgerKind::Signal,
            strategy: "sma_cross".into(),
            symbol: "MSFT".into(),
            bar_time: i,
            signal_id: None,
            entry: json!({"side": "short", "entry": "50", "released_to_free_at": 0}),
        };
        store.append_ledger(&new).await.unwrap().unwrap();
    }
    let key = harbinger::keys::load(&app.config.data_dir)
        .unwrap()
        .unwrap();
    harbinger::jobs::sign_ledger_head(&store, &key)
        .await
        .unwrap();
    let res = app.get("/api/v1/export/ledger.json").await;
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let text = res.text().await.unwrap();
    // What `harbinger ledger verify --file` reads.
    let export: harbinger::commands::ledger::LedgerExport = serde_json::from_str(&text).unwrap();
    // The server's own signal pass may have recorded a few more while this ran.
    let ours = export
        .entries
        .iter()
        .filter(|e| {
            e.symbol.as_deref() == Some("MSFT") && e.strategy.as_deref() == Some("sma_cross")
        })
        .count();
    assert_eq!(ours, 2_345);
    let links = export
        .entries
        .iter()
        .map(harbinger_store::PublishedEntry::link);
    let verifier = harbinger_ledger::CheckpointVerifier::from_public_hex(
        export.public_key.as_deref().unwrap(),
    )
    .unwrap();
    let v = harbinger_ledger::verify(links, &export.checkpoints, &verifier).unwrap();
    // Every row of the chain is in the export, ours unsealed (released at once); any the
    // server's own pass recorded are still withheld from an anonymous reader.
    let sealed = export.entries.iter().filter(|e| e.sealed).count() as u64;
    assert_eq!(
        (v.rows, v.head_seq, v.sealed),
        (
            export.entries.len() as u64,
            export.entries.len() as i64,
            sealed
        )
    );
    assert!(
        sealed == 0 || export.entries.len() > 2_345,
        "only the server's entries are sealed"
    );
    // Ours, and any the server's daily job signed when it started.
    assert!(v.checkpoints >= 1);
});
