//! A copy off the computer. Every backup in `backups/` sits on the same disk as
//! the database: one failed disk, one theft, and both are gone. So the owner
//! chooses a second place — a USB stick, a network folder — and after the
//! day's backup the app copies it there too, rotated like the backups beside
//! the database (only files with our names, never anything else).
//!
//! A missing or full destination never stops the app: the copy is tried once
//! a day, at start-up (and on "Copy now"), and what happened — when the last
//! copy was made, or what is wrong — is kept in the practice's settings for
//! the overview to show as something to fix.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Local, Utc};
use rusqlite::{params, Connection};
use serde::Serialize;
use specta::Type;

use crate::access::{Actor, Permission};
use crate::audit::{self, Entity};
use crate::backup::{self, BackupInfo, Reason};
use crate::error::{Error, Result};
use crate::storage::Db;
use crate::storage::Readable;

/// Where copies off the computer go, and how the last one went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct OffsiteStatus {
    /// The folder chosen; none until the owner chooses one.
    #[specta(optional)]
    pub folder: Option<PathBuf>,
    /// When the last copy was made there.
    #[specta(optional)]
    pub last_copy_at: Option<DateTime<Utc>>,
    /// What went wrong the last time a copy was tried, in words; cleared by
    /// the next copy that works.
    #[specta(optional)]
    pub problem: Option<String>,
    /// The folder is on the same disk as the practice: a copy there does not
    /// survive that disk.
    pub same_disk: bool,
}

/// The copies in the folder off the computer, for Settings → Backups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct OffsiteCopies {
    pub status: OffsiteStatus,
    /// Newest first; empty when the folder cannot be read (`problem` says why).
    pub copies: Vec<BackupInfo>,
    /// Why the folder could not be read just now, if it could not.
    #[specta(optional)]
    pub unreadable: Option<String>,
}

/// Where copies off the computer go and what they are called there: after
/// the practice's own short random name, so that two practices sharing a
/// network folder never list or rotate each other's copies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsitePlace {
    pub folder: PathBuf,
    prefix: String,
    /// The practice's key: a plain copy found there (from before encryption)
    /// is encrypted with it when the next copy is made.
    key: Option<crate::keys::Key>,
}

impl OffsitePlace {
    /// How the practice's copies there are named.
    pub(crate) fn prefix(&self) -> &str {
        &self.prefix
    }

    fn read(
        conn: &Connection,
        folder: PathBuf,
        key: Option<&crate::keys::Key>,
    ) -> Result<OffsitePlace> {
        let uid: String =
            conn.query_row("SELECT uid FROM practice WHERE id = 1", [], |r| r.get(0))?;
        Ok(OffsitePlace {
            folder,
            prefix: format!("standard-practice-{uid}-"),
            key: key.cloned(),
        })
    }
}

/// The place copies go, once the owner has chosen one.
pub fn place(db: &Db, actor: &Actor) -> Result<Option<OffsitePlace>> {
    actor.require(Permission::Backup)?;
    match read_status(db.conn())?.folder {
        Some(folder) => Ok(Some(OffsitePlace::read(db.conn(), folder, db.key())?)),
        None => Ok(None),
    }
}

/// The place copies go, if one is chosen (for the app's own upkeep).
pub(crate) fn configured(
    conn: &Connection,
    key: &crate::keys::Key,
) -> Result<Option<OffsitePlace>> {
    match read_status(conn)?.folder {
        Some(folder) => Ok(Some(OffsitePlace::read(conn, folder, Some(key))?)),
        None => Ok(None),
    }
}

/// How the copy off the computer stands; owners and managers see it.
pub fn status(conn: &dyn Readable, actor: &Actor) -> Result<OffsiteStatus> {
    let conn = crate::storage::sql(conn);
    actor.require(Permission::Backup)?;
    read_status(conn)
}

