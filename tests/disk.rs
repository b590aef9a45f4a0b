//! A full disk or a read-only file during a save: the change is refused with a
//! message that says so (and that nothing saved before was lost), and nothing
//! saved before is lost — the database still opens, passes `integrity_check`, and
//! holds every earlier change.
//!
//! How each failure is produced:
//! - full disk, always: `PRAGMA max_page_count` caps the database at its current
//!   size, which is SQLite's own SQLITE_FULL path;
//! - full disk, for real: a 2 MB tmpfs filled up with another file, so the kernel
//!   answers ENOSPC; and that tmpfs remounted read-only, then the database opened.
//!   Mounting needs root (CAP_SYS_ADMIN); where `mount` is refused, these say so on
//!   stderr and check nothing;
//! - read-only file: the file is chmod 444. Root ignores file permissions, so when
//!   the tests run as root the checks run in a child process (this test binary,
//!   copied to a world-readable folder) as the unprivileged user `nobody`.
#![cfg(unix)]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use standard_practice::staff;
use standard_practice::{Db, Error, ErrorCode};

const NOT_SAVED: &str = "this change was not saved; everything saved before it is safe";
const SAVED_IS_SAFE: &str = "everything saved before";

/// Adds people until a save fails, checking that the failed save changed nothing;
/// returns the error. Panics if the disk never fills.
fn save_until_refused(db: &mut Db) -> Error {
    for n in 0..100_000 {
        let before = common::snapshot(db);
        let result = staff::create(
            db,
            &common::me(),
            &staff::StaffInput {
                name: format!("Filler person number {n} with a longish name"),
                hire_date: "2020-01-01".into(),
                ..Default::default()
            },
            common::today(),
        );
        if let Err(e) = result {
            assert_eq!(
                common::snapshot(db),
                before,
                "the refused save changed something"
            );
            return e;
        }
    }
    panic!("the disk never filled up");
}

fn names(db: &Db) -> Vec<String> {
    staff::list(db.raw(), &common::me(), &Default::default())
        .unwrap()
        .into_iter()
        .map(|s| s.name)
        .collect()
}

/// Reopens the file as the app would and checks it is whole and holds `expected`.
fn assert_reopens_with(path: &Path, expected: &str) {
    let db = Db::open(path, &common::keys()).unwrap();
    assert!(db.check().unwrap().is_ok());
    assert_eq!(common::snapshot(&db), expected);
}

#[test]
fn a_full_database_refuses_the_change_and_keeps_everything_saved() {
    let (dir, mut db) = common::fresh();
    common::person(&mut db, "Saved before", None, "2020-01-01");
    let pages: i64 = db
        .raw()
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    db.raw()
        .pragma_update(None, "max_page_count", pages)
        .unwrap();
    let err = save_until_refused(&mut db);
    assert_eq!(err.code(), ErrorCode::DiskFull, "{err}");
    assert!(err.to_string().starts_with("The disk is full: "), "{err}");
    assert!(err.to_string().contains(NOT_SAVED), "{err}");
    let saved = common::snapshot(&db);
    assert!(names(&db).contains(&"Saved before".to_owned()));
    // Room again: the next save works, and everything is there after reopening.
    db.raw()
        .pragma_update(None, "max_page_count", 1_000_000)
        .unwrap();
    common::person(&mut db, "Saved after", None, "2020-01-01");
    let after = common::snapshot(&db);
    assert_ne!(after, saved);
    let path = db.path().to_path_buf();
    drop(db);
    assert_reopens_with(&path, &after);
    drop(dir);
}

