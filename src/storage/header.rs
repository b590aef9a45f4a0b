//! What a file's plain first bytes say, before any key is tried: new, ours
//! (at which schema version, plain or encrypted), another program's, cut
//! short, or with its header wiped.

use std::io::Read;
use std::path::Path;

use super::examine::wrong_key_or_damaged;
use super::{open_read_only, side_file, wal_has_frames, APPLICATION_ID};
use crate::error::{Error, Result};
use crate::keys::{Key, Keys};

/// What the plain first 100 bytes of a file say, before any key is tried.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Seen {
    New,
    Ours { user_version: i64, encrypted: bool },
}

/// The bytes at the start of page 1 SQLCipher leaves plain: SQLite's
/// 100-byte header (which says "ours", "newer", "encrypted") and page 1's
/// b-tree header, nothing anyone typed.
pub(crate) const PLAIN_HEADER: usize = 112;

/// The bytes SQLCipher reserves at the end of every page (IV and HMAC), as
/// header byte 20 records them: 0 in a plain file.
const ENCRYPTED_RESERVE: u8 = 80;

/// The page size of every encrypted practice: SQLCipher 4's default.
const ENCRYPTED_PAGE_SIZE: u16 = 4096;

/// What the header of the file at `path` says it is; a file with frames in
/// its `-wal` is asked of SQLite with each of `keys`.
pub(super) fn read_header(path: &Path, keys: &Keys) -> Result<Seen> {
    let not_ours = |reason: &str| Error::NotOurDatabase {
        path: path.display().to_string(),
        reason: reason.to_owned(),
    };
    // Before opening anything: opening a FIFO for reading waits for ever for a
    // writer, and a device can be read for ever.
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Seen::New),
        Err(e) => return Err(e.into()),
        Ok(meta) if meta.is_dir() => return Err(not_ours("it is a folder")),
        Ok(meta) if !meta.is_file() => {
            return Err(not_ours(
                "it is not an ordinary file but a pipe or a device",
            ))
        }
        Ok(_) => {}
    }
    for suffix in ["-wal", "-shm", "-journal"] {
        let side = side_file(path, suffix);
        if std::fs::metadata(&side).is_ok_and(|m| !m.is_file()) {
            return Err(not_ours(&format!(
                "{} beside it is not an ordinary file",
                side.display()
            )));
        }
    }
    let mut file = std::fs::File::open(path)?;
    let mut head = Vec::with_capacity(100);
    file.by_ref().take(100).read_to_end(&mut head)?;
    let is_sqlite = head.len() == 100 && &head[..16] == b"SQLite format 3\0";
    // After a crash (or a kill) in WAL mode, the newest pages — the header with our
    // application id among them — may still be in the `-wal` file, and the main
    // file may even be empty. Then only SQLite can say what the database holds;
    // a read-only connection asks it without writing to the database file.
    if wal_has_frames(path) {
        let encrypted = is_sqlite.then(|| head[20] == ENCRYPTED_RESERVE);
        return header_via_sqlite(path, encrypted, keys);
    }
    if head.is_empty() {
        return Ok(Seen::New);
    }
    if !is_sqlite {
        return Err(not_ours("it is not a SQLite database"));
    }
    let be = |at: usize| i32::from_be_bytes([head[at], head[at + 1], head[at + 2], head[at + 3]]);
    let ours = be(68) == APPLICATION_ID;
    // Nothing made in it yet: no id, no schema version, no schema change.
    let blank = be(68) == 0 && be(60) == 0 && be(40) == 0;
    if !ours && !blank {
        return Err(not_ours("it is a SQLite database of another program"));
    }
    let encrypted = match head[20] {
        0 => false,
        ENCRYPTED_RESERVE => true,
        _ if blank => return Err(not_ours("it is a SQLite database of another program")),
        other => {
            return Err(Error::DamagedDatabase {
                path: path.display().to_string(),
                reason: format!(
                "its header says {other} bytes of every page are reserved, which no practice has"
            ),
            })
        }
    };
    let page_size = u16::from_be_bytes([head[16], head[17]]);
    if encrypted && page_size != ENCRYPTED_PAGE_SIZE {
        // SQLCipher must be told another page size before it reads a byte;
        // no practice was ever made with one.
        return Err(not_ours(&format!(
            "it is encrypted with {}-byte pages, which no practice has",
            if page_size == 1 {
                65_536
            } else {
                u32::from(page_size)
            }
        )));
    }
    // A hot `-journal` (a rollback-mode file left mid-transaction) may hold pages
    // the main file does not have yet: then only SQLite's own check can judge it.
    let declared = declared_len(&head).filter(|_| !side_file(path, "-journal").exists());
    if let Some(declared) = declared {
        let actual = file.metadata()?.len();
        if actual < declared {
            return Err(Error::DamagedDatabase {
                path: path.display().to_string(),
                reason: format!("it is cut short: {actual} bytes where its header says {declared}"),
            });
        }
    }
    if blank {
        // An encrypted file with nothing in it yet cannot be read without its
        // key. SQLite makes it one page long; a longer one whose header says
        // nothing was ever made in it had its header wiped.
        let one_page = if page_size == 1 {
            65_536
        } else {
            u64::from(page_size)
        };
        if encrypted && file.metadata()?.len() > one_page {
            return Err(Error::DamagedDatabase {
                path: path.display().to_string(),
                reason: "its header says nothing was ever made in it, but it holds more than a page: the header was wiped".into(),
            });
        }
        if !encrypted && !is_empty_database(path) {
            return Err(not_ours("it is a SQLite database of another program"));
        }
        // A database with nothing in it is what a process killed during the
        // very first open leaves (often already in WAL mode): a new one. But
        // beside backups of a practice, it is a practice whose data was lost.
        if crate::backup::list(path).is_ok_and(|b| !b.is_empty()) {
            return Err(Error::DamagedDatabase {
                path: path.display().to_string(),
                reason: "it holds no data, but there are backups of a practice beside it: its data was lost (with its -wal file, perhaps); restore the newest backup".into(),
            });
        }
        return Ok(Seen::New);
    }
    Ok(Seen::Ours {
        user_version: i64::from(be(60)),
        encrypted,
    })
}

