//! Backups and restore: a backup restores exactly; a file that is not a whole
//! Standard Practice database of this version is refused with both it and the
//! current database unchanged; rotation keeps N and only ever deletes our own
//! files; the daily backup is taken once a day; a migration is preceded by a
//! backup.

mod common;

use std::path::Path;

use chrono::{Local, TimeDelta, TimeZone, Utc};
use standard_practice::backup::{self, Reason, DEFAULT_KEEP};
use standard_practice::storage::schema_version;
use standard_practice::{Db, ErrorCode};

fn practice_name(db: &Db) -> String {
    db.raw()
        .query_row("SELECT name FROM practice", [], |r| r.get(0))
        .unwrap()
}

fn user_version(conn: &rusqlite::Connection) -> i64 {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

/// The database's files as bytes, after moving every committed page into the main
/// file, so two states can be compared byte for byte.
fn settled_bytes(db: &Db) -> Vec<u8> {
    db.raw()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    std::fs::read(db.path()).unwrap()
}

#[test]
fn a_backup_restores_exactly_the_data_and_keeps_the_state_before() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("practice.sqlite3");
    common::demo_file(&path);
    let mut db = Db::open(&path, &common::keys()).unwrap();
    let saved = common::snapshot_except(&db, &["audit_log"]);
    let file = dir.path().join("saved-by-hand.sqlite3");
    let size = common::save_backup(&db, &file, false).unwrap();
    assert_eq!(size, std::fs::metadata(&file).unwrap().len());
    assert!(
        !Path::new(&format!("{}-wal", file.display())).exists(),
        "a backup is one self-contained file"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "a backup is readable by its owner only");
    }
    // Writing to the same name again needs an explicit overwrite.
    let err = common::save_backup(&db, &file, false).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict, "{err}");
    common::person(&mut db, "Added after the backup", None, "2024-05-01");
    let changed = common::snapshot_except(&db, &["audit_log"]);
    assert_ne!(changed, saved);

    let restored = backup::restore(
        &mut db,
        &common::me(),
        &file,
        &common::keys(),
        Some(DEFAULT_KEEP),
    )
    .unwrap();
    assert_eq!(
        common::snapshot_except(&db, &["audit_log"]),
        saved,
        "restore gives back exactly the data"
    );
    assert_eq!(restored.from.schema_version, schema_version());
    assert!(db.check().unwrap().is_ok());
    let mode: String = db
        .raw()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal", "the open connection stays in WAL mode");

    // The state just before the restore is in the before-restore backup.
    assert_eq!(
        restored.safety_backup.as_ref().unwrap().reason,
        Reason::BeforeRestore
    );
    let listed = backup::list(&path).unwrap();
    assert_eq!(listed, vec![restored.safety_backup.clone().unwrap()]);
    let copy = dir.path().join("before-restore-copy.sqlite3");
    std::fs::copy(&restored.safety_backup.as_ref().unwrap().path, &copy).unwrap();
    assert_eq!(
        common::snapshot_except(&Db::open(&copy, &common::keys()).unwrap(), &["audit_log"]),
        changed
    );

    // The restored data survives closing and reopening.
    drop(db);
    assert_eq!(
        common::snapshot_except(&Db::open(&path, &common::keys()).unwrap(), &["audit_log"]),
        saved
    );
}

