//! Opening a practice: the real file found, refused untouched unless it is
//! new or ours and whole, created private, a plain practice encrypted, and
//! the schema brought up to date.

use std::path::{Path, PathBuf};

use rusqlite::OpenFlags;

use super::connect::configure;
use super::paths::is_app_data_dir;
use super::{
    create_private_dir, disk_error, encrypt_file, examine, migrate, open_keyed, open_read_only,
    schema_version, side_file, wal_has_frames, Db, Header, PageCheck,
};
use crate::error::{Error, Result};
use crate::keys::Keys;

/// The file `path` names, links resolved, so that the database, its `-wal`
/// and its backups are all found beside the real file. A missing file is new
/// only when `may_create`; its folder is then created, private to this user.
fn real_path(path: &Path, may_create: bool) -> Result<PathBuf> {
    let missing = |message: String| Error::invalid("db", message);
    match dunce::canonicalize(path) {
        Ok(real) => Ok(real),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Ok(target) = std::fs::read_link(path) {
                return Err(missing(format!(
                    "{} is a link to {}, which does not exist",
                    path.display(),
                    target.display()
                )));
            }
            if !may_create {
                return Err(missing(format!(
                    "{} does not exist: check the path, or start a practice there (`demo`, or the app's first screen)",
                    path.display()
                )));
            }
            let name = path
                .file_name()
                .ok_or_else(|| missing(format!("{} is not a file name", path.display())))?;
            let dir = match path.parent() {
                Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                _ => PathBuf::from("."),
            };
            create_private_dir(&dir)?;
            Ok(dunce::canonicalize(&dir)?.join(name))
        }
        Err(e) => Err(e.into()),
    }
}

/// Creates the new database file, readable by this user only (SQLite gives
/// its `-wal` and `-shm` the same permissions). An empty file already there is
/// used, made readable by this user only as well.
fn create_private_file(path: &Path) -> Result<()> {
    if let Some(dir) = path.parent() {
        create_private_dir(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                // Not ours to change (another account's file): SQLite says so
                // when it opens it.
                let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
                for suffix in ["-wal", "-shm"] {
                    let side = side_file(path, suffix);
                    if side.exists() {
                        let _ =
                            std::fs::set_permissions(&side, std::fs::Permissions::from_mode(0o600));
                    }
                }
            }
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::ReadOnlyFilesystem => Err(Error::ReadOnly {
            path: path.display().to_string(),
        }),
        Err(e) => Err(e.into()),
    }
}

/// Refuses a key file that is the practice's own file, one SQLite keeps
/// beside it, or in its backups folder: writing the key there, or the
/// practice over the key, would leave a practice whose key exists nowhere.
fn refuse_key_file_beside(db_path: &Path, keys: &Keys) -> Result<()> {
    let Some(key_file) = keys.file() else {
        return Ok(());
    };
    let resolve = |p: &Path| -> PathBuf {
        let dir = match p.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let dir = dunce::canonicalize(&dir).unwrap_or(dir);
        match p.file_name() {
            Some(name) => dir.join(name),
            None => dir,
        }
    };
    let key_file = dunce::canonicalize(key_file).unwrap_or_else(|_| resolve(key_file));
    let same_name = crate::output::same_name;
    let taken = ["", "-wal", "-shm", "-journal"]
        .iter()
        .any(|suffix| same_name(&resolve(&side_file(db_path, suffix)), &key_file))
        || key_file
            .parent()
            .is_some_and(|dir| same_name(dir, &resolve(&crate::backup::backup_dir(db_path))));
    if taken {
        return Err(Error::invalid(
            "key_file",
            format!(
                "The key file {} is the practice's own file, one beside it, or in its backups: name a file elsewhere",
                key_file.display()
            ),
        ));
    }
    Ok(())
}

/// Empties a file that holds a database with nothing ever made in it (a
/// first start killed early), so the new practice is made with its own key:
/// the blank one may carry another key's encryption.
fn clear_blank_file(path: &Path) -> Result<()> {
    if std::fs::metadata(path).is_ok_and(|m| m.len() > 0) {
        for suffix in ["-wal", "-shm"] {
            match std::fs::remove_file(side_file(path, suffix)) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
                _ => {}
            }
        }
        std::fs::OpenOptions::new()
            .write(true)
            .open(path)?
            .set_len(0)?;
    }
    Ok(())
}

/// Whether this process may write `path` (opening it for writing changes nothing).
fn is_writable(path: &Path) -> bool {
    std::fs::OpenOptions::new().write(true).open(path).is_ok()
}

