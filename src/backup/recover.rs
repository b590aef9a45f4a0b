//! Restoring over a practice that does not open (damaged, not ours, newer)
//! or does not exist yet: the file kept as it was, the restored data renamed
//! over it.

use std::path::Path;

use chrono::{DateTime, Utc};

use super::folder::{remove_if_present, rotate_sparing};
use super::names::free_name;
use super::restore::{inspect_with, record_restore, restore, Staging};
use super::take::create_backup_dir;
use super::{backup_dir, kept_by, name_prefix, BackupInfo, Reason, Restored};
use crate::access::Actor;
use crate::error::{Error, Result};
use crate::keys::Keys;
use crate::storage::{self, Header, PageCheck};
use crate::Db;

/// Restores the database file at `db_path` from `candidate`, whether or not that
/// file opens: this is what the command line's `restore` does. When it opens,
/// this is [`restore`]. When it is refused (damaged, not ours, newer), or does
/// not exist yet (a practice moved to a new computer), it is [`recover`].
/// Returns the restored database, open.
pub fn restore_path(
    db_path: &Path,
    actor: &Actor,
    candidate: &Path,
    keys: &Keys,
    keep: Option<usize>,
) -> Result<(Db, Restored)> {
    match Db::open_existing(db_path, keys) {
        Ok(mut db) => {
            let restored = restore(&mut db, actor, candidate, keys, keep)?;
            Ok((db, restored))
        }
        // A practice that opens with its own key: give that key, then restore.
        Err(e @ Error::WrongKey { .. }) => Err(e),
        // Someone else's file: restoring would put a practice in its place.
        Err(Error::NotOurDatabase { path, reason }) => Err(Error::invalid(
            "db",
            format!(
                "{path} is not a practice's database ({reason}), so nothing was restored over it: \
                 name the practice's file, or a file that does not exist yet to restore into"
            ),
        )),
        Err(_) => recover(db_path, candidate, keys, keep),
    }
}

/// The could-not-open screen's "restore a backup": only for a database that
/// does not open (damaged, not ours, newer) or does not exist, where nobody
/// can sign in because the accounts are in that file. The file is kept as the
/// before-restore backup, so nothing is lost; the restored data is prepared
/// whole beside it and renamed over it. A database that opens is restored by
/// the owner, signed in ([`restore`]).
///
/// The restored practice keeps the backup's key (a backup from another
/// computer opens with its recovery key, given in `keys`), which is kept on
/// this computer the way `keys` keep a new practice's; a plain backup from
/// before encryption gets a new key.
pub fn recover(
    db_path: &Path,
    candidate: &Path,
    keys: &Keys,
    keep: Option<usize>,
) -> Result<(Db, Restored)> {
    // The real file, not a link to it: its `-wal` and backups are beside it.
    let db_path = &dunce::canonicalize(db_path).unwrap_or_else(|_| db_path.to_path_buf());
    refuse_unusual_files(db_path)?;
    let exists = std::fs::symlink_metadata(db_path).is_ok();
    if !exists {
        if let Some(dir) = db_path.parent().filter(|d| !d.as_os_str().is_empty()) {
            storage::create_private_dir(dir).map_err(|e| {
                Error::invalid(
                    "db",
                    format!("The folder {} cannot be made: {e}", dir.display()),
                )
            })?;
        }
    }
    // An empty file (a first start killed early) holds nothing to keep.
    let empty = exists
        && matches!(
            storage::examine(db_path, PageCheck::Quick, keys),
            Ok(Header::New)
        );
    let keeps_old = exists && !empty;
    if keeps_old {
        match Db::open_existing(db_path, keys) {
            Ok(_) => {
                return Err(Error::Forbidden {
                    message: format!(
                        "{} opens now: sign in as the owner to restore a backup over it",
                        db_path.display()
                    ),
                })
            }
            Err(
                Error::DamagedDatabase { .. }
                | Error::NotOurDatabase { .. }
                | Error::NewerSchema { .. },
            ) => {}
            // Whole, but its key is not here: not a file that does not open.
            Err(Error::WrongKey { path }) => {
                return Err(Error::invalid(
                    "recovery_key",
                    format!(
                        "{path} is a practice encrypted with a key this computer does not have: open it with its recovery key first; nothing was restored over it"
                    ),
                ))
            }
            Err(e) => return Err(e),
        }
    }
    let (from, their_key) = inspect_with(candidate, keys)?;
    let src = storage::open_read_only(candidate, their_key.as_ref())?;
    let key = match &their_key {
        Some(key) => {
            keys.keep(key)?;
            key.clone()
        }
        None => keys.for_new_practice()?,
    };
    let screen = Actor::system("Recovery screen");
    let stamp = Utc::now();
    let kept = if keeps_old {
        Some(free_name(
            &backup_dir(db_path),
            &name_prefix(db_path),
            Reason::NotOpened,
            stamp,
        ))
    } else {
        None
    };
    let summary = match &kept {
        Some((kept, _)) => format!(
            "Restored from {} on the could-not-open screen; the file that did not open is kept as {}",
            from.path.display(),
            kept.display()
        ),
        None => format!("Restored from {} into a new file", from.path.display()),
    };
    let staged = Staging::prepare(&src, their_key.as_ref(), db_path, Some(&key), |tx| {
        record_restore(tx, &screen, &summary)
    })?;
    drop(src);
    let safety_backup = if keeps_old {
        Some(copy_refused_file(db_path, stamp)?)
    } else {
        None
    };
    if exists {
        // The old file's own `-wal` and `-shm` (kept in the backup) must not
        // outlive it: SQLite would apply them to the restored file.
        for suffix in ["-wal", "-shm", "-journal"] {
            remove_if_present(&storage::side_file(db_path, suffix))?;
        }
    }
    staged.place(db_path).map_err(|e| match &safety_backup {
        Some(kept) => Error::RestoreFailed {
            safety: kept.path.display().to_string(),
            cause: Box::new(e),
        },
        None => e,
    })?;
    let db = Db::open_existing(db_path, &Keys::given(key))?;
    let keep = kept_by(&db, keep)?;
    let mut spare = vec![candidate];
    if let Some(kept) = &safety_backup {
        spare.push(&kept.path);
    }
    rotate_sparing(db_path, keep, &spare)?;
    Ok((
        db,
        Restored {
            from,
            safety_backup,
        },
    ))
}

