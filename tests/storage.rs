//! The database file: created when new, reopened with its data, and any file that
//! is not ours (or is newer) refused without a byte changed.

mod common;

use standard_practice::storage::{schema_version, APPLICATION_ID};
use standard_practice::{Db, Error};

#[test]
fn a_new_database_is_ours_migrated_and_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/folder/practice.sqlite3");
    let db = Db::open(&path, &common::keys()).unwrap();
    let conn = db.raw();
    let app_id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(app_id, APPLICATION_ID);
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, schema_version());
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    assert!(db.check().unwrap().is_ok());
}

#[test]
fn data_survives_closing_and_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.sqlite3");
    {
        let mut db = Db::open(&path, &common::keys()).unwrap();
        common::person(&mut db, "Zoë Núñez", None, "2020-01-01");
    }
    let db = Db::open(&path, &common::keys()).unwrap();
    let people =
        standard_practice::staff::list(db.raw(), &common::me(), &Default::default()).unwrap();
    assert_eq!(people.len(), 1);
    assert_eq!(people[0].name, "Zoë Núñez");
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in [
        ("notes.txt", b"Dear diary, today I...".to_vec()),
        ("short.sqlite3", b"SQLite format 3\0".to_vec()),
        (
            "random.bin",
            (0..4096u32).map(|i| (i * 7 % 251) as u8).collect(),
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let err = Db::open(&path, &common::keys()).expect_err("opened a file that is not ours");
        assert!(matches!(err, Error::NotOurDatabase { .. }), "{name}: {err}");
        assert!(err.to_string().contains("left untouched"));
        common::assert_untouched(&path, &bytes);
    }
}

#[test]
fn another_programs_sqlite_database_is_refused_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Db::open(&path, &common::keys()).err().unwrap();
    assert!(err.to_string().contains("another program"), "{err}");
    common::assert_untouched(&path, &before);
}

#[test]
fn a_database_from_a_newer_version_is_refused_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newer.sqlite3");
    drop(Db::open(&path, &common::keys()).unwrap());
    {
        let conn = common::raw(&path);
        conn.pragma_update(None, "user_version", schema_version() + 1)
            .unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    match Db::open(&path, &common::keys()) {
        Err(Error::NewerSchema {
            found, supported, ..
        }) => {
            assert_eq!(found, schema_version() + 1);
            assert_eq!(supported, schema_version());
        }
        Err(e) => panic!("wrong error: {e}"),
        Ok(_) => panic!("opened a newer database"),
    }
    common::assert_untouched(&path, &before);
}

/// Every kind of hostile file — not SQLite, another program's, newer, cut short,
/// damaged inside, encrypted with another practice's key — is refused with its own code and left byte for byte as it was.
#[test]
fn every_hostile_file_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let files = common::hostile_files(dir.path());
    assert_eq!(files.len(), 11);
    for (what, path, code) in files {
        let before = std::fs::read(&path).unwrap();
        let err = Db::open(&path, &common::keys())
            .err()
            .unwrap_or_else(|| panic!("opened {what}"));
        assert_eq!(err.code(), code, "{what}: {err}");
        assert!(err.to_string().contains("left untouched"), "{what}: {err}");
        assert!(
            err.to_string().contains(&path.display().to_string()),
            "{what}: the message names the file: {err}"
        );
        common::assert_untouched(&path, &before);
    }
}

#[test]
fn a_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let err = Db::open(dir.path(), &common::keys()).err().unwrap();
    assert!(matches!(err, Error::NotOurDatabase { .. }), "{err}");
}

#[test]
fn a_failed_write_leaves_nothing_behind() {
    let (_dir, mut db) = common::fresh();
    let before = common::snapshot(&db);
    let result: standard_practice::Result<()> = db.raw_write(|tx| {
        tx.execute("UPDATE practice SET name = 'half' WHERE id = 1", [])?;
        Err(Error::invalid("name", "refused after the first statement"))
    });
    assert!(result.is_err());
    assert_eq!(common::snapshot(&db), before);
}

