//! The `harbinger` binary as a user runs it: exit codes, one-line errors, real databases.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use std::io::{BufRead as _, BufReader, Write as _};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

mod backtest;
mod secrets;
mod signals;

fn harbinger(dir: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_harbinger"));
    c.current_dir(dir);
    // A clean environment: only what each test sets.
    for (k, _) in std::env::vars() {
        if k.starts_with("HARBINGER_") {
            c.env_remove(k);
        }
    }
    c.env("HARBINGER_LOG", "warn");
    c
}

fn stderr_line(out: &Output) -> String {
    let s = String::from_utf8_lossy(&out.stderr).trim().to_owned();
    assert_eq!(s.lines().count(), 1, "exactly one line on stderr, got: {s}");
    s
}

#[test]
fn help_works_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["backfill", "--help"],
        vec!["import-csv", "--help"],
        vec!["signals", "run", "--help"],
        vec!["backtest", "--help"],
        vec!["ledger", "verify", "--help"],
        vec!["audit", "verify", "--help"],
        vec!["users", "create", "--help"],
        vec!["users", "set-plan", "--help"],
        vec!["migrate", "--help"],
    ] {
        let out = harbinger(dir.path()).args(&args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("Usage:"),
            "{args:?}"
        );
    }
}

#[test]
fn bad_arguments_exit_2_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["--bogus"],
        vec![],
        vec!["users", "set-plan", "--email", "a@b.co", "--plan", "gold"],
        vec!["backfill", "--provider", "yahoo"],
        vec!["import-csv"],
    ] {
        let out = harbinger(dir.path()).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let line = stderr_line(&out);
        assert!(line.starts_with("error: "), "{line}");
    }
}

#[test]
fn bad_configuration_names_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&[(&str, &str)], &str)] = &[
        (&[("HARBINGER_LISTEN", "nope")], "HARBINGER_LISTEN"),
        (
            &[("HARBINGER_MARKET__REPLAY_BAR_SECONDS", "fast")],
            "HARBINGER_MARKET__REPLAY_BAR_SECONDS",
        ),
        (
            &[("HARBINGER_MARKET__PROVIDERS", "replay,bloomberg")],
            "HARBINGER_MARKET__PROVIDERS",
        ),
        (
            &[("HARBINGER_MARKET__CROSS_CHECK_TOLERANCE", "1.5")],
            "HARBINGER_MARKET__CROSS_CHECK_TOLERANCE",
        ),
        (
            &[("HARBINGER_MARKET__STALE_LIMIT_HOURS", "0")],
            "HARBINGER_MARKET__STALE_LIMIT_HOURS",
        ),
        (
            &[("HARBINGER_MARKET__FRESH_SECS", "soon")],
            "HARBINGER_MARKET__FRESH_SECS",
        ),
        (
            &[("HARBINGER_STRIPE__SECRET_KEY", "")],
            "HARBINGER_STRIPE__SECRET_KEY",
        ),
        (
            &[("HARBINGER_STRIPE__SECRET_KEY", "sk_test_abc")],
            "HARBINGER_STRIPE__WEBHOOK_SECRET",
        ),
        (
            &[("HARBINGER_AI__PROVIDER", "perplexity")],
            "HARBINGER_AI__API_KEY",
        ),
        (
            &[
                ("HARBINGER_AI__PROVIDER", "perplexity"),
                ("HARBINGER_AI__API_KEY", "changeme"),
            ],
            "HARBINGER_AI__API_KEY",
        ),
        (
            &[(
                "HARBINGER_HTTP__TRUSTED_PROXIES",
                "10.0.0.0/8,load-balancer",
            )],
            "HARBINGER_HTTP__TRUSTED_PROXIES",
        ),
        (
            &[("HARBINGER_METRICS__TOKEN", "")],
            "HARBINGER_METRICS__TOKEN",
        ),
        (
            &[("HARBINGER_METRICS__TOKEN", "changeme")],
            "HARBINGER_METRICS__TOKEN",
        ),
        (&[("HARBINGER_LOG_FORMAT", "xml")], "HARBINGER_LOG_FORMAT"),
        (&[("HARBINGER_LOG", "info,[[[")], "HARBINGER_LOG"),
        (
            &[("HARBINGER_DATABASE_URL", "mysql://x")],
            "HARBINGER_DATABASE_URL",
        ),
    ];
    for (env, key) in cases {
        let out = harbinger(dir.path())
            .arg("migrate")
            .envs(env.iter().copied())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{env:?}");
        let line = stderr_line(&out);
        assert!(line.contains(key), "{env:?}: {line}");
    }
}

