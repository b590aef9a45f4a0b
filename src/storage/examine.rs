//! Telling files apart, untouched: which of the keys given opens a file,
//! and whether it is whole. A file that is not ours, newer than this
//! binary, encrypted with none of the keys, or damaged (cut short, failing
//! SQLite's check, a schema changed outside the app) is refused with its
//! own error.

use std::io::Read;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::header::{read_header, Seen};
use super::{
    copy_private, hidden_beside, open_keyed, open_read_only, schema_version, side_file,
    wal_has_frames,
};
use crate::error::{Error, Result};
use crate::keys::{Key, Keys};

/// What a file is, as far as opening it goes.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Header {
    /// Missing or zero-length (or a database with nothing ever made in it):
    /// a new database may be created here.
    New,
    /// A database carrying our application id, at this schema version;
    /// `key` is the one of the keys given that opens it, `None` for a plain
    /// file (a practice from before encryption, converted when opened).
    Ours { user_version: i64, key: Option<Key> },
}

/// How thoroughly [`examine`] reads the pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PageCheck {
    /// `PRAGMA quick_check`: every page and record, without cross-checking indexes.
    Quick,
    /// `PRAGMA integrity_check`: also that every index matches its table.
    Full,
}

/// Reads what the header says and finds which of `keys` opens the file,
/// refusing (untouched) a file that is not ours, is newer than this binary,
/// is encrypted with none of the keys, or is damaged: cut short, or failing
/// SQLite's check on a read-only connection (`quick_check` when opening, the
/// full `integrity_check` for a file about to be restored).
pub(crate) fn examine(path: &Path, check: PageCheck, keys: &Keys) -> Result<Header> {
    if has_journal(path) && std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return examine_rolled_back(path, check, keys);
    }
    examine_as_is(path, check, keys)
}

/// True when a rollback `-journal` beside `path` holds anything.
fn has_journal(path: &Path) -> bool {
    std::fs::symlink_metadata(side_file(path, "-journal")).is_ok_and(|m| m.len() > 0)
}

/// [`examine`] for a file with a `-journal` beside it: a transaction left
/// half-done, which SQLite undoes from the journal the first time it opens
/// the file for writing. The file as it will be then — not as it is on disk,
/// which is all a read-only look can see — is what must be checked: a
/// private copy of both is opened (undoing the transaction there, with each
/// key in turn for an encrypted file), examined, and removed.
fn examine_rolled_back(path: &Path, check: PageCheck, keys: &Keys) -> Result<Header> {
    let copy = hidden_beside(path, "examining");
    let remove = |p: &Path| {
        for suffix in ["", "-journal", "-wal", "-shm"] {
            let _ = std::fs::remove_file(side_file(p, suffix));
        }
    };
    let candidates: Vec<Option<&Key>> = match read_header(path, keys) {
        Ok(Seen::Ours {
            encrypted: true, ..
        }) => keys.known().iter().map(Some).collect(),
        _ => vec![None],
    };
    let shown = path.display().to_string();
    let mut made = Err(Error::WrongKey {
        path: shown.clone(),
    });
    for key in candidates {
        made = (|| -> Result<()> {
            remove(&copy);
            copy_private(path, &copy)?;
            copy_private(&side_file(path, "-journal"), &side_file(&copy, "-journal"))?;
            let conn = open_keyed(
                &copy,
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                key,
            )?;
            conn.query_row("SELECT COUNT(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })?;
            conn.close().map_err(|(_, e)| e)?;
            Ok(())
        })();
        if made.is_ok() {
            break;
        }
    }
    let result = match made {
        Ok(()) => examine_as_is(&copy, check, keys).map_err(|e| e.with_path(&shown)),
        Err(e @ Error::WrongKey { .. }) => Err(e),
        Err(e) => Err(Error::DamagedDatabase {
            path: shown,
            reason: format!(
                "a -journal beside it holds a change left half-done, and undoing it on a copy failed: {e}"
            ),
        }),
    };
    remove(&copy);
    result
}

/// [`examine`] for the file as it is on disk.
fn examine_as_is(path: &Path, check: PageCheck, keys: &Keys) -> Result<Header> {
    let (user_version, encrypted) = match read_header(path, keys)? {
        Seen::New => return Ok(Header::New),
        Seen::Ours {
            user_version,
            encrypted,
        } => (user_version, encrypted),
    };
    if user_version > schema_version() {
        return Err(Error::NewerSchema {
            path: path.display().to_string(),
            found: user_version,
            supported: schema_version(),
        });
    }
    let key = if encrypted {
        Some(find_key(path, keys)?)
    } else {
        None
    };
    let damaged = |reason: String| Error::DamagedDatabase {
        path: path.display().to_string(),
        reason,
    };
    let read_pages = || {
        let conn = open_read_only(path, key.as_ref())?;
        page_problems(&conn, check)
    };
    let had_frames = wal_has_frames(path);
    // SQLCipher reports a page that fails its HMAC — damage, once page 1
    // has opened with this key — as a plain SQL error.
    let damaged_or = |e: rusqlite::Error| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::Unknown) if key.is_some() => damaged(e.to_string()),
        _ => damaged_or(e, &damaged),
    };
    let mut problems = read_pages().map_err(damaged_or)?;
    if !problems.is_empty() && !had_frames && wal_has_frames(path) {
        // Another program started writing while we read the file as immutable:
        // what we saw may have been mid-checkpoint. Read it again through the WAL.
        problems = read_pages().map_err(damaged_or)?;
    }
    if let Some(first) = problems.first() {
        return Err(damaged(format!("SQLite's check found damage: {first}")));
    }
    let conn = open_read_only(path, key.as_ref()).map_err(damaged_or)?;
    let differences = crate::schema::differences(&conn, user_version)?;
    if let Some(first) = differences.first() {
        return Err(damaged(schema_reason(first, differences.len())));
    }
    Ok(Header::Ours { user_version, key })
}