#[test]
fn restore_refuses_every_hostile_file_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (_db_dir, mut db) = common::fresh();
    common::person(&mut db, "Zoë Núñez", None, "2020-01-01");
    let db_before = settled_bytes(&db);
    let mut hostile = common::hostile_files(dir.path());
    let empty = dir.path().join("empty.sqlite3");
    std::fs::write(&empty, b"").unwrap();
    hostile.push(("an empty file", empty, ErrorCode::NotOurDatabase));
    assert_eq!(hostile.len(), 12);
    for (what, candidate, code) in hostile {
        let before = std::fs::read(&candidate).unwrap();
        let err = backup::restore(
            &mut db,
            &common::me(),
            &candidate,
            &common::keys(),
            Some(DEFAULT_KEEP),
        )
        .err()
        .unwrap_or_else(|| panic!("restored {what}"));
        assert_eq!(err.code(), code, "{what}: {err}");
        assert!(
            err.to_string().contains(&candidate.display().to_string()),
            "{what}: the message names the file: {err}"
        );
        common::assert_untouched(&candidate, &before);
        assert_eq!(
            settled_bytes(&db),
            db_before,
            "{what}: the database changed"
        );
        assert!(
            backup::list(db.path()).unwrap().is_empty(),
            "{what}: a refused restore takes no backup"
        );
    }
    // Ours but for its pages, of a size no practice is encrypted with: refused before anything.
    let other_pages = dir.path().join("8k-pages.sqlite3");
    let four_k = dir.path().join("4k-pages.sqlite3");
    common::demo_file(&four_k);
    let conn = common::raw(&four_k);
    // Attached without KEY: the same key as the main file.
    conn.execute("ATTACH DATABASE ?1 AS big", [other_pages.to_str().unwrap()])
        .unwrap();
    conn.execute_batch(&format!(
        "PRAGMA big.cipher_page_size = 8192; PRAGMA big.cipher_plaintext_header_size = 112;
         SELECT sqlcipher_export('big');
         PRAGMA big.application_id = {}; PRAGMA big.user_version = {};
         DETACH DATABASE big;",
        standard_practice::storage::APPLICATION_ID,
        schema_version()
    ))
    .unwrap();
    let err = backup::restore(
        &mut db,
        &common::me(),
        &other_pages,
        &common::keys(),
        Some(3),
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotOurDatabase, "{err}");
    assert!(err.to_string().contains("8192-byte pages"), "{err}");
    assert_eq!(settled_bytes(&db), db_before);
    assert!(backup::list(db.path()).unwrap().is_empty());
    let missing = backup::restore(
        &mut db,
        &common::me(),
        &dir.path().join("nowhere.sqlite3"),
        &common::keys(),
        Some(3),
    )
    .unwrap_err();
    assert_eq!(missing.code(), ErrorCode::Invalid, "{missing}");
    let itself = db.path().to_path_buf();
    let same =
        backup::restore(&mut db, &common::me(), &itself, &common::keys(), Some(3)).unwrap_err();
    assert_eq!(same.code(), ErrorCode::Invalid, "{same}");
}

/// "Restore a backup" from the could-not-open screen: the damaged file is kept in
/// `backups/` as it was, and the backup takes its place.
#[test]
fn a_database_that_does_not_open_can_be_restored_over() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.sqlite3");
    common::demo_file(&good);
    let saved = common::snapshot_except(&Db::open(&good, &common::keys()).unwrap(), &["audit_log"]);
    let backup_file = dir.path().join("backup.sqlite3");
    common::save_backup(
        &Db::open(&good, &common::keys()).unwrap(),
        &backup_file,
        false,
    )
    .unwrap();

    let hostile = common::hostile_files(dir.path());
    let (_, damaged, _) = hostile
        .iter()
        .find(|(_, _, code)| *code == ErrorCode::DamagedDatabase)
        .unwrap();
    let damaged_bytes = std::fs::read(damaged).unwrap();
    let (db, restored) = backup::restore_path(
        damaged,
        &common::me(),
        &backup_file,
        &common::keys(),
        Some(DEFAULT_KEEP),
    )
    .unwrap();
    assert_eq!(common::snapshot_except(&db, &["audit_log"]), saved);
    let trail: i64 = db
        .raw()
        .query_row(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'restored'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(trail, 1, "the restore is in the trail");
    assert_eq!(
        std::fs::read(&restored.safety_backup.as_ref().unwrap().path).unwrap(),
        damaged_bytes,
        "the damaged file is kept, byte for byte"
    );
}

#[test]
fn rotation_keeps_the_newest_n_and_never_deletes_foreign_files() {
    let (dir, db) = common::fresh();
    let folder = backup::backup_dir(db.path());
    std::fs::create_dir_all(&folder).unwrap();
    let foreign = [
        "notes.txt",
        "my own backup.sqlite3",
        "standard-practice.sqlite3",
        "standard-practice-20200101T000000.000Z-holiday.sqlite3",
        "standard-practice-20200101T000000.000Z-daily.sqlite3.old",
    ];
    for name in foreign {
        std::fs::write(folder.join(name), b"not for rotation").unwrap();
    }
    let taken: Vec<_> = (0..5)
        .map(|_| backup::manual(&db, &common::me(), 3).unwrap())
        .collect();
    let listed = backup::list(db.path()).unwrap();
    let newest: Vec<_> = taken.iter().rev().take(3).cloned().collect();
    assert_eq!(listed, newest, "the newest three, newest first");
    for name in foreign {
        assert!(folder.join(name).exists(), "{name} was deleted");
    }
    assert_eq!(
        std::fs::read_dir(&folder).unwrap().count(),
        3 + foreign.len()
    );
    // Restoring the oldest backup with keep = 1 rotates the others away, never it.
    let oldest = listed.last().unwrap().path.clone();
    let mut db = db;
    backup::restore(&mut db, &common::me(), &oldest, &common::keys(), Some(1)).unwrap();
    assert!(oldest.exists(), "the backup restored from was deleted");
    assert_eq!(backup::list(db.path()).unwrap().len(), 2);
    // keep = 0 still keeps the backup just taken.
    backup::manual(&db, &common::me(), 0).unwrap();
    assert_eq!(backup::list(db.path()).unwrap().len(), 1);
    drop(dir);
}

