//! The database file: where it lives, how it is opened, and how its schema evolves.
//!
//! One SQLite file holds a practice. Opening it checks, *before SQLite writes a
//! byte*, that the file is either new (missing or empty) or ours: the header must
//! carry our `application_id`. Anything else — another program's database, a text
//! file, a database from a newer version of the app — is refused and left exactly
//! as it was. Every connection then runs in WAL mode with foreign keys on and a busy
//! timeout, and the embedded migrations bring the schema up to date, each in its own
//! transaction, recorded in `user_version`.
//!
//! Every practice is encrypted (SQLCipher) with its own key, its 100-byte
//! header left plain so that "not ours" and "newer" are still read before any
//! key is tried; which of the keys given opens it is found by trying each
//! ([`crate::keys::Keys`]), and a file none opens is told apart from a
//! damaged one. Every connection to a practice, a backup or a copy of one is
//! made by [`open_keyed`]. A plain practice (from before encryption) is
//! encrypted in place, with its backups, when it is opened.
//!
//! A file that carries our id but is damaged — cut short, or failing SQLite's
//! `quick_check` on a read-only connection — is refused untouched as well, with
//! its own error code, so the window can offer to restore a backup. SQLite's
//! disk-level failures during a save (full disk, read-only file, I/O error) become
//! errors that say the change was not saved and everything before it is safe.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use rusqlite_migration::{Migrations, M};

use crate::error::{Error, Result};
use crate::keys::{Key, Keys};

/// `PRAGMA application_id` of every Standard Practice database: "SPRC" in ASCII.
pub const APPLICATION_ID: i32 = 0x5350_5243;

/// The environment variable that points the app and the CLI at another database.
pub const DB_ENV: &str = "STANDARD_PRACTICE_DB";

/// The folder name under the OS's app-data folder; equal to the Tauri identifier so
/// the app and the CLI share one file.
pub const APP_IDENTIFIER: &str = "com.standardpractice.app";

const DB_FILE_NAME: &str = "standard-practice.sqlite3";

/// The embedded migrations, oldest first. Never edit one that has shipped: add a new one.
pub(crate) const MIGRATIONS: &[&str] = &[
    include_str!("migrations/001_foundation.sql"),
    include_str!("migrations/002_evaluations.sql"),
    include_str!("migrations/003_access.sql"),
    include_str!("migrations/004_offsite.sql"),
    include_str!("migrations/005_money.sql"),
];

fn migrations() -> Migrations<'static> {
    Migrations::new(MIGRATIONS.iter().map(|sql| M::up(sql)).collect())
}

/// The schema version this binary writes.
pub fn schema_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// The database the app and CLI use when none is named: `$STANDARD_PRACTICE_DB`, or
/// `standard-practice.sqlite3` in the OS's app-data folder for this app.
pub fn default_db_path() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    if let Some(p) = remembered_db_path() {
        return Ok(p);
    }
    let base = dirs::data_dir().ok_or_else(|| {
        Error::Io(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "this system has no app-data folder (is $HOME set?)",
        ))
    })?;
    Ok(base.join(APP_IDENTIFIER).join(DB_FILE_NAME))
}

/// A file in the OS's config folder for this app that remembers one place
/// chosen in the window.
fn remembered_file(name: &str) -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join(APP_IDENTIFIER).join(name))
}

/// Remembers a database chosen in the window ("choose another file", "start
/// a new practice").
const DB_PATH_FILE: &str = "database-path.txt";
/// Remembers the key file chosen in the window on a computer without a
/// credential store.
const KEY_FILE_PATH_FILE: &str = "key-file-path.txt";

fn remembered(name: &str) -> Option<PathBuf> {
    let text = std::fs::read_to_string(remembered_file(name)?).ok()?;
    let line = text.lines().next()?.trim();
    (!line.is_empty()).then(|| PathBuf::from(line))
}

fn remember(name: &str, path: &Path) -> Result<()> {
    let file = remembered_file(name).ok_or_else(|| {
        Error::Io(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "this system has no config folder (is $HOME set?)",
        ))
    })?;
    if let Some(dir) = file.parent() {
        create_private_dir(dir)?;
    }
    crate::output::Destination::chosen_by_the_app(file)
        .write(format!("{}\n", path.display()).as_bytes())
}

