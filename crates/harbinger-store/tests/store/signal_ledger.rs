//! The signal ledger: append-only, one signal per (strategy, symbol, bar), one outcome per
//! signal, a contiguous chain under concurrent writers, and tampering named by seq.

use harbinger_ledger::CheckpointKey;
use harbinger_store::{LedgerKind, NewLedgerEntry, SIGNAL_CHAIN, Store};
use serde_json::json;

fn signal(symbol: &str, bar_time: i64) -> NewLedgerEntry {
    NewLedgerEntry {
        kind: LedgerKind::Signal,
        strategy: "sma_cross".into(),
        symbol: symbol.into(),
        bar_time,
        signal_id: None,
        entry: json!({"side": "long", "entry": "101.25", "stop": "99.5", "target": "104.75",
                      "horizon_bars": 10, "confidence": "0.4123"}),
    }
}

async fn verify(store: &Store) -> Result<harbinger_ledger::Verified, harbinger_ledger::Break> {
    let links = store
        .ledger_rows(0, 100_000)
        .await
        .unwrap()
        .iter()
        .map(harbinger_store::LedgerRow::link)
        .collect::<Vec<_>>();
    let key = CheckpointKey::from_bytes(&[7; 32]);
    let checkpoints = store.ledger_checkpoints().await.unwrap();
    harbinger_ledger::verify(links, &checkpoints, &key.verifier())
}

both_backends!(
    ledger_keeps_one_signal_per_bar_and_one_outcome_per_signal,
    |store| {
        let first = store
            .append_ledger(&signal("AAPL", 1_000))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(first.seq, 1);
        assert!(
            store
                .append_ledger(&signal("AAPL", 1_000))
                .await
                .unwrap()
                .is_none()
        );
        let second = store
            .append_ledger(&signal("MSFT", 1_000))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(second.seq, 2, "a refused duplicate leaves no gap");
        assert_eq!(second.prev_hash, first.hash);

        let outcome = NewLedgerEntry {
            kind: LedgerKind::Outcome,
            signal_id: Some(first.id),
            entry: json!({"status": "target_hit", "exit_price": "104.75", "exit_time": 2_000}),
            ..signal("AAPL", 1_000)
        };
        assert!(store.append_ledger(&outcome).await.unwrap().is_some());
        assert!(store.append_ledger(&outcome).await.unwrap().is_none());
        let open = store.open_ledger_signals(10).await.unwrap();
        assert_eq!(open.len(), 1);
        assert_eq!(open[0].id, second.id);

        // Floats have no stable text form: refused, nothing written.
        let mut bad = signal("IBM", 1_000);
        bad.entry = json!({"entry": 101.25});
        assert!(store.append_ledger(&bad).await.is_err());

        let key = CheckpointKey::from_bytes(&[7; 32]);
        let (seq, hash) = store.ledger_head().await.unwrap();
        assert_eq!(seq, 3);
        store
            .add_ledger_checkpoint(&key.sign(SIGNAL_CHAIN, seq, hash, 5))
            .await
            .unwrap();
        let v = verify(&store).await.unwrap();
        assert_eq!((v.rows, v.head_seq, v.checkpoints), (3, 3, 1));
        assert_eq!(v.head_hash, hash);

        for sql in [
            "UPDATE signal_ledger SET entry = '{}'",
            "DELETE FROM signal_ledger",
        ] {
            let err = store.execute_unchecked_for_tests(sql).await.unwrap_err();
            assert!(
                err.to_string().contains("append-only") || err.to_string().contains("permission"),
                "{sql}: {err}"
            );
        }
    }
);

both_backends!(concurrent_appends_form_one_contiguous_chain, |store| {
    let mut tasks = Vec::new();
    for i in 0..30 {
        let s = store.clone();
        // Ten bars, three writers each: exactly one of each three lands.
        tasks.push(tokio::spawn(async move {
            s.append_ledger(&signal("AAPL", i64::from(i % 10))).await
        }));
    }
    let mut landed = 0;
    for t in tasks {
        landed += usize::from(t.await.unwrap().unwrap().is_some());
    }
    assert_eq!(landed, 10);
    let v = verify(&store).await.unwrap();
    assert_eq!((v.rows, v.head_seq), (10, 10));
});

