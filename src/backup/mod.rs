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
//!
//! Here are the types a backup is described by; beside them, names and the
//! folder (`names`), listing, rotation and leftovers (`folder`), taking
//! backups (`take`), restore into the open practice (`restore`), restore over
//! a file that does not open (`recover`), and encrypting the plain copies of
//! a practice from before encryption (`encrypt`).

mod encrypt;
mod folder;
mod names;
mod recover;
mod restore;
mod take;

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use serde::Serialize;

pub(crate) use encrypt::{encrypt_copies, encrypt_copies_off_computer, encrypt_folder};
pub use folder::{backups, list, newest, rotate};
pub(crate) use folder::{clear_leftovers, list_folder, remove_old, rotate_folder};
pub use names::backup_dir;
pub(crate) use names::{file_name, name_prefix};
pub use recover::{recover, restore_path};
pub use restore::{check_key, inspect, kept_by, restore};
pub(crate) use take::{before_migration, take};
pub use take::{daily, manual, to_file};

/// How many automatic backups rotation keeps unless the practice says otherwise.
pub const DEFAULT_KEEP: usize = 14;

/// The folder beside the database file that holds the automatic backups.
pub const BACKUP_DIR: &str = "backups";

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

/// What a restore did.
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