#[test]
fn the_daily_backup_is_taken_once_a_day() {
    let (_dir, db) = common::fresh();
    let morning = Local
        .with_ymd_and_hms(2026, 11, 23, 8, 30, 0)
        .single()
        .unwrap()
        .with_timezone(&Utc);
    let first = backup::daily(&db, DEFAULT_KEEP, morning).unwrap();
    assert_eq!(first.as_ref().map(|b| b.reason), Some(Reason::Daily));
    assert!(
        backup::daily(&db, DEFAULT_KEEP, morning + TimeDelta::hours(9))
            .unwrap()
            .is_none()
    );
    // A manual backup does not stand in for the daily one, nor the other way round.
    backup::manual(&db, &common::me(), DEFAULT_KEEP).unwrap();
    let next_day = backup::daily(&db, DEFAULT_KEEP, morning + TimeDelta::days(1)).unwrap();
    assert!(next_day.is_some());
    assert_eq!(backup::list(db.path()).unwrap().len(), 3);
}

/// A database at schema 1 (made by the first migration alone) is backed up before
/// `Db::open` migrates it, and the backup holds schema 1 and its data.
#[test]
fn a_migration_is_preceded_by_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite3");
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        rusqlite_migration::Migrations::new(vec![rusqlite_migration::M::up(include_str!(
            "../src/migrations/001_foundation.sql"
        ))])
        .to_latest(&mut conn)
        .unwrap();
        conn.execute("UPDATE practice SET name = 'Old Practice'", [])
            .unwrap();
    }
    assert!(schema_version() > 1, "this test needs a later migration");
    let db = Db::open(&path, &common::keys()).unwrap();
    assert_eq!(user_version(db.raw()), schema_version());
    let backups = backup::list(&path).unwrap();
    assert_eq!(backups.len(), 1);
    assert_eq!(backups[0].reason, Reason::BeforeMigration { schema: 1 });
    let old = common::raw_with_flags(&backups[0].path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY);
    assert_eq!(user_version(&old), 1);
    let name: String = old
        .query_row("SELECT name FROM practice", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "Old Practice");
    drop(db);
    // Opening again takes no further backup: nothing is left to migrate.
    drop(Db::open(&path, &common::keys()).unwrap());
    assert_eq!(backup::list(&path).unwrap().len(), 1);

    // Restoring that old backup brings it up to date too.
    let (_other_dir, mut current) = common::fresh();
    let old_file = backups[0].path.clone();
    let restored = backup::restore(
        &mut current,
        &common::me(),
        &old_file,
        &common::keys(),
        Some(DEFAULT_KEEP),
    )
    .unwrap();
    assert_eq!(restored.from.schema_version, 1);
    assert_eq!(user_version(current.raw()), schema_version());
    assert_eq!(practice_name(&current), "Old Practice");
    assert!(current.check().unwrap().is_ok());
}

/// The CLI: `backup -o` refuses an existing file unless `--force`, `backups`
/// lists, and `restore` says where the database as it was went — also when the
/// database no longer opens.
#[test]
fn the_cli_backs_up_lists_and_restores() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("practice.sqlite3");
    common::demo_file(&db);
    let saved = common::snapshot_except(&Db::open(&db, &common::keys()).unwrap(), &["audit_log"]);
    let run = |args: &[&str]| {
        let out = common::command()
            .arg("--db")
            .arg(&db)
            .args(args)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        (out.status.success(), text)
    };
    let file = dir.path().join("copy.sqlite3");
    let file_arg = file.to_str().unwrap();
    let (ok, text) = run(&["backup", "-o", file_arg]);
    assert!(ok && text.contains("wrote"), "{text}");
    let (ok, text) = run(&["backup", "-o", file_arg]);
    assert!(!ok && text.contains("already exists"), "{text}");
    let (ok, text) = run(&["backup", "-o", file_arg, "--force"]);
    assert!(ok, "{text}");
    let (ok, text) = run(&["backup"]);
    assert!(ok && text.contains("-manual.sqlite3"), "{text}");
    let (ok, text) = run(&["backups"]);
    assert!(
        ok && text.contains("manual") && text.contains("1 backup in"),
        "{text}"
    );

    // Damage the database, then restore it from the command line.
    let mut bytes = std::fs::read(&db).unwrap();
    bytes.truncate(bytes.len() / 2);
    std::fs::write(&db, &bytes).unwrap();
    let (ok, text) = run(&["check"]);
    assert!(!ok && text.contains("is damaged"), "{text}");
    let (ok, text) = run(&["restore", file_arg]);
    assert!(ok, "{text}");
    assert!(
        text.contains("did not open")
            && text.contains("practice-")
            && text.contains("-not-opened.sqlite3"),
        "{text}"
    );
    assert_eq!(
        common::snapshot_except(&Db::open(&db, &common::keys()).unwrap(), &["audit_log"]),
        saved
    );
    let (ok, text) = run(&["restore", "/etc/hostname-that-is-not-there"]);
    assert!(!ok && text.contains("does not exist"), "{text}");
}

