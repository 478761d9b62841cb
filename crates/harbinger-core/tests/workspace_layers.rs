//! The workspace's layering, read from `cargo metadata`: which Harbinger crates each crate may
//! depend on, and which crates alone may use the database driver, the HTTP framework and the
//! test kit. A new dependency that breaks a rule fails here, naming it; a deliberate change of
//! the rules edits the tables below and ARCHITECTURE.md together. It lives in the bottom crate
//! because that builds fastest; it checks the whole workspace.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

/// Each crate and the Harbinger crates it may depend on (normal dependencies).
const LAYERS: &[(&str, &[&str])] = &[
    ("harbinger-core", &[]),
    ("harbinger-ledger", &[]),
    ("harbinger-signals", &[]),
    ("harbinger-ai", &[]),
    ("harbinger-fakes", &[]),
    ("harbinger-billing", &["harbinger-core"]),
    ("harbinger-portfolio", &["harbinger-core"]),
    ("harbinger-market", &["harbinger-core"]),
    ("harbinger-model", &["harbinger-signals"]),
    (
        "harbinger-store",
        &[
            "harbinger-core",
            "harbinger-ledger",
            "harbinger-billing",
            "harbinger-portfolio",
        ],
    ),
    ("harbinger-jobs", &["harbinger-store"]),
    (
        "harbinger-auth",
        &["harbinger-core", "harbinger-store", "harbinger-ledger"],
    ),
    (
        "harbinger-marketdata",
        &["harbinger-core", "harbinger-market", "harbinger-store"],
    ),
    (
        "harbinger-web",
        &[
            "harbinger-core",
            "harbinger-store",
            "harbinger-auth",
            "harbinger-ledger",
            "harbinger-model",
            "harbinger-signals",
            "harbinger-marketdata",
            "harbinger-portfolio",
            "harbinger-billing",
            "harbinger-ai",
        ],
    ),
    (
        "harbinger",
        &[
            "harbinger-core",
            "harbinger-store",
            "harbinger-jobs",
            "harbinger-market",
            "harbinger-marketdata",
            "harbinger-portfolio",
            "harbinger-signals",
            "harbinger-model",
            "harbinger-web",
            "harbinger-auth",
            "harbinger-ledger",
            "harbinger-billing",
            "harbinger-ai",
        ],
    ),
    (
        "harbinger-testkit",
        &[
            "harbinger",
            "harbinger-core",
            "harbinger-fakes",
            "harbinger-store",
        ],
    ),
];

/// Outside crates only some Harbinger crates may use (normal dependencies).
const CONFINED: &[(&str, &[&str])] = &[
    // Every query is written once, in the store.
    ("sqlx", &["harbinger-store"]),
    // HTTP serving: the web crate; the binary wires the router; the fakes serve.
    ("axum", &["harbinger-web", "harbinger", "harbinger-fakes"]),
    // Nothing ships with the test kit or the fakes.
    ("harbinger-testkit", &[]),
    ("harbinger-fakes", &["harbinger-testkit"]),
];

/// Each workspace crate's normal (not dev, not build) dependencies, by name.
fn normal_dependencies() -> BTreeMap<String, BTreeSet<String>> {
    let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/../../Cargo.toml");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .args(["--manifest-path", manifest])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let deps = p["dependencies"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|d| d["kind"].is_null())
                .map(|d| d["name"].as_str().unwrap().to_owned())
                .collect();
            (p["name"].as_str().unwrap().to_owned(), deps)
        })
        .collect()
}

#[test]
fn every_crate_depends_only_on_the_layers_it_may() {
    let actual = normal_dependencies();
    let allowed: BTreeMap<&str, &[&str]> = LAYERS.iter().copied().collect();
    for (name, deps) in &actual {
        let Some(may) = allowed.get(name.as_str()) else {
            panic!("{name} is not in the layer table: add it here and to ARCHITECTURE.md");
        };
        for dep in deps.iter().filter(|d| d.starts_with("harbinger")) {
            assert!(
                may.contains(&dep.as_str()),
                "{name} depends on {dep}, which its layer may not use (ARCHITECTURE.md)"
            );
        }
    }
    for (name, _) in LAYERS {
        assert!(
            actual.contains_key(*name),
            "{name} is in the layer table but not in the workspace"
        );
    }
}

#[test]
fn confined_crates_stay_where_they_belong() {
    for (name, deps) in normal_dependencies() {
        for (confined, users) in CONFINED {
            assert!(
                !deps.contains(*confined) || users.contains(&name.as_str()),
                "{name} depends on {confined}, which only {users:?} may use (ARCHITECTURE.md)"
            );
        }
    }
}