#[test]
fn config_file_unknown_keys_stop_and_unknown_env_vars_warn() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("harbinger.toml");
    std::fs::write(
        &file,
        "listen = \"127.0.0.1:0\"\n[market]\nproviderz = \"replay\"\n",
    )
    .unwrap();
    let out = harbinger(dir.path())
        .args(["--config", "harbinger.toml", "migrate"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_line(&out).contains("market.providerz"));

    std::fs::write(
        &file,
        "[market]\nproviders = [\"replay\"]\nreplay_bar_seconds = 0.1\n\
         cross_check_tolerance = 0.05\nfresh_secs = 60\nstale_limit_hours = 12\n\
         gap_fill_every_minutes = 30\ngap_fill_days = 10\nquote_ttl_secs = 15\ncache_entries = 100\n",
    )
    .unwrap();
    let out = harbinger(dir.path())
        .args(["--config", "harbinger.toml", "migrate"])
        .env("HARBINGER_SHINY", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("unknown environment variable HARBINGER_SHINY")
    );

    let out = harbinger(dir.path())
        .args(["--config", "missing.toml", "migrate"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_line(&out).contains("missing.toml"));
}

#[test]
fn unreachable_database_is_one_line_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = harbinger(dir.path())
        .arg("migrate")
        .env(
            "HARBINGER_DATABASE_URL",
            "postgres://nobody@127.0.0.1:1/none",
        )
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let line = stderr_line(&out);
    assert!(line.contains("cannot open the database"), "{line}");
    assert!(!line.contains("panicked"));
}

#[test]
fn migrate_creates_the_sqlite_database_under_the_data_dir() {
    let dir = tempfile::tempdir().unwrap();
    let out = harbinger(dir.path()).arg("migrate").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.path().join("harbinger-data/harbinger.db").exists());
    let again = harbinger(dir.path()).arg("migrate").output().unwrap();
    assert!(again.status.success());
}

#[tokio::test]
async fn migrate_and_users_on_postgres() {
    let db = harbinger_store::testing::TestDb::postgres().await;
    let dir = tempfile::tempdir().unwrap();
    let out = harbinger(dir.path())
        .arg("migrate")
        .env("HARBINGER_DATABASE_URL", &db.url)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    users_round_trip(dir.path(), Some(&db.url));
    let user = db
        .store
        .user_by_email("ops@example.com")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(user.plan, harbinger_core::Plan::Quant);
}

#[test]
fn users_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    users_round_trip(dir.path(), None);
}

fn users_round_trip(dir: &std::path::Path, db: Option<&str>) {
    let run = |args: &[&str], stdin: &str| {
        let mut c = harbinger(dir);
        if let Some(url) = db {
            c.env("HARBINGER_DATABASE_URL", url);
        }
        let mut child = c
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let out = run(
        &[
            "users",
            "create",
            "--email",
            "Ops@Example.com",
            "--role",
            "admin",
            "--json",
        ],
        "correct horse battery staple\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let created: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (created["email"].as_str(), created["role"].as_str()),
        (Some("ops@example.com"), Some("admin"))
    );
    assert_eq!(
        created["email_verified"], true,
        "the address counts as verified"
    );
    let dup = run(
        &["users", "create", "--email", "ops@example.com"],
        "another long password\n",
    );
    assert_eq!(dup.status.code(), Some(2));
    assert!(stderr_line(&dup).contains("already exists"));
    let short = run(&["users", "create", "--email", "x@example.com"], "short\n");
    assert_eq!(short.status.code(), Some(2));
    assert!(stderr_line(&short).contains("at least 8"));
    let plan = run(
        &[
            "users",
            "set-plan",
            "--email",
            "ops@example.com",
            "--plan",
            "quant",
        ],
        "",
    );
    assert!(
        plan.status.success(),
        "{}",
        String::from_utf8_lossy(&plan.stderr)
    );
    let missing = run(
        &[
            "users",
            "set-plan",
            "--email",
            "nobody@example.com",
            "--plan",
            "pro",
        ],
        "",
    );
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr_line(&missing).contains("no account"));
}

