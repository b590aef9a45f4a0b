//! Upgrades that are proven: a practice made by each shipped schema version
//! (`tests/fixtures/schema-N.sqlite3`, written by that version's own code with
//! rows in every table; `tests/fixtures/README.md` says how) is opened by this
//! version, and every row of every old table is still there with the same
//! value in every column, except the documented conversions. The migrated
//! file is at this version's schema, whole, with no orphaned rows, encrypted,
//! and a backup of the data as it was was taken first.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags};
use standard_practice::backup::{self, Reason};
use standard_practice::storage::{schema_version, start_engine, APPLICATION_ID};
use standard_practice::Db;
use tempfile::TempDir;

/// Header byte 20: the bytes reserved at the end of every page, 80 in a
/// SQLCipher file, 0 in a plain one.
const ENCRYPTED_RESERVE: u8 = 80;

/// The value an old column's value must have become in its new column.
type Convert = fn(&Value) -> Value;

/// Columns a migration changed on purpose: (table, old column, new column,
/// what its values became).
type Conversion = (&'static str, &'static str, &'static str, Convert);

const CONVERSIONS: &[Conversion] = &[
    // Schema 5 (`005_money.sql`): the REAL bonus became whole cents,
    // `round(bonus * 100)`; no bonus (NULL, or not above zero) is NULL.
    ("evaluations", "bonus_amount", "bonus_cents", bonus_to_cents),
];

fn bonus_to_cents(bonus: &Value) -> Value {
    let amount = match bonus {
        Value::Real(x) => *x,
        Value::Integer(n) => *n as f64,
        _ => return Value::Null,
    };
    if amount > 0.0 {
        Value::Integer((amount * 100.0).round() as i64)
    } else {
        Value::Null
    }
}

/// One table as read: its columns in order, and each row by its primary key.
#[derive(Debug, PartialEq)]
struct Table {
    columns: Vec<String>,
    rows: BTreeMap<String, Vec<Value>>,
}

/// Every table of a database (SQLite's own left out), by name.
type Data = BTreeMap<String, Table>;

fn read_data(conn: &Connection) -> Data {
    let names: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master
              WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    names
        .into_iter()
        .map(|name| {
            let table = read_table(conn, &name);
            (name, table)
        })
        .collect()
}

fn read_table(conn: &Connection, name: &str) -> Table {
    let info: Vec<(String, i64)> = conn
        .prepare("SELECT name, pk FROM pragma_table_info(?1) ORDER BY cid")
        .unwrap()
        .query_map([name], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let columns: Vec<String> = info.iter().map(|(c, _)| c.clone()).collect();
    let mut key_columns: Vec<(i64, usize)> = info
        .iter()
        .enumerate()
        .filter(|(_, (_, pk))| *pk > 0)
        .map(|(i, (_, pk))| (*pk, i))
        .collect();
    key_columns.sort_unstable();
    assert!(
        !key_columns.is_empty(),
        "{name} has no primary key to match its rows by"
    );
    let mut stmt = conn.prepare(&format!("SELECT * FROM \"{name}\"")).unwrap();
    let rows = stmt
        .query_map([], |r| {
            (0..columns.len())
                .map(|i| r.get::<_, Value>(i))
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .unwrap()
        .map(Result::unwrap)
        .map(|row| {
            let key = key_columns
                .iter()
                .map(|&(_, i)| format!("{}={:?}", columns[i], row[i]))
                .collect::<Vec<_>>()
                .join(", ");
            (key, row)
        })
        .collect();
    Table { columns, rows }
}

/// What differs between the data `old` and the data `new` made from it: a
/// table, column or row gone, a row that appeared, a value changed (a
/// converted column must hold what the conversion makes). One sentence each;
/// and how many converted values were checked.
fn differences(old: &Data, new: &Data) -> (Vec<String>, usize) {
    let mut found = Vec::new();
    let mut converted = 0;
    for (name, before) in old {
        let Some(after) = new.get(name) else {
            found.push(format!(
                "table {name} is gone, with its {} rows",
                before.rows.len()
            ));
            continue;
        };
        // For each old column: where it is now, and how its value must read there.
        let mut pairs: Vec<(usize, usize, Option<Convert>)> = Vec::new();
        for (i, column) in before.columns.iter().enumerate() {
            let at = |c: &str| after.columns.iter().position(|x| x == c);
            if let Some(j) = at(column) {
                pairs.push((i, j, None));
            } else if let Some(&(_, _, to, convert)) = CONVERSIONS
                .iter()
                .find(|(t, from, _, _)| t == name && from == column)
            {
                match at(to) {
                    Some(j) => pairs.push((i, j, Some(convert))),
                    None => found.push(format!(
                        "{name}.{column} should have become {name}.{to}, which is not there"
                    )),
                }
            } else {
                found.push(format!(
                    "column {name}.{column} is gone, and no conversion says where it went"
                ));
            }
        }
        if before.rows.len() != after.rows.len() {
            found.push(format!(
                "{name} had {} rows and has {}",
                before.rows.len(),
                after.rows.len()
            ));
        }
        for (key, old_row) in &before.rows {
            let Some(new_row) = after.rows.get(key) else {
                found.push(format!("{name} row {key} is gone"));
                continue;
            };
            for &(i, j, convert) in &pairs {
                let expected = match convert {
                    Some(convert) => {
                        converted += 1;
                        convert(&old_row[i])
                    }
                    None => old_row[i].clone(),
                };
                if new_row[j] != expected {
                    found.push(format!(
                        "{name} row {key}: {} was {:?}, so {} should be {expected:?}, but is {:?}",
                        before.columns[i], old_row[i], after.columns[j], new_row[j]
                    ));
                }
            }
        }
    }
    (found, converted)
}

fn fixture(schema: i64) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/schema-{schema}.sqlite3"))
}

fn is_encrypted(path: &Path) -> bool {
    std::fs::read(path).unwrap()[20] == ENCRYPTED_RESERVE
}

/// A connection that reads the file at `path` as it is, writing nothing,
/// not even a `-shm` beside it: plain, or with the tests' key.
fn read_only(path: &Path, encrypted: bool) -> Connection {
    start_engine().unwrap();
    let mut uri = String::from("file:");
    for &b in path.as_os_str().as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    let conn = Connection::open_with_flags(
        format!("{uri}?immutable=1"),
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI,
    )
    .unwrap();
    if encrypted {
        conn.execute_batch(&common::key().sqlcipher_pragmas())
            .unwrap();
    }
    conn
}

fn pragma(conn: &Connection, name: &str) -> i64 {
    conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
        .unwrap()
}

/// A copy of the fixture made by schema `schema`'s code, its data as that
/// code wrote it, and the copy opened (and so migrated) by this version.
fn migrated(schema: i64, encrypted: bool) -> (TempDir, PathBuf, Data, Db) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("standard-practice.sqlite3");
    std::fs::copy(fixture(schema), &path).unwrap();
    assert_eq!(is_encrypted(&path), encrypted, "schema-{schema} fixture");
    let old = {
        let conn = read_only(&path, encrypted);
        assert_eq!(pragma(&conn, "user_version"), schema);
        assert_eq!(pragma(&conn, "application_id"), i64::from(APPLICATION_ID));
        read_data(&conn)
    };
    for (name, table) in &old {
        assert!(
            !table.rows.is_empty(),
            "the schema-{schema} fixture has no row in {name}: nothing of it is proven"
        );
    }
    let db = Db::open(&path, &common::keys()).unwrap();
    (dir, path, old, db)
}

/// Opens the fixture made by schema `schema`'s code with this version and
/// checks everything it promises about the upgrade.
fn upgrades(schema: i64, encrypted: bool) {
    assert!(schema < schema_version());
    let (_dir, path, old, db) = migrated(schema, encrypted);

    // A plain practice (from before encryption) is encrypted as it opens,
    // leaving no plain copy where the app wrote one.
    match db.encrypted() {
        Some(report) => {
            assert!(!encrypted, "an encrypted practice is not encrypted again");
            assert!(report.left_plain.is_empty(), "{report:?}");
        }
        None => assert!(encrypted, "the plain practice was not encrypted"),
    }

    let conn = db.raw();
    assert_eq!(pragma(conn, "user_version"), schema_version());
    let integrity: Vec<String> = conn
        .prepare("PRAGMA integrity_check")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(integrity, ["ok"]);
    let orphans: Vec<String> = conn
        .prepare("PRAGMA foreign_key_check")
        .unwrap()
        .query_map([], |r| {
            Ok(format!(
                "{:?} row {:?}",
                r.get::<_, String>(0)?,
                r.get::<_, Option<i64>>(1)?
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(orphans.is_empty(), "{orphans:?}");
    let report = db.check().unwrap();
    assert!(report.is_ok(), "{report:?}");

    let new = read_data(conn);
    let (lost, converted) = differences(&old, &new);
    assert!(
        lost.is_empty(),
        "upgrading the schema-{schema} fixture changed its data:\n{}",
        lost.join("\n")
    );
    // The conversion was checked on a real bonus, not only on empty ones.
    if let Some(evaluations) = old.get("evaluations") {
        if let Some(i) = evaluations.columns.iter().position(|c| c == "bonus_amount") {
            let bonuses = evaluations
                .rows
                .values()
                .filter(|row| row[i] != Value::Null)
                .count();
            assert!(
                bonuses > 0 && converted >= bonuses,
                "the schema-{schema} fixture has no bonus: the conversion to cents was not checked"
            );
        }
    }
    drop(db);
    assert!(is_encrypted(&path), "the upgraded practice is encrypted");

    // Before migrating, the data as it was went into `backups/` beside the
    // file, holding that schema (README: "Before every migration of an
    // existing database … a backup goes into backups/"; the name says the
    // schema it holds), encrypted like the practice.
    let backups = backup::list(&path).unwrap();
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert_eq!(backups[0].reason, Reason::BeforeMigration { schema });
    assert!(is_encrypted(&backups[0].path), "the backup is encrypted");
    let kept = read_only(&backups[0].path, true);
    assert_eq!(pragma(&kept, "user_version"), schema);
    let kept = read_data(&kept);
    let (changed, _) = differences(&old, &kept);
    assert!(
        changed.is_empty() && kept == old,
        "the before-migration backup of the schema-{schema} fixture is not its data:\n{}",
        changed.join("\n")
    );
}

#[test]
fn a_schema_1_practice_upgrades_with_every_row() {
    upgrades(1, false);
}

#[test]
fn a_schema_2_practice_upgrades_with_every_row() {
    upgrades(2, false);
}

#[test]
fn a_schema_3_practice_upgrades_with_every_row() {
    upgrades(3, false);
}

#[test]
fn a_schema_4_practice_upgrades_with_every_row() {
    upgrades(4, true);
}

#[test]
fn a_schema_5_practice_upgrades_with_every_row() {
    upgrades(5, true);
}

#[test]
fn a_schema_6_practice_upgrades_with_every_row() {
    upgrades(6, true);
}

#[test]
fn a_schema_7_practice_upgrades_with_every_row() {
    upgrades(7, true);
}

#[test]
fn a_schema_8_practice_upgrades_with_every_row() {
    upgrades(8, true);
}

#[test]
fn a_schema_9_practice_upgrades_with_every_row() {
    upgrades(9, true);
}

#[test]
fn a_schema_10_practice_upgrades_with_every_row() {
    upgrades(10, true);
}

/// Every shipped schema but the current one has its fixture.
#[test]
fn every_older_schema_has_a_fixture() {
    for schema in 1..schema_version() {
        assert!(
            fixture(schema).is_file(),
            "no fixture made by schema {schema}'s code: {}",
            fixture(schema).display()
        );
    }
}

/// The comparison itself finds a lost row, a changed value and a wrong
/// conversion: the upgrade tests above cannot pass by comparing nothing.
#[test]
fn the_comparison_finds_a_lost_row_a_changed_value_and_a_wrong_conversion() {
    let (_dir, _path, old, db) = migrated(2, false);
    db.raw()
        .execute_batch(
            "DELETE FROM acknowledgments WHERE id = (SELECT MIN(id) FROM acknowledgments);
             UPDATE staff SET name = name || '!' WHERE id = (SELECT MIN(id) FROM staff);
             UPDATE evaluations SET bonus_cents = bonus_cents + 1 WHERE bonus_cents IS NOT NULL;",
        )
        .unwrap();
    let (found, _) = differences(&old, &read_data(db.raw()));
    for what in [
        "acknowledgments had",
        "acknowledgments row id=",
        "staff row id=",
        "bonus_cents should be",
    ] {
        assert!(
            found.iter().any(|f| f.contains(what)),
            "nothing found about {what:?}: {found:?}"
        );
    }
}
