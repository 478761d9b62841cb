use harbinger_store::Store;

#[test]
fn both_backends_carry_the_same_migration_versions() {
    let (sqlite, pg) = Store::migration_versions();
    assert!(!sqlite.is_empty());
    assert_eq!(
        sqlite, pg,
        "migrations/sqlite and migrations/postgres must stay in step"
    );
}

both_backends!(fresh_database_is_fully_migrated, |store| {
    let status = store.migration_status().await.unwrap();
    assert!(status.is_current(), "pending: {:?}", status.pending);
    assert_eq!(
        status.known,
        Store::migration_versions()
            .0
            .iter()
            .map(|m| m.0)
            .collect::<Vec<_>>()
    );
    // Running the migrations again is a no-op.
    store.migrate().await.unwrap();
    store.ping().await.unwrap();
});

#[tokio::test]
async fn unmigrated_sqlite_reports_pending_versions() {
    let dir = tempfile_dir();
    let url = format!("sqlite://{}/fresh.db", dir.display());
    let store = Store::connect(&url, &harbinger_store::ConnectOptions::default())
        .await
        .unwrap();
    let status = store.migration_status().await.unwrap();
    assert!(!status.is_current());
    assert_eq!(status.pending, status.known);
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn unsupported_urls_are_refused_by_name() {
    let err = Store::connect("mysql://x@y/z", &harbinger_store::ConnectOptions::default())
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("unsupported database URL"),
        "{err}"
    );
}

fn tempfile_dir() -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("hb-store-{}", uuid_like()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn uuid_like() -> String {
    format!(
        "{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    )
}
