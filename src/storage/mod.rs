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
//!
//! Here are [`Db`] and the sealed [`Readable`]; beside them, where the file
//! lives (`paths`), the one keyed way to connect (`connect`), what a file's
//! plain header says (`header`), telling files apart with their keys
//! (`examine`), opening a practice (`open`), encrypting a plain one
//! (`encrypt`), the migrations (`migrate`), [`Snapshot`] and rehearsals
//! (`snapshot`), `check` and its checks (`check`), and disk failures in words
//! (`disk`).

mod check;
mod connect;
mod disk;
mod encrypt;
mod examine;
mod filters;
mod header;
mod migrate;
mod open;
mod paths;
mod snapshot;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::keys::Key;

pub use check::CheckReport;
pub(crate) use check::{orphan_rows, unreadable_values};
pub use connect::start_engine;
pub(crate) use connect::{
    attach_keyed, copy_private, hidden_beside, open_keyed, open_read_only, side_file,
};
use connect::{file_uri, wal_has_frames};
pub(crate) use disk::disk_error;
pub use encrypt::Encrypted;
pub(crate) use encrypt::{content_digest, encrypt_file};
pub(crate) use examine::{check_key, examine, Header, PageCheck};
pub(crate) use filters::Where;
pub(crate) use header::{is_plain_practice, PLAIN_HEADER};
pub use migrate::schema_version;
pub(crate) use migrate::{apply_migrations, migrate, MIGRATIONS};
pub use paths::{
    create_private_dir, default_db_path, instance_name, last_run_version, new_practice_path,
    remember_db_path, remember_key_file, remember_run_version, remembered_db_path,
    remembered_key_file,
};
pub use snapshot::Snapshot;

/// `PRAGMA application_id` of every Standard Practice database: "SPRC" in ASCII.
pub const APPLICATION_ID: i32 = 0x5350_5243;

/// The environment variable that points the app and the CLI at another database.
pub const DB_ENV: &str = "STANDARD_PRACTICE_DB";

/// The folder name under the OS's app-data folder; equal to the Tauri identifier so
/// the app and the CLI share one file.
pub const APP_IDENTIFIER: &str = "com.standardpractice.app";

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

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl Db {
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

    /// The real file the practice is in (links resolved once, when opened).
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
}

/// The trait behind [`Readable`], in a private module so that only the core
/// can name it.
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

/// True when SQLite refused a write because of a UNIQUE constraint.
pub fn is_unique_violation(e: &Error) -> bool {
    matches!(e, Error::Database(rusqlite::Error::SqliteFailure(f, _))
        if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE)
}

/// For `map_err` on a write: a UNIQUE violation becomes `taken()` (the refusal
/// naming what is already there), every other error stays as it was.
pub(crate) fn unique_violation_as<E: Into<Error>>(
    taken: impl FnOnce() -> Error,
) -> impl FnOnce(E) -> Error {
    move |e| {
        let e = e.into();
        if is_unique_violation(&e) {
            taken()
        } else {
            e
        }
    }
}

/// Every row `sql` answers for `params`, each read by `row`, in order; a row
/// that cannot be read fails the whole read with its error (never skipped).
pub(crate) fn all<T, P: rusqlite::Params>(
    conn: &Connection,
    sql: &str,
    params: P,
    row: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt
        .query_map(params, row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
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
