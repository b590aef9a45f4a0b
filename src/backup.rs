//! Backups and restore, through SQLite's online backup API.
//!
//! A backup is a page-by-page copy taken from the open connection while the app
//! keeps running, so it is always a consistent snapshot, even of a database in WAL
//! mode with frames not yet checkpointed (a file copy is not). Every backup is
//! written to a temporary file beside its target and renamed into place once
//! complete, so a half-written backup never carries a final name; it is a single
//! self-contained file (rollback journal mode, no `-wal` beside it).
//!
//! Automatic backups live in `backups/` beside the database, named after the
//! database file: `standard-practice-YYYYMMDDTHHMMSS.mmmZ-REASON.sqlite3` for
//! `standard-practice.sqlite3` (UTC, so names sort by time). Rotation only ever
//! deletes files in that folder that carry this database's name and match this
//! pattern, so two practices sharing a folder never rotate each other's backups.
//!
//! Restore inspects the candidate first on a read-only connection (ours, whole by
//! `integrity_check`, not newer), backs up the current database, then copies the
//! candidate's pages into the open connection — the app keeps its connection and
//! the WAL stays consistent — and migrates it if it is older.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Local, NaiveDateTime, TimeDelta, Utc};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::Connection;
use rusqlite::OptionalExtension;
use serde::Serialize;

use crate::access::{Actor, Permission};
use crate::error::{Error, Result};
use crate::keys::{Key, Keys};
use crate::output::Destination;
use crate::storage::{self, Header, PageCheck};
use crate::Db;

/// How many automatic backups rotation keeps unless the practice says otherwise.
pub const DEFAULT_KEEP: usize = 14;

/// The folder beside the database file that holds the automatic backups.
pub const BACKUP_DIR: &str = "backups";

/// The name backups of a database file without a usable name go by.
const DEFAULT_STEM: &str = "standard-practice";
const NAME_SUFFIX: &str = ".sqlite3";
/// `20261123T175844.123Z`: sortable, and free of characters any OS forbids.
const STAMP_FORMAT: &str = "%Y%m%dT%H%M%S%.3fZ";
const STAMP_LEN: usize = 20;

/// Why a backup was taken; part of its file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Reason {
    /// The first start of the app on a given day.
    Daily,
    /// Asked for by a person (window or CLI).
    Manual,
    /// Taken just before a restore replaced the database.
    BeforeRestore,
    /// The file that did not open, kept as it was when a backup was restored
    /// over it. Rotation never deletes it: it may hold the only copy of
    /// changes made since the last backup.
    NotOpened,
    /// Taken just before migrating; the backup holds this schema version.
    BeforeMigration {
        #[specta(type = specta_typescript::Number)]
        schema: i64,
    },
}

impl Reason {
    /// The reason as it appears in a file name: `daily`, `before-migration-1`, ….
    pub fn slug(self) -> String {
        match self {
            Reason::Daily => "daily".into(),
            Reason::Manual => "manual".into(),
            Reason::BeforeRestore => "before-restore".into(),
            Reason::NotOpened => "not-opened".into(),
            Reason::BeforeMigration { schema } => format!("before-migration-{schema}"),
        }
    }

    fn from_slug(slug: &str) -> Option<Reason> {
        match slug {
            "daily" => Some(Reason::Daily),
            "manual" => Some(Reason::Manual),
            "before-restore" => Some(Reason::BeforeRestore),
            "not-opened" => Some(Reason::NotOpened),
            _ => {
                let n = slug.strip_prefix("before-migration-")?;
                let schema = n
                    .parse()
                    .ok()
                    .filter(|_| n.bytes().all(|b| b.is_ascii_digit()))?;
                Some(Reason::BeforeMigration { schema })
            }
        }
    }
}

/// One backup file in the `backups/` folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BackupInfo {
    pub path: PathBuf,
    pub taken_at: DateTime<Utc>,
    pub reason: Reason,
    /// Bytes.
    #[specta(type = specta_typescript::Number)]
    pub size: u64,
}