/// Whether one of `keys` opens the file at `path` (or it needs none), before
/// anything slower is done with it: a wrong key is `WrongKey`, a file that is
/// not a practice's is refused as `examine` would.
pub(crate) fn check_key(path: &Path, keys: &Keys) -> Result<()> {
    match read_header(path, keys)? {
        Seen::Ours {
            encrypted: true, ..
        } => find_key(path, keys).map(drop),
        _ => Ok(()),
    }
}

/// The one of `keys` that opens the encrypted file at `path`. When none does,
/// SQLCipher cannot say whether the key is wrong or page 1 is damaged; page
/// 2's HMAC can: made with one of the keys, the file is that practice's and
/// damaged; made with none, the key is not on this computer.
fn find_key(path: &Path, keys: &Keys) -> Result<Key> {
    for key in keys.known() {
        let opens = open_read_only(path, Some(key)).and_then(|conn| {
            conn.query_row("SELECT COUNT(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })
        });
        if opens.is_ok() {
            return Ok(key.clone());
        }
    }
    Err(wrong_key_or_damaged(path, keys))
}

/// Why none of `keys` opens the encrypted file at `path`: page 2 signed with
/// one of them says page 1 is damaged; otherwise the key is not here.
pub(super) fn wrong_key_or_damaged(path: &Path, keys: &Keys) -> Error {
    let page_two = read_page(path, 2).unwrap_or_default();
    if keys.known().iter().any(|k| k.signed(&page_two, 2)) {
        return Error::DamagedDatabase {
            path: path.display().to_string(),
            reason: "its first page, where the rest of the file is found, is damaged".into(),
        };
    }
    let missing_key_file = keys
        .file()
        .filter(|f| keys.known().is_empty() && std::fs::symlink_metadata(f).is_err());
    if let Some(key_file) = missing_key_file {
        // A mistyped `--key-file`, or a stick not plugged in, and no recovery
        // key typed: say that, not that the key is another practice's.
        return Error::invalid(
            "key_file",
            format!(
                "{} is encrypted, and the key file {} named to open it does not exist (a mistyped name, or a drive not plugged in?); it was left untouched. Name the key file it was made with, or open it with its recovery key (the printed page)",
                path.display(),
                key_file.display()
            ),
        );
    }
    Error::WrongKey {
        path: path.display().to_string(),
    }
}

/// Page `number` of the database file at `path` as it is on disk, by the
/// page size its header gives; empty when the file is shorter.
fn read_page(path: &Path, number: u64) -> std::io::Result<Vec<u8>> {
    use std::io::{Seek, SeekFrom};
    let mut file = std::fs::File::open(path)?;
    let mut head = [0u8; 18];
    file.read_exact(&mut head)?;
    let size = match u16::from_be_bytes([head[16], head[17]]) {
        1 => 65_536,
        n => u64::from(n),
    };
    let mut page = Vec::new();
    file.seek(SeekFrom::Start(size * (number - 1)))?;
    file.take(size).read_to_end(&mut page)?;
    if page.len() as u64 != size {
        page.clear();
    }
    Ok(page)
}

/// Why a file whose schema differs is refused, in one sentence.
fn schema_reason(first: &str, count: usize) -> String {
    let more = match count {
        0 | 1 => String::new(),
        2 => " and one more difference".to_owned(),
        n => format!(" and {} more differences", n - 1),
    };
    format!("{first}{more}: its structure was changed outside Standard Practice")
}

/// What SQLite's check says is wrong; empty when the file is whole.
pub(super) fn page_problems(conn: &Connection, check: PageCheck) -> rusqlite::Result<Vec<String>> {
    let sql = match check {
        PageCheck::Quick => "PRAGMA quick_check",
        PageCheck::Full => "PRAGMA integrity_check",
    };
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut problems = Vec::new();
    for row in rows {
        let line = row?;
        if line != "ok" {
            problems.push(line);
        }
    }
    Ok(problems)
}

/// SQLite's "this is corrupt" while reading becomes `damaged`; other errors stay.
fn damaged_or(e: rusqlite::Error, damaged: &impl Fn(String) -> Error) -> Error {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
            damaged(e.to_string())
        }
        _ => e.into(),
    }
}
