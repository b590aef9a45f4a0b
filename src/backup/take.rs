//! Taking backups: to a chosen file, "back up now", the day's automatic
//! one, the one before a migration; each written whole through a temporary
//! file with SQLite's online backup, or not at all.

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Local, Utc};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::Connection;

use super::folder::rotate_sparing;
use super::names::free_name;
use super::{backup_dir, list, name_prefix, BackupInfo, Reason};
use crate::access::{Actor, Permission};
use crate::error::{Error, Result};
use crate::keys::Key;
use crate::output::Destination;
use crate::storage;
use crate::Db;

/// Writes a backup of `db` to a checked destination (for "save a backup
/// as…", `backup -o`), replacing it whole or not at all. Returns the backup's
/// size in bytes.
pub fn to_file(db: &Db, actor: &Actor, target: &Destination) -> Result<u64> {
    actor.require(Permission::Backup)?;
    write_copy(db.conn(), db.key(), target.path())
}

/// "Back up now": a manual backup into the `backups/` folder, then rotation.
pub fn manual(db: &Db, actor: &Actor, keep: usize) -> Result<BackupInfo> {
    actor.require(Permission::Backup)?;
    take(db, Reason::Manual, keep)
}

/// Takes a backup of `db` into its `backups/` folder, then rotates the folder to
/// keep the newest `keep` (at least the one just taken).
pub(crate) fn take(db: &Db, reason: Reason, keep: usize) -> Result<BackupInfo> {
    let info = take_at(db.conn(), db.path(), db.key(), reason, Utc::now())?;
    rotate_sparing(db.path(), keep, &[&info.path])?;
    Ok(info)
}

/// The automatic backup at startup: taken only if no daily backup was taken on
/// the same local calendar day as `now`; then rotation keeps the newest `keep`.
/// A caller at startup should report a failure here, not refuse to start.
pub fn daily(db: &Db, keep: usize, now: DateTime<Utc>) -> Result<Option<BackupInfo>> {
    let today = now.with_timezone(&Local).date_naive();
    let taken_today = list(db.path())?.iter().any(|b| {
        b.reason == Reason::Daily && b.taken_at.with_timezone(&Local).date_naive() == today
    });
    if taken_today {
        return Ok(None);
    }
    let info = take_at(db.conn(), db.path(), db.key(), Reason::Daily, now)?;
    rotate_sparing(db.path(), keep, &[&info.path])?;
    Ok(Some(info))
}

/// The before-migration backup, taken by `storage::migrate`. It does not rotate:
/// just before a migration is no time to delete older backups.
pub(crate) fn before_migration(
    conn: &Connection,
    db_path: &Path,
    key: Option<&Key>,
    schema: i64,
) -> Result<BackupInfo> {
    let reason = Reason::BeforeMigration { schema };
    let earlier = list(db_path)?.into_iter().find(|b| b.reason == reason);
    let info = take_at(conn, db_path, key, reason, Utc::now())?;
    // A migration that fails is tried again at every start: one copy of the
    // same data is enough, not a new full-size file each time.
    if let Some(earlier) = earlier {
        if same_data(&earlier.path, &info.path, key)? {
            std::fs::remove_file(&info.path)?;
            return Ok(earlier);
        }
    }
    Ok(info)
}

/// True when the two backups, both encrypted with `key`, hold the same
/// data: the same bytes for plain files; for encrypted ones (never the same
/// bytes: every page has a random IV) the same rows in every table.
fn same_data(a: &Path, b: &Path, key: Option<&Key>) -> Result<bool> {
    if key.is_none() {
        return same_bytes(a, b);
    }
    let digest = |p: &Path| -> Result<[u8; 32]> {
        storage::content_digest(&storage::open_read_only(p, key)?)
    };
    Ok(digest(a)? == digest(b)?)
}

/// True when the two files hold exactly the same bytes.
fn same_bytes(a: &Path, b: &Path) -> Result<bool> {
    use std::io::Read;
    if std::fs::metadata(a)?.len() != std::fs::metadata(b)?.len() {
        return Ok(false);
    }
    let (mut a, mut b) = (std::fs::File::open(a)?, std::fs::File::open(b)?);
    let (mut x, mut y) = (vec![0u8; 64 * 1024], vec![0u8; 64 * 1024]);
    loop {
        let n = a.read(&mut x)?;
        if n == 0 {
            return Ok(true);
        }
        b.read_exact(&mut y[..n])?;
        if x[..n] != y[..n] {
            return Ok(false);
        }
    }
}