/// A clock that was once ahead leaves backups named in the future. Rotation by
/// name used to delete the backup it had just taken: `backup` said it wrote a
/// file that was gone, and `restore` named a before-restore copy that no
/// longer existed. Rotation now keeps the backup just taken and the newest by
/// when they were written, whatever the names say.
#[test]
fn backups_named_in_the_future_never_push_out_the_one_just_taken() {
    let (_dir, mut db) = common::fresh();
    common::person(&mut db, "Before the restore", None, "2024-05-01");
    let folder = backup::backup_dir(db.path());
    std::fs::create_dir_all(&folder).unwrap();
    let source = backup::manual(&db, &common::me(), 14).unwrap();
    let mut future = Vec::new();
    for (i, year) in [2031, 2032, 2033].into_iter().enumerate() {
        let stem = db.path().file_stem().unwrap().to_str().unwrap();
        let name = format!("{stem}-{year}0101T00000{i}.000Z-daily.sqlite3");
        std::fs::copy(&source.path, folder.join(&name)).unwrap();
        future.push(folder.join(name));
    }
    // Written before anything below: older by modification time.
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for f in &future {
        std::fs::File::options()
            .write(true)
            .open(f)
            .unwrap()
            .set_modified(old)
            .unwrap();
    }
    let taken = backup::manual(&db, &common::me(), 2).unwrap();
    assert!(taken.path.exists(), "the backup just taken was deleted");
    let restored = backup::restore(
        &mut db,
        &common::me(),
        &source.path,
        &common::keys(),
        Some(2),
    )
    .unwrap();
    let safety = restored.safety_backup.unwrap();
    assert!(safety.path.exists(), "the before-restore copy was deleted");
    assert!(
        taken.path.exists(),
        "the newest by time written was deleted"
    );
    assert!(source.path.exists(), "the backup restored from was deleted");
    assert!(
        future.iter().all(|f| !f.exists()),
        "the old files with future names are the ones rotated away"
    );
}

/// A restore used to check the id, `integrity_check` and the version only: a
/// file with orphaned rows was restored, a planted trigger fired on the
/// restore's own audit row (wiping training, rewriting every pay
/// recommendation), and a view shadowing `staff` hid most of the practice.
/// Each is refused now, naming what is wrong, with the database and the file
/// untouched and no backup taken; opening such a file is refused too, and
/// `check` reports it.
#[test]
fn poisoned_backups_are_refused_naming_the_poison() {
    let dir = tempfile::tempdir().unwrap();
    let (_keep, mut db) = common::fresh();
    common::person(&mut db, "Stays", None, "2024-05-01");
    let db_before = settled_bytes(&db);
    let poisons: [(&str, &str, &str); 7] = [
        (
            "trigger",
            "CREATE TRIGGER wipe AFTER INSERT ON audit_log BEGIN
               DELETE FROM training_records; UPDATE evaluations SET merit_percent = 99; END;",
            "a trigger \"wipe\" on audit_log",
        ),
        (
            "shadowing view",
            "ALTER TABLE staff RENAME TO staff_everyone;
             CREATE VIEW staff AS SELECT * FROM staff_everyone WHERE id <= 3;",
            "a view \"staff\"",
        ),
        (
            "extra table",
            "CREATE TABLE notes (x);",
            "a table \"notes\"",
        ),
        (
            "orphaned rows",
            "PRAGMA foreign_keys = OFF; DELETE FROM staff WHERE id = 1;",
            "refer to records that do not exist",
        ),
        // Values the app cannot read back: each page showing them would fail.
        (
            "a date that is not one",
            "UPDATE staff SET hire_date = '31/02/2024' WHERE id = 2;",
            "hire_date \"31/02/2024\", which is not a date",
        ),
        (
            "a time that is not one",
            "UPDATE staff SET updated_at = 'yesterday' WHERE id = 2;",
            "updated_at \"yesterday\", which is not a time",
        ),
        (
            "JSON that does not parse",
            "UPDATE audit_log SET changes = '[{' WHERE id = 1;",
            "changes \"[{\", which is not readable JSON",
        ),
    ];
    for (what, sql, named) in poisons {
        let file = dir
            .path()
            .join(format!("{}.sqlite3", what.replace(' ', "-")));
        common::demo_file(&file);
        common::raw(&file).execute_batch(sql).unwrap();
        let file_before = std::fs::read(&file).unwrap();
        let err =
            backup::restore(&mut db, &common::me(), &file, &common::keys(), Some(3)).unwrap_err();
        assert_eq!(err.code(), ErrorCode::DamagedDatabase, "{what}: {err}");
        assert!(err.to_string().contains(named), "{what}: {err}");
        assert_eq!(std::fs::read(&file).unwrap(), file_before, "{what}");
        assert_eq!(
            settled_bytes(&db),
            db_before,
            "{what}: the database changed"
        );
        assert!(backup::list(db.path()).unwrap().is_empty(), "{what}");
        if !matches!(what, "orphaned rows") && !what.contains("not") {
            let err = Db::open(&file, &common::keys()).err().unwrap();
            assert_eq!(err.code(), ErrorCode::DamagedDatabase, "{what}: {err}");
            assert_eq!(std::fs::read(&file).unwrap(), file_before, "{what}");
        } else {
            let report = Db::open(&file, &common::keys()).unwrap().check().unwrap();
            assert!(!report.is_ok(), "{what}: check said ok");
            assert!(
                report
                    .problems
                    .iter()
                    .any(|p| p.contains(named) || what == "orphaned rows"),
                "{what}: {:?}",
                report.problems
            );
        }
    }
}

