//! Checking an open practice (`check`), and the checks a file offered for
//! restore must pass too: rows that refer to nothing, values the app could
//! not read back.

use rusqlite::Connection;

use super::{schema_version, Db};
use crate::error::Result;

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

impl Db {
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

/// The first line of a message, at most 200 characters.
pub(super) fn first_line(text: &str) -> String {
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
        } else if matches!(
            column.as_str(),
            "levels" | "changes" | "evidence" | "met_rate_thresholds"
        ) {
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