/// A process killed mid-session leaves its newest pages in the `-wal` file; the
/// main file's header can then still be blank. That database is ours and whole.
#[test]
fn a_database_left_by_a_killed_process_reopens_with_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.sqlite3");
    let copy = dir.path().join("copy.sqlite3");
    let mut db = Db::open(&path, &common::keys()).unwrap();
    common::person(&mut db, "王芳", None, "2020-01-01");
    // Copy the files while the connection is still open, as a kill would leave them.
    std::fs::copy(&path, &copy).unwrap();
    std::fs::copy(
        dir.path().join("p.sqlite3-wal"),
        dir.path().join("copy.sqlite3-wal"),
    )
    .unwrap();
    let wal_len = std::fs::metadata(dir.path().join("copy.sqlite3-wal"))
        .unwrap()
        .len();
    assert!(
        wal_len > 32,
        "the scenario needs committed frames in the WAL"
    );
    drop(db);
    let reopened = Db::open(&copy, &common::keys()).unwrap();
    let people =
        standard_practice::staff::list(reopened.raw(), &common::me(), &Default::default()).unwrap();
    assert_eq!(people.len(), 1);
    assert_eq!(people[0].name, "王芳");
}

/// Another program's database in WAL mode, with frames not yet checkpointed, is
/// still recognised as not ours, and the database file itself is not changed.
#[test]
fn another_programs_wal_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.execute_batch(
        "PRAGMA wal_autocheckpoint = 0; CREATE TABLE t (x); INSERT INTO t VALUES (1);",
    )
    .unwrap();
    let before = std::fs::read(&path).unwrap();
    let err = Db::open(&path, &common::keys()).err().unwrap();
    assert!(err.to_string().contains("another program"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    drop(conn);
}

/// Killing `demo` during the very first open used to leave an empty WAL-mode
/// file that every command then refused as "another program's database". A
/// database with nothing in it is a new one.
#[test]
fn an_empty_database_left_by_a_kill_is_a_new_practice() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("e.sqlite3");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }
    assert!(std::fs::metadata(&path).unwrap().len() > 0);
    let mut db = Db::open(&path, &common::keys()).unwrap();
    standard_practice::demo::create(
        &mut db,
        &common::me(),
        standard_practice::demo::DemoSize::default(),
        common::today(),
    )
    .unwrap();
    assert!(db.check().unwrap().is_ok());
}

/// A file carrying our id at schema 0 but holding tables used to fail its
/// first migration with the whole migration's SQL in the message. It is
/// refused before anything runs, in one sentence.
#[test]
fn a_file_of_ours_at_schema_zero_with_tables_is_refused_briefly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("odd.sqlite3");
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch(&format!(
            "PRAGMA application_id = {APPLICATION_ID}; CREATE TABLE staff (id INTEGER PRIMARY KEY);"
        ))
        .unwrap();
    let before = std::fs::read(&path).unwrap();
    let err = Db::open(&path, &common::keys()).err().unwrap();
    let message = err.to_string();
    assert!(matches!(err, Error::DamagedDatabase { .. }), "{message}");
    assert!(!message.contains("CREATE"), "{message}");
    assert!(message.len() < 400, "{message}");
    common::assert_untouched(&path, &before);
}

/// The database, `-wal` and `-shm` used to be created 0644 in a 0755 folder:
/// any other account on the computer could read every review. What the app
/// creates is its owner's only.
#[test]
fn a_new_database_and_its_folder_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new/folder/practice.sqlite3");
    let mut db = Db::open(&path, &common::keys()).unwrap();
    common::person(&mut db, "Zoë Núñez", None, "2020-01-01");
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600);
    for suffix in ["-wal", "-shm"] {
        let side = std::path::PathBuf::from(format!("{}{suffix}", path.display()));
        assert_eq!(mode(&side), 0o600, "{suffix}");
    }
    assert_eq!(mode(&dir.path().join("new/folder")), 0o700);
    assert_eq!(mode(&dir.path().join("new")), 0o700);
}