/// A restore that fails after the database was copied aside (here: the
/// restored data cannot be prepared beside the database) leaves the database
/// exactly as it was and says where that copy is.
#[test]
fn a_restore_that_fails_part_way_changes_nothing_and_names_the_copy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("practice.sqlite3");
    let backup_file = dir.path().join("backup.sqlite3");
    common::demo_file(&backup_file);
    let mut db = Db::open(&path, &common::keys()).unwrap();
    common::person(&mut db, "Only here", None, "2024-05-01");
    let before = common::snapshot(&db);
    // Where the restored data would be prepared, something is in the way.
    let staging = dir.path().join(format!(
        ".practice.sqlite3.restoring-{}",
        std::process::id()
    ));
    std::fs::create_dir(&staging).unwrap();
    std::fs::write(staging.join("occupied"), b"x").unwrap();
    let err = backup::restore(
        &mut db,
        &common::me(),
        &backup_file,
        &common::keys(),
        Some(14),
    )
    .unwrap_err();
    assert_eq!(common::snapshot(&db), before, "the database changed");
    let listed = backup::list(db.path()).unwrap();
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0].reason, Reason::BeforeRestore);
    assert!(
        err.to_string().contains("The backup was not restored")
            && err
                .to_string()
                .contains(&listed[0].path.display().to_string()),
        "{err}"
    );
    std::fs::remove_dir_all(&staging).unwrap();
    backup::restore(
        &mut db,
        &common::me(),
        &backup_file,
        &common::keys(),
        Some(14),
    )
    .unwrap();
    assert_ne!(common::snapshot(&db), before);
    assert!(!staging.exists(), "the prepared copy is not left behind");
}

/// A database reached through a link: the app used to look for `-wal` beside
/// the link and SQLite beside the target, so after a crash the data was
/// refused, and `restore` replaced the link and kept a "before-restore" copy
/// without the data. The real path is resolved once, at open.
#[test]
fn a_database_reached_through_a_link_keeps_its_data_and_its_link() {
    let dir = tempfile::tempdir().unwrap();
    let real_dir = dir.path().join("real");
    std::fs::create_dir(&real_dir).unwrap();
    let real = real_dir.join("practice.sqlite3");
    let link = dir.path().join("practice-link.sqlite3");
    let backup_file = dir.path().join("backup.sqlite3");
    common::demo_file(&backup_file);
    {
        let mut db = Db::open(&real, &common::keys()).unwrap();
        common::person(&mut db, "Only in the WAL", None, "2024-05-01");
        // A crash: the connection's `-wal` stays beside the real file.
        std::fs::copy(&real, real_dir.join("crashed.sqlite3")).unwrap();
        std::fs::copy(
            real_dir.join("practice.sqlite3-wal"),
            real_dir.join("crashed.sqlite3-wal"),
        )
        .unwrap();
    }
    let crashed = real_dir.join("crashed.sqlite3");
    std::os::unix::fs::symlink(&crashed, &link).unwrap();
    let db = Db::open(&link, &common::keys()).unwrap();
    assert_eq!(db.path(), std::fs::canonicalize(&crashed).unwrap());
    let names: Vec<String> =
        standard_practice::staff::list(db.raw(), &common::me(), &Default::default())
            .unwrap()
            .into_iter()
            .map(|s| s.name)
            .collect();
    assert_eq!(names, ["Only in the WAL"]);
    let before = common::snapshot_except(&db, &["audit_log"]);
    drop(db);

    let (db, restored) = backup::restore_path(
        &link,
        &common::me(),
        &backup_file,
        &common::keys(),
        Some(14),
    )
    .unwrap();
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(db.path(), std::fs::canonicalize(&crashed).unwrap());
    let kept = restored.safety_backup.unwrap().path;
    assert!(kept.starts_with(std::fs::canonicalize(&real_dir).unwrap()));
    let kept_db = Db::open(&kept, &common::keys()).unwrap();
    assert_eq!(
        common::snapshot_except(&kept_db, &["audit_log"]),
        before,
        "the before-restore copy holds the data"
    );
}