/// The database chosen in the window, if one was and the environment does not
/// name another.
pub fn remembered_db_path() -> Option<PathBuf> {
    remembered(DB_PATH_FILE)
}

/// Remembers `path` as the database to open from now on.
pub fn remember_db_path(path: &Path) -> Result<()> {
    remember(DB_PATH_FILE, path)
}

/// The key file chosen in the window to keep the practice's key, on a
/// computer without a credential store, if one was.
pub fn remembered_key_file() -> Option<PathBuf> {
    remembered(KEY_FILE_PATH_FILE)
}

/// Remembers `path` as the key file practices open with from now on, when
/// neither `--key-file` nor the environment names one.
pub fn remember_key_file(path: &Path) -> Result<()> {
    remember(KEY_FILE_PATH_FILE, path)
}

/// Where "start a new practice" puts the new file: beside `db_path`, never over
/// anything (the file that would not open stays exactly as it is).
pub fn new_practice_path(db_path: &Path, today: chrono::NaiveDate) -> PathBuf {
    let dir = db_path.parent().unwrap_or_else(|| Path::new("."));
    (1..=10_000)
        .map(|n: u32| {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!("-{n}")
            };
            dir.join(format!("standard-practice-{today}{suffix}.sqlite3"))
        })
        .find(|p| !p.exists())
        .unwrap_or_else(|| dir.join(DB_FILE_NAME))
}

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

