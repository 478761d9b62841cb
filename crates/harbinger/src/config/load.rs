use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::Config;

/// Prefix of every configuration variable.
const PREFIX: &str = "HARBINGER_";

/// `HARBINGER_…` variables that are not configuration keys.
const NOT_CONFIG: &[&str] = &[
    "HARBINGER_CONFIG",
    "HARBINGER_TEST_PG_URL",
    "HARBINGER_TEST_REDIS_URL",
];

/// Keys that were removed, and why: a file or variable that still sets one is accepted with a
/// warning naming it as removed (the value is ignored), so an upgrade does not stop at start-up
/// over a tuning knob that no longer exists. Any other unknown key in a file is still refused.
const REMOVED: &[(&str, &str)] = &[
    (
        "auth.hash_core_fence",
        "password hashing no longer moves threads between cores",
    ),
    (
        "auth.hash_idle_class",
        "password hashing threads run in the normal CPU class",
    ),
    (
        "auth.login_capacity_per_second",
        "the number of hashing threads is auth.hash_concurrency (default: one per core)",
    ),
    (
        "auth.user_requests_per_minute",
        "signed-in users get their plan's requests_per_minute ([plans.free|pro|quant])",
    ),
];

/// A configuration that could not be used. The message is one line naming the key.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

/// A validated configuration, with warnings to log once logging is up.
#[derive(Debug)]
pub struct Loaded {
    pub config: Config,
    pub warnings: Vec<String>,
    /// The file it was read from, if any.
    pub file: Option<PathBuf>,
}

/// Where a key's value came from, to name it in messages the way the user wrote it.
#[derive(Debug, Clone)]
enum Origin {
    Env(String),
    File,
}

/// Loads defaults, then `file` (if given), then `env` (`HARBINGER_…` pairs), and validates.
pub fn load(
    file: Option<&Path>,
    env: impl IntoIterator<Item = (String, String)>,
) -> Result<Loaded, ConfigError> {
    let mut warnings = Vec::new();
    let mut origins: BTreeMap<String, Origin> = BTreeMap::new();
    let mut merged = toml::Value::try_from(Config::default())
        .map_err(|e| ConfigError(format!("internal: defaults do not serialize: {e}")))?;

    if let Some(path) = file {
        let text = std::fs::read_to_string(path).map_err(|e| {
            ConfigError(format!(
                "cannot read configuration file {}: {e}",
                path.display()
            ))
        })?;
        let table: toml::Table = toml::from_str(&text).map_err(|e| {
            let msg = e.message().replace('\n', " ");
            let at = e
                .span()
                .map(|s| format!(" (line {})", text[..s.start].lines().count().max(1)))
                .unwrap_or_default();
            ConfigError(format!("{} is not valid TOML{at}: {msg}", path.display()))
        })?;
        let mut leaf_paths = Vec::new();
        collect_leaves(
            &toml::Value::Table(table.clone()),
            String::new(),
            &mut leaf_paths,
        );
        for p in leaf_paths {
            origins.insert(p, Origin::File);
        }
        deep_merge(&mut merged, toml::Value::Table(table));
    }

    let mut env: Vec<(String, String)> = env
        .into_iter()
        .filter(|(k, _)| k.starts_with(PREFIX) && !NOT_CONFIG.contains(&k.as_str()))
        .collect();
    env.sort();
    for (name, value) in env {
        let path: Vec<String> = name[PREFIX.len()..]
            .split("__")
            .map(str::to_ascii_lowercase)
            .collect();
        if path.iter().any(String::is_empty) || !insert(&mut merged, &path, value) {
            warnings.push(format!("unknown environment variable {name} ignored"));
            continue;
        }
        origins.insert(path.join("."), Origin::Env(name));
    }

    for (key, why) in REMOVED {
        if remove(&mut merged, key) {
            let name = describe(key, &origins, file);
            warnings.push(format!("{name} was removed and is ignored: {why}"));
        }
    }

    let name_of = |key: &str| describe(key, &origins, file);
    let config: Config = serde_path_to_error::deserialize(merged.clone()).map_err(|e| {
        let key = e.path().to_string();
        ConfigError(format!(
            "invalid value for {}: {}",
            name_of(&key),
            e.inner().message()
        ))
    })?;

    let mut unknown = Vec::new();
    let _: Result<Config, _> = serde_ignored::deserialize(merged, |p| unknown.push(p.to_string()));
    for key in unknown {
        // An unknown table (`HARBINGER_FOO__BAR`) is reported as `foo`: find what set it.
        let under = format!("{key}.");
        let sources: Vec<&Origin> = origins
            .iter()
            .filter(|(k, _)| **k == key || k.starts_with(&under))
            .map(|(_, o)| o)
            .collect();
        if !sources.is_empty() && sources.iter().all(|o| matches!(o, Origin::Env(_))) {
            for o in sources {
                if let Origin::Env(var) = o {
                    warnings.push(format!("unknown environment variable {var} ignored"));
                }
            }
        } else {
            let file = file.map_or_else(|| "the configuration".into(), |f| f.display().to_string());
            return Err(ConfigError(format!("unknown key `{key}` in {file}")));
        }
    }

    super::validate::validate(&config, &name_of)?;
    Ok(Loaded {
        config,
        warnings,
        file: file.map(Path::to_path_buf),
    })
}