/// A tmpfs mounted for one test, unmounted when dropped.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(at: &Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(at).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!("mount is not permitted here: the real full-disk and read-only-disk cases are not run");
        }
        ok.then(|| Tmpfs(at.to_path_buf()))
    }

    fn remount(&self, mode: &str) {
        let status = Command::new("mount")
            .args(["-o", &format!("remount,{mode}")])
            .arg(&self.0)
            .status()
            .unwrap();
        assert!(status.success(), "remount {mode} failed");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// The backups folder seen through a bind mount has another path but is the
/// same folder: writing a PDF or a CSV there used to pass the check on paths.
#[test]
fn the_backups_folder_through_a_bind_mount_is_still_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("practice.sqlite3");
    let db = Db::open(&path, &common::keys()).unwrap();
    let taken = standard_practice::backup::manual(&db, &common::me(), 14).unwrap();
    let elsewhere = dir.path().join("reports");
    std::fs::create_dir(&elsewhere).unwrap();
    let bound = Command::new("mount")
        .arg("--bind")
        .arg(standard_practice::backup::backup_dir(&path))
        .arg(&elsewhere)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !bound {
        eprintln!("mount is not permitted here: the bind-mount case is not run");
        return;
    }
    let mounted = Tmpfs(elsewhere.clone());
    let guard = standard_practice::output::Guard::for_database(&path);
    let name = taken.path.file_name().unwrap();
    for target in [elsewhere.join("report.pdf"), elsewhere.join(name)] {
        let err = guard.file(&target, "PDF", true).unwrap_err();
        assert!(err.to_string().contains("practice's own data"), "{err}");
    }
    assert!(guard.folder(&elsewhere, true).is_err());
    drop(mounted);
}

/// Fills the file system holding `dir` with one file; returns its path.
fn fill(dir: &Path) -> PathBuf {
    use std::io::Write;
    let filler = dir.join("filler");
    let mut f = std::fs::File::create(&filler).unwrap();
    let chunk = vec![0u8; 4096];
    while f.write_all(&chunk).is_ok() {}
    filler
}

#[test]
fn a_really_full_or_read_only_disk_refuses_the_change_and_keeps_everything_saved() {
    let dir = tempfile::tempdir().unwrap();
    let Some(disk) = Tmpfs::mount(&dir.path().join("disk"), "2m") else {
        return;
    };
    let path = disk.0.join("practice.sqlite3");
    let mut db = Db::open(&path, &common::keys()).unwrap();
    common::person(&mut db, "Saved before", None, "2020-01-01");
    let filler = fill(&disk.0);
    let err = save_until_refused(&mut db);
    assert_eq!(err.code(), ErrorCode::DiskFull, "{err}");
    assert!(err.to_string().contains(NOT_SAVED), "{err}");
    // A backup onto the full disk says the backup was not written, not that
    // a change was lost (none was being made), and leaves no half file.
    let err = standard_practice::backup::manual(&db, &common::me(), 14).unwrap_err();
    let said = err.to_string();
    assert!(
        said.contains("was not written: the disk is full") && !said.contains(NOT_SAVED),
        "{said}"
    );
    let backups = disk.0.join("backups");
    let left: Vec<_> = std::fs::read_dir(&backups)
        .map(|d| d.map(|e| e.unwrap().file_name()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "{left:?}");
    assert!(names(&db).contains(&"Saved before".to_owned()));
    std::fs::remove_file(filler).unwrap();
    common::person(&mut db, "Saved after", None, "2020-01-01");
    let saved = common::snapshot(&db);
    drop(db);
    assert_reopens_with(&path, &saved);

    // The database on a read-only disk (a locked USB stick, a share mounted
    // read-only). Linux refuses to remount a file system read-only while a file
    // on it is open for writing, so the disk turns read-only between sessions.
    // The file opens for reading (SQLite writes nothing there, not even a
    // `-shm`), and every save is refused with the read-only message.
    disk.remount("ro");
    let bytes = std::fs::read(&path).unwrap();
    check_read_only_with(&path, &["Saved after", "Saved before"]);
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    disk.remount("rw");
    assert_reopens_with(&path, &saved);
}

const READ_ONLY_ENV: &str = "STANDARD_PRACTICE_READ_ONLY_DB";

#[test]
fn a_read_only_database_file_opens_refuses_saves_and_keeps_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("practice.sqlite3");
    {
        let mut db = Db::open(&path, &common::keys()).unwrap();
        common::person(&mut db, "Saved before", None, "2020-01-01");
    }
    let before = std::fs::read(&path).unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let privileged = std::fs::OpenOptions::new().write(true).open(&path).is_ok();
    if privileged {
        // Root writes through any permission bits: ask as `nobody` instead.
        let exe = dir.path().join("disk-test");
        std::fs::copy(std::env::current_exe().unwrap(), &exe).unwrap();
        std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).unwrap();
        // Another test's thread may fork while the copy's write handle is
        // open; its child holds the handle until it execs, and running the
        // copy meanwhile fails with "Text file busy": try again briefly.
        let run = || {
            Command::new(&exe)
                .args([
                    "--exact",
                    "read_only_checks",
                    "--ignored",
                    "--nocapture",
                    "--test-threads=1",
                ])
                .env(READ_ONLY_ENV, &path)
                .uid(65534)
                .gid(65534)
                .output()
        };
        let mut out = run();
        for _ in 0..50 {
            match &out {
                Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy => {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                    out = run();
                }
                _ => break,
            }
        }
        let out = out.unwrap();
        let report = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && report.contains("read-only checks passed"),
            "as nobody: {report}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    } else {
        check_read_only(&path);
    }
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file was modified"
    );
}