/// What [`inspect`] found in a file offered for restore.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Inspection {
    pub path: PathBuf,
    #[specta(type = specta_typescript::Number)]
    pub schema_version: i64,
    #[specta(type = specta_typescript::Number)]
    pub size: u64,
}

/// What [`restore`] did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Restored {
    /// The file restored from, as inspected.
    pub from: Inspection,
    /// The backup of the database as it was just before the restore; none when
    /// there was no database yet (a practice restored on a new computer).
    #[specta(optional)]
    pub safety_backup: Option<BackupInfo>,
}

/// The `backups/` folder beside the database file at `db_path`.
pub fn backup_dir(db_path: &Path) -> PathBuf {
    db_path
        .parent()
        .unwrap_or_else(|| Path::new(""))
        .join(BACKUP_DIR)
}

/// How the backups of the database file at `db_path` are named: after the
/// file (`standard-practice-` for `standard-practice.sqlite3`).
pub(crate) fn name_prefix(db_path: &Path) -> String {
    let stem = db_path
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|s| !s.is_empty())
        .unwrap_or(DEFAULT_STEM);
    format!("{stem}-")
}

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
fn rotate_sparing(db_path: &Path, keep: usize, spare: &[&Path]) -> Result<Vec<PathBuf>> {
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
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    let found = by_age(list_folder(dir, prefix)?);
    let mut deleted = Vec::new();
    for (_, old) in found.into_iter().skip(keep.max(1)) {
        if std::fs::canonicalize(&old.path).is_ok_and(|p| spare.contains(&p)) {
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

/// Checks a file offered for restore without changing a byte of it: it must be a
/// Standard Practice database, pass `PRAGMA integrity_check`, have exactly the
/// schema this version's migrations make for its version (no trigger, view or
/// table of anyone else's), no row that refers to a missing record, and a
/// schema no newer than this binary's. Refusals name the file and say why.
pub fn inspect(candidate: &Path, keys: &Keys) -> Result<Inspection> {
    inspect_with(candidate, keys).map(|(inspection, _)| inspection)
}

/// [`inspect`], and the one of `keys` that opens the file (`None`: a plain
/// backup from before encryption).
fn inspect_with(candidate: &Path, keys: &Keys) -> Result<(Inspection, Option<Key>)> {
    let meta = match std::fs::metadata(candidate) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::invalid(
                "file",
                format!("{} does not exist", candidate.display()),
            ))
        }
        Err(e) => return Err(e.into()),
    };
    let (user_version, key) = match storage::examine(candidate, PageCheck::Full, keys)? {
        Header::Ours { user_version, key } => (user_version, key),
        Header::New => {
            return Err(Error::NotOurDatabase {
                path: candidate.display().to_string(),
                reason: "it is empty".into(),
            })
        }
    };
    let conn = storage::open_read_only(candidate, key.as_ref())?;
    let unreadable = storage::unreadable_values(&conn, 1)?;
    if let Some(first) = unreadable.first() {
        return Err(Error::DamagedDatabase {
            path: candidate.display().to_string(),
            reason: format!("{first}: it was changed outside Standard Practice"),
        });
    }
    let orphans = storage::orphan_rows(&conn)?;
    if let Some(first) = orphans.first() {
        return Err(Error::DamagedDatabase {
            path: candidate.display().to_string(),
            reason: format!(
                "{} {} to records that do not exist, the first: {first}",
                orphans.len(),
                if orphans.len() == 1 {
                    "row refers"
                } else {
                    "rows refer"
                }
            ),
        });
    }
    Ok((
        Inspection {
            path: candidate.to_path_buf(),
            schema_version: user_version,
            size: meta.len(),
        },
        key,
    ))
}

