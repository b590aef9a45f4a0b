//! The schema this version's migrations make, and how a file's schema differs
//! from it.
//!
//! A file that carries our id and passes SQLite's integrity check can still
//! have been changed by hand: a trigger planted on `audit_log` that wipes the
//! training records when the next change is recorded, a view that shadows
//! `staff` and hides most of the practice, a column dropped. SQLite calls all of
//! that a healthy database. So every open and every restore compares the
//! file's `sqlite_master` — every table, index, trigger and view, with the SQL
//! that made it — with the one the embedded migrations make for the file's
//! schema version, and refuses any difference, naming it.
//!
//! The expected schemas are made once per process by running the migrations
//! on an in-memory database and reading its `sqlite_master` after each one.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use rusqlite::Connection;

use crate::error::Result;

/// One entry of `sqlite_master`: its kind and name, the table it belongs to,
/// and the SQL that made it (whitespace collapsed), if any.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    kind: String,
    table: String,
    sql: Option<String>,
}

type Schema = BTreeMap<(String, String), Entry>;

/// The tables SQLite itself may add to any database (statistics from
/// `ANALYZE`), which say nothing about what the data means. Only tables, and
/// only these names: with `writable_schema` anyone can give a trigger a name
/// that starts the same way.
fn is_sqlite_bookkeeping(kind: &str, name: &str) -> bool {
    kind == "table"
        && matches!(
            name,
            "sqlite_stat1" | "sqlite_stat2" | "sqlite_stat3" | "sqlite_stat4"
        )
}

fn read(conn: &Connection) -> rusqlite::Result<Schema> {
    let mut stmt =
        conn.prepare("SELECT type, name, tbl_name, sql FROM main.sqlite_master ORDER BY name")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
        ))
    })?;
    let mut schema = Schema::new();
    for row in rows {
        let (kind, name, table, sql) = row?;
        if is_sqlite_bookkeeping(&kind, &name) {
            continue;
        }
        let sql = sql.map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "));
        schema.insert((kind.clone(), name), Entry { kind, table, sql });
    }
    Ok(schema)
}

/// The schema after each migration: index 0 is an empty database, index N the
/// schema version N.
fn expected() -> &'static [Schema] {
    static EXPECTED: OnceLock<Vec<Schema>> = OnceLock::new();
    EXPECTED.get_or_init(|| {
        let mut schemas = vec![Schema::new()];
        // An in-memory database and our own embedded SQL: a failure here is a
        // broken build, which `every_version_has_a_schema` catches; the list
        // then simply stops, and every file is refused rather than trusted.
        if crate::storage::start_engine().is_err() {
            return schemas;
        }
        let Ok(conn) = Connection::open_in_memory() else {
            return schemas;
        };
        for sql in crate::storage::MIGRATIONS {
            if conn.execute_batch(sql).is_err() {
                break;
            }
            match read(&conn) {
                Ok(schema) => schemas.push(schema),
                Err(_) => break,
            }
        }
        schemas
    })
}

/// How the schema on `conn` differs from the one this version's migrations
/// make for `version`, one sentence each; empty when it is the same.
pub(crate) fn differences(conn: &Connection, version: i64) -> Result<Vec<String>> {
    let found = read(conn)?;
    let Some(wanted) = usize::try_from(version)
        .ok()
        .and_then(|v| expected().get(v))
    else {
        return Ok(vec![format!(
            "this version cannot tell what schema {version} should hold"
        )]);
    };
    // (how much it matters, sentence): what runs code of its own or stands in
    // for a table first, since that is what a planted change relies on.
    let mut out: Vec<(u8, String)> = Vec::new();
    for ((kind, name), entry) in &found {
        match wanted.get(&(kind.clone(), name.clone())) {
            None => out.push((
                weight(kind),
                format!(
                    "it has {} \"{name}\"{} that this version never makes",
                    article(kind),
                    on_table(entry, name)
                ),
            )),
            Some(w) if w != entry => out.push((
                weight(kind) + 4,
                format!("its {kind} \"{name}\" is not defined as this version defines it"),
            )),
            Some(_) => {}
        }
    }
    for ((kind, name), entry) in wanted {
        if !found.contains_key(&(kind.clone(), name.clone())) {
            out.push((
                weight(kind) + 8,
                format!("its {kind} \"{name}\"{} is missing", on_table(entry, name)),
            ));
        }
    }
    out.sort();
    Ok(out.into_iter().map(|(_, sentence)| sentence).collect())
}

fn weight(kind: &str) -> u8 {
    match kind {
        "trigger" => 0,
        "view" => 1,
        "table" => 2,
        _ => 3,
    }
}

fn article(kind: &str) -> String {
    match kind {
        "index" => "an index".to_owned(),
        other => format!("a {other}"),
    }
}

fn on_table(entry: &Entry, name: &str) -> String {
    if entry.table == name || entry.kind == "table" || entry.kind == "view" {
        String::new()
    } else {
        format!(" on {}", entry.table)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_version_has_a_schema() {
        assert_eq!(
            expected().len(),
            crate::storage::MIGRATIONS.len() + 1,
            "every embedded migration runs on an empty database"
        );
        assert!(expected()
            .last()
            .is_some_and(|s| s.contains_key(&("table".into(), "staff".into()))));
    }

    #[test]
    fn a_planted_trigger_a_shadowing_view_and_a_changed_table_are_named() {
        let conn = Connection::open_in_memory().unwrap();
        for sql in crate::storage::MIGRATIONS {
            conn.execute_batch(sql).unwrap();
        }
        let version = crate::storage::MIGRATIONS.len() as i64;
        assert_eq!(differences(&conn, version).unwrap(), Vec::<String>::new());
        conn.execute_batch(
            "CREATE TRIGGER wipe AFTER INSERT ON audit_log BEGIN DELETE FROM training_records; END;
             ALTER TABLE staff RENAME TO staff_all;
             CREATE VIEW staff AS SELECT * FROM staff_all WHERE id < 4;",
        )
        .unwrap();
        let found = differences(&conn, version).unwrap().join("\n");
        assert!(
            found.contains("a trigger \"wipe\" on audit_log that this version never makes"),
            "{found}"
        );
        assert!(found.contains("a view \"staff\""), "{found}");
        assert!(found.contains("a table \"staff_all\""), "{found}");
        assert!(found.contains("its table \"staff\" is missing"), "{found}");
        // Whitespace is not a difference; statistics are SQLite's own.
        let fresh = Connection::open_in_memory().unwrap();
        for sql in crate::storage::MIGRATIONS {
            fresh.execute_batch(sql).unwrap();
        }
        fresh.execute_batch("ANALYZE;").unwrap();
        assert!(differences(&fresh, version).unwrap().is_empty());
        // A trigger dressed up as SQLite's statistics is still a trigger.
        fresh
            .execute_batch(
                "PRAGMA writable_schema = ON;
                 CREATE TRIGGER sqlite_stat_wipe AFTER INSERT ON audit_log BEGIN DELETE FROM training_records; END;",
            )
            .unwrap();
        let found = differences(&fresh, version).unwrap().join("\n");
        assert!(found.contains("a trigger \"sqlite_stat_wipe\""), "{found}");
        assert!(!differences(&fresh, version - 1).unwrap().is_empty());
    }
}