#[test]
#[ignore = "run by a_read_only_database_file_opens_refuses_saves_and_keeps_its_data as an unprivileged user"]
fn read_only_checks() {
    if let Some(path) = std::env::var_os(READ_ONLY_ENV) {
        check_read_only(Path::new(&path));
        println!("read-only checks passed");
    }
}

fn check_read_only(path: &Path) {
    check_read_only_with(path, &["Saved before"]);
}

fn check_read_only_with(path: &Path, saved: &[&str]) {
    let mut db = Db::open(path, &common::keys()).unwrap();
    assert!(db.is_read_only());
    assert_eq!(names(&db), saved);
    // Printing reads a snapshot; an import's preview rehearses on a copy.
    let snapshot = db.snapshot().unwrap();
    let people: i64 = snapshot
        .raw()
        .query_row("SELECT COUNT(*) FROM staff", [], |r| r.get(0))
        .unwrap();
    assert_eq!(people as usize, saved.len());
    drop(snapshot);
    let rehearsed: i64 = db
        .rehearse(|tx| Ok(tx.query_row("SELECT COUNT(*) FROM staff", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(rehearsed as usize, saved.len());
    for suffix in ["-wal", "-shm"] {
        let side = format!("{}{suffix}", path.display());
        assert!(
            !Path::new(&side).exists(),
            "reading a read-only database left {side} behind, which would keep refusing saves"
        );
    }
    let err = staff::create(
        &mut db,
        &common::me(),
        &staff::StaffInput {
            name: "Never saved".into(),
            hire_date: "2020-01-01".into(),
            ..Default::default()
        },
        common::today(),
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::ReadOnly, "{err}");
    assert!(err.to_string().contains("is read-only"), "{err}");
    assert!(err.to_string().contains(SAVED_IS_SAFE), "{err}");
    assert_eq!(names(&db), saved);
}

/// A full USB stick as the place for copies off the computer: the copy is
/// refused saying the disk is full, nothing half-written stays there, the
/// problem is kept for the overview, and the practice is untouched.
#[test]
fn a_full_destination_for_copies_off_the_computer_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let Some(stick) = Tmpfs::mount(&dir.path().join("stick"), "1m") else {
        return;
    };
    let path = dir.path().join("practice.sqlite3");
    common::demo_file(&path);
    let mut db = Db::open(&path, &common::keys()).unwrap();
    let me = common::me();
    standard_practice::offsite::set_folder(&mut db, &me, Some(&stick.0)).unwrap();
    let filler = fill(&stick.0);
    let before = common::snapshot_except(&db, &["practice"]);
    let taken = standard_practice::backup::manual(&db, &common::me(), 14).unwrap();
    let place = standard_practice::offsite::place(&db, &me)
        .unwrap()
        .unwrap();
    let outcome = standard_practice::offsite::copy(&taken, &place, 14);
    let err = outcome.as_ref().unwrap_err();
    assert!(err.to_string().contains("is full"), "{err}");
    standard_practice::offsite::record(&mut db, &outcome, chrono::Utc::now()).unwrap();
    let status = standard_practice::offsite::status(db.raw(), &me).unwrap();
    assert!(status.problem.unwrap().contains("is full"));
    let left: Vec<_> = std::fs::read_dir(&stick.0)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n != "filler")
        .collect();
    assert!(left.is_empty(), "half a copy was left: {left:?}");
    assert_eq!(common::snapshot_except(&db, &["practice"]), before);
    std::fs::remove_file(filler).unwrap();
}