/// Replaces the contents of `db` with the backup at `candidate`: inspects it,
/// backs up the current database (reason before-restore), prepares the restored
/// data in a private file beside the database (brought up to date, the owner
/// kept, the restore recorded in its audit trail, its schema checked again),
/// and only then copies it into the open connection in one step; finally
/// rotates the backups to `keep` (`None`: as many as the restored practice
/// keeps), sparing the candidate and the before-restore copy. If the candidate is refused, nothing changes anywhere; if anything
/// fails after the before-restore copy, the database is exactly as it was and
/// the error says where that copy is.
pub fn restore(
    db: &mut Db,
    actor: &Actor,
    candidate: &Path,
    keys: &Keys,
    keep: Option<usize>,
) -> Result<Restored> {
    actor.require(Permission::Restore)?;
    if same_file(candidate, db.path()) {
        return Err(Error::invalid(
            "file",
            format!(
                "{} is the database that is open; choose a backup",
                candidate.display()
            ),
        ));
    }
    // The practice's own key first: its backups are encrypted with it.
    let keys = match db.key() {
        Some(key) => keys.clone().with(key.clone()),
        None => keys.clone(),
    };
    let (from, their_key) = inspect_with(candidate, &keys)?;
    let src = storage::open_read_only(candidate, their_key.as_ref())?;
    // SQLCipher answers for a keyed connection, in text.
    let page_size = |c: &Connection| {
        c.query_row("PRAGMA page_size", [], |r| {
            r.get::<_, rusqlite::types::Value>(0)
        })
        .map(|v| match v {
            rusqlite::types::Value::Integer(n) => n,
            rusqlite::types::Value::Text(t) => t.parse().unwrap_or(0),
            _ => 0,
        })
    };
    let (theirs, ours) = (page_size(&src)?, page_size(db.conn())?);
    // A plain backup into an encrypted practice is exported, not copied page
    // by page: any page size will do.
    if theirs != ours && their_key.is_some() == db.key().is_some() {
        // SQLite cannot copy pages of another size into a database in WAL mode.
        return Err(Error::invalid(
            "file",
            format!(
                "{} uses {theirs}-byte pages where this database uses {ours}-byte pages; \
                 SQLite cannot restore it into the open database",
                candidate.display()
            ),
        ));
    }
    // Changes saved by anyone else (the window, the command line) from here
    // on would be in neither the safety copy nor the restored data.
    let before = data_version(db.conn())?;
    let safety_backup = take_at(
        db.conn(),
        db.path(),
        db.key(),
        Reason::BeforeRestore,
        Utc::now(),
    )?;
    let owner = owner_row(db.conn(), actor)?;
    let db_path = db.path().to_path_buf();
    let summary = format!(
        "Restored from {}; the data as it was is in {}",
        from.path.display(),
        safety_backup.path.display()
    );
    let our_key = db.key().cloned();
    let replaced = Staging::prepare(&src, their_key.as_ref(), &db_path, our_key.as_ref(), |tx| {
        keep_an_owner(tx, owner.as_ref())?;
        record_restore(tx, actor, &summary)
    })
    .and_then(|staged| {
        let conn = db.conn_mut();
        if data_version(conn)? != before {
            return Err(Error::conflict(
                "file",
                "another program saved a change to the practice meanwhile; try the restore again",
            ));
        }
        copy_pages(staged.conn()?, conn)?;
        // Statements prepared against the old schema must not be reused.
        conn.flush_prepared_statement_cache();
        Ok(())
    });
    if let Err(e) = replaced {
        return Err(Error::RestoreFailed {
            safety: safety_backup.path.display().to_string(),
            cause: Box::new(storage::disk_error(e, &db_path)),
        });
    }
    // Only now, and never the file just restored from (it may be an old backup)
    // nor the copy of what was replaced.
    let keep = kept_by(db, keep)?;
    rotate_sparing(&db_path, keep, &[candidate, &safety_backup.path])?;
    Ok(Restored {
        from,
        safety_backup: Some(safety_backup),
    })
}

/// Refuses at once a backup none of `keys` opens (`WrongKey`, so that the
/// window can ask for the recovery key of the practice that made it) or that
/// is not a practice's, before the window signs everyone out to restore it.
pub fn check_key(candidate: &Path, keys: &Keys) -> Result<()> {
    storage::check_key(candidate, keys)
}