pub(crate) fn read_status(conn: &Connection) -> Result<OffsiteStatus> {
    let (folder, at, problem): (String, Option<String>, Option<String>) = conn.query_row(
        "SELECT offsite_folder, offsite_copied_at, offsite_problem FROM practice WHERE id = 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let folder = (!folder.is_empty()).then(|| PathBuf::from(folder));
    let db_file: Option<String> = conn
        .query_row("PRAGMA database_list", [], |r| r.get(2))
        .ok();
    let same_disk = match (&folder, db_file) {
        (Some(f), Some(db)) => same_device(f, Path::new(&db)),
        _ => false,
    };
    Ok(OffsiteStatus {
        folder,
        last_copy_at: at.and_then(|t| DateTime::parse_from_rfc3339(&t).ok().map(|t| t.to_utc())),
        problem,
        same_disk,
    })
}

/// Chooses the folder copies go to (`None`: stop copying). The owner's: it
/// decides where the practice's data leaves the computer. The folder must
/// exist and take a file; the copy itself is made at the next start or by
/// [`copy_now`].
pub fn set_folder(db: &mut Db, actor: &Actor, folder: Option<&Path>) -> Result<OffsiteStatus> {
    actor.require(Permission::ManagePractice)?;
    let chosen = match folder {
        None => String::new(),
        Some(f) => {
            let real = dunce::canonicalize(f).map_err(|_| {
                Error::invalid(
                    "folder",
                    format!("The folder {} does not exist", f.display()),
                )
            })?;
            if !real.is_dir() {
                return Err(Error::invalid(
                    "folder",
                    format!("{} is not a folder", f.display()),
                ));
            }
            let ours = dunce::canonicalize(db.path().parent().unwrap_or(Path::new(".")))?;
            let backups = dunce::canonicalize(backup::backup_dir(db.path())).ok();
            if real == ours || backups.is_some_and(|b| real.starts_with(b)) {
                return Err(Error::invalid(
                    "folder",
                    format!(
                        "{} is where the practice and its backups already are: choose a USB stick or a network folder",
                        f.display()
                    ),
                ));
            }
            probe_writable(&real).map_err(|why| {
                Error::invalid(
                    "folder",
                    format!("{} cannot be written: {why}", f.display()),
                )
            })?;
            real.display().to_string()
        }
    };
    db.write(|tx| {
        let before: String = tx.query_row(
            "SELECT offsite_folder FROM practice WHERE id = 1",
            [],
            |r| r.get(0),
        )?;
        if before == chosen {
            return Ok(());
        }
        tx.execute(
            "UPDATE practice SET offsite_folder = ?1, offsite_problem = NULL WHERE id = 1",
            [&chosen],
        )?;
        let shown = |s: &str| {
            if s.is_empty() {
                "none".to_owned()
            } else {
                s.to_owned()
            }
        };
        audit::record(
            tx,
            actor,
            Entity::Practice,
            1,
            None,
            "updated",
            "Copies off the computer",
            &[audit::Change {
                field: "Copies off the computer go to".into(),
                before: shown(&before),
                after: shown(&chosen),
            }],
        )
    })?;
    read_status(db.conn())
}

/// "Copy now": a backup now, copied off the computer at once; what happened
/// is kept like the daily copy's.
pub fn copy_now(db: &mut Db, actor: &Actor, keep: usize) -> Result<OffsiteStatus> {
    actor.require(Permission::Backup)?;
    let Some(place) = place(db, actor)? else {
        return Err(Error::invalid(
            "folder",
            "Choose a folder off this computer first (a USB stick or a network folder)",
        ));
    };
    let taken = backup::take(db, Reason::Manual, keep)?;
    let outcome = copy(&taken, &place, keep);
    record(db, &outcome, Utc::now())?;
    read_status(db.conn())
}

/// Whether the daily copy is due: a folder is chosen and no copy has been
/// made there today (local time).
pub fn due(db: &Db, now: DateTime<Utc>) -> Result<Option<OffsitePlace>> {
    let conn = db.conn();
    let status = read_status(conn)?;
    let today = now.with_timezone(&Local).date_naive();
    let copied_today = status
        .last_copy_at
        .is_some_and(|t| t.with_timezone(&Local).date_naive() == today);
    match status.folder.filter(|_| !copied_today) {
        Some(folder) => Ok(Some(OffsitePlace::read(conn, folder, db.key())?)),
        None => Ok(None),
    }
}

/// Copies `backup` into the folder of `place` (a new private file, synced,
/// renamed into place) and rotates the practice's copies there to `keep`.
/// Only file work: the caller records the outcome with [`record`], so a slow
/// USB stick never holds the database.
pub fn copy(backup: &BackupInfo, place: &OffsitePlace, keep: usize) -> Result<PathBuf> {
    let folder = place.folder.as_path();
    let problem = |why: String| Error::invalid("folder", why);
    match std::fs::metadata(folder) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => return Err(problem(format!("{} is not a folder", folder.display()))),
        Err(_) => {
            return Err(problem(format!(
                "The folder {} is not there: is the USB stick or network folder connected?",
                folder.display()
            )))
        }
    }
    let name = backup::file_name(&place.prefix, backup.taken_at, backup.reason);
    let target = folder.join(&name);
    if std::fs::metadata(&target).is_ok_and(|m| m.is_file() && m.len() == backup.size) {
        return Ok(target);
    }
    let mut temp_name = std::ffi::OsString::from(".");
    temp_name.push(&name);
    temp_name.push(format!(".{}.part", std::process::id()));
    let temp = folder.join(temp_name);
    let written = (|| -> std::io::Result<()> {
        let mut from = std::fs::File::open(&backup.path)?;
        let mut to = crate::output::create_private(&temp)?;
        std::io::copy(&mut from, &mut to)?;
        // Someone pulls the stick out once the app says the copy is made.
        to.sync_all()?;
        std::fs::rename(&temp, &target)?;
        if let Ok(dir) = std::fs::File::open(folder) {
            // Best effort: not every file system syncs a folder.
            let _ = dir.sync_all();
        }
        Ok(())
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        let why = match e.kind() {
            std::io::ErrorKind::StorageFull => format!(
                "The disk holding {} is full: the copy was not made. Free some space there or choose another folder",
                folder.display()
            ),
            _ => format!(
                "The copy to {} was not made: {}",
                folder.display(),
                crate::output::io_reason(&e)
            ),
        };
        return Err(problem(why));
    }
    if let Some(key) = &place.key {
        // Plain copies from before encryption that were out of reach then
        // (the stick was not plugged in); one that fails stays until rotated.
        let _ = backup::encrypt_folder(folder, &place.prefix, key);
    }
    backup::rotate_folder(folder, &place.prefix, keep, &[&target])?;
    // What a copy cut off by a kill, or a stick pulled out, left behind.
    let leftover = format!(".{}", place.prefix);
    backup::remove_old(folder, |n| n.starts_with(&leftover) && n.ends_with(".part"));
    Ok(target)
}

/// Keeps what a copy did: when it was made, or what went wrong.
pub fn record(db: &mut Db, outcome: &Result<PathBuf>, now: DateTime<Utc>) -> Result<()> {
    let at = now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    db.write(|tx| {
        match outcome {
            Ok(_) => tx.execute(
                "UPDATE practice SET offsite_copied_at = ?1, offsite_problem = NULL WHERE id = 1",
                [&at],
            )?,
            Err(e) => tx.execute(
                "UPDATE practice SET offsite_problem = ?1 WHERE id = 1",
                params![e.to_string()],
            )?,
        };
        Ok(())
    })
}

/// The copies in the folder off the computer, newest first, to restore from.
pub fn copies(conn: &dyn Readable, actor: &Actor) -> Result<OffsiteCopies> {
    let conn = crate::storage::sql(conn);
    actor.require(Permission::Backup)?;
    let status = read_status(conn)?;
    let (copies, unreadable) = match &status.folder {
        None => (Vec::new(), None),
        Some(folder) if !folder.is_dir() => (
            Vec::new(),
            Some(format!(
                "The folder {} is not there: is the USB stick or network folder connected?",
                folder.display()
            )),
        ),
        Some(folder) => {
            match backup::list_folder(
                folder,
                &OffsitePlace::read(conn, folder.clone(), None)?.prefix,
            ) {
                Ok(list) => (list, None),
                Err(e) => (Vec::new(), Some(e.to_string())),
            }
        }
    };
    Ok(OffsiteCopies {
        status,
        copies,
        unreadable,
    })
}

fn probe_writable(dir: &Path) -> std::result::Result<(), String> {
    let probe = dir.join(format!(".standard-practice-probe-{}", std::process::id()));
    let made = crate::output::create_private(&probe).map_err(|e| crate::output::io_reason(&e));
    let _ = std::fs::remove_file(&probe);
    made.map(|_| ())
}

#[cfg(unix)]
fn same_device(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_device(_a: &Path, _b: &Path) -> bool {
    false
}