/// A failing migration is retried at every start; it used to write a new
/// full-size backup each time. The same data is backed up once.
#[test]
fn the_same_data_is_backed_up_once_before_a_migration() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite3");
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        rusqlite_migration::Migrations::new(vec![rusqlite_migration::M::up(include_str!(
            "../src/migrations/001_foundation.sql"
        ))])
        .to_latest(&mut conn)
        .unwrap();
    }
    let copy = dir.path().join("old-again.sqlite3");
    std::fs::copy(&path, &copy).unwrap();
    std::fs::create_dir_all(dir.path().join("backups")).unwrap();
    // Two starts of the same schema-1 data (the second from an identical copy
    // placed where the first was, as if the first migration had failed).
    drop(Db::open(&path, &common::keys()).unwrap());
    std::fs::rename(&copy, &path).unwrap();
    drop(Db::open(&path, &common::keys()).unwrap());
    let before_migration: Vec<_> = backup::list(&path)
        .unwrap()
        .into_iter()
        .filter(|b| matches!(b.reason, Reason::BeforeMigration { .. }))
        .collect();
    assert_eq!(before_migration.len(), 1, "{before_migration:?}");
}

/// The copy of a file that did not open, kept by the recovery screen, used to
/// keep the file's 0644; every file the app writes is its owner's only, and
/// the backups folder is private.
#[test]
fn backups_and_the_copies_of_refused_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("practice.sqlite3");
    let backup_file = dir.path().join("backup.sqlite3");
    common::demo_file(&backup_file);
    std::fs::write(&path, b"Dear diary, not a database at all").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let (db, restored) = backup::recover(&path, &backup_file, &common::keys(), Some(14)).unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let kept = restored.safety_backup.unwrap().path;
    assert_eq!(mode(&kept), 0o600, "{}", kept.display());
    assert_eq!(mode(&backup::backup_dir(&path)), 0o700);
    assert_eq!(mode(db.path()), 0o600, "the restored database");
    let taken = backup::manual(&db, &common::me(), 14).unwrap();
    assert_eq!(mode(&taken.path), 0o600);
}

/// A folder, a pipe or a device where the practice's file should be, or a pipe
/// as its `-wal`: restoring used to hang on the pipe for ever, copy a device
/// until the disk was full, or rename the restored file over the folder's
/// name. Each is refused up front, and nothing is written anywhere.
#[test]
fn a_restore_into_a_folder_pipe_or_device_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let backup_file = dir.path().join("backup.sqlite3");
    common::demo_file(&backup_file);
    let folder = dir.path().join("a folder");
    std::fs::create_dir(&folder).unwrap();
    let fifo = dir.path().join("pipe.sqlite3");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let beside_a_pipe = dir.path().join("practice.sqlite3");
    common::demo_file(&beside_a_pipe);
    let wal = dir.path().join("practice.sqlite3-wal");
    assert!(std::process::Command::new("mkfifo")
        .arg(&wal)
        .status()
        .unwrap()
        .success());
    let dangling = dir.path().join("on-the-usb-disk.sqlite3");
    std::os::unix::fs::symlink("/media/unplugged/practice.sqlite3", &dangling).unwrap();
    for (what, target) in [
        ("a link to a disk not connected", dangling.as_path()),
        ("a folder", folder.as_path()),
        ("a pipe", fifo.as_path()),
        ("a device", Path::new("/dev/null")),
        ("beside a pipe", beside_a_pipe.as_path()),
    ] {
        let err = backup::recover(target, &backup_file, &common::keys(), Some(14)).unwrap_err();
        assert!(
            err.to_string().contains("nothing was restored"),
            "{what}: {err}"
        );
        let err = backup::restore_path(
            target,
            &common::me(),
            &backup_file,
            &common::keys(),
            Some(14),
        )
        .unwrap_err();
        assert_eq!(err.code(), ErrorCode::Invalid, "{what}: {err}");
    }
    assert!(folder.is_dir() && std::fs::read_dir(&folder).unwrap().next().is_none());
    assert!(
        !dir.path().join("backups").exists(),
        "nothing was backed up"
    );
}