/// The length the header of a database file (not in a WAL) says it has: page size
/// times page count, when the page count is valid (SQLite's "version-valid-for"
/// number equals the change counter; older writers did not keep it).
fn declared_len(head: &[u8]) -> Option<u64> {
    let be = |at: usize| u32::from_be_bytes([head[at], head[at + 1], head[at + 2], head[at + 3]]);
    let page_size = match u16::from_be_bytes([head[16], head[17]]) {
        1 => 65_536,
        n => u64::from(n),
    };
    let pages = u64::from(be(28));
    (be(92) == be(24) && pages > 0).then_some(page_size * pages)
}

/// True when the file at `path` is a practice (or a backup of one) from
/// before encryption: our id in a plain header.
pub(crate) fn is_plain_practice(path: &Path) -> bool {
    matches!(
        read_header(path, &Keys::none()),
        Ok(Seen::Ours {
            encrypted: false,
            ..
        })
    )
}

/// True when SQLite reads the plain file and sees no table, index or
/// anything else in it; false when it holds something or cannot be read.
fn is_empty_database(path: &Path) -> bool {
    open_read_only(path, None)
        .and_then(|conn| {
            conn.query_row("SELECT COUNT(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })
        })
        .is_ok_and(|count| count == 0)
}

/// What a file with frames in its `-wal` holds, asked of SQLite, with each
/// key that may open it: the keys when the main file's header says
/// encrypted, no key when it says plain, both when the main file has no
/// header yet (a first start killed early).
fn header_via_sqlite(path: &Path, encrypted: Option<bool>, keys: &Keys) -> Result<Seen> {
    let not_ours = |reason: &str| Error::NotOurDatabase {
        path: path.display().to_string(),
        reason: reason.to_owned(),
    };
    let mut candidates: Vec<Option<&Key>> = Vec::new();
    if encrypted != Some(false) {
        candidates.extend(keys.known().iter().map(Some));
    }
    if encrypted != Some(true) {
        candidates.push(None);
    }
    for key in candidates {
        let Ok(conn) = open_read_only(path, key) else {
            continue;
        };
        let read = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0));
        // Reading the schema decrypts page 1: it fails under a wrong key.
        let (Ok(objects), Ok(app_id), Ok(user_version)) = (
            read("SELECT COUNT(*) FROM sqlite_master"),
            read("PRAGMA application_id"),
            read("PRAGMA user_version"),
        ) else {
            continue;
        };
        if app_id == i64::from(APPLICATION_ID) {
            return Ok(Seen::Ours {
                user_version,
                encrypted: key.is_some(),
            });
        }
        if app_id == 0 && user_version == 0 && objects == 0 {
            return Ok(Seen::New);
        }
        return Err(not_ours("it is a SQLite database of another program"));
    }
    match encrypted {
        Some(true) => Err(wrong_key_or_damaged(path, keys)),
        _ => Err(not_ours("it is not a SQLite database")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_of_missing_and_empty_files_is_new() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("none.sqlite3");
        assert_eq!(read_header(&missing, &Keys::none()).unwrap(), Seen::New);
        let empty = dir.path().join("empty.sqlite3");
        std::fs::write(&empty, b"").unwrap();
        assert_eq!(read_header(&empty, &Keys::none()).unwrap(), Seen::New);
    }
}
