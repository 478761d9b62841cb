//! The server's own keys, each 32 random bytes (hex) under `<data dir>/keys/`, created on
//! first start with mode 0600:
//! - `audit-checkpoint.key` signs the checkpoints of the audit log and the signal ledger.
//!   Losing it loses nothing but the ability to sign new checkpoints with the same identity.
//! - `secrets.key` seals TOTP seeds in the database, unless `auth.encryption_key` is set.
//!   Losing it turns every enrolled authenticator off in effect (recovery codes still work).

use std::io::Write as _;
use std::path::{Path, PathBuf};

use harbinger_ledger::CheckpointKey;

/// Where the checkpoint key lives under `data_dir`.
pub fn path(data_dir: &Path) -> PathBuf {
    data_dir.join("keys").join("audit-checkpoint.key")
}

/// Where the sealing key lives under `data_dir` when the configuration gives none.
pub fn secrets_path(data_dir: &Path) -> PathBuf {
    data_dir.join("keys").join("secrets.key")
}

/// Loads the checkpoint key, creating it (and `keys/`) when missing.
pub fn load_or_create(data_dir: &Path) -> Result<CheckpointKey, String> {
    load_or_create_bytes(&path(data_dir)).map(|b| CheckpointKey::from_bytes(&b))
}

/// Loads the checkpoint key if it exists.
pub fn load(data_dir: &Path) -> Result<Option<CheckpointKey>, String> {
    Ok(load_bytes(&path(data_dir))?.map(|b| CheckpointKey::from_bytes(&b)))
}

/// The key that seals secrets in the database: the configured one, else the data dir's.
pub fn encryption_key(config: &crate::config::Config) -> Result<[u8; 32], String> {
    match &config.auth.encryption_key {
        Some(k) => crate::config::parse_key(k.expose())
            .map_err(|why| format!("auth.encryption_key: {why}")),
        None => load_or_create_bytes(&secrets_path(&config.data_dir)),
    }
}

fn load_or_create_bytes(file: &Path) -> Result<[u8; 32], String> {
    if let Some(k) = load_bytes(file)? {
        return Ok(k);
    }
    let dir = file.parent().unwrap_or(file);
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let secret: [u8; 32] = rand::random();
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    match opts.open(file) {
        Ok(mut f) => {
            f.write_all(hex::encode(secret).as_bytes())
                .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
            Ok(secret)
        }
        // Another replica sharing the data dir created it first: use theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            load_bytes(file)?.ok_or_else(|| format!("{} vanished", file.display()))
        }
        Err(e) => Err(format!("cannot create {}: {e}", file.display())),
    }
}

fn load_bytes(file: &Path) -> Result<Option<[u8; 32]>, String> {
    match std::fs::read_to_string(file) {
        Ok(text) => hex::decode(text.trim())
            .ok()
            .and_then(|b| b.try_into().ok())
            .map(Some)
            .ok_or_else(|| format!("{} does not hold a 64-digit hex key", file.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("cannot read {}: {e}", file.display())),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn created_once_with_owner_only_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let a = super::load_or_create(dir.path()).unwrap();
        let b = super::load_or_create(dir.path()).unwrap();
        assert_eq!(a.to_bytes(), b.to_bytes());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(super::path(dir.path()))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn the_configured_encryption_key_wins_over_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut config = crate::config::Config {
            data_dir: dir.path().to_owned(),
            ..Default::default()
        };
        let from_file = super::encryption_key(&config).unwrap();
        assert_eq!(from_file, super::encryption_key(&config).unwrap(), "kept");
        assert!(super::secrets_path(dir.path()).exists());
        let hex = "0123456789abcdef".repeat(4);
        config.auth.encryption_key = Some(crate::config::Secret::new(hex.clone()));
        assert_eq!(
            super::encryption_key(&config).unwrap().to_vec(),
            hex::decode(hex).unwrap()
        );
        config.auth.encryption_key = Some(crate::config::Secret::new("00".repeat(32)));
        assert!(super::encryption_key(&config).is_err());
    }
}
