//! The audit log's checkpoint signing key: `<data dir>/keys/audit-checkpoint.key`, 32 random
//! bytes (hex), created on first start with mode 0600. Losing it loses nothing but the
//! ability to sign new checkpoints with the same identity.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use harbinger_ledger::CheckpointKey;

/// Where the key lives under `data_dir`.
pub fn path(data_dir: &Path) -> PathBuf {
    data_dir.join("keys").join("audit-checkpoint.key")
}

/// Loads the key, creating it (and `keys/`) when missing.
pub fn load_or_create(data_dir: &Path) -> Result<CheckpointKey, String> {
    let file = path(data_dir);
    if let Some(k) = load(data_dir)? {
        return Ok(k);
    }
    let dir = file.parent().unwrap_or(data_dir);
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let secret: [u8; 32] = rand::random();
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    match opts.open(&file) {
        Ok(mut f) => {
            f.write_all(hex::encode(secret).as_bytes())
                .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
            Ok(CheckpointKey::from_bytes(&secret))
        }
        // Another replica sharing the data dir created it first: use theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            load(data_dir)?.ok_or_else(|| format!("{} vanished", file.display()))
        }
        Err(e) => Err(format!("cannot create {}: {e}", file.display())),
    }
}

/// Loads the key if it exists.
pub fn load(data_dir: &Path) -> Result<Option<CheckpointKey>, String> {
    let file = path(data_dir);
    match std::fs::read_to_string(&file) {
        Ok(text) => {
            let bytes: [u8; 32] = hex::decode(text.trim())
                .ok()
                .and_then(|b| b.try_into().ok())
                .ok_or_else(|| format!("{} does not hold a 64-digit hex key", file.display()))?;
            Ok(Some(CheckpointKey::from_bytes(&bytes)))
        }
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
}
