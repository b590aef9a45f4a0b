//! The schema's migrations, embedded and run in order, each in its own
//! transaction; an existing practice is backed up before it is migrated.

use std::path::Path;

use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};

use super::check::first_line;
use super::disk::is_disk_level;
use crate::error::{Error, Result};
use crate::keys::Key;

/// The embedded migrations, oldest first. Never edit one that has shipped: add a new one.
pub(crate) const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/001_foundation.sql"),
    include_str!("../migrations/002_evaluations.sql"),
    include_str!("../migrations/003_access.sql"),
    include_str!("../migrations/004_offsite.sql"),
    include_str!("../migrations/005_money.sql"),
    include_str!("../migrations/006_locale.sql"),
    include_str!("../migrations/007_appraisal.sql"),
    include_str!("../migrations/008_service_evidence.sql"),
    include_str!("../migrations/009_licences.sql"),
    include_str!("../migrations/010_reminders.sql"),
    include_str!("../migrations/011_improvement.sql"),
];

/// [`MIGRATIONS`] as `rusqlite_migration` runs them.
fn migrations() -> Migrations<'static> {
    Migrations::new(MIGRATIONS.iter().map(|sql| M::up(sql)).collect())
}

/// The schema version this binary writes.
pub fn schema_version() -> i64 {
    MIGRATIONS.len() as i64
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

#[cfg(test)]
mod tests {
    use super::*;

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
            "352f1e63ba704896a5799d58a7ef9af1a88630cf1811aa12c45c3e787b8cf580",
            "e2e0e0869271bbd86295a1ebd28cd311d2dd982ae044f3a2f087f1e1ef0d48f5",
            "4dc6284226b88449518ae3f28ab099d65bd9f45534b462d5af282dab38c5913a",
            "bf3795eae15e964abc2592d85be5707dd52b5692260d52ed78f2e5d4cd542666",
            "e4f3b33706bbbf781207280c0902baa1928dd834608a3e2d94f51fddbb17ca15",
            "dc7a9debfa455c2335fc7109e5eb32a86684d2336c313388835d96d51fef54cb",
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
    fn migrations_are_valid() {
        assert!(migrations().validate().is_ok());
    }
}
