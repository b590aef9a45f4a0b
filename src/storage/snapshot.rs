//! Reading the practice apart from the open connection: a read-only
//! [`Snapshot`] for a long job, and a change rehearsed on a private copy in
//! memory.

use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::{attach_keyed, disk_error, file_uri, open_keyed, open_read_only, start_engine, Db};
use crate::error::Result;

impl Db {
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

impl super::sealed::Sealed for Snapshot {
    fn connection(&self) -> &Connection {
        &self.conn
    }
}
impl super::Readable for Snapshot {}
