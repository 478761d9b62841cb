use harbinger_core::{Bar, Interval, Symbol};
use harbinger_store::{BarQuery, Instrument};

fn bars(n: i64) -> Vec<Bar> {
    (0..n)
        .map(|i| {
            let c = 100.0 + i as f64;
            Bar::new(
                1_577_836_800 + i * 86_400,
                c - 0.5,
                c + 1.0,
                c - 1.0,
                c,
                1_000.0 + i as f64,
                Some(c * 0.9),
            )
            .unwrap()
        })
        .collect()
}

fn query(sym: &Symbol, limit: i64) -> BarQuery {
    BarQuery {
        symbol: sym.clone(),
        interval: Interval::D1,
        from: 0,
        to: i64::MAX,
        limit,
    }
}

both_backends!(upsert_is_idempotent_and_ordered, |store| {
    let sym = Symbol::parse("AAPL").unwrap();
    let data = bars(300);
    // Write out of order and twice: the table ends as after one ordered write.
    let mut shuffled = data.clone();
    shuffled.reverse();
    store
        .upsert_bars(&sym, Interval::D1, "replay", &shuffled)
        .await
        .unwrap();
    store
        .upsert_bars(&sym, Interval::D1, "replay", &data[..150])
        .await
        .unwrap();
    let got = store.bars(&query(&sym, 10_000)).await.unwrap();
    assert_eq!(got.len(), 300);
    assert_eq!(got.iter().map(|b| b.bar).collect::<Vec<_>>(), data);
    assert!(got.iter().all(|b| b.source == "replay"));
    assert_eq!(
        store.latest_bar_time(&sym, Interval::D1).await.unwrap(),
        Some(data[299].time)
    );
    assert_eq!(
        store.latest_bar_time(&sym, Interval::H1).await.unwrap(),
        None
    );
});

both_backends!(range_and_limit_are_respected, |store| {
    let sym = Symbol::parse("MSFT").unwrap();
    let data = bars(50);
    store
        .upsert_bars(&sym, Interval::D1, "yahoo", &data)
        .await
        .unwrap();
    let mut q = query(&sym, 5);
    q.from = data[10].time;
    q.to = data[20].time;
    let got = store.bars(&q).await.unwrap();
    assert_eq!(
        got.iter().map(|b| b.bar.time).collect::<Vec<_>>(),
        data[10..15].iter().map(|b| b.time).collect::<Vec<_>>()
    );
});

both_backends!(a_later_source_replaces_values, |store| {
    let sym = Symbol::parse("IBM").unwrap();
    let mut data = bars(3);
    store
        .upsert_bars(&sym, Interval::D1, "stooq", &data)
        .await
        .unwrap();
    data[1] = Bar::new(data[1].time, 10.0, 12.0, 9.0, 11.0, 5.0, None).unwrap();
    store
        .upsert_bars(&sym, Interval::D1, "yahoo", &data[1..2])
        .await
        .unwrap();
    let got = store.bars(&query(&sym, 10)).await.unwrap();
    assert_eq!(got[1].bar, data[1]);
    assert_eq!(got[1].source, "yahoo");
    assert_eq!(got[0].source, "stooq");
});

both_backends!(
    instrument_search_ranks_exact_then_prefix_then_name,
    |store| {
        let mk = |s: &str, n: &str| Instrument {
            symbol: s.into(),
            name: n.into(),
            asset_class: "equity".into(),
            exchange: None,
            sector: None,
            currency: "USD".into(),
        };
        store
            .upsert_instruments(&[
                mk("AAPL", "Apple Inc."),
                mk("AA", "Alcoa"),
                mk("MSFT", "Microsoft"),
                mk("PINEAPPLE", "Pine_Apple% Co"),
            ])
            .await
            .unwrap();
        let hits = store.search_instruments("aa", 10).await.unwrap();
        assert_eq!(
            hits.iter().map(|i| i.symbol.as_str()).collect::<Vec<_>>(),
            ["AA", "AAPL"]
        );
        let by_name = store.search_instruments("apple", 10).await.unwrap();
        assert_eq!(
            by_name
                .iter()
                .map(|i| i.symbol.as_str())
                .collect::<Vec<_>>(),
            ["AAPL", "PINEAPPLE"]
        );
        // LIKE metacharacters in the query match literally.
        let lit = store.search_instruments("_", 10).await.unwrap();
        assert_eq!(
            lit.iter().map(|i| i.symbol.as_str()).collect::<Vec<_>>(),
            ["PINEAPPLE"]
        );
        assert_eq!(store.instrument_count().await.unwrap(), 4);
    }
);