/// A FIFO where SQLite keeps the `-wal` would block SQLite for ever.
#[test]
fn a_pipe_beside_the_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("practice.sqlite3");
    common::demo_file(&path);
    let wal = dir.path().join("practice.sqlite3-wal");
    let ok = std::process::Command::new("mkfifo")
        .arg(&wal)
        .status()
        .unwrap();
    assert!(ok.success());
    let err = Db::open(&path, &common::keys()).err().unwrap();
    assert!(err.to_string().contains("not an ordinary file"), "{err}");
}

/// The same empty file beside backups of a practice is not a new practice:
/// its data was lost (a practice killed before its first checkpoint keeps
/// everything in its `-wal`), and the recovery screen must offer the backups.
#[test]
fn an_empty_database_beside_backups_is_a_lost_practice_not_a_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("practice.sqlite3");
    {
        let db = Db::open(&path, &common::keys()).unwrap();
        standard_practice::backup::manual(&db, &common::me(), 14).unwrap();
    }
    std::fs::remove_file(&path).unwrap();
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Db::open(&path, &common::keys()).expect_err("a lost practice opened as a new one");
    assert!(matches!(err, Error::DamagedDatabase { .. }), "{err}");
    assert!(
        err.to_string().contains("restore the newest backup"),
        "{err}"
    );
    common::assert_untouched(&path, &before);
    // Cut short, it is damaged too (the first page is not whole).
    std::fs::write(&path, &before[..before.len() / 2]).unwrap();
    let err = Db::open(&path, &common::keys()).err().unwrap();
    assert!(err.to_string().contains("cut short"), "{err}");
}

/// A change left half-done in a rollback `-journal` is undone by SQLite the
/// first time the file is opened for writing; the check at open used to read
/// the file as it is on disk, so a journal holding a planted trigger's pages
/// put the trigger back unseen. The file as SQLite will make it is what is
/// checked now, on a private copy, and the file and its journal are left as
/// they are.
#[test]
fn a_trigger_hidden_in_a_leftover_journal_is_found_at_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("practice.sqlite3");
    drop(Db::open(&path, &common::keys()).unwrap());
    let journal = dir.path().join("practice.sqlite3-journal");
    {
        let conn = common::raw(&path);
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
        conn.execute_batch(
            "CREATE TRIGGER sneaky AFTER INSERT ON audit_log BEGIN DELETE FROM training_records; END;",
        )
        .unwrap();
        // Without syncing, SQLite marks the journal valid from its first write.
        conn.pragma_update(None, "synchronous", "OFF").unwrap();
        conn.execute_batch("BEGIN; DROP TRIGGER sneaky;").unwrap();
        let pages = std::fs::read(&journal).unwrap();
        conn.execute_batch("COMMIT").unwrap();
        drop(conn);
        // On disk the trigger is gone; the journal would bring it back.
        std::fs::write(&journal, pages).unwrap();
    }
    let before = (
        std::fs::read(&path).unwrap(),
        std::fs::read(&journal).unwrap(),
    );
    let err = Db::open(&path, &common::keys()).unwrap_err();
    assert!(
        matches!(&err, Error::DamagedDatabase { .. }) && err.to_string().contains("sneaky"),
        "{err}"
    );
    assert!(
        err.to_string().contains(&path.display().to_string()),
        "{err}"
    );
    assert_eq!(
        (
            std::fs::read(&path).unwrap(),
            std::fs::read(&journal).unwrap()
        ),
        before,
        "the file or its journal was changed"
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("examining"))
        .collect();
    assert!(names.is_empty(), "the private copy was left: {names:?}");
}

/// An empty file is not a practice: commands other than `demo` used to make
/// one in it silently, keeping whatever permissions it had. Opening an
/// existing practice refuses it; making a practice in it makes it private.
#[test]
fn an_empty_file_becomes_a_practice_only_on_purpose_and_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.sqlite3");
    std::fs::write(&path, b"").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let err = Db::open_existing(&path, &common::keys()).unwrap_err();
    assert!(
        err.to_string().contains("is empty, not a practice yet"),
        "{err}"
    );
    assert_eq!(std::fs::metadata(&path).unwrap().len(), 0);
    let db = Db::open(&path, &common::keys()).unwrap();
    let mode = std::fs::metadata(db.path()).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}
