//! Where a practice's file lives: the default place, the places chosen in
//! the window and remembered, where a new practice goes, and the private
//! folders it lives in.

use std::path::{Path, PathBuf};

use super::{APP_IDENTIFIER, DB_ENV};
use crate::error::{Error, Result};

const DB_FILE_NAME: &str = "standard-practice.sqlite3";

/// The database the app and CLI use when none is named: `$STANDARD_PRACTICE_DB`, or
/// `standard-practice.sqlite3` in the OS's app-data folder for this app.
pub fn default_db_path() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    if let Some(p) = remembered_db_path() {
        return Ok(p);
    }
    let base = dirs::data_dir().ok_or_else(|| {
        Error::Io(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "this system has no app-data folder (is $HOME set?)",
        ))
    })?;
    Ok(base.join(APP_IDENTIFIER).join(DB_FILE_NAME))
}

/// A file in the OS's config folder for this app that remembers one place
/// chosen in the window.
fn remembered_file(name: &str) -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join(APP_IDENTIFIER).join(name))
}

/// Remembers a database chosen in the window ("choose another file", "start
/// a new practice").
const DB_PATH_FILE: &str = "database-path.txt";

/// Remembers the key file chosen in the window on a computer without a
/// credential store.
const KEY_FILE_PATH_FILE: &str = "key-file-path.txt";

/// The place remembered in the file `name`, if one is.
fn remembered(name: &str) -> Option<PathBuf> {
    let text = std::fs::read_to_string(remembered_file(name)?).ok()?;
    let line = text.lines().next()?.trim();
    (!line.is_empty()).then(|| PathBuf::from(line))
}

/// Remembers `path` in the file `name`, private to this user.
fn remember(name: &str, path: &Path) -> Result<()> {
    let file = remembered_file(name).ok_or_else(|| {
        Error::Io(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "this system has no config folder (is $HOME set?)",
        ))
    })?;
    if let Some(dir) = file.parent() {
        create_private_dir(dir)?;
    }
    crate::output::Destination::chosen_by_the_app(file)
        .write(format!("{}\n", path.display()).as_bytes())
}

/// The database chosen in the window, if one was and the environment does not
/// name another.
pub fn remembered_db_path() -> Option<PathBuf> {
    remembered(DB_PATH_FILE)
}

/// Remembers `path` as the database to open from now on.
pub fn remember_db_path(path: &Path) -> Result<()> {
    remember(DB_PATH_FILE, path)
}

/// The key file chosen in the window to keep the practice's key, on a
/// computer without a credential store, if one was.
pub fn remembered_key_file() -> Option<PathBuf> {
    remembered(KEY_FILE_PATH_FILE)
}

/// Remembers `path` as the key file practices open with from now on, when
/// neither `--key-file` nor the environment names one.
pub fn remember_key_file(path: &Path) -> Result<()> {
    remember(KEY_FILE_PATH_FILE, path)
}

/// Remembers the version of the app this computer last ran.
const VERSION_FILE: &str = "last-version.txt";

/// The version of the app this computer ran last, if it ran one since
/// versions were remembered.
pub fn last_run_version() -> Option<String> {
    remembered(VERSION_FILE).map(|v| v.to_string_lossy().into_owned())
}

/// Remembers `version` as the one this computer runs.
pub fn remember_run_version(version: &str) -> Result<()> {
    remember(VERSION_FILE, Path::new(version))
}

/// Where "start a new practice" puts the new file: beside `db_path`, never over
/// anything (the file that would not open stays exactly as it is).
pub fn new_practice_path(db_path: &Path, today: chrono::NaiveDate) -> PathBuf {
    let dir = db_path.parent().unwrap_or_else(|| Path::new("."));
    (1..=10_000)
        .map(|n: u32| {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!("-{n}")
            };
            dir.join(format!("standard-practice-{today}{suffix}.sqlite3"))
        })
        .find(|p| !p.exists())
        .unwrap_or_else(|| dir.join(DB_FILE_NAME))
}

/// A name for the practice file at `path` that every process computes the
/// same, for the window's one instance per practice (a second start on the
/// same file brings the running window to the front): the file's real path,
/// so that a link or a relative path names the same practice, hashed into a
/// D-Bus name's element.
pub fn instance_name(path: &Path) -> String {
    use sha2::{Digest, Sha256};
    let real = dunce::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let digest = Sha256::digest(real.as_os_str().as_encoded_bytes());
    let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    format!("{APP_IDENTIFIER}.practice_{hex}")
}

/// Creates `dir` and any missing folder above it readable by this user only
/// (on Unix). Folders that exist are left as they are, except the app's own
/// data folder, which is made private too: it holds every review.
pub fn create_private_dir(dir: &Path) -> Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)?;
    #[cfg(unix)]
    if is_app_data_dir(dir) {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// True for the app's own folder in the OS's app-data folder.
pub(super) fn is_app_data_dir(dir: &Path) -> bool {
    let ours = dirs::data_dir().map(|d| d.join(APP_IDENTIFIER));
    match (
        ours.and_then(|d| dunce::canonicalize(d).ok()),
        dunce::canonicalize(dir),
    ) {
        (Some(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_practice_has_one_instance_name_however_it_is_reached() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("practice.sqlite3");
        std::fs::write(&file, b"").unwrap();
        let name = instance_name(&file);
        assert!(
            name.starts_with("com.standardpractice.app.practice_"),
            "{name}"
        );
        assert!(name
            .split('.')
            .all(|e| !e.is_empty() && !e.starts_with(|c: char| c.is_ascii_digit())));
        assert_eq!(instance_name(&dir.path().join("./practice.sqlite3")), name);
        #[cfg(unix)]
        {
            let link = dir.path().join("link.sqlite3");
            std::os::unix::fs::symlink(&file, &link).unwrap();
            assert_eq!(instance_name(&link), name, "a link names the same practice");
        }
        assert_ne!(instance_name(&dir.path().join("other.sqlite3")), name);
    }

    #[test]
    fn a_new_practice_goes_beside_the_old_file_and_never_over_one() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join(DB_FILE_NAME);
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let first = new_practice_path(&old, day);
        assert_eq!(
            first,
            dir.path().join("standard-practice-2026-11-23.sqlite3")
        );
        std::fs::write(&first, b"taken").unwrap();
        assert_eq!(
            new_practice_path(&old, day),
            dir.path().join("standard-practice-2026-11-23-2.sqlite3")
        );
    }
}