/// SQLite's count of changes committed by other connections; it moves
/// whenever anyone else saves.
fn data_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
}

/// True when `a` and `b` are one file, whatever paths reach it (a link, a
/// hard link).
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    if let (Some(x), Some(y)) = (crate::output::identity(a), crate::output::identity(b)) {
        return x == y;
    }
    std::fs::canonicalize(a)
        .ok()
        .zip(std::fs::canonicalize(b).ok())
        .is_some_and(|(a, b)| a == b)
}

/// How many backups rotation keeps: `keep` when one is asked for (the
/// command line's `--keep`), or as many as the practice in `db` says.
pub fn kept_by(db: &Db, keep: Option<usize>) -> Result<usize> {
    match keep {
        Some(keep) => Ok(keep),
        None => Ok(
            usize::try_from(crate::practice::get(db.conn())?.backups_kept).unwrap_or(DEFAULT_KEEP),
        ),
    }
}

/// The restored data, complete, in a private file beside the database before
/// anything of the database is replaced. Removed when dropped.
struct Staging {
    /// `None` once closed to be renamed into place.
    conn: Option<Connection>,
    path: PathBuf,
}

impl Staging {
    /// Copies `src` into a new private file beside `db_path`, brings it up to
    /// date, runs `finish` in one transaction there, and checks that its schema
    /// is now exactly this version's.
    fn prepare(
        src: &Connection,
        src_key: Option<&Key>,
        db_path: &Path,
        key: Option<&Key>,
        finish: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<()>,
    ) -> Result<Staging> {
        let mut staging = Staging {
            conn: None,
            path: storage::hidden_beside(db_path, "restoring"),
        };
        // From here on, dropping `staging` removes the file.
        match (src_key, key) {
            // A plain backup from before encryption: copied as it is, then
            // encrypted in place (SQLite's backup cannot copy between a
            // plain and an encrypted file).
            (None, Some(key)) => {
                write_single_file(src, None, &staging.path)?;
                storage::encrypt_file(&staging.path, key)?;
            }
            _ => {
                write_single_file(src, key, &staging.path)?;
            }
        }
        let mut conn = storage::open_keyed(
            &staging.path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
            key,
        )?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        storage::apply_migrations(&mut conn)?;
        let tx = conn.transaction()?;
        finish(&tx)?;
        tx.commit()?;
        let differences = crate::schema::differences(&conn, storage::schema_version())?;
        if let Some(first) = differences.first() {
            return Err(Error::DamagedDatabase {
                path: staging.path.display().to_string(),
                reason: format!("after bringing it up to date, {first}"),
            });
        }
        staging.conn = Some(conn);
        Ok(staging)
    }

    fn conn(&self) -> Result<&Connection> {
        self.conn
            .as_ref()
            .ok_or_else(|| Error::Io(std::io::Error::other("the restored copy is closed")))
    }

    /// Closes the file and renames it to `target`.
    fn place(mut self, target: &Path) -> Result<()> {
        if let Some(conn) = self.conn.take() {
            conn.close().map_err(|(_, e)| e)?;
        }
        std::fs::rename(&self.path, target)?;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // Nothing more to do if it is already gone or was renamed into place.
        let _ = std::fs::remove_file(&self.path);
        let _ = std::fs::remove_file(storage::side_file(&self.path, "-journal"));
    }
}

/// The restore's row in the restored file's own audit trail.
fn record_restore(tx: &rusqlite::Transaction<'_>, actor: &Actor, summary: &str) -> Result<()> {
    crate::audit::record(
        tx,
        actor,
        crate::audit::Entity::Practice,
        1,
        None,
        "restored",
        summary,
        &[],
    )
}

/// The restoring owner's account as stored, to carry into a restored file.
type OwnerRow = (String, String, String, String);

