use harbinger_core::{Plan, Symbol};
use harbinger_portfolio::{Decimal, Kind, Transaction};
use harbinger_store::{
    AuditEvent, BookWrite, ExportCursor, NewUser, Role, Store, StoredTransaction,
};

fn done(w: BookWrite) -> Vec<StoredTransaction> {
    match w {
        BookWrite::Done(v) => v,
        other => panic!("{other:?}"),
    }
}

async fn user(store: &Store, email: &str) -> uuid::Uuid {
    store
        .create_user(
            &NewUser {
                email: email.into(),
                password_hash: None,
                role: Role::User,
                plan: Plan::Free,
                email_verified: false,
            },
            &AuditEvent::system("user_created"),
        )
        .await
        .unwrap()
        .id
}

fn tx(kind: Kind, time: i64, symbol: Option<&str>, q: &str, p: &str, fee: &str) -> Transaction {
    Transaction::new(
        kind,
        time,
        symbol.map(|s| Symbol::parse(s).unwrap()),
        q.parse().unwrap(),
        p.parse().unwrap(),
        fee.parse().unwrap(),
    )
    .unwrap()
}

both_backends!(portfolios_are_owned_capped_and_cascade, |store| {
    let alice = user(&store, "alice@example.com").await;
    let bob = user(&store, "bob@example.com").await;
    let p = store
        .create_portfolio(alice, "Main", 2)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((p.name.as_str(), p.base_currency.as_str()), ("Main", "USD"));
    store
        .create_portfolio(alice, "Second", 2)
        .await
        .unwrap()
        .unwrap();
    assert!(
        store
            .create_portfolio(alice, "Third", 2)
            .await
            .unwrap()
            .is_none(),
        "over the cap"
    );
    assert_eq!(
        store.portfolios_of(alice, 10).await.unwrap().len(),
        2,
        "nothing half written"
    );
    assert!(store.portfolios_of(bob, 10).await.unwrap().is_empty());

    // Another user's id is simply not found, for every operation.
    assert!(store.portfolio(bob, p.id).await.unwrap().is_none());
    assert!(
        store
            .rename_portfolio(bob, p.id, "Mine")
            .await
            .unwrap()
            .is_none()
    );
    assert!(!store.delete_portfolio(bob, p.id).await.unwrap());
    let buy = tx(Kind::Buy, 1_000, Some("AAPL"), "10", "185.64", "1");
    assert_eq!(
        store
            .add_portfolio_transactions(bob, p.id, std::slice::from_ref(&buy))
            .await
            .unwrap(),
        BookWrite::NotFound
    );

    let renamed = store
        .rename_portfolio(alice, p.id, "Long term")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(renamed.name, "Long term");

    // Decimal text round-trips exactly; book order is time order.
    let cash = tx(Kind::CashIn, 500, None, "10000.50", "1", "0");
    let stored = done(
        store
            .add_portfolio_transactions(alice, p.id, &[buy.clone(), cash.clone()])
            .await
            .unwrap(),
    );
    let read = store.portfolio_transactions(alice, p.id).await.unwrap();
    assert_eq!(
        read.iter().map(|s| s.tx.clone()).collect::<Vec<_>>(),
        vec![cash, buy]
    );
    assert_eq!(read[1].tx.price(), "185.64".parse::<Decimal>().unwrap());
    assert!(
        store
            .portfolio_transactions(bob, p.id)
            .await
            .unwrap()
            .is_empty()
    );

    // A sell beyond the holding is refused under the lock, naming the sell; nothing written.
    let oversell = tx(Kind::Sell, 2_000, Some("AAPL"), "11", "190", "0");
    match store
        .add_portfolio_transactions(alice, p.id, std::slice::from_ref(&oversell))
        .await
        .unwrap()
    {
        BookWrite::Rejected { error, existing } => {
            assert_eq!((error.index(), existing), (2, 2));
        }
        other => panic!("{other:?}"),
    }
    let sell = tx(Kind::Sell, 2_000, Some("AAPL"), "10", "190", "0");
    let sold = done(
        store
            .add_portfolio_transactions(alice, p.id, std::slice::from_ref(&sell))
            .await
            .unwrap(),
    );
    // The buy cannot go while the sell needs it; the sell can.
    assert!(matches!(
        store
            .delete_portfolio_transaction(alice, p.id, stored[0].id)
            .await
            .unwrap(),
        BookWrite::Rejected { .. }
    ));
    assert_eq!(
        store
            .delete_portfolio_transaction(bob, p.id, sold[0].id)
            .await
            .unwrap(),
        BookWrite::NotFound
    );
    done(
        store
            .delete_portfolio_transaction(alice, p.id, sold[0].id)
            .await
            .unwrap(),
    );
    done(
        store
            .delete_portfolio_transaction(alice, p.id, stored[0].id)
            .await
            .unwrap(),
    );
    assert_eq!(
        store
            .portfolio_transactions(alice, p.id)
            .await
            .unwrap()
            .len(),
        1
    );

    assert!(store.delete_portfolio(alice, p.id).await.unwrap());
    assert!(store.portfolio(alice, p.id).await.unwrap().is_none());
    // The transactions went with it.
    assert!(
        store
            .export_transactions(alice, Some(p.id), None, 10)
            .await
            .unwrap()
            .is_empty()
    );
});