/// Refuses to restore into a folder, a pipe or a device, or beside a `-wal`,
/// `-shm` or `-journal` that is one: copying it would wait for ever or never
/// end, and renaming over it would replace what is there.
fn refuse_unusual_files(db_path: &Path) -> Result<()> {
    let refuse = |why: String| Err(Error::invalid("db", format!("{why}: nothing was restored")));
    if let (Ok(target), false) = (std::fs::read_link(db_path), db_path.exists()) {
        // The disk it points to may only be unplugged: the practice is there.
        return refuse(format!(
            "{} is a link to {}, which does not exist (is that disk connected?)",
            db_path.display(),
            target.display()
        ));
    }
    if let Ok(meta) = std::fs::metadata(db_path) {
        if meta.is_dir() {
            return refuse(format!(
                "{} is a folder, not a practice's file: name the file to restore into",
                db_path.display()
            ));
        }
        if !meta.is_file() {
            return refuse(format!(
                "{} is not an ordinary file but a pipe or a device",
                db_path.display()
            ));
        }
    }
    for suffix in ["-wal", "-shm", "-journal"] {
        let side = storage::side_file(db_path, suffix);
        if std::fs::symlink_metadata(&side).is_ok()
            && !std::fs::metadata(&side).is_ok_and(|m| m.is_file())
        {
            return refuse(format!(
                "{} beside the practice's file is not an ordinary file",
                side.display()
            ));
        }
    }
    Ok(())
}

/// The before-restore backup of a file that does not open: its bytes as they
/// are (and its `-wal`), readable by its owner only.
fn copy_refused_file(db_path: &Path, now: DateTime<Utc>) -> Result<BackupInfo> {
    let dir = backup_dir(db_path);
    create_backup_dir(&dir)?;
    let (path, taken_at) = free_name(&dir, &name_prefix(db_path), Reason::NotOpened, now);
    storage::copy_private(db_path, &path)?;
    let wal = storage::side_file(db_path, "-wal");
    if wal.exists() {
        storage::copy_private(&wal, &storage::side_file(&path, "-wal"))?;
    }
    Ok(BackupInfo {
        size: std::fs::metadata(&path)?.len(),
        path,
        taken_at,
        reason: Reason::NotOpened,
    })
}
