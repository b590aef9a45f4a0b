//! The one way a connection to a practice is made: SQLite and SQLCipher
//! started once, every connection keyed before anything is read, read-only
//! connections that write nothing beside the file, and the files SQLite
//! keeps beside it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::PLAIN_HEADER;
use crate::error::Result;
use crate::keys::Key;

/// Starts SQLite and SQLCipher, once per process, before the first
/// connection; every connection the core makes waits for it.
///
/// SQLite marks itself started *before* it runs SQLCipher's own start-up
/// (`SQLITE_EXTRA_INIT` runs outside its start-up lock), so a second thread
/// opening a connection in that moment finds SQLCipher not ready and its
/// `PRAGMA key` fails ("An error occurred with PRAGMA key or rekey").
/// Starting the engine under a `OnceLock` makes every other thread wait until
/// SQLCipher is ready. Code outside the core that opens its own SQLCipher
/// connections (the tests) calls this first, so it waits on the same lock.
pub fn start_engine() -> rusqlite::Result<()> {
    static STARTED: std::sync::OnceLock<std::result::Result<(), String>> =
        std::sync::OnceLock::new();
    // The thread that opens SQLite's first connection runs SQLCipher's
    // start-up to the end before `open` returns; asking SQLCipher its
    // version proves it answers.
    let started = STARTED.get_or_init(|| {
        let conn = Connection::open_in_memory().map_err(|e| e.to_string())?;
        conn.query_row("PRAGMA cipher_version", [], |row| row.get::<_, String>(0))
            .map(drop)
            .map_err(|e| e.to_string())
    });
    started.clone().map_err(|message| {
        rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_ERROR),
            Some(format!("the database engine did not start: {message}")),
        )
    })
}

/// Opens a connection to a practice's file, or a copy of one, and gives it
/// `key` before anything is read: the one way every connection to a
/// practice is made (`None`: a plain file, a practice from before
/// encryption). `target` is a path or, with `SQLITE_OPEN_URI`, a `file:` URI.
pub(crate) fn open_keyed(
    target: impl AsRef<Path>,
    flags: OpenFlags,
    key: Option<&Key>,
) -> rusqlite::Result<Connection> {
    start_engine()?;
    let conn = Connection::open_with_flags(target, flags)?;
    apply_key(&conn, "main", key)?;
    conn.busy_timeout(Duration::from_secs(5))?;
    if key.is_some() {
        conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
    }
    Ok(conn)
}

/// Gives the database `schema` on `conn` its key and SQLCipher's settings
/// (plain header; SQLCipher's own logging off, so the command line prints
/// only our message).
fn apply_key(conn: &Connection, schema: &str, key: Option<&Key>) -> rusqlite::Result<()> {
    conn.execute_batch("PRAGMA cipher_log_level = NONE")?;
    if let Some(key) = key {
        if schema == "main" {
            conn.execute_batch(&key.sqlcipher_pragmas())?;
        } else {
            conn.execute_batch(&format!(
                "PRAGMA \"{schema}\".key = \"{}\"; PRAGMA \"{schema}\".cipher_plaintext_header_size = {PLAIN_HEADER};",
                key.pragma_value()
            ))?;
        }
    }
    Ok(())
}

/// Attaches the practice file at `uri` to `conn` as `schema`, with `key`.
pub(crate) fn attach_keyed(
    conn: &Connection,
    uri: &str,
    schema: &str,
    key: Option<&Key>,
) -> rusqlite::Result<()> {
    // Without KEY, SQLCipher gives an attached file the main database's key.
    let key_value = key.map_or_else(|| "''".to_owned(), |k| format!("\"{}\"", k.pragma_value()));
    if key.is_some() {
        // An `immutable` file is read as it is attached, before a pragma
        // naming it could say its header is plain: SQLCipher's default for
        // every file keyed from now on says it instead (the same for all).
        conn.execute_batch(&format!(
            "PRAGMA cipher_default_plaintext_header_size = {PLAIN_HEADER};"
        ))?;
    }
    conn.execute(
        &format!("ATTACH DATABASE ?1 AS \"{schema}\" KEY {key_value}"),
        [uri],
    )?;
    if key.is_some() {
        conn.execute_batch(&format!(
            "PRAGMA \"{schema}\".cipher_plaintext_header_size = {PLAIN_HEADER};"
        ))?;
    }
    Ok(())
}

/// Opens `path` with `key` so that SQLite never writes to it. Without
/// committed frames in a `-wal` file the database is opened `immutable`, so
/// not even a `-wal` or `-shm` file appears beside it; with them, read-only,
/// so SQLite still reads those frames.
pub(crate) fn open_read_only(path: &Path, key: Option<&Key>) -> rusqlite::Result<Connection> {
    let mut uri = file_uri(path);
    if !wal_has_frames(path) {
        uri.push_str("?immutable=1");
    }
    open_keyed(
        uri,
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        key,
    )
}

/// A `file:` URI for `path`, every byte that is not plainly safe percent-encoded.
pub(super) fn file_uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    let bytes = path.as_os_str().as_encoded_bytes();
    if bytes.first() == Some(&b'/') {
        // An empty authority, so a path starting "//" is not read as a host name.
        uri.push_str("//");
    }
    for &b in bytes {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri
}

/// SQLite's page cache for a connection to an encrypted practice, in KiB
/// (the pragma's negative form): room for a whole 500-person practice, used
/// only as pages are read. Every page read from the disk is decrypted; with
/// SQLite's 2 MB default, opening (`quick_check`) and every screen that scans
/// the practice decrypted most of it again and again (twice the plain time).
const CACHE_KIB: i64 = 64 * 1024;

/// Settings every read-write connection to a practice runs with: WAL mode,
/// foreign keys on, and a busy timeout.
pub(super) fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

/// True when a `-wal` file beside `path` holds at least one frame (its header
/// alone is 32 bytes).
pub(super) fn wal_has_frames(path: &Path) -> bool {
    std::fs::metadata(side_file(path, "-wal")).is_ok_and(|m| m.len() > 32)
}

/// The file SQLite keeps beside `path` with this suffix (`-wal`, `-journal`).
pub(crate) fn side_file(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// This process's hidden temporary file beside `path`: `.NAME.TAG-PID`, the
/// names `backup::clear_leftovers` removes once a killed process left them.
pub(crate) fn hidden_beside(path: &Path, tag: &str) -> PathBuf {
    let mut name = std::ffi::OsString::from(".");
    name.push(path.file_name().unwrap_or_else(|| "practice".as_ref()));
    name.push(format!(".{tag}-{}", std::process::id()));
    path.with_file_name(name)
}

/// Copies `from` into a new file `to` readable by its owner only.
pub(crate) fn copy_private(from: &Path, to: &Path) -> Result<()> {
    let mut source = std::fs::File::open(from)?;
    let mut target = crate::output::create_private(to)?;
    std::io::copy(&mut source, &mut target)?;
    target.sync_all()?;
    Ok(())
}