#[test]
fn stored_password_is_argon2id_with_owasp_parameters() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = harbinger(dir.path())
        .args(["users", "create", "--email", "p@example.com"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("pässwörd with ünicode 🙂\n".as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success());
    let rt = tokio::runtime::Runtime::new().unwrap();
    let user = rt.block_on(async {
        let url = format!(
            "sqlite://{}/harbinger-data/harbinger.db",
            dir.path().display()
        );
        let store =
            harbinger_store::Store::connect(&url, &harbinger_store::ConnectOptions::default())
                .await
                .unwrap();
        store.user_by_email("p@example.com").await.unwrap().unwrap()
    });
    let hash = user.password_hash.unwrap();
    assert!(
        hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{hash}"
    );
}

/// `serve` on port 0 prints its URL, serves, and exits cleanly on SIGTERM.
#[test]
fn serve_prints_the_url_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = harbinger(dir.path())
        .arg("serve")
        .env("HARBINGER_LISTEN", "127.0.0.1:0")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim()
        .strip_prefix("Harbinger listening on ")
        .unwrap_or_else(|| panic!("{line}"))
        .to_owned();
    assert!(
        url.starts_with("http://127.0.0.1:") && !url.ends_with(":0"),
        "{url}"
    );
    let rt = tokio::runtime::Runtime::new().unwrap();
    let status = rt.block_on(async {
        reqwest::get(format!("{url}/healthz"))
            .await
            .unwrap()
            .status()
    });
    assert_eq!(status, 200);
    assert!(dir.path().join("harbinger-data/harbinger.db").exists());
    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    loop {
        if let Some(s) = child.try_wait().unwrap() {
            assert!(s.success(), "graceful exit, got {s}");
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "server did not stop after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn market_commands_explain_bad_input_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    for (args, needle) in [
        (
            vec!["import-csv", "missing.csv", "--symbol", "AAPL"],
            "cannot open missing.csv",
        ),
        (vec!["import-csv", "x.csv", "--symbol", "A;B"], "--symbol"),
        (
            vec!["backfill", "--provider", "bloomberg", "--symbols", "AAPL"],
            "unknown provider",
        ),
        (
            vec![
                "backfill",
                "--provider",
                "yahoo",
                "--symbols",
                "AAPL",
                "--from",
                "2020-13-01",
            ],
            "--from",
        ),
        (
            vec![
                "backfill",
                "--provider",
                "yahoo",
                "--symbols",
                "AAPL",
                "--from",
                "2021-01-01",
                "--to",
                "2020-01-01",
            ],
            "after",
        ),
        (
            vec![
                "backfill",
                "--provider",
                "yahoo",
                "--symbols",
                "AAPL",
                "--interval",
                "2d",
            ],
            "--interval",
        ),
    ] {
        let out = harbinger(dir.path()).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let line = stderr_line(&out);
        assert!(line.contains(needle), "{args:?}: {line}");
    }
}

/// `harbinger audit verify` passes on an intact log and names the first bad seq of a
/// tampered copy (row edited; tail row deleted).
#[test]
fn audit_verify_names_the_first_bad_seq() {
    let dir = tempfile::tempdir().unwrap();
    users_round_trip(dir.path(), None);
    let verify = || {
        harbinger(dir.path())
            .args(["audit", "verify"])
            .output()
            .unwrap()
    };
    let ok = verify();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(
        String::from_utf8_lossy(&ok.stdout).contains("audit log intact: 2 rows"),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    let rt = tokio::runtime::Runtime::new().unwrap();
    let url = format!(
        "sqlite://{}/harbinger-data/harbinger.db",
        dir.path().display()
    );
    let store = rt
        .block_on(harbinger_store::Store::connect(
            &url,
            &harbinger_store::ConnectOptions::default(),
        ))
        .unwrap();
    rt.block_on(async {
        store
            .execute_unchecked_for_tests("DROP TRIGGER audit_log_no_delete")
            .await
            .unwrap();
        store
            .execute_unchecked_for_tests("DELETE FROM audit_log WHERE seq = 2")
            .await
            .unwrap();
    });
    let cut = verify();
    assert_eq!(cut.status.code(), Some(1));
    assert!(stderr_line(&cut).contains("seq 2"), "{}", stderr_line(&cut));
    rt.block_on(async {
        store
            .execute_unchecked_for_tests("DROP TRIGGER audit_log_no_update")
            .await
            .unwrap();
        store
            .execute_unchecked_for_tests(
                "UPDATE audit_log SET reason = 'nothing happened' WHERE seq = 1",
            )
            .await
            .unwrap();
    });
    let bad = verify();
    assert_eq!(bad.status.code(), Some(1));
    let line = stderr_line(&bad);
    assert!(line.contains("broken at seq 1"), "{line}");
}

/// Development mode where other machines can connect says so on stderr before it serves;
/// production mode without an https public URL does not start, naming the variable.
#[test]
fn serve_warns_about_development_on_a_reachable_address_and_production_needs_https() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = harbinger(dir.path())
        .arg("serve")
        .env("HARBINGER_LISTEN", "0.0.0.0:0")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut warning = String::new();
    BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut warning)
        .unwrap();
    let mut listening = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut listening)
        .unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        warning.starts_with("WARNING: development mode on 0.0.0.0:0")
            && warning.contains("NOT FOR PRODUCTION"),
        "{warning}"
    );
    assert!(
        listening.starts_with("Harbinger listening on "),
        "{listening}"
    );

    let out = harbinger(dir.path())
        .arg("serve")
        .env("HARBINGER_MODE", "production")
        .env("HARBINGER_PUBLIC_URL", "http://signals.example.com")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let line = stderr_line(&out);
    assert!(
        line.contains("HARBINGER_PUBLIC_URL") && line.contains("production mode needs an https://"),
        "{line}"
    );
}
