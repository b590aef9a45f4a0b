//! Restoring a backup into the open practice: the candidate inspected
//! untouched, the practice backed up first, the restored data prepared whole
//! in a private file beside it and then copied in one step.

use std::path::{Path, PathBuf};

use chrono::Utc;
use rusqlite::{Connection, OptionalExtension};

use super::folder::rotate_sparing;
use super::take::{copy_pages, take_at, write_single_file};
use super::{Inspection, Reason, Restored, DEFAULT_KEEP};
use crate::access::{Actor, Permission};
use crate::error::{Error, Result};
use crate::keys::{Key, Keys};
use crate::storage::{self, Header, PageCheck};
use crate::Db;

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
pub(super) fn inspect_with(candidate: &Path, keys: &Keys) -> Result<(Inspection, Option<Key>)> {
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
    if let (Some(x), Some(y)) = (crate::output::identity(a), crate::output::identity(b)) {
        return x == y;
    }
    dunce::canonicalize(a)
        .ok()
        .zip(dunce::canonicalize(b).ok())
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
pub(super) struct Staging {
    /// `None` once closed to be renamed into place.
    conn: Option<Connection>,
    path: PathBuf,
}

impl Staging {
    /// Copies `src` into a new private file beside `db_path`, brings it up to
    /// date, runs `finish` in one transaction there, and checks that its schema
    /// is now exactly this version's.
    pub(super) fn prepare(
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
    pub(super) fn place(mut self, target: &Path) -> Result<()> {
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
pub(super) fn record_restore(
    tx: &rusqlite::Transaction<'_>,
    actor: &Actor,
    summary: &str,
) -> Result<()> {
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

/// The account of `actor`, if the owner's, as stored.
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