/// Names a key as the user wrote it: the variable name, or the key and its file.
fn describe(key: &str, origins: &BTreeMap<String, Origin>, file: Option<&Path>) -> String {
    let env_name = format!("{PREFIX}{}", key.to_ascii_uppercase().replace('.', "__"));
    match origins.get(key) {
        Some(Origin::Env(var)) => var.clone(),
        Some(Origin::File) => format!(
            "`{key}` in {}",
            file.map_or_else(
                || "the configuration file".into(),
                |f| f.display().to_string()
            )
        ),
        None => format!("{key} ({env_name})"),
    }
}

fn collect_leaves(v: &toml::Value, prefix: String, out: &mut Vec<String>) {
    match v {
        toml::Value::Table(t) => {
            for (k, v) in t {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                collect_leaves(v, p, out);
            }
        }
        _ => out.push(prefix),
    }
}

/// Overlays `top` on `base`, table by table.
fn deep_merge(base: &mut toml::Value, top: toml::Value) {
    match (base, top) {
        (toml::Value::Table(b), toml::Value::Table(t)) => {
            for (k, v) in t {
                match b.get_mut(&k) {
                    Some(existing) => deep_merge(existing, v),
                    None => {
                        b.insert(k, v);
                    }
                }
            }
        }
        (b, t) => *b = t,
    }
}

/// Removes the dotted `key` from `root`; true when it was there.
fn remove(root: &mut toml::Value, key: &str) -> bool {
    let mut path: Vec<&str> = key.split('.').collect();
    let Some(last) = path.pop() else {
        return false;
    };
    let mut cur = root;
    for p in path {
        match cur.get_mut(p) {
            Some(next) => cur = next,
            None => return false,
        }
    }
    cur.as_table_mut().and_then(|t| t.remove(last)).is_some()
}

/// Sets `path` to the text `value`. False when the path runs through a non-table value,
/// which cannot be a configuration key.
fn insert(root: &mut toml::Value, path: &[String], value: String) -> bool {
    let Some((last, parents)) = path.split_last() else {
        return false;
    };
    let mut cur = root;
    for p in parents {
        let toml::Value::Table(t) = cur else {
            return false;
        };
        cur = t
            .entry(p.clone())
            .or_insert_with(|| toml::Value::Table(toml::Table::new()));
    }
    match cur {
        toml::Value::Table(t) => {
            t.insert(last.clone(), toml::Value::String(value));
            true
        }
        _ => false,
    }
}

impl<'de> Deserialize<'de> for super::Mode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = super::lenient::Scalar::deserialize(d)?.0;
        match s.trim().to_ascii_lowercase().as_str() {
            "development" => Ok(Self::Development),
            "production" => Ok(Self::Production),
            other => Err(serde::de::Error::custom(format!(
                "{other:?} is not a mode; use development or production"
            ))),
        }
    }
}