/// What the plain first 100 bytes of a file say, before any key is tried.
#[derive(Debug, PartialEq, Eq)]
enum Seen {
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
fn wrong_key_or_damaged(path: &Path, keys: &Keys) -> Error {
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

/// How thoroughly [`examine`] reads the pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PageCheck {
    /// `PRAGMA quick_check`: every page and record, without cross-checking indexes.
    Quick,
    /// `PRAGMA integrity_check`: also that every index matches its table.
    Full,
}

/// What SQLite's check says is wrong; empty when the file is whole.
fn page_problems(conn: &Connection, check: PageCheck) -> rusqlite::Result<Vec<String>> {
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
fn file_uri(path: &Path) -> String {
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

fn read_header(path: &Path, keys: &Keys) -> Result<Seen> {
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

/// True when a `-wal` file beside `path` holds at least one frame (its header
/// alone is 32 bytes).
fn wal_has_frames(path: &Path) -> bool {
    std::fs::metadata(side_file(path, "-wal")).is_ok_and(|m| m.len() > 32)
}

/// The file SQLite keeps beside `path` with this suffix (`-wal`, `-journal`).
pub(crate) fn side_file(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
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

/// The file `path` names, links resolved, so that the database, its `-wal`
/// and its backups are all found beside the real file. A missing file is new
/// only when `may_create`; its folder is then created, private to this user.
fn real_path(path: &Path, may_create: bool) -> Result<PathBuf> {
    let missing = |message: String| Error::invalid("db", message);
    match std::fs::canonicalize(path) {
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
            Ok(std::fs::canonicalize(&dir)?.join(name))
        }
        Err(e) => Err(e.into()),
    }
}

/// Creates `dir` and any missing folder above it readable by this user only
/// (on Unix). Folders that exist are left as they are, except the app's own
/// data folder, which is made private too: it holds every review.
pub fn create_private_dir(dir: &Path) -> Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)?;
    #[cfg(unix)]
    if is_app_data_dir(dir) {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// True for the app's own folder in the OS's app-data folder.
fn is_app_data_dir(dir: &Path) -> bool {
    let ours = dirs::data_dir().map(|d| d.join(APP_IDENTIFIER));
    match (
        ours.and_then(|d| std::fs::canonicalize(d).ok()),
        std::fs::canonicalize(dir),
    ) {
        (Some(a), Ok(b)) => a == b,
        _ => false,
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
        let dir = std::fs::canonicalize(&dir).unwrap_or(dir);
        match p.file_name() {
            Some(name) => dir.join(name),
            None => dir,
        }
    };
    let key_file = std::fs::canonicalize(key_file).unwrap_or_else(|_| resolve(key_file));
    let taken = ["", "-wal", "-shm", "-journal"]
        .iter()
        .any(|suffix| resolve(&side_file(db_path, suffix)) == key_file)
        || key_file.parent() == Some(resolve(&crate::backup::backup_dir(db_path)).as_path());
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

/// Whether this process may write `path` (opening it for writing changes nothing).
fn is_writable(path: &Path) -> bool {
    std::fs::OpenOptions::new().write(true).open(path).is_ok()
}

/// An open practice database.
pub struct Db {
    conn: Connection,
    path: PathBuf,
    /// `None` only for a plain file this process may not write (and so
    /// could not encrypt).
    key: Option<Key>,
    /// What opening it encrypted, the first time a plain practice opened.
    encrypted: Option<Encrypted>,
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

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
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

    /// The key the practice is encrypted with (`None`: a plain file this
    /// process may only read).
    pub(crate) fn key(&self) -> Option<&Key> {
        self.key.as_ref()
    }

    /// What opening this practice encrypted, if it was a plain practice from
    /// before encryption; `None` afterwards.
    pub fn encrypted(&self) -> Option<&Encrypted> {
        self.encrypted.as_ref()
    }

    /// True when SQLite could open the file only for reading (a read-only file or
    /// folder): every save will be refused with [`Error::ReadOnly`].
    pub fn is_read_only(&self) -> bool {
        self.conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(true)
    }

    /// For replacing the whole database in place (restore).
    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// For reads inside the core. Nothing outside the core reaches the
    /// connection: it reads through [`Readable`] functions that take an actor.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The raw connection, for integration tests and benchmarks only (the
    /// `test-support` feature, which the app and the CLI are built without):
    /// to plant damage, count rows, or look at what was stored.
    #[cfg(feature = "test-support")]
    pub fn raw(&self) -> &Connection {
        &self.conn
    }

    /// [`Db::write`] for integration tests only (the `test-support` feature):
    /// to prove a failed write leaves nothing behind.
    #[cfg(feature = "test-support")]
    pub fn raw_write<T>(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        self.write(f)
    }

    /// Runs `f` inside one transaction: everything it wrote is committed together, or,
    /// if it returns an error, nothing is.
    pub(crate) fn write<T>(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        let result = (|| {
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let out = f(&tx)?;
            tx.commit()?;
            Ok(out)
        })();
        result.map_err(|e| disk_error(e, &self.path))
    }

    /// Runs `f` on a private copy of the database, in memory, and throws the
    /// copy away: what a change would do (the import's preview), without doing
    /// it and without the write lock, so another program (the window, the
    /// command line) saves meanwhile as usual. The copy is read in one read
    /// transaction (in WAL mode that never blocks a writer), so it is
    /// consistent; it has every table, row, index and id, but the bytes of
    /// BLOB columns (certificates' files, which no rehearsed change reads, and
    /// which could make the copy hundreds of megabytes) are left empty.
    pub fn rehearse<T>(
        &self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        let copy = (|| -> Result<Connection> {
            start_engine()?;
            let mut copy = Connection::open_in_memory()?;
            copy.busy_timeout(Duration::from_secs(5))?;
            let mut source = file_uri(&self.path);
            source.push_str("?mode=ro");
            if self.is_read_only() {
                // A file this process may not write: nothing may appear beside it.
                source.push_str("&immutable=1");
            }
            attach_keyed(&copy, &source, "source", self.key.as_ref())?;
            let tx = copy.transaction()?;
            let schema: Vec<(String, String, String)> = tx
                .prepare(
                    "SELECT type, name, sql FROM source.sqlite_master
                      WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
                      ORDER BY type <> 'table', rowid",
                )?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (kind, name, sql) in &schema {
                if kind != "table" {
                    // Indexes and triggers once the rows are in: faster.
                    continue;
                }
                tx.execute_batch(sql)?;
                let columns: Vec<String> = tx
                    .prepare(&format!("PRAGMA source.table_info(\"{name}\")"))?
                    .query_map([], |r| Ok((r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?
                    .map(|c| {
                        c.map(|(column, kind)| {
                            if kind.eq_ignore_ascii_case("BLOB") {
                                "x''".to_owned()
                            } else {
                                format!("\"{column}\"")
                            }
                        })
                    })
                    .collect::<rusqlite::Result<_>>()?;
                tx.execute_batch(&format!(
                    "INSERT INTO main.\"{name}\" SELECT {} FROM source.\"{name}\"",
                    columns.join(", ")
                ))?;
            }
            let has_sequence: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM source.sqlite_master WHERE name = 'sqlite_sequence')",
                [],
                |r| r.get(0),
            )?;
            if has_sequence {
                tx.execute_batch(
                    "INSERT INTO main.sqlite_sequence SELECT * FROM source.sqlite_sequence",
                )?;
            }
            for (kind, _, sql) in &schema {
                if kind != "table" {
                    tx.execute_batch(sql)?;
                }
            }
            tx.commit()?;
            copy.execute_batch("DETACH DATABASE source")?;
            copy.pragma_update(None, "foreign_keys", "ON")?;
            Ok(copy)
        })();
        let mut copy = copy.map_err(|e| disk_error(e, &self.path))?;
        let tx = copy.transaction()?;
        f(&tx)
        // Dropping `tx` and `copy` throws the rehearsal away.
    }

    /// A read-only view of the database as it is now, on a connection of its
    /// own, for a long job (the annual batch) that must neither hold this
    /// connection nor see half of a change saved meanwhile. In WAL mode its read
    /// transaction never blocks the app's saves.
    pub fn snapshot(&self) -> Result<Snapshot> {
        let conn = if self.is_read_only() {
            // Nobody can save to it, and nothing may appear beside it.
            open_read_only(&self.path, self.key.as_ref())?
        } else {
            open_keyed(
                &self.path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                self.key.as_ref(),
            )?
        };
        // The read transaction starts at its first read, and holds that moment
        // until the snapshot is dropped.
        conn.execute_batch("BEGIN DEFERRED")?;
        conn.query_row("SELECT COUNT(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })?;
        Ok(Snapshot { conn })
    }

    /// `PRAGMA integrity_check` and `foreign_key_check`, plus the schema version.
    pub fn check(&self) -> Result<CheckReport> {
        let mut problems: Vec<String> = Vec::new();
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        for row in stmt.query_map([], |r| r.get::<_, String>(0))? {
            let line = row?;
            if line != "ok" {
                problems.push(line);
            }
        }
        problems.extend(orphan_rows(&self.conn)?);
        problems.extend(unreadable_values(&self.conn, 100)?);
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        problems.extend(crate::schema::differences(&self.conn, version)?);
        Ok(CheckReport {
            schema_version: version,
            supported_version: schema_version(),
            problems,
        })
    }
}

/// The database as it was when [`Db::snapshot`] was called, read-only.
pub struct Snapshot {
    conn: Connection,
}

impl Snapshot {
    /// The snapshot's raw connection, for integration tests only.
    #[cfg(feature = "test-support")]
    pub fn raw(&self) -> &Connection {
        &self.conn
    }
}

mod sealed {
    /// Where the connection comes from. The module is private, so nothing
    /// outside the core can name this trait: not implement it, and not call
    /// its method.
    pub trait Sealed {
        fn connection(&self) -> &rusqlite::Connection;
    }
}

/// What the core's reads take: the open practice ([`Db`]), a print's
/// [`Snapshot`], or (inside the core) a connection or transaction. Sealed:
/// nothing outside the core can implement it or get a connection out of it,
/// so every read from outside goes through a function that asks its actor.
///
/// Outside the core there is no connection to be had from a `Db`:
///
/// ```compile_fail
/// fn wipe(db: &standard_practice::Db) {
///     db.conn().execute("DELETE FROM audit_log", []).unwrap();
/// }
/// ```
///
/// nor a transaction to write through:
///
/// ```compile_fail
/// fn wipe(db: &mut standard_practice::Db) {
///     db.write(|tx| Ok(tx.execute("DELETE FROM audit_log", [])?)).unwrap();
/// }
/// ```
///
/// nor one out of the trait:
///
/// ```compile_fail
/// use standard_practice::storage::Readable;
/// fn wipe(db: &standard_practice::Db) {
///     let conn = db.connection();
/// }
/// ```
pub trait Readable: sealed::Sealed {}

/// The connection behind `r`, for the core's own SQL.
pub(crate) fn sql(r: &(impl Readable + ?Sized)) -> &Connection {
    sealed::Sealed::connection(r)
}

impl sealed::Sealed for Db {
    fn connection(&self) -> &Connection {
        &self.conn
    }
}
impl Readable for Db {}
impl sealed::Sealed for Snapshot {
    fn connection(&self) -> &Connection {
        &self.conn
    }
}
impl Readable for Snapshot {}
impl sealed::Sealed for Connection {
    fn connection(&self) -> &Connection {
        self
    }
}
impl Readable for Connection {}
impl sealed::Sealed for rusqlite::Transaction<'_> {
    fn connection(&self) -> &Connection {
        self
    }
}
impl Readable for rusqlite::Transaction<'_> {}

/// What `check` found.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CheckReport {
    pub schema_version: i64,
    pub supported_version: i64,
    pub problems: Vec<String>,
}

impl CheckReport {
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty() && self.schema_version == self.supported_version
    }
}

/// Brings the schema up to date. An existing database (schema 1 or later) that
/// is behind is first backed up into `backups/` beside it; if that backup cannot
/// be taken, nothing is migrated.
pub(crate) fn migrate(conn: &mut Connection, path: &Path, key: Option<&Key>) -> Result<()> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > 0 && version < schema_version() {
        crate::backup::before_migration(conn, path, key, version)?;
    }
    apply_migrations(conn)
}

/// Runs the migrations the database on `conn` has not had yet, each in its
/// own transaction, without a backup first (the caller has one).
pub(crate) fn apply_migrations(conn: &mut Connection) -> Result<()> {
    let before: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    migrations().to_latest(conn).map_err(|e| {
        let after: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap_or(before);
        match e {
            // A full or read-only disk keeps its own code (`disk_error`).
            rusqlite_migration::Error::RusqliteError { err, .. } if is_disk_level(&err) => {
                Error::Database(err)
            }
            // SQLite's own words, not the whole migration's SQL.
            rusqlite_migration::Error::RusqliteError { err, .. } => Error::Migration(format!(
                "bringing it from schema {after} to {} failed: {err}",
                after + 1
            )),
            other => Error::Migration(first_line(&other.to_string())),
        }
    })
}

/// The first line of a message, at most 200 characters.
fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or("");
    match line.char_indices().nth(200) {
        Some((at, _)) => format!("{}…", &line[..at]),
        None => line.to_owned(),
    }
}

/// Rows that refer to a record that does not exist (`PRAGMA foreign_key_check`),
/// one sentence each.
pub(crate) fn orphan_rows(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let rows = stmt.query_map([], |r| {
        Ok(format!(
            "row {} of {} refers to a missing {}",
            r.get::<_, Option<i64>>(1)?.unwrap_or(-1),
            r.get::<_, String>(0)?,
            r.get::<_, String>(2)?
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Values the app could not read back: a date that is not `YYYY-MM-DD`, a
/// time that is not one, JSON that does not parse. SQLite stores any text in
/// any column, so a file edited outside the app passes every check above and
/// then fails on the page that shows the row. One sentence each, at most
/// `limit`, the first of each column first.
pub(crate) fn unreadable_values(conn: &Connection, limit: usize) -> Result<Vec<String>> {
    let columns: Vec<(String, String)> = conn
        .prepare(
            "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
              WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
              ORDER BY m.rowid, p.cid",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut found = Vec::new();
    for (table, column) in columns {
        let (bad, what) = if column.ends_with("_date") || column.ends_with("_on") {
            (
                "typeof(c) <> 'text' OR date(c) IS NOT c",
                "a date (YYYY-MM-DD)",
            )
        } else if column.ends_with("_at") {
            ("typeof(c) <> 'text' OR datetime(c) IS NULL", "a time")
        } else if column == "levels" || column == "changes" {
            ("NOT json_valid(c)", "readable JSON")
        } else {
            continue;
        };
        let sql = format!(
            "SELECT rowid, c FROM (SELECT rowid, \"{column}\" AS c FROM \"{table}\")
              WHERE c IS NOT NULL AND ({bad}) LIMIT ?1"
        );
        let mut stmt = conn.prepare(&sql)?;
        let rows = stmt.query_map([limit.saturating_sub(found.len()) as i64], |r| {
            let value: rusqlite::types::Value = r.get(1)?;
            let shown = match value {
                rusqlite::types::Value::Text(t) => format!("{:?}", first_line(&t)),
                rusqlite::types::Value::Integer(n) => n.to_string(),
                rusqlite::types::Value::Real(x) => x.to_string(),
                rusqlite::types::Value::Blob(_) => "bytes".to_owned(),
                rusqlite::types::Value::Null => "nothing".to_owned(),
            };
            Ok(format!(
                "row {} of {table} has {column} {shown}, which is not {what}",
                r.get::<_, i64>(0)?
            ))
        })?;
        for row in rows {
            found.push(row?);
        }
        if found.len() >= limit {
            break;
        }
    }
    Ok(found)
}

/// True for SQLite's failures of the disk rather than of the data: full,
/// read-only, or an I/O error.
fn is_disk_level(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(
            rusqlite::ErrorCode::DiskFull
                | rusqlite::ErrorCode::ReadOnly
                | rusqlite::ErrorCode::CannotOpen
                | rusqlite::ErrorCode::SystemIoFailure
        )
    )
}

/// Turns SQLite's disk-level failures during a save into errors that say what
/// happened to the change (it was rolled back) and what to do; others pass through.
pub(crate) fn disk_error(e: Error, path: &Path) -> Error {
    let Error::Database(db_err) = &e else {
        return e;
    };
    let path = path.display().to_string();
    match db_err.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DiskFull) => Error::DiskFull { path },
        Some(rusqlite::ErrorCode::ReadOnly) => Error::ReadOnly { path },
        Some(rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::SystemIoFailure) => {
            Error::DiskFailure {
                path,
                detail: db_err.to_string(),
            }
        }
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
            Error::DamagedDatabase {
                path,
                reason: db_err.to_string(),
            }
        }
        _ => e,
    }
}

/// SQLite's page cache for a connection to an encrypted practice, in KiB
/// (the pragma's negative form): room for a whole 500-person practice, used
/// only as pages are read. Every page read from the disk is decrypted; with
/// SQLite's 2 MB default, opening (`quick_check`) and every screen that scans
/// the practice decrypted most of it again and again (twice the plain time).
const CACHE_KIB: i64 = 64 * 1024;

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

/// True when SQLite refused a write because of a UNIQUE constraint.
pub fn is_unique_violation(e: &Error) -> bool {
    matches!(e, Error::Database(rusqlite::Error::SqliteFailure(f, _))
        if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE)
}

/// Stored JSON read back from column `column`: text that does not parse is an
/// error naming the column (the database reports it as unreadable), never a
/// default that hides the damage.
pub(crate) fn json_column<T: serde::de::DeserializeOwned>(
    json: &str,
    column: usize,
) -> rusqlite::Result<T> {
    serde_json::from_str(json).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// The current time as stored in `*_at` columns: RFC 3339, UTC, whole seconds.
pub fn timestamp() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    /// Every shipped migration, pinned: editing one that has shipped changes
    /// a practice that already ran it in a way nothing upgrades. Add a new
    /// migration instead; when a new one ships, add its hash here.
    #[test]
    fn shipped_migrations_are_never_edited() {
        use sha2::{Digest, Sha256};
        const SHIPPED: &[&str] = &[
            "321df7bc18b11fddf75790653929ca7bd2b790feb54c03c16be445a342b3af79",
            "ea7c8ea4bb25f4daaabeefb74466346278e314c503fc8ed5a7f37b924811e60a",
            "305f07652a076977ee8ea18438064d59ced8aa40010b33750ea999be18225e7d",
            "74de67bca254553a29dd34733f5365e4696991da38916c11476a534a67dcf225",
            "647aace0e5d2b1dd0a03bba4fef120c774d8fcc6ff738a7e9ee9d4d74e050fa0",
        ];
        assert_eq!(
            SHIPPED.len(),
            super::MIGRATIONS.len(),
            "pin each new migration's hash here"
        );
        for (i, (sql, pinned)) in super::MIGRATIONS.iter().zip(SHIPPED).enumerate() {
            let hash: String = Sha256::digest(sql.as_bytes())
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert_eq!(
                &hash,
                pinned,
                "migration {} was edited after it shipped",
                i + 1
            );
        }
    }

    /// Schema 5 turns the REAL bonus into whole cents, exactly.
    #[test]
    fn the_bonus_becomes_exact_cents() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        super::migrations().to_version(&mut conn, 4).unwrap();
        conn.execute_batch(
            "INSERT INTO staff (id, name, search_key, created_at, updated_at) VALUES (1, 'Ana', 'ana', 'x', 'x');
             INSERT INTO evaluations (id, staff_id, template_name, kind, period_start, period_end, year,
                                      recommendation, bonus_amount, created_at, updated_at)
             VALUES (1, 1, 'T', 'mid_year', '2025-01-01', '2025-06-30', 2025, 'bonus', 0.07, 'x', 'x'),
                    (2, 1, 'T', 'ninety_day', '2025-01-01', '2025-03-31', 2025, 'bonus', 1250.5, 'x', 'x'),
                    (3, 1, 'T', 'annual', '2025-01-01', '2025-12-31', 2025, 'bonus', 999999.99, 'x', 'x'),
                    (4, 1, 'T', 'mid_year', '2024-01-01', '2024-06-30', 2024, 'none', NULL, 'x', 'x');",
        )
        .unwrap();
        super::migrations().to_latest(&mut conn).unwrap();
        let cents: Vec<Option<i64>> = conn
            .prepare("SELECT bonus_cents FROM evaluations ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(cents, [Some(7), Some(125_050), Some(99_999_999), None]);
        let kind: String = conn
            .query_row(
                "SELECT type FROM pragma_table_info('evaluations') WHERE name = 'bonus_cents'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(kind, "INTEGER");
        let real: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM pragma_table_info('evaluations') WHERE name = 'bonus_amount'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(real, 0, "the REAL column is gone");
    }

    #[test]
    fn a_new_practice_goes_beside_the_old_file_and_never_over_one() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join(DB_FILE_NAME);
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let first = new_practice_path(&old, day);
        assert_eq!(
            first,
            dir.path().join("standard-practice-2026-11-23.sqlite3")
        );
        std::fs::write(&first, b"taken").unwrap();
        assert_eq!(
            new_practice_path(&old, day),
            dir.path().join("standard-practice-2026-11-23-2.sqlite3")
        );
    }

    use super::*;

    #[test]
    fn migrations_are_valid() {
        assert!(migrations().validate().is_ok());
    }

    /// Each disk-level failure SQLite reports during a save gets its own code;
    /// anything else passes through unchanged.
    #[test]
    fn disk_failures_during_a_save_are_named() {
        use crate::ErrorCode;
        let sqlite = |code| {
            Error::Database(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(code),
                None,
            ))
        };
        let path = Path::new("/p/practice.sqlite3");
        for (code, expected) in [
            (rusqlite::ffi::SQLITE_FULL, ErrorCode::DiskFull),
            (rusqlite::ffi::SQLITE_READONLY, ErrorCode::ReadOnly),
            (rusqlite::ffi::SQLITE_IOERR_WRITE, ErrorCode::DiskFailure),
            (rusqlite::ffi::SQLITE_IOERR_FSYNC, ErrorCode::DiskFailure),
            (rusqlite::ffi::SQLITE_CANTOPEN, ErrorCode::DiskFailure),
            (rusqlite::ffi::SQLITE_CORRUPT, ErrorCode::DamagedDatabase),
            (rusqlite::ffi::SQLITE_BUSY, ErrorCode::Database),
            (rusqlite::ffi::SQLITE_CONSTRAINT, ErrorCode::Database),
        ] {
            assert_eq!(disk_error(sqlite(code), path).code(), expected, "{code}");
        }
        let invalid = disk_error(Error::invalid("name", "Name is empty"), path);
        assert_eq!(invalid.field(), Some("name"));
    }

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