both_backends!(tampering_with_1200_entries_is_named_by_seq, |store| {
    for i in 0..1_200 {
        store
            .append_ledger(&signal(
                ["AAPL", "MSFT", "IBM"][i % 3],
                i64::try_from(i).unwrap(),
            ))
            .await
            .unwrap()
            .unwrap();
    }
    let rows = store.ledger_rows(0, 10_000).await.unwrap();
    assert_eq!(rows.len(), 1_200);
    let key = CheckpointKey::from_bytes(&[7; 32]);
    let (seq, hash) = store.ledger_head().await.unwrap();
    let checkpoints = vec![key.sign(SIGNAL_CHAIN, seq, hash, 1)];
    let check = |rows: &[harbinger_store::LedgerRow]| {
        harbinger_ledger::verify(
            rows.iter().map(harbinger_store::LedgerRow::link),
            &checkpoints,
            &key.verifier(),
        )
    };
    assert_eq!(check(&rows).unwrap().head_seq, 1_200);
    // The store's own paged walk agrees, page size whatever it is.
    for page in [7, 5_000] {
        let v = store
            .verify_ledger_in_pages(&checkpoints, &key.verifier(), page)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((v.rows, v.head_seq, v.checkpoints), (1_200, 1_200, 1));
    }
    let forged = vec![key.sign(SIGNAL_CHAIN, 600, [9; 32], 1)];
    assert_eq!(
        store
            .verify_ledger(&forged, &key.verifier())
            .await
            .unwrap()
            .unwrap_err(),
        harbinger_ledger::Break::CheckpointMismatch { seq: 600 }
    );
    // One changed byte anywhere in an entry, a hash or a column is caught at its seq.
    for (k, at) in [0_usize, 1, 417, 900, 1_199].into_iter().enumerate() {
        let mut copy = rows.clone();
        let row = &mut copy[at];
        match k % 4 {
            0 => row.entry = row.entry.replacen("101.25", "101.26", 1),
            1 => row.symbol.push('X'),
            2 => row.bar_time += 1,
            _ => {
                let mut bytes = row.hash.clone().into_bytes();
                bytes[10] = if bytes[10] == b'0' { b'1' } else { b'0' };
                row.hash = String::from_utf8(bytes).unwrap();
            }
        }
        let err = check(&copy).unwrap_err();
        assert_eq!(err.seq(), i64::try_from(at).unwrap() + 1, "{err}");
    }
    // A deleted entry is a gap at its seq; a truncated tail is caught by the checkpoint.
    let mut gap = rows.clone();
    gap.remove(600);
    assert_eq!(check(&gap).unwrap_err().seq(), 601);
    let cut = &rows[..1_150];
    assert!(matches!(
        check(cut).unwrap_err(),
        harbinger_ledger::Break::Truncated {
            seq: 1_200,
            last: 1_150
        }
    ));
});

/// The SQLite WAL is checkpointed in the background, not by the writes: under a stream of
/// appends it is still truncated, so the file stays bounded.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sqlite_wal_stays_bounded_under_a_stream_of_appends() {
    let db = harbinger_store::testing::TestDb::sqlite().await;
    let wal = std::path::PathBuf::from(format!("{}-wal", db.url.trim_start_matches("sqlite://")));
    let mut largest = 0;
    for i in 0..6_000 {
        db.store
            .append_ledger(&signal(
                ["AAPL", "MSFT", "IBM"][i % 3],
                i64::try_from(i).unwrap(),
            ))
            .await
            .unwrap()
            .unwrap();
        if i % 500 == 0 {
            largest = largest.max(std::fs::metadata(&wal).map_or(0, |m| m.len()));
        }
    }
    // Given a moment, the background checkpoint copies the log back and truncates it.
    let mut size = u64::MAX;
    for _ in 0..40 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        size = std::fs::metadata(&wal).map_or(0, |m| m.len());
        if size < 1_000_000 {
            break;
        }
    }
    assert!(
        size < 1_000_000,
        "WAL still {size} bytes (largest seen {largest})"
    );
    let v = verify(&db.store).await.unwrap();
    assert_eq!(v.head_seq, 6_000);
}