impl Db {
    /// Opens (creating if new) the database at `path` and migrates it to the current
    /// schema. Refuses, without modifying it, any file that is not ours or is newer.
    ///
    /// A damaged file (cut short, failing `PRAGMA quick_check`, or with a schema
    /// other than the one this version's migrations make) is refused too, and an
    /// existing database older than this binary is backed up into `backups/`
    /// beside it before it is migrated. A link is followed once, here: the
    /// database, its `-wal` and its backups are all found beside the real file.
    /// A file this process may not write is opened read-only, leaving nothing
    /// beside it, and every save is refused with [`Error::ReadOnly`].
    pub fn open(path: &Path, keys: &Keys) -> Result<Db> {
        Db::open_with(path, keys, true)
    }

    /// [`Db::open`] for a database that must already exist: the command line's
    /// commands other than `demo`, so that a mistyped `--db` is an error, not a
    /// new empty practice.
    pub fn open_existing(path: &Path, keys: &Keys) -> Result<Db> {
        Db::open_with(path, keys, false)
    }

    /// [`Db::open`] and [`Db::open_existing`]: a missing or empty file is
    /// made a new practice only when `may_create`.
    fn open_with(path: &Path, keys: &Keys, may_create: bool) -> Result<Db> {
        let path = real_path(path, may_create)?;
        refuse_key_file_beside(&path, keys)?;
        if let Some(dir) = path.parent().filter(|d| is_app_data_dir(d)) {
            // An older version made it readable by every account.
            create_private_dir(dir)?;
        }
        let header = examine(&path, PageCheck::Quick, keys)?;
        if header == Header::New && !may_create {
            // Only a mistyped path or a process killed before the practice
            // was made leaves an empty file; neither is a practice to use.
            return Err(Error::invalid(
                "db",
                format!(
                    "{} is empty, not a practice yet: start a practice there (`demo`, or the app's first screen)",
                    path.display()
                ),
            ));
        }
        let shown = || path.display().to_string();
        if header != Header::New {
            if !is_writable(&path) {
                return Db::open_read_only(&path, header);
            }
            for suffix in ["-wal", "-shm"] {
                let side = side_file(&path, suffix);
                if side.exists() && !is_writable(&side) {
                    return Err(Error::ReadOnly {
                        path: side.display().to_string(),
                    });
                }
            }
        }
        let mut encrypted = None;
        let key = match header {
            Header::New => {
                // Kept (key file, credential store) before a byte is encrypted.
                let key = keys.for_new_practice()?;
                if let Err(e) = clear_blank_file(&path).and_then(|()| create_private_file(&path)) {
                    keys.take_back(&key);
                    return Err(e);
                }
                key
            }
            Header::Ours { key: Some(key), .. } => {
                // What a conversion killed half-way left plain.
                let report = crate::backup::encrypt_copies(&path, &key);
                if report.backups > 0 || !report.left_plain.is_empty() {
                    encrypted = Some(report);
                }
                key
            }
            Header::Ours { key: None, .. } => {
                let key = keys.for_new_practice()?;
                // The file is still plain when this fails: the rename is its
                // last step.
                if let Err(e) = encrypt_file(&path, &key) {
                    keys.take_back(&key);
                    return Err(e);
                }
                encrypted = Some(crate::backup::encrypt_copies(&path, &key));
                key
            }
        };
        let opened = open_keyed(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            Some(&key),
        )
        .and_then(|conn| configure(&conn).map(|()| conn));
        let mut conn = opened.map_err(|e| match e.sqlite_error_code() {
            // We have just read this file whole, so SQLite failing to open it for
            // use means it cannot create the `-wal`/`-shm` beside it: the folder
            // or the disk is read-only.
            Some(rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::ReadOnly) => {
                Error::ReadOnly { path: shown() }
            }
            _ => e.into(),
        })?;
        migrate(&mut conn, &path, Some(&key)).map_err(|e| disk_error(e, &path))?;
        crate::backup::clear_leftovers(&path);
        if let Some(report) = encrypted.as_mut() {
            crate::backup::encrypt_copies_off_computer(&conn, &key, report);
        }
        Ok(Db {
            conn,
            path,
            key: Some(key),
            encrypted,
        })
    }

    /// A database this process may only read: opened so that SQLite writes
    /// nothing, not even a `-wal` or `-shm` beside it (which would keep the
    /// file's read-only permissions and refuse every later save once the file
    /// is writable again).
    fn open_read_only(path: &Path, header: Header) -> Result<Db> {
        let (behind, key) = match header {
            Header::Ours { user_version, key } => (user_version < schema_version(), key),
            Header::New => (true, None),
        };
        // Behind: it would have to be brought up to date first. Frames in its
        // `-wal`: SQLite could read them only through a `-shm` it would create.
        if behind || wal_has_frames(path) {
            return Err(Error::ReadOnly {
                path: path.display().to_string(),
            });
        }
        let conn = open_read_only(path, key.as_ref()).map_err(|e| disk_error(e.into(), path))?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        Ok(Db {
            conn,
            path: path.to_path_buf(),
            key,
            encrypted: None,
        })
    }
}
