both_backends!(dashboard_is_served_with_spa_fallback, |app| {
    let root = app.get("/").await;
    assert_eq!(root.status(), 200);
    assert!(
        root.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let index = root.text().await.unwrap();
    assert!(index.contains("Harbinger"));
    // A client-side route reloads into the same page.
    let deep = app.get("/ledger/verify").await;
    assert_eq!(deep.status(), 200);
    assert_eq!(deep.text().await.unwrap(), index);
    // A missing hashed asset is a real 404, not the index page.
    assert_eq!(app.get("/assets/missing-0000.js").await.status(), 404);
});
