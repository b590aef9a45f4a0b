//! How backups are named and found: the `backups/` folder beside the
//! database, and file names that carry the database's name, the time (UTC,
//! so they sort) and the reason.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};

use super::{Reason, BACKUP_DIR};

/// The name backups of a database file without a usable name go by.
const DEFAULT_STEM: &str = "standard-practice";

const NAME_SUFFIX: &str = ".sqlite3";

/// `20261123T175844.123Z`: sortable, and free of characters any OS forbids.
const STAMP_FORMAT: &str = "%Y%m%dT%H%M%S%.3fZ";
const STAMP_LEN: usize = 20;

impl Reason {
    /// The reason a file name's `slug` stands for; `None` for any other word.
    fn from_slug(slug: &str) -> Option<Reason> {
        match slug {
            "daily" => Some(Reason::Daily),
            "manual" => Some(Reason::Manual),
            "before-restore" => Some(Reason::BeforeRestore),
            "not-opened" => Some(Reason::NotOpened),
            _ => {
                let n = slug.strip_prefix("before-migration-")?;
                let schema = n
                    .parse()
                    .ok()
                    .filter(|_| n.bytes().all(|b| b.is_ascii_digit()))?;
                Some(Reason::BeforeMigration { schema })
            }
        }
    }
}

/// The `backups/` folder beside the database file at `db_path`.
pub fn backup_dir(db_path: &Path) -> PathBuf {
    db_path
        .parent()
        .unwrap_or_else(|| Path::new(""))
        .join(BACKUP_DIR)
}

/// How the backups of the database file at `db_path` are named: after the
/// file (`standard-practice-` for `standard-practice.sqlite3`).
pub(crate) fn name_prefix(db_path: &Path) -> String {
    let stem = db_path
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|s| !s.is_empty())
        .unwrap_or(DEFAULT_STEM);
    format!("{stem}-")
}

/// A backup name in `dir` not yet taken, for `now` or the first free millisecond
/// after it, and the time it says (whole milliseconds, as listed later).
pub(super) fn free_name(
    dir: &Path,
    prefix: &str,
    reason: Reason,
    now: DateTime<Utc>,
) -> (PathBuf, DateTime<Utc>) {
    let mut at = now;
    loop {
        let name = file_name(prefix, at, reason);
        let path = dir.join(&name);
        if !path.exists() {
            return (path, parse_name(&name, prefix).map_or(at, |(t, _)| t));
        }
        at += TimeDelta::milliseconds(1);
    }
}

/// The file name of a backup taken at `at` for `reason`, its name starting
/// with `prefix`.
pub(crate) fn file_name(prefix: &str, at: DateTime<Utc>, reason: Reason) -> String {
    format!(
        "{prefix}{}-{}{NAME_SUFFIX}",
        at.format(STAMP_FORMAT),
        reason.slug()
    )
}

/// The time and reason in one of our backup names starting with `prefix`;
/// `None` for any other name.
pub(super) fn parse_name(name: &str, prefix: &str) -> Option<(DateTime<Utc>, Reason)> {
    let rest = name.strip_prefix(prefix)?.strip_suffix(NAME_SUFFIX)?;
    let stamp = rest.get(..STAMP_LEN)?;
    let slug = rest.get(STAMP_LEN..)?.strip_prefix('-')?;
    let at = NaiveDateTime::parse_from_str(stamp, STAMP_FORMAT).ok()?;
    Some((at.and_utc(), Reason::from_slug(slug)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_sort_by_time() {
        let at = NaiveDateTime::parse_from_str("20261123T175844.123Z", STAMP_FORMAT)
            .unwrap()
            .and_utc();
        for reason in [
            Reason::Daily,
            Reason::Manual,
            Reason::BeforeRestore,
            Reason::NotOpened,
            Reason::BeforeMigration { schema: 12 },
        ] {
            let name = file_name("standard-practice-", at, reason);
            assert_eq!(
                parse_name(&name, "standard-practice-"),
                Some((at, reason)),
                "{name}"
            );
        }
        assert_eq!(
            file_name("standard-practice-", at, Reason::Daily),
            "standard-practice-20261123T175844.123Z-daily.sqlite3"
        );
        assert_eq!(
            name_prefix(Path::new("/p/standard-practice.sqlite3")),
            "standard-practice-"
        );
        assert_eq!(
            name_prefix(Path::new("/p/standard-practice-2026-11-23.sqlite3")),
            "standard-practice-2026-11-23-"
        );
        assert_eq!(name_prefix(Path::new("/p/D")), "D-");
    }

    /// Two practices in one folder: each sees and rotates only its own backups.
    #[test]
    fn backups_of_another_practice_beside_are_not_ours() {
        let at = NaiveDateTime::parse_from_str("20261123T175844.123Z", STAMP_FORMAT)
            .unwrap()
            .and_utc();
        let other = file_name("standard-practice-2026-11-23-", at, Reason::Daily);
        assert_eq!(parse_name(&other, "standard-practice-"), None);
        let ours = file_name("standard-practice-", at, Reason::Daily);
        assert_eq!(parse_name(&ours, "standard-practice-2026-11-23-"), None);
    }

    #[test]
    fn foreign_names_are_not_ours() {
        for name in [
            "notes.txt",
            "standard-practice.sqlite3",
            "standard-practice-20261123T175844.123Z-daily.sqlite3.bak",
            "standard-practice-20261123T175844.123Z-holiday.sqlite3",
            "standard-practice-20261123T175844.123Z-before-migration-x.sqlite3",
            "standard-practice-20261123T175844.123Z-before-migration-+1.sqlite3",
            "standard-practice-2026-11-23-daily.sqlite3",
            ".standard-practice-20261123T175844.123Z-daily.sqlite3.partial-7",
        ] {
            assert_eq!(parse_name(name, "standard-practice-"), None, "{name}");
        }
    }
}
