//! S31: no secret is committed. Every file git tracks is scanned for the shapes of live
//! credentials (payment, cloud, AI and chat keys) and private keys. Test-mode values in the
//! recorded fixtures (`sk_test_`, `whsec_` signature vectors) are by design and not matched.

use std::path::Path;
use std::process::Command;

/// (what, prefix, key characters that must follow it).
const SHAPES: &[(&str, &str, usize)] = &[
    ("Stripe live secret key", "sk_live_", 16),
    ("Stripe live restricted key", "rk_live_", 16),
    ("AWS access key id", "AKIA", 16),
    ("Perplexity API key", "pplx-", 32),
    ("OpenAI API key", "sk-proj-", 32),
    ("Slack token", "xoxb-", 16),
    ("GitHub token", "ghp_", 30),
    ("private key", "-----BEGIN PRIVATE KEY-----", 0),
    ("private key", "-----BEGIN RSA PRIVATE KEY-----", 0),
    ("private key", "-----BEGIN EC PRIVATE KEY-----", 0),
    ("private key", "-----BEGIN OPENSSH PRIVATE KEY-----", 0),
];

fn key_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
}

/// The first secret-shaped string in `text`: (what, byte offset).
fn find_secret(text: &[u8]) -> Option<(&'static str, usize)> {
    for &(what, prefix, min) in SHAPES {
        let p = prefix.as_bytes();
        let mut from = 0;
        while let Some(i) = text[from..].windows(p.len()).position(|w| w == p) {
            let at = from + i;
            let tail = text[at + p.len()..]
                .iter()
                .take_while(|&&c| key_char(c))
                .count();
            if tail >= min {
                return Some((what, at));
            }
            from = at + 1;
        }
    }
    None
}

#[test]
fn the_scanner_finds_what_it_looks_for() {
    let planted = format!("key = \"{}{}\"", "sk_live_", "4eC39HqLyjWDarjtT1zdp7dc");
    assert_eq!(
        find_secret(planted.as_bytes()).map(|f| f.0),
        Some("Stripe live secret key")
    );
    let pem = format!("{}\nMIIE...", "-----BEGIN RSA PRIVATE KEY-----");
    assert_eq!(
        find_secret(pem.as_bytes()).map(|f| f.0),
        Some("private key")
    );
    // A prefix alone, in prose or a pattern, is not a key.
    assert_eq!(find_secret(b"keys start with sk_live_ and"), None);
    assert_eq!(find_secret(b"sk_test_4eC39HqLyjWDarjtT1zdp7dc"), None);
}

#[test]
fn s31_no_secret_is_committed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let listed = Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(&root)
        .output()
        .expect("git runs");
    assert!(listed.status.success(), "git ls-files failed");
    let mut scanned = 0;
    let mut found = Vec::new();
    for name in listed.stdout.split(|&b| b == 0).filter(|n| !n.is_empty()) {
        let name = String::from_utf8_lossy(name).into_owned();
        // This file spells the shapes out.
        if name.ends_with("tests/cli/secrets.rs") {
            continue;
        }
        let Ok(bytes) = std::fs::read(root.join(&name)) else {
            continue; // deleted in the working tree
        };
        scanned += 1;
        if let Some((what, at)) = find_secret(&bytes) {
            found.push(format!("{name} (byte {at}): {what}"));
        }
    }
    assert!(scanned > 100, "only {scanned} files scanned");
    assert!(found.is_empty(), "secrets committed:\n{}", found.join("\n"));
}
