//! The backups in a folder: listing them, the newest by when each was
//! written, rotation that keeps the newest few, and removing what a killed
//! process left half-done.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::names::parse_name;
use super::{backup_dir, name_prefix, BackupInfo, Reason};
use crate::access::{Actor, Permission};
use crate::error::Result;
use crate::storage;
use crate::Db;

/// The open database's backups, newest first, for Settings → Backups.
pub fn backups(db: &Db, actor: &Actor) -> Result<Vec<BackupInfo>> {
    actor.require(Permission::Backup)?;
    list(db.path())
}

/// The backups in the `backups/` folder beside `db_path`, newest first. Needs no
/// actor: the could-not-open screen lists them before anyone can sign in. Files that
/// do not match our naming pattern are not listed (and never deleted).
pub fn list(db_path: &Path) -> Result<Vec<BackupInfo>> {
    list_folder(&backup_dir(db_path), &name_prefix(db_path))
}

/// Our backups in `dir` whose names start with `prefix`, newest first by the
/// time in their names.
pub(crate) fn list_folder(dir: &Path, prefix: &str) -> Result<Vec<BackupInfo>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e.into()),
    };
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name();
        let Some((taken_at, reason)) = name.to_str().and_then(|n| parse_name(n, prefix)) else {
            continue;
        };
        let meta = entry.metadata()?;
        if meta.is_file() {
            found.push(BackupInfo {
                path: entry.path(),
                taken_at,
                reason,
                size: meta.len(),
            });
        }
    }
    found.sort_by(|a, b| (b.taken_at, &b.path).cmp(&(a.taken_at, &a.path)));
    Ok(found)
}

/// The backup written last (by the clock of the file system, a file dated in
/// the future counting as the oldest), for the day's copy off the computer.
/// Never the copy of a file that did not open: that is not the practice.
pub fn newest(db_path: &Path) -> Result<Option<BackupInfo>> {
    Ok(by_age(list(db_path)?).into_iter().next().map(|(_, b)| b))
}

/// `backups` newest first by when each was last written; files dated in the
/// future (a clock that was once ahead) last, and the copies of files that did
/// not open left out.
fn by_age(backups: Vec<BackupInfo>) -> Vec<(std::time::SystemTime, BackupInfo)> {
    let now = std::time::SystemTime::now() + Duration::from_secs(60);
    let mut found: Vec<(std::time::SystemTime, BackupInfo)> = backups
        .into_iter()
        .filter(|b| b.reason != Reason::NotOpened)
        .map(|b| {
            let written = std::fs::metadata(&b.path)
                .and_then(|m| m.modified())
                .ok()
                .filter(|t| *t <= now)
                .unwrap_or(std::time::UNIX_EPOCH);
            (written, b)
        })
        .collect();
    found.sort_by(|(a, x), (b, y)| (b, y.taken_at, &y.path).cmp(&(a, x.taken_at, &x.path)));
    found
}

/// Deletes all but the newest `keep` backups (at least one is always kept) in the
/// folder beside `db_path`. Only files matching our naming pattern are considered.
/// Returns what was deleted.
pub fn rotate(db_path: &Path, keep: usize) -> Result<Vec<PathBuf>> {
    rotate_sparing(db_path, keep, &[])
}

/// [`rotate`], never deleting the files in `spare` (the backup just taken, the
/// one a restore came from, its before-restore copy). "Newest" is by when the
/// file was last written, not by the time in its name: a clock that was once
/// ahead leaves names dated in the future, and those must not push today's
/// backups out.
pub(super) fn rotate_sparing(db_path: &Path, keep: usize, spare: &[&Path]) -> Result<Vec<PathBuf>> {
    rotate_folder(&backup_dir(db_path), &name_prefix(db_path), keep, spare)
}

/// Rotation in any folder of our backups named with `prefix` (beside the
/// database, or the copies off the computer). A file written "in the future"
/// (by a clock that was once ahead) counts as the oldest, not the newest, and
/// the copy of a file that did not open is never deleted nor counted.
pub(crate) fn rotate_folder(
    dir: &Path,
    prefix: &str,
    keep: usize,
    spare: &[&Path],
) -> Result<Vec<PathBuf>> {
    let spare: Vec<PathBuf> = spare
        .iter()
        .filter_map(|p| dunce::canonicalize(p).ok())
        .collect();
    let found = by_age(list_folder(dir, prefix)?);
    let mut deleted = Vec::new();
    for (_, old) in found.into_iter().skip(keep.max(1)) {
        if dunce::canonicalize(&old.path).is_ok_and(|p| spare.contains(&p)) {
            continue;
        }
        // Another process rotating the same folder may have removed it first.
        remove_if_present(&old.path)?;
        // The `-wal` kept with the copy of a file that did not open, if any.
        remove_if_present(&storage::side_file(&old.path, "-wal"))?;
        deleted.push(old.path);
    }
    Ok(deleted)
}

/// Removes the file at `path`; one already gone is no failure.
pub(super) fn remove_if_present(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
        _ => Ok(()),
    }
}

/// How old a temporary file of ours must be before it is taken for the
/// leftover of a process that was killed: no copy or restore takes this long.
const LEFTOVER_AGE: Duration = Duration::from_secs(60 * 60);

/// Removes what a process killed half-way left behind: the restored copy
/// being prepared beside the database (`.NAME.restoring-PID`), the private
/// copy of one being checked (`.NAME.examining-PID`), and half-written
/// backups (`.NAME.partial-PID`) — only our own names, only when untouched
/// for an hour. Best effort: a file that cannot be removed is left.
pub(crate) fn clear_leftovers(db_path: &Path) {
    let Some(db_name) = db_path.file_name().and_then(|n| n.to_str()) else {
        return;
    };
    let beside = format!(".{db_name}.");
    let is_ours = |name: &str| {
        // A restored copy being encrypted is hidden beside the hidden copy.
        let name = name
            .strip_prefix('.')
            .filter(|n| n.starts_with(&beside))
            .unwrap_or(name);
        name.strip_prefix(&beside).is_some_and(|rest| {
            ["restoring-", "examining-", "encrypting-"]
                .iter()
                .any(|tag| rest.starts_with(tag))
        })
    };
    if let Some(dir) = db_path.parent() {
        remove_old(dir, is_ours);
    }
    let prefix = format!(".{}", name_prefix(db_path));
    remove_old(&backup_dir(db_path), |name| {
        name.starts_with(&prefix)
            && (name.contains(".sqlite3.partial-") || name.contains(".sqlite3.encrypting-"))
    });
}

/// Removes the files in `dir` whose names `leftover` accepts and that nobody
/// has written for [`LEFTOVER_AGE`].
pub(crate) fn remove_old(dir: &Path, leftover: impl Fn(&str) -> bool) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str().filter(|n| leftover(n)) else {
            continue;
        };
        let old = entry
            .metadata()
            .ok()
            .filter(|m| m.is_file())
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > LEFTOVER_AGE);
        if old {
            let _ = std::fs::remove_file(dir.join(name));
        }
    }
}