/// `restore` on the command line used to put a practice in place of any file
/// named by `--db` (a thesis, another program's database). A file that is not
/// a practice's is refused there; the could-not-open screen, which only ever
/// shows the app's own file, may still restore over it, and keeps it as it
/// was — a copy rotation never deletes, however many backups follow.
#[test]
fn restore_never_replaces_a_file_that_is_not_a_practice_and_the_kept_copy_stays() {
    let dir = tempfile::tempdir().unwrap();
    let backup_file = dir.path().join("backup.sqlite3");
    common::demo_file(&backup_file);
    let thesis = dir.path().join("thesis.txt");
    std::fs::write(&thesis, b"Chapter 1. Four years of work.").unwrap();
    let err = backup::restore_path(
        &thesis,
        &common::me(),
        &backup_file,
        &common::keys(),
        Some(14),
    )
    .unwrap_err();
    assert!(err.to_string().contains("nothing was restored"), "{err}");
    assert_eq!(
        std::fs::read(&thesis).unwrap(),
        b"Chapter 1. Four years of work."
    );

    let (db, restored) = backup::recover(&thesis, &backup_file, &common::keys(), Some(2)).unwrap();
    let kept = restored.safety_backup.unwrap();
    assert_eq!(kept.reason, Reason::NotOpened);
    assert!(kept.path.to_str().unwrap().ends_with("-not-opened.sqlite3"));
    for _ in 0..4 {
        backup::manual(&db, &common::me(), 2).unwrap();
    }
    assert_eq!(
        std::fs::read(&kept.path).unwrap(),
        b"Chapter 1. Four years of work."
    );
    let manual = backup::list(db.path())
        .unwrap()
        .into_iter()
        .filter(|b| b.reason == Reason::Manual)
        .count();
    assert_eq!(
        manual, 2,
        "the kept copy does not count against the backups kept"
    );
}

/// A change saved by another program (the window, while `restore` runs on the
/// command line) between the safety copy and the swap used to be lost: in
/// neither the restored data nor the safety copy. Another connection saves
/// all through a restore here; every change it saved is afterwards in the
/// database or in the safety copy, and a restore stopped for it says so.
#[test]
fn a_change_saved_by_another_program_during_a_restore_is_never_lost() {
    let (dir, mut db) = common::fresh();
    standard_practice::demo::create(&mut db, &common::me(), Default::default(), common::today())
        .unwrap();
    let backup_file = dir.path().join("backup.sqlite3");
    common::save_backup(&db, &backup_file, false).unwrap();
    let path = db.path().to_path_buf();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let stop = std::sync::Arc::clone(&stop);
        std::thread::spawn(move || {
            let mut window = Db::open(&path, &common::keys()).unwrap();
            let mut saved = Vec::new();
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                n += 1;
                let name = format!("Saved meanwhile {n}");
                common::person(&mut window, &name, None, "2024-05-02");
                saved.push(name);
            }
            saved
        })
    };
    std::thread::sleep(std::time::Duration::from_millis(50));
    let outcome = backup::restore(
        &mut db,
        &common::me(),
        &backup_file,
        &common::keys(),
        Some(14),
    );
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let saved = writer.join().unwrap();
    let names = |db: &Db| -> std::collections::HashSet<String> {
        standard_practice::staff::list(db.raw(), &common::me(), &Default::default())
            .unwrap()
            .into_iter()
            .map(|s| s.name)
            .collect()
    };
    let now = names(&db);
    let kept = match &outcome {
        Ok(restored) => names(
            &Db::open(
                &restored.safety_backup.as_ref().unwrap().path,
                &common::keys(),
            )
            .unwrap(),
        ),
        Err(e) => {
            assert!(e.to_string().contains("another program saved"), "{e}");
            Default::default()
        }
    };
    let lost: Vec<_> = saved
        .iter()
        .filter(|n| !now.contains(*n) && !kept.contains(*n))
        .collect();
    assert!(
        lost.is_empty(),
        "lost {} of {}: {lost:?}",
        lost.len(),
        saved.len()
    );
}

/// Two practices in one folder (the recovery screen's "start a new practice"
/// puts the new one beside the old): their backups used to share one name
/// pattern, so each rotated the other's away. Each now names its backups
/// after its own file.
#[test]
fn two_practices_in_one_folder_never_rotate_each_others_backups() {
    let dir = tempfile::tempdir().unwrap();
    let first = Db::open(
        &dir.path().join("standard-practice.sqlite3"),
        &common::keys(),
    )
    .unwrap();
    let second = Db::open(
        &dir.path().join("standard-practice-2026-11-23.sqlite3"),
        &common::keys(),
    )
    .unwrap();
    let theirs = backup::manual(&first, &common::me(), 14).unwrap();
    assert!(theirs
        .path
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("standard-practice-2"));
    for _ in 0..3 {
        backup::manual(&second, &common::me(), 1).unwrap();
    }
    assert!(
        theirs.path.exists(),
        "the other practice's backup was rotated away"
    );
    assert_eq!(backup::list(first.path()).unwrap().len(), 1);
    assert_eq!(backup::list(second.path()).unwrap().len(), 1);
}