impl<'de> Deserialize<'de> for super::LogFormat {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = super::lenient::Scalar::deserialize(d)?.0;
        match s.trim().to_ascii_lowercase().as_str() {
            "pretty" => Ok(Self::Pretty),
            "json" => Ok(Self::Json),
            other => Err(serde::de::Error::custom(format!(
                "{other:?} is not a log format; use json or pretty"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn file_with(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("harbinger.toml");
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    /// Production refuses what development allows: no https public URL, no SMTP, plain SMTP
    /// to another host, links shown in the dev mailbox; each error names the variable.
    #[test]
    fn production_mode_requires_https_and_smtp() {
        let base = [
            ("HARBINGER_MODE", "production"),
            ("HARBINGER_PUBLIC_URL", "https://signals.example.com"),
            (
                "HARBINGER_SMTP__URL",
                "smtp://mail.example.com?tls=starttls",
            ),
            ("HARBINGER_SMTP__FROM", "signals@example.com"),
        ];
        let ok = load(None, env(&base)).unwrap().config;
        assert_eq!(ok.mode, super::super::Mode::Production);
        assert!(ok.secure_cookies());
        let with = |key: &str, value: Option<&str>| {
            let mut pairs: Vec<(&str, &str)> =
                base.iter().filter(|(k, _)| *k != key).copied().collect();
            if let Some(v) = value {
                pairs.push((key, v));
            }
            load(None, env(&pairs)).map(|_| ()).unwrap_err().to_string()
        };
        let err = with("HARBINGER_PUBLIC_URL", None);
        assert!(
            err.contains("HARBINGER_PUBLIC_URL")
                && err.contains("production mode needs an https://"),
            "{err}"
        );
        let err = with("HARBINGER_PUBLIC_URL", Some("http://signals.example.com"));
        assert!(err.starts_with("HARBINGER_PUBLIC_URL:"), "{err}");
        let err = with("HARBINGER_SMTP__URL", None);
        assert!(
            err.contains("HARBINGER_SMTP__URL")
                && err.contains("production mode sends mail over SMTP"),
            "{err}"
        );
        let err = with("HARBINGER_SMTP__URL", Some("smtp://mail.example.com"));
        assert!(
            err.contains("would send passwords and links in clear"),
            "{err}"
        );
        // A relay on the same machine may be plain.
        let mut local = base.to_vec();
        local.retain(|(k, _)| *k != "HARBINGER_SMTP__URL");
        local.push(("HARBINGER_SMTP__URL", "smtp://127.0.0.1:25"));
        assert!(load(None, env(&local)).is_ok());
        let mut shown = base.to_vec();
        shown.push(("HARBINGER_SMTP__DEV_MAILBOX_SHOW_LINKS", "true"));
        let err = load(None, env(&shown)).unwrap_err().to_string();
        assert!(
            err.starts_with("HARBINGER_SMTP__DEV_MAILBOX_SHOW_LINKS: is for development only"),
            "{err}"
        );
        let err = load(None, env(&[("HARBINGER_MODE", "staging")]))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("HARBINGER_MODE") && err.contains("use development or production"),
            "{err}"
        );
        let err = load(
            None,
            env(&[
                ("HARBINGER_SMTP__URL", "smtp://x?tls=maybe"),
                ("HARBINGER_SMTP__FROM", "a@b.c"),
            ]),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("HARBINGER_SMTP__URL: tls=maybe is not understood"),
            "{err}"
        );
    }

    /// Cookies are plain only in development on loopback; development elsewhere is warned
    /// about.
    #[test]
    fn cookies_are_secure_except_in_development_on_loopback() {
        let dev = load(None, []).unwrap().config;
        assert!(!dev.secure_cookies());
        assert_eq!(dev.exposure_warning(), None);
        let lan = load(None, env(&[("HARBINGER_LISTEN", "0.0.0.0:8080")]))
            .unwrap()
            .config;
        assert!(lan.secure_cookies());
        assert!(
            lan.exposure_warning()
                .unwrap()
                .contains("NOT FOR PRODUCTION")
        );
        let proxied = load(
            None,
            env(&[("HARBINGER_PUBLIC_URL", "https://h.example.com")]),
        )
        .unwrap()
        .config;
        assert!(
            proxied.secure_cookies(),
            "an https public URL means the browser is on https"
        );
    }

    /// The hashing pool's old knobs (core fence, idle class, capacity-based sizing) are gone:
    /// a file or variable that still sets one starts with a warning naming it as removed.
    #[test]
    fn removed_hashing_keys_are_ignored_with_a_warning_naming_them() {
        let (_dir, path) = file_with(
            "[auth]\nhash_core_fence = true\nhash_idle_class = false\n\
             login_capacity_per_second = 60\nhash_concurrency = 3\n",
        );
        let loaded = load(Some(&path), []).unwrap();
        assert_eq!(loaded.config.auth.hash_concurrency, 3);
        for key in [
            "auth.hash_core_fence",
            "auth.hash_idle_class",
            "auth.login_capacity_per_second",
        ] {
            assert!(
                loaded
                    .warnings
                    .iter()
                    .any(|w| w.contains(&format!("`{key}` in")) && w.contains("was removed")),
                "{key}: {:?}",
                loaded.warnings
            );
        }
        let loaded = load(
            None,
            [(
                "HARBINGER_AUTH__HASH_CORE_FENCE".to_owned(),
                "false".to_owned(),
            )],
        )
        .unwrap();
        assert_eq!(
            loaded.warnings,
            [
                "HARBINGER_AUTH__HASH_CORE_FENCE was removed and is ignored: \
              password hashing no longer moves threads between cores"
            ]
        );
        // Anything else unknown in a file still stops start-up, naming the key.
        let (_dir, path) = file_with("[auth]\nhash_core_fences = true\n");
        let err = load(Some(&path), []).unwrap_err().to_string();
        assert!(err.contains("unknown key `auth.hash_core_fences`"), "{err}");
    }

    #[test]
    fn the_hashing_pool_is_sized_by_two_plain_settings() {
        let loaded = load(None, []).unwrap();
        assert_eq!(
            loaded.config.auth.hash_concurrency, 0,
            "0: one thread per core"
        );
        assert_eq!(loaded.config.auth.hash_queue, 32);
        let loaded = load(
            None,
            [
                (
                    "HARBINGER_AUTH__HASH_CONCURRENCY".to_owned(),
                    "2".to_owned(),
                ),
                ("HARBINGER_AUTH__HASH_QUEUE".to_owned(), "0".to_owned()),
            ],
        )
        .unwrap();
        assert_eq!(loaded.config.auth.hash_concurrency, 2);
        assert_eq!(loaded.config.auth.hash_queue, 0);
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    }

    #[test]
    fn trusted_proxies_are_a_list_of_cidrs_and_a_bad_one_names_the_key() {
        let loaded = load(None, []).unwrap();
        assert!(
            loaded.config.http.trusted_proxies.0.is_empty(),
            "none by default"
        );
        let var = |v: &str| [("HARBINGER_HTTP__TRUSTED_PROXIES".to_owned(), v.to_owned())];
        let loaded = load(None, var("10.0.0.0/8, fd00::/8,192.0.2.7")).unwrap();
        assert_eq!(
            loaded.config.http.trusted_proxies.0,
            ["10.0.0.0/8", "fd00::/8", "192.0.2.7"]
        );
        let err = load(None, var("10.0.0.0/8,10.0.0.0/40"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("HARBINGER_HTTP__TRUSTED_PROXIES: ") && err.contains("10.0.0.0/40"),
            "{err}"
        );
        let (_dir, path) = file_with("[http]\ntrusted_proxies = [\"10.0.0.0/8\", \"lb\"]\n");
        let err = load(Some(&path), []).unwrap_err().to_string();
        assert!(err.contains("`http.trusted_proxies` in"), "{err}");
    }

    /// `metrics.token` is a secret like the others: unset leaves `/metrics` open, set it must
    /// be a real value, and a bad one stops start-up naming the key.
    #[test]
    fn the_metrics_token_is_checked_like_every_secret() {
        let loaded = load(None, []).unwrap();
        assert!(loaded.config.metrics.token.is_none());
        let set = |v: &str| {
            load(
                None,
                [("HARBINGER_METRICS__TOKEN".to_owned(), v.to_owned())],
            )
        };
        let token = set("scrape-7f3a9c1e5b2d4f60").unwrap().config.metrics.token;
        assert_eq!(token.unwrap().expose(), "scrape-7f3a9c1e5b2d4f60");
        for bad in ["", "  ", "changeme", "secret"] {
            let err = set(bad).unwrap_err().to_string();
            assert!(
                err.starts_with("HARBINGER_METRICS__TOKEN: "),
                "{bad:?}: {err}"
            );
        }
        let (_dir, path) = file_with("[metrics]\ntoken = \"\"\n");
        let err = load(Some(&path), []).unwrap_err().to_string();
        assert!(err.contains("`metrics.token` in"), "{err}");
        assert!(!format!("{:?}", set("scrape-7f3a9c1e5b2d4f60").unwrap().config).contains("7f3a"));
    }
}