fn owner_row(conn: &Connection, actor: &Actor) -> Result<Option<OwnerRow>> {
    let Some(id) = actor.account() else {
        return Ok(None);
    };
    Ok(conn
        .query_row(
            "SELECT name, name_key, secret_hash, created_at FROM accounts WHERE id = ?1 AND role = 'owner'",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?)
}

/// A backup from before accounts existed has no owner: whoever came to the lock
/// screen next could make themselves the owner. The restoring owner's account
/// (name and passphrase hash) is carried over instead.
fn keep_an_owner(tx: &rusqlite::Transaction<'_>, owner: Option<&OwnerRow>) -> Result<()> {
    let has_owner: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM accounts WHERE role = 'owner' AND disabled = 0)",
        [],
        |r| r.get(0),
    )?;
    if let (false, Some((name, key, hash, created))) = (has_owner, owner) {
        let taken: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM accounts WHERE role <> 'staff' AND name_key = ?1)",
            [key],
            |r| r.get(0),
        )?;
        let name = if taken {
            format!("{name} (owner)")
        } else {
            name.clone()
        };
        tx.execute(
            "INSERT INTO accounts (role, name, name_key, secret_hash, created_at, updated_at)
             VALUES ('owner', ?1, ?2, ?3, ?4, ?4)",
            rusqlite::params![name, crate::text::unique_key(&name), hash, created],
        )?;
    }
    Ok(())
}

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
    let db_path = &std::fs::canonicalize(db_path).unwrap_or_else(|_| db_path.to_path_buf());
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

/// Encrypts, with `key`, every plain backup of the practice at `db_path` in
/// its `backups/` folder (the practice itself was just encrypted): what
/// opening a practice from before encryption does once, so that no plain
/// copy of it remains where the app wrote one.
pub(crate) fn encrypt_copies(db_path: &Path, key: &Key) -> storage::Encrypted {
    let (backups, left_plain) = encrypt_folder(&backup_dir(db_path), &name_prefix(db_path), key);
    storage::Encrypted {
        backups,
        copies_off_computer: 0,
        left_plain,
    }
}

/// [`encrypt_copies`] for the copies off the computer, when the practice on
/// `conn` has a folder for them: encrypted there if the folder is reachable;
/// if not, the report says so (they are replaced, encrypted, as copies rotate).
pub(crate) fn encrypt_copies_off_computer(
    conn: &Connection,
    key: &Key,
    report: &mut storage::Encrypted,
) {
    let place = match crate::offsite::configured(conn, key) {
        Ok(Some(place)) => place,
        Ok(None) => return,
        Err(e) => {
            report.left_plain.push(format!(
                "The copies off the computer were not looked at: {e}"
            ));
            return;
        }
    };
    if !place.folder.is_dir() {
        report.left_plain.push(format!(
            "The copies off the computer in {} could not be reached: they stay unencrypted until newer, encrypted copies replace them there, or you delete them",
            place.folder.display()
        ));
        return;
    }
    let (done, left) = encrypt_folder(&place.folder, place.prefix(), key);
    report.copies_off_computer = done;
    report.left_plain.extend(left);
}