both_backends!(exports_page_through_every_portfolio_of_the_owner, |store| {
    let alice = user(&store, "alice@example.com").await;
    let bob = user(&store, "bob@example.com").await;
    let a = store
        .create_portfolio(alice, "A", 5)
        .await
        .unwrap()
        .unwrap();
    let b = store
        .create_portfolio(alice, "B", 5)
        .await
        .unwrap()
        .unwrap();
    let other = store
        .create_portfolio(bob, "Bob's", 5)
        .await
        .unwrap()
        .unwrap();
    for (p, n) in [(a.id, 3), (b.id, 2)] {
        let txs: Vec<_> = (0..n)
            .map(|i| tx(Kind::CashIn, i64::from(i) * 1_000, None, "1", "1", "0"))
            .collect();
        done(
            store
                .add_portfolio_transactions(alice, p, &txs)
                .await
                .unwrap(),
        );
    }
    let bobs = [tx(Kind::CashIn, 0, None, "1", "1", "0")];
    done(
        store
            .add_portfolio_transactions(bob, other.id, &bobs)
            .await
            .unwrap(),
    );

    let mut seen = Vec::new();
    let mut cursor = None;
    loop {
        let page = store
            .export_transactions(alice, None, cursor, 2)
            .await
            .unwrap();
        let Some(last) = page.last() else { break };
        cursor = Some(ExportCursor {
            portfolio_id: last.tx.portfolio_id,
            time: last.tx.tx.time(),
            id: last.tx.id,
        });
        seen.extend(page);
    }
    assert_eq!(seen.len(), 5, "every row once, none of bob's");
    assert!(
        seen.iter()
            .all(|r| r.portfolio_name == "A" || r.portfolio_name == "B")
    );
    let only_b = store
        .export_transactions(alice, Some(b.id), None, 10)
        .await
        .unwrap();
    assert_eq!(only_b.len(), 2);
    assert!(
        store
            .export_transactions(alice, Some(other.id), None, 10)
            .await
            .unwrap()
            .is_empty()
    );
});

both_backends!(concurrent_sells_cannot_oversell_together, |store| {
    let alice = user(&store, "alice@example.com").await;
    let p = store
        .create_portfolio(alice, "Race", 1)
        .await
        .unwrap()
        .unwrap();
    let buy = tx(Kind::Buy, 1, Some("AAPL"), "10", "100", "0");
    done(
        store
            .add_portfolio_transactions(alice, p.id, &[buy])
            .await
            .unwrap(),
    );
    // Eight writers each sell the whole holding at once: exactly one may succeed.
    let writers: Vec<_> = (0..8)
        .map(|i| {
            let store = store.clone();
            let sell = tx(Kind::Sell, 10 + i, Some("AAPL"), "10", "101", "0");
            tokio::spawn(async move {
                store
                    .add_portfolio_transactions(alice, p.id, &[sell])
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut written = 0;
    for w in writers {
        if matches!(w.await.unwrap(), BookWrite::Done(_)) {
            written += 1;
        }
    }
    assert_eq!(written, 1);
    assert_eq!(
        store
            .portfolio_transactions(alice, p.id)
            .await
            .unwrap()
            .len(),
        2
    );
});