/// Writes a backup named for `now` and `reason` into the `backups/` folder. Two
/// backups in the same millisecond get consecutive milliseconds, never one name.
pub(super) fn take_at(
    conn: &Connection,
    db_path: &Path,
    key: Option<&Key>,
    reason: Reason,
    now: DateTime<Utc>,
) -> Result<BackupInfo> {
    let dir = backup_dir(db_path);
    create_backup_dir(&dir)?;
    let (path, taken_at) = free_name(&dir, &name_prefix(db_path), reason, now);
    let size = write_copy(conn, key, &path)?;
    Ok(BackupInfo {
        path,
        taken_at,
        reason,
        size,
    })
}

/// Creates the backups folder, private to this user, or says what is in the way.
pub(super) fn create_backup_dir(dir: &Path) -> Result<()> {
    if let (Ok(target), false) = (std::fs::read_link(dir), dir.exists()) {
        return Err(Error::invalid(
            "backups",
            format!(
                "The backups folder {} is a link to {}, which does not exist: connect that disk, or remove the link, then try again",
                dir.display(),
                target.display()
            ),
        ));
    }
    if std::fs::symlink_metadata(dir).is_ok_and(|m| !m.is_dir()) && !dir.is_dir() {
        return Err(Error::invalid(
            "backups",
            format!(
                "{} is a file where the backups folder should be: move or rename it, then try again",
                dir.display()
            ),
        ));
    }
    storage::create_private_dir(dir)
}

/// Copies the database on `conn` (encrypted with `key`) to `target`, with
/// the same key, through a temporary file beside it, renamed into place only
/// when complete. Returns the size written.
fn write_copy(conn: &Connection, key: Option<&Key>, target: &Path) -> Result<u64> {
    if target.file_name().is_none() {
        return Err(Error::invalid(
            "output",
            format!("{} is not a file name", target.display()),
        ));
    }
    let folder = target.parent().filter(|d| !d.as_os_str().is_empty());
    if let Some(folder) = folder.filter(|d| !d.is_dir()) {
        return Err(Error::invalid(
            "output",
            format!("The folder {} does not exist", folder.display()),
        ));
    }
    let partial = storage::hidden_beside(target, "partial");
    let written = write_single_file(conn, key, &partial).and_then(|size| {
        std::fs::rename(&partial, target)?;
        Ok(size)
    });
    if written.is_err() {
        // The temporary file may not exist if the failure came first; nothing to say then.
        let _ = std::fs::remove_file(&partial);
    }
    written.map_err(|e| not_written(e, target))
}

/// A failure to write a backup, in words that say the practice is unchanged
/// (not "this change was not saved": no change was being made).
fn not_written(e: Error, target: &Path) -> Error {
    let why = match storage::disk_error(e, target) {
        Error::DiskFull { .. } => "the disk is full".to_owned(),
        Error::ReadOnly { .. } => "the disk or folder is read-only".to_owned(),
        Error::DiskFailure { detail, .. } => detail,
        Error::Io(io) => crate::output::io_reason(&io),
        other => return other,
    };
    Error::invalid(
        "output",
        format!(
            "The backup {} was not written: {why}. The practice's data is unchanged",
            target.display()
        ),
    )
}

/// Copies every page into a new file at `path`, encrypted with `key`, and
/// leaves it as one file in rollback-journal mode. SQLite syncs it to disk as
/// it commits (the new connection runs `synchronous=FULL`, its default
/// outside WAL mode). The source and the copy are both plain or both
/// encrypted (with any keys): SQLite's backup copies pages, decrypted from
/// the one and encrypted into the other.
pub(super) fn write_single_file(conn: &Connection, key: Option<&Key>, path: &Path) -> Result<u64> {
    create_private(path)?;
    let mut dst = storage::open_keyed(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        key,
    )?;
    copy_pages(conn, &mut dst)?;
    // The copy carries the source's "WAL" header bytes; this makes it a single
    // self-contained file that opens without a `-wal` beside it.
    dst.pragma_update(None, "journal_mode", "DELETE")?;
    dst.close().map_err(|(_, e)| e)?;
    Ok(std::fs::metadata(path)?.len())
}

/// Creates `path` as a new empty file readable by its owner only (a backup holds
/// confidential evaluations), never through an existing file or link.
fn create_private(path: &Path) -> Result<()> {
    crate::output::create_private(path)?;
    Ok(())
}

/// Runs SQLite's online backup from `src` into `dst` in one pass, retrying a few
/// times while another connection holds a lock.
pub(super) fn copy_pages(src: &Connection, dst: &mut Connection) -> Result<()> {
    let backup = Backup::new(src, dst)?;
    let mut waits = 0;
    loop {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            StepResult::Busy | StepResult::Locked if waits < 50 => {
                waits += 1;
                std::thread::sleep(Duration::from_millis(100));
            }
            StepResult::Busy | StepResult::Locked => {
                return Err(Error::Database(rusqlite::Error::SqliteFailure(
                    rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                    Some("another program kept the database busy for 5 seconds".into()),
                )))
            }
            _ => {}
        }
    }
}