/// Encrypts the plain copies of ours named `prefix…` in `dir`; how many were
/// encrypted, and a sentence for each that could not be.
pub(crate) fn encrypt_folder(dir: &Path, prefix: &str, key: &Key) -> (usize, Vec<String>) {
    let Ok(copies) = list_folder(dir, prefix) else {
        return (0, Vec::new());
    };
    let mut done = 0;
    let mut left = Vec::new();
    for copy in copies {
        if !storage::is_plain_practice(&copy.path) {
            continue;
        }
        match storage::encrypt_file(&copy.path, key) {
            Ok(()) => done += 1,
            Err(e) => left.push(format!("{} was not encrypted: {e}", copy.path.display())),
        }
    }
    (done, left)
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

/// Creates the backups folder, private to this user, or says what is in the way.
fn create_backup_dir(dir: &Path) -> Result<()> {
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

fn remove_if_present(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
        _ => Ok(()),
    }
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
fn take_at(
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

/// A backup name in `dir` not yet taken, for `now` or the first free millisecond
/// after it, and the time it says (whole milliseconds, as listed later).
fn free_name(
    dir: &Path,
    prefix: &str,
    reason: Reason,
    now: DateTime<Utc>,
) -> (PathBuf, DateTime<Utc>) {
    let mut at = now;
    loop {
        let name = file_name(prefix, at, reason);
        let path = dir.join(&name);
        if !path.exists() {
            return (path, parse_name(&name, prefix).map_or(at, |(t, _)| t));
        }
        at += TimeDelta::milliseconds(1);
    }
}

pub(crate) fn file_name(prefix: &str, at: DateTime<Utc>, reason: Reason) -> String {
    format!(
        "{prefix}{}-{}{NAME_SUFFIX}",
        at.format(STAMP_FORMAT),
        reason.slug()
    )
}

/// The time and reason in one of our backup names starting with `prefix`;
/// `None` for any other name.
fn parse_name(name: &str, prefix: &str) -> Option<(DateTime<Utc>, Reason)> {
    let rest = name.strip_prefix(prefix)?.strip_suffix(NAME_SUFFIX)?;
    let stamp = rest.get(..STAMP_LEN)?;
    let slug = rest.get(STAMP_LEN..)?.strip_prefix('-')?;
    let at = NaiveDateTime::parse_from_str(stamp, STAMP_FORMAT).ok()?;
    Some((at.and_utc(), Reason::from_slug(slug)?))
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
fn write_single_file(conn: &Connection, key: Option<&Key>, path: &Path) -> Result<u64> {
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
fn copy_pages(src: &Connection, dst: &mut Connection) -> Result<()> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_sort_by_time() {
        let at = NaiveDateTime::parse_from_str("20261123T175844.123Z", STAMP_FORMAT)
            .unwrap()
            .and_utc();
        for reason in [
            Reason::Daily,
            Reason::Manual,
            Reason::BeforeRestore,
            Reason::NotOpened,
            Reason::BeforeMigration { schema: 12 },
        ] {
            let name = file_name("standard-practice-", at, reason);
            assert_eq!(
                parse_name(&name, "standard-practice-"),
                Some((at, reason)),
                "{name}"
            );
        }
        assert_eq!(
            file_name("standard-practice-", at, Reason::Daily),
            "standard-practice-20261123T175844.123Z-daily.sqlite3"
        );
        assert_eq!(
            name_prefix(Path::new("/p/standard-practice.sqlite3")),
            "standard-practice-"
        );
        assert_eq!(
            name_prefix(Path::new("/p/standard-practice-2026-11-23.sqlite3")),
            "standard-practice-2026-11-23-"
        );
        assert_eq!(name_prefix(Path::new("/p/D")), "D-");
    }

    /// Two practices in one folder: each sees and rotates only its own backups.
    #[test]
    fn backups_of_another_practice_beside_are_not_ours() {
        let at = NaiveDateTime::parse_from_str("20261123T175844.123Z", STAMP_FORMAT)
            .unwrap()
            .and_utc();
        let other = file_name("standard-practice-2026-11-23-", at, Reason::Daily);
        assert_eq!(parse_name(&other, "standard-practice-"), None);
        let ours = file_name("standard-practice-", at, Reason::Daily);
        assert_eq!(parse_name(&ours, "standard-practice-2026-11-23-"), None);
    }

    #[test]
    fn foreign_names_are_not_ours() {
        for name in [
            "notes.txt",
            "standard-practice.sqlite3",
            "standard-practice-20261123T175844.123Z-daily.sqlite3.bak",
            "standard-practice-20261123T175844.123Z-holiday.sqlite3",
            "standard-practice-20261123T175844.123Z-before-migration-x.sqlite3",
            "standard-practice-20261123T175844.123Z-before-migration-+1.sqlite3",
            "standard-practice-2026-11-23-daily.sqlite3",
            ".standard-practice-20261123T175844.123Z-daily.sqlite3.partial-7",
        ] {
            assert_eq!(parse_name(name, "standard-practice-"), None, "{name}");
        }
    }
}
