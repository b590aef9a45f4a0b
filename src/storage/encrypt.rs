//! Encrypting a plain practice (from before encryption) or a copy of it in
//! place, verified before it replaces the plain file.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::examine::page_problems;
use super::{
    attach_keyed, file_uri, hidden_beside, open_keyed, side_file, PageCheck, APPLICATION_ID,
};
use crate::error::{Error, Result};
use crate::keys::Key;

/// What was encrypted when a practice from before encryption was first
/// opened: the practice itself, and every copy of it the app had written.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Encrypted {
    /// Backups in the `backups/` folder beside it, encrypted in place.
    pub backups: usize,
    /// Copies in the folder off the computer, encrypted in place.
    pub copies_off_computer: usize,
    /// Plain copies that could not be encrypted (a folder that is not
    /// there, a damaged file), one sentence each.
    pub left_plain: Vec<String>,
}

impl Encrypted {
    /// What was done, in words, for the practice at `path`.
    pub fn summary(&self, path: &Path) -> String {
        let mut text = format!("{} was encrypted", path.display());
        let mut copies = Vec::new();
        match self.backups {
            0 => {}
            1 => copies.push("its backup".to_owned()),
            n => copies.push(format!("its {n} backups")),
        }
        match self.copies_off_computer {
            0 => {}
            1 => copies.push("its copy off the computer".to_owned()),
            n => copies.push(format!("its {n} copies off the computer")),
        }
        if !copies.is_empty() {
            text.push_str(&format!(", with {}", copies.join(" and ")));
        }
        if self.left_plain.is_empty() {
            text.push_str(": no unencrypted copy of it is left where the app wrote one.");
        } else {
            text.push_str(". Not encrypted: ");
            text.push_str(&self.left_plain.join("; "));
        }
        text
    }
}

/// Encrypts the plain practice (or backup) at `path` with `key`, in place:
/// `sqlcipher_export` into a private file beside it (SQLite's backup cannot
/// copy between a plain and an encrypted file), header fields set (the export
/// copies neither), verified — opened with the key, `integrity_check`, every
/// table's rows counted equal — synced, and renamed over the plain file.
/// Until that rename the plain file is untouched; after it, no plain copy
/// remains, its `-wal` folded in first. Refused while another program has
/// the file open: what it saved later would go to the plain file.
pub(crate) fn encrypt_file(path: &Path, key: &Key) -> Result<()> {
    let hidden = hidden_beside(path, "encrypting");
    let remove = |p: &Path| {
        for suffix in ["", "-journal", "-wal", "-shm"] {
            let _ = std::fs::remove_file(side_file(p, suffix));
        }
    };
    let result = (|| -> Result<()> {
        remove(&hidden);
        crate::output::create_private(&hidden).map_err(|e| match e.kind() {
            std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
                Error::ReadOnly {
                    path: path.display().to_string(),
                }
            }
            _ => e.into(),
        })?;
        let conn = open_keyed(
            file_uri(path),
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            None,
        )?;
        // Folds the `-wal` into the file (a no-op for a backup, which has none).
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        let before: i64 = conn.query_row("PRAGMA data_version", [], |r| r.get(0))?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        attach_keyed(&conn, &file_uri(&hidden), "encrypted", Some(key))?;
        conn.query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))?;
        conn.execute_batch(&format!(
            "PRAGMA encrypted.application_id = {APPLICATION_ID}; PRAGMA encrypted.user_version = {version};"
        ))?;
        let plain_rows = table_rows(&conn, "main")?;
        conn.execute_batch("DETACH DATABASE encrypted")?;
        let copy = open_keyed(
            &hidden,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            Some(key),
        )?;
        let not_equal = |why: String| Error::DamagedDatabase {
            path: path.display().to_string(),
            reason: format!(
                "its encrypted copy did not come out equal ({why}), so it was left as it was"
            ),
        };
        if let Some(first) = page_problems(&copy, PageCheck::Full)?.first() {
            return Err(not_equal(first.clone()));
        }
        if table_rows(&copy, "main")? != plain_rows {
            return Err(not_equal("the rows counted differ".into()));
        }
        drop(copy);
        let after: i64 = conn.query_row("PRAGMA data_version", [], |r| r.get(0))?;
        conn.close().map_err(|(_, e)| e)?;
        // The last connection to close removes the `-wal` and `-shm`: still
        // there, another program has the file open.
        if after != before || side_file(path, "-wal").exists() || side_file(path, "-shm").exists() {
            return Err(Error::conflict(
                "db",
                format!(
                    "{} is open in another program (the window, or a command): close it, then open the practice again to encrypt it",
                    path.display()
                ),
            ));
        }
        std::fs::File::open(&hidden)?.sync_all()?;
        std::fs::rename(&hidden, path)?;
        if let Some(dir) = path.parent().and_then(|d| std::fs::File::open(d).ok()) {
            // Best effort: not every file system syncs a folder.
            let _ = dir.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        remove(&hidden);
    }
    result
}

/// A SHA-256 of every row of every table of the database on `conn`, and
/// its schema: equal for two copies of the same data, however encrypted.
pub(crate) fn content_digest(conn: &Connection) -> Result<[u8; 32]> {
    use sha2::Digest;
    let mut hash = sha2::Sha256::new();
    let tables: Vec<(String, String)> = conn
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")?
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get::<_, Option<String>>(1)?.unwrap_or_default(),
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for (table, sql) in tables {
        hash.update(sql.as_bytes());
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\""))?;
        let columns = stmt.column_count();
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            for i in 0..columns {
                match row.get_ref(i)? {
                    rusqlite::types::ValueRef::Null => hash.update([0]),
                    rusqlite::types::ValueRef::Integer(n) => {
                        hash.update([1]);
                        hash.update(n.to_le_bytes());
                    }
                    rusqlite::types::ValueRef::Real(x) => {
                        hash.update([2]);
                        hash.update(x.to_le_bytes());
                    }
                    rusqlite::types::ValueRef::Text(t) | rusqlite::types::ValueRef::Blob(t) => {
                        hash.update([3]);
                        hash.update((t.len() as u64).to_le_bytes());
                        hash.update(t);
                    }
                }
            }
        }
    }
    Ok(hash.finalize().into())
}

/// Every table of `schema` on `conn` and its number of rows.
fn table_rows(conn: &Connection, schema: &str) -> Result<Vec<(String, i64)>> {
    let tables: Vec<String> = conn
        .prepare(&format!(
            "SELECT name FROM \"{schema}\".sqlite_master WHERE type = 'table' ORDER BY name"
        ))?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    tables
        .into_iter()
        .map(|t| {
            let n = conn.query_row(
                &format!("SELECT COUNT(*) FROM \"{schema}\".\"{t}\""),
                [],
                |r| r.get(0),
            )?;
            Ok((t, n))
        })
        .collect()
}
