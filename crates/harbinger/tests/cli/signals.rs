//! `harbinger signals run` records each new signal once; `harbinger ledger verify` passes on
//! the intact ledger and names the seq of an altered entry, a removed tail, or a changed byte
//! in a saved export.

use std::path::{Path, PathBuf};

use super::{harbinger, stderr_line};

fn run(dir: &Path, args: &[&str]) -> std::process::Output {
    harbinger(dir).args(args).output().unwrap()
}

fn ok_json(dir: &Path, args: &[&str]) -> serde_json::Value {
    let out = run(dir, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn store_of(dir: &Path, rt: &tokio::runtime::Runtime) -> harbinger_store::Store {
    let url = format!("sqlite://{}/harbinger-data/harbinger.db", dir.display());
    rt.block_on(harbinger_store::Store::connect(
        &url,
        &harbinger_store::ConnectOptions::default(),
    ))
    .unwrap()
}

#[test]
fn signals_run_records_once_and_ledger_verify_names_the_bad_seq() {
    let dir = tempfile::tempdir().unwrap();
    let prices = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/prices/MSFT.csv");
    let text = std::fs::read_to_string(prices).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let csv = dir.path().join("zmsft.csv");
    // Day by day over the last months of the file, as a feed would deliver them.
    let mut recorded = 0;
    let mut graded = 0;
    let mut last_pass = serde_json::Value::Null;
    for end in (lines.len() - 120)..lines.len() {
        std::fs::write(&csv, lines[..=end].join("\n")).unwrap();
        let imported = run(
            dir.path(),
            &["import-csv", csv.to_str().unwrap(), "--symbol", "ZMSFT"],
        );
        assert!(imported.status.success(), "{}", stderr_line(&imported));
        let pass = ok_json(
            dir.path(),
            &["signals", "run", "--symbols", "ZMSFT", "--json"],
        );
        let n = pass["appended"].as_array().unwrap().len();
        recorded += n;
        graded += pass["graded"].as_array().unwrap().len();
        if n > 0 {
            last_pass = pass;
        }
        if recorded >= 3 {
            break;
        }
    }
    assert!(recorded >= 3, "only {recorded} signals in 120 days");
    assert_eq!(last_pass["decisions"], 7);
    // The same bar again: recorded already, nothing new.
    let again = ok_json(
        dir.path(),
        &["signals", "run", "--symbols", "ZMSFT", "--json"],
    );
    assert_eq!(again["appended"].as_array().unwrap().len(), 0);
    assert!(again["already_recorded"].as_u64().unwrap() >= 1);

    let verify = || run(dir.path(), &["ledger", "verify"]);
    let intact = verify();
    assert!(intact.status.success(), "{}", stderr_line(&intact));
    let said = String::from_utf8_lossy(&intact.stdout).to_string();
    assert!(
        said.contains(&format!("intact: {} entries", recorded + graded)),
        "{said}"
    );

    // A saved export verifies on its own; one changed byte is named by seq.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let store = store_of(dir.path(), &rt);
    let rows = rt.block_on(store.ledger_rows(0, 1_000)).unwrap();
    let export = serde_json::json!({"entries": rows, "checkpoints": [], "public_key": null});
    let file = dir.path().join("ledger.json");
    std::fs::write(&file, export.to_string()).unwrap();
    let from_file = run(
        dir.path(),
        &["ledger", "verify", "--file", file.to_str().unwrap()],
    );
    assert!(from_file.status.success(), "{}", stderr_line(&from_file));
    let mut tampered = export.clone();
    let entry = tampered["entries"][1]["entry"].as_str().unwrap().to_owned();
    tampered["entries"][1]["entry"] = entry.replacen("\"entry\":\"", "\"entry\":\"1", 1).into();
    std::fs::write(&file, tampered.to_string()).unwrap();
    let bad_file = run(
        dir.path(),
        &["ledger", "verify", "--file", file.to_str().unwrap()],
    );
    assert_eq!(bad_file.status.code(), Some(1));
    assert!(
        stderr_line(&bad_file).contains("seq 2"),
        "{}",
        stderr_line(&bad_file)
    );

    // In the database: the tail removed (the head row still counts it), then an edited entry.
    rt.block_on(async {
        store
            .execute_unchecked_for_tests("DROP TRIGGER signal_ledger_no_delete")
            .await
            .unwrap();
        store
            .execute_unchecked_for_tests(
                format!(
                    "DELETE FROM signal_ledger WHERE seq = {}",
                    recorded + graded
                )
                .leak(),
            )
            .await
            .unwrap();
    });
    let cut = verify();
    assert_eq!(cut.status.code(), Some(1));
    assert!(
        stderr_line(&cut).contains(&format!("seq {}", recorded + graded)),
        "{}",
        stderr_line(&cut)
    );
    rt.block_on(async {
        store
            .execute_unchecked_for_tests("DROP TRIGGER signal_ledger_no_update")
            .await
            .unwrap();
        store
            .execute_unchecked_for_tests(
                "UPDATE signal_ledger SET entry = replace(entry, '\"confidence\":\"0.', '\"confidence\":\"0.9') WHERE seq = 1",
            )
            .await
            .unwrap();
    });
    let edited = verify();
    assert_eq!(edited.status.code(), Some(1));
    assert!(
        stderr_line(&edited).contains("broken at seq 1"),
        "{}",
        stderr_line(&edited)
    );
}
