use harbinger_core::{Bar, Interval, Symbol};

fn bar(time: i64) -> Bar {
    Bar::new(time, 10.0, 11.0, 9.0, 10.5, 100.0, None).unwrap()
}

both_backends!(suspects_are_marked_refreshed_and_cleared, |store| {
    assert!(!store.is_suspect("AAPL").await.unwrap());
    assert!(
        !store.clear_suspect("AAPL").await.unwrap(),
        "nothing to clear"
    );
    store
        .mark_suspect("AAPL", "yahoo vs stooq 3 %")
        .await
        .unwrap();
    store
        .mark_suspect("AAPL", "yahoo vs stooq 4 %")
        .await
        .unwrap();
    let mark = store.suspect("AAPL").await.unwrap().unwrap();
    assert_eq!(mark.reason, "yahoo vs stooq 4 %", "the newest reason wins");
    assert!(store.is_suspect("AAPL").await.unwrap());
    assert!(!store.is_suspect("MSFT").await.unwrap());
    assert!(store.clear_suspect("AAPL").await.unwrap());
    assert!(!store.is_suspect("AAPL").await.unwrap());
});

both_backends!(sync_time_and_bar_times_per_symbol, |store| {
    let sym = Symbol::parse("AAPL").unwrap();
    assert_eq!(
        store.bars_synced_at(&sym, Interval::D1).await.unwrap(),
        None
    );
    store
        .upsert_bars(&sym, Interval::D1, "yahoo", &[bar(86_400), bar(3 * 86_400)])
        .await
        .unwrap();
    let synced = store
        .bars_synced_at(&sym, Interval::D1)
        .await
        .unwrap()
        .unwrap();
    assert!((synced - store.clock().now_ms()).abs() < 60_000);
    assert_eq!(
        store
            .bar_times(&sym, Interval::D1, 0, i64::MAX)
            .await
            .unwrap(),
        [86_400, 3 * 86_400]
    );
    assert_eq!(
        store
            .bar_times(&sym, Interval::D1, 86_401, i64::MAX)
            .await
            .unwrap(),
        [3 * 86_400]
    );
    assert_eq!(store.bar_symbols(Interval::D1).await.unwrap(), ["AAPL"]);
    assert!(store.bar_symbols(Interval::H1).await.unwrap().is_empty());
});

both_backends!(bulk_upserts_of_any_size_round_trip, |store| {
    // Sizes that need several statement sizes (512 + 512 + 8 + 4 + 1 …) on SQLite.
    for (i, n) in [1_i64, 7, 513, 1_037].into_iter().enumerate() {
        let sym = Symbol::parse(&format!("BULK{i}")).unwrap();
        let data: Vec<Bar> = (0..n)
            .map(|k| {
                let c = 50.0 + (k % 97) as f64 / 8.0;
                Bar::new(k * 86_400, c, c + 1.0, c - 1.0, c, k as f64, Some(c * 0.5)).unwrap()
            })
            .collect();
        let written = store
            .upsert_bars(&sym, Interval::D1, "csv", &data)
            .await
            .unwrap();
        assert_eq!(written, n as u64);
        // Again, half of it: the table is unchanged.
        store
            .upsert_bars(&sym, Interval::D1, "csv", &data[..data.len() / 2])
            .await
            .unwrap();
        let got = store
            .bars(&harbinger_store::BarQuery {
                symbol: sym,
                interval: Interval::D1,
                from: 0,
                to: i64::MAX,
                limit: 10_000,
            })
            .await
            .unwrap();
        assert_eq!(
            got.iter().map(|b| b.bar).collect::<Vec<_>>(),
            data,
            "{n} bars"
        );
    }
});
