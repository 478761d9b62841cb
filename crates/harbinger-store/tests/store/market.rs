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