/// A file written "in the future" (its modification time ahead of the clock)
/// counts as the oldest: it never pushes today's backups out.
#[test]
fn backups_written_in_the_future_are_rotated_first() {
    let (_dir, db) = common::fresh();
    let ahead = backup::manual(&db, &common::me(), 14).unwrap();
    let year_ahead = std::time::SystemTime::now() + std::time::Duration::from_secs(366 * 86_400);
    std::fs::File::options()
        .write(true)
        .open(&ahead.path)
        .unwrap()
        .set_modified(year_ahead)
        .unwrap();
    let today = backup::manual(&db, &common::me(), 14).unwrap();
    assert_eq!(backup::newest(db.path()).unwrap().unwrap().path, today.path);
    let also_today = backup::manual(&db, &common::me(), 2).unwrap();
    assert!(today.path.exists() && also_today.path.exists());
    assert!(
        !ahead.path.exists(),
        "the file dated ahead stayed and a real one went"
    );
}

/// `restore` and `backup` on the command line used to rotate to 14 whatever
/// the practice said; they now keep as many as the practice keeps.
#[test]
fn the_command_line_keeps_as_many_backups_as_the_practice_says() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("practice.sqlite3");
    {
        let db = Db::open(&path, &common::keys()).unwrap();
        db.raw()
            .execute("UPDATE practice SET backups_kept = 2", [])
            .unwrap();
        drop(db);
    }
    for _ in 0..4 {
        let out = common::command()
            .arg("--db")
            .arg(&path)
            .arg("backup")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(backup::list(&path).unwrap().len(), 2);
}

/// A hard link to the open database is the open database: it used to be
/// accepted as the file to restore from.
#[test]
fn a_hard_link_to_the_open_database_is_not_a_backup() {
    let (dir, mut db) = common::fresh();
    let link = dir.path().join("looks-like-a-backup.sqlite3");
    std::fs::hard_link(db.path(), &link).unwrap();
    let err = backup::restore(&mut db, &common::me(), &link, &common::keys(), Some(3)).unwrap_err();
    assert!(
        err.to_string().contains("is the database that is open"),
        "{err}"
    );
}

/// A process killed half-way leaves its temporary files: the restored copy
/// being prepared, a half-written backup. They are removed at the next open
/// once an hour old, and nothing else is.
#[test]
fn what_a_killed_restore_or_backup_left_is_cleared_at_the_next_open() {
    let (dir, db) = common::fresh();
    let path = db.path().to_path_buf();
    drop(db);
    let backups = backup::backup_dir(&path);
    std::fs::create_dir_all(&backups).unwrap();
    let name = path.file_name().unwrap().to_str().unwrap();
    let stem = path.file_stem().unwrap().to_str().unwrap();
    let leftovers = [
        dir.path().join(format!(".{name}.restoring-4242")),
        dir.path().join(format!(".{name}.examining-4242")),
        backups.join(format!(
            ".{stem}-20261127T101010.000Z-daily.sqlite3.partial-4242"
        )),
        // An encryption killed half-way: of the practice, of a backup, of a
        // plain backup being restored.
        dir.path().join(format!(".{name}.encrypting-4242")),
        backups.join(format!(
            ".{stem}-20261127T101010.000Z-daily.sqlite3.encrypting-4242"
        )),
        dir.path()
            .join(format!("..{name}.restoring-4242.encrypting-4242")),
    ];
    let recent = backups.join(format!(
        ".{stem}-20261127T111111.000Z-daily.sqlite3.partial-4343"
    ));
    let not_ours = dir.path().join(".thesis.txt.restoring-4242");
    let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
    for f in leftovers.iter().chain([&not_ours]) {
        std::fs::write(f, b"half").unwrap();
        std::fs::File::options()
            .write(true)
            .open(f)
            .unwrap()
            .set_modified(two_hours_ago)
            .unwrap();
    }
    std::fs::write(&recent, b"still being written").unwrap();
    drop(Db::open_existing(&path, &common::keys()).unwrap());
    for f in &leftovers {
        assert!(!f.exists(), "{} was left", f.display());
    }
    assert!(recent.exists(), "a backup being written now was removed");
    assert!(not_ours.exists(), "a file that is not ours was removed");
}
