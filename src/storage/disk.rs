//! SQLite's failures of the disk rather than of the data (full, read-only,
//! an I/O error), in errors that say what happened to the change.

use std::path::Path;

use crate::error::Error;

/// True for SQLite's failures of the disk rather than of the data: full,
/// read-only, or an I/O error.
pub(super) fn is_disk_level(e: &rusqlite::Error) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
