//! The command line aimed at the wrong place, as a careless or hostile user
//! would: every command that writes a file, pointed at the practice's own
//! files, at devices and pipes, at a file that exists; a mistyped `--db`; a
//! FIFO where a database or a backup should be. Each is refused, and the
//! practice is exactly as it was.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use standard_practice::Db;

fn sp(db: &Path, args: &[&str]) -> Output {
    common::command()
        .arg("--db")
        .arg(db)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

fn side(path: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}{suffix}", path.display()))
}

fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(ok.success(), "mkfifo {}", path.display());
}

/// Every command that writes a file, with its output argument last.
const WRITERS: &[&[&str]] = &[
    &["export", "staff", "-o"],
    &["export", "training", "-o"],
    &["export", "scores", "-o"],
    &["print", "compliance", "-o"],
    &["print", "handbook", "-o"],
    &["print", "blank-form", "-o"],
    &["print", "transcript", "--staff", "1", "-o"],
    &["print", "evaluation", "1", "-o"],
    &["print", "annual", "--year", "2025", "-o"],
    &["print", "recognition", "1", "-o"],
    &["print", "suggestions", "-o"],
    &["print", "todo", "-o"],
    &["print", "summary", "--year", "2025", "-o"],
    &["print", "swot", "1", "-o"],
    &["print", "project", "1", "-o"],
    &["backup", "-o"],
];

/// `export staff -o D` used to replace the whole practice with a CSV, and `-o
/// D-wal` while the app had the file open destroyed committed changes. With
/// the practice open in this process (so its `-wal` and `-shm` exist, as when
/// the window is running), every writer aimed at any of the practice's files,
/// a device, a FIFO, or a link or hard link to the database is refused — with
/// `--force` too — and nothing of the practice changes.
#[test]
fn no_command_writes_over_the_practice_or_into_a_device() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("practice.sqlite3");
    common::demo_file(&db_path);
    let backups = dir.path().join("backups");
    let mut db = Db::open(&db_path, &common::keys()).unwrap();
    standard_practice::backup::manual(&db, &common::me(), 14).unwrap();
    common::person(&mut db, "Saved while the app is open", None, "2024-05-01");
    let before = common::snapshot(&db);
    assert!(side(&db_path, "-wal").exists() && side(&db_path, "-shm").exists());

    let fifo = dir.path().join("pipe.pdf");
    mkfifo(&fifo);
    let soft = dir.path().join("link-to-practice.pdf");
    std::os::unix::fs::symlink(&db_path, &soft).unwrap();
    let hard = dir.path().join("hard-link.pdf");
    std::fs::hard_link(&db_path, &hard).unwrap();
    let backup_file = std::fs::read_dir(&backups)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let targets: Vec<PathBuf> = vec![
        db_path.clone(),
        side(&db_path, "-wal"),
        side(&db_path, "-shm"),
        side(&db_path, "-journal"),
        backups.join("new-file.pdf"),
        backup_file.clone(),
        backups.clone(),
        PathBuf::from("/dev/null"),
        PathBuf::from("/dev/zero"),
        fifo.clone(),
        soft.clone(),
        hard.clone(),
        dir.path().to_path_buf(),
        PathBuf::from("."),
    ];
    let backup_bytes = std::fs::read(&backup_file).unwrap();
    let mut refused = 0;
    for writer in WRITERS {
        for target in &targets {
            if writer[1] == "annual" && (target == dir.path() || target == Path::new(".")) {
                // An ordinary folder is where the batch writes one file a person.
                continue;
            }
            for force in [false, true] {
                let mut args: Vec<&str> = writer.to_vec();
                args.push(target.to_str().unwrap());
                if force {
                    args.push("--force");
                }
                let out = sp(&db_path, &args);
                assert!(!out.status.success(), "{args:?} succeeded: {}", text(&out));
                assert!(
                    text(&out).contains("standard-practice: "),
                    "{args:?}: {}",
                    text(&out)
                );
                refused += 1;
            }
        }
    }
    assert_eq!(common::snapshot(&db), before, "the practice changed");
    assert!(db.check().unwrap().is_ok());
    assert_eq!(std::fs::read(&backup_file).unwrap(), backup_bytes);
    assert!(std::fs::symlink_metadata(&soft)
        .unwrap()
        .file_type()
        .is_symlink());
    let kinds = std::fs::metadata(&fifo).unwrap();
    assert!(std::os::unix::fs::FileTypeExt::is_fifo(&kinds.file_type()));
    drop(db);
    let reopened = Db::open(&db_path, &common::keys()).unwrap();
    assert_eq!(common::snapshot(&reopened), before);
    println!("hostile outputs refused: {refused}");
}

/// An ordinary file that exists is replaced only with `--force`; `-o .` says
/// what kind of file to give.
#[test]
fn an_existing_file_needs_force_and_messages_name_the_kind() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("practice.sqlite3");
    common::demo_file(&db_path);
    let old = dir.path().join("staff.csv");
    std::fs::write(&old, "keep me").unwrap();
    let out = sp(&db_path, &["export", "staff", "-o", old.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(text(&out).contains("already exists"), "{}", text(&out));
    assert!(text(&out).contains("--force"), "{}", text(&out));
    assert_eq!(std::fs::read_to_string(&old).unwrap(), "keep me");
    let out = sp(
        &db_path,
        &["export", "staff", "-o", old.to_str().unwrap(), "--force"],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(std::fs::read_to_string(&old).unwrap().contains("Name"));

    let out = sp(&db_path, &["export", "staff", "-o", "."]);
    assert!(
        text(&out).contains("the CSV file") && !text(&out).contains(".pdf"),
        "{}",
        text(&out)
    );
    let pdf = dir.path().join("handbook.pdf");
    let out = sp(
        &db_path,
        &["print", "handbook", "-o", pdf.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", text(&out));
    let out = sp(
        &db_path,
        &["print", "handbook", "-o", pdf.to_str().unwrap()],
    );
    assert!(!out.status.success() && text(&out).contains("already exists"));
}

/// A mistyped `--db` used to be created, folders and all, and `check` said ok.
/// Only `demo` makes a new practice.
#[test]
fn a_mistyped_database_path_is_an_error_not_a_new_practice() {
    let dir = tempfile::tempdir().unwrap();
    let typo = dir.path().join("pratice").join("practise.sqlite3");
    for args in [
        &["check"][..],
        &["staff", "list"],
        &["backup"],
        &["evaluations", "list"],
        &["export", "staff", "-o", "/tmp/never-written.csv"],
    ] {
        let out = sp(&typo, args);
        assert!(!out.status.success(), "{args:?}: {}", text(&out));
        assert!(
            text(&out).contains("does not exist"),
            "{args:?}: {}",
            text(&out)
        );
        assert!(
            !dir.path().join("pratice").exists(),
            "{args:?} made the folder"
        );
    }
    assert!(!Path::new("/tmp/never-written.csv").exists());
    let out = sp(&typo, &["demo"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(sp(&typo, &["check"]).status.success());
}

/// A FIFO given as the database or as the backup to restore used to hang for
/// ever. Both are refused at once (the test would hang, not fail, before).
#[test]
fn a_fifo_is_neither_a_database_nor_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("practice.sqlite3");
    mkfifo(&fifo);
    let out = sp(&fifo, &["check"]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("not an ordinary file"),
        "{}",
        text(&out)
    );

    let db_path = dir.path().join("real.sqlite3");
    common::demo_file(&db_path);
    let before = std::fs::read(&db_path).unwrap();
    let out = sp(&db_path, &["restore", fifo.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("not an ordinary file"),
        "{}",
        text(&out)
    );
    assert_eq!(std::fs::read(&db_path).unwrap(), before);
    assert!(!dir.path().join("backups").exists(), "no backup taken");
}

/// `backups` that is a file used to give "File exists (os error 17)" with no
/// path.
#[test]
fn a_file_in_the_way_of_the_backups_folder_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("practice.sqlite3");
    common::demo_file(&db_path);
    std::fs::write(dir.path().join("backups"), "not a folder").unwrap();
    let out = sp(&db_path, &["backup"]);
    assert!(!out.status.success());
    let said = text(&out);
    assert!(
        said.contains(&dir.path().join("backups").display().to_string())
            && said.contains("where the backups folder should be"),
        "{said}"
    );
}

/// The annual batch's progress used to be written for a terminal only
/// ("\rprinting 1 of 12"); into a pipe or a log it is whole lines.
#[test]
fn progress_into_a_pipe_is_whole_lines() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("practice.sqlite3");
    common::demo_file(&db_path);
    let out_file = dir.path().join("annual.pdf");
    let out = sp(
        &db_path,
        &[
            "print",
            "annual",
            "--year",
            "2026",
            "-o",
            out_file.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let progress = String::from_utf8_lossy(&out.stderr);
    assert!(!progress.contains('\r'), "{progress:?}");
    let last = progress.lines().last().unwrap_or("");
    assert!(
        last.starts_with("printing ") && last.contains(" of "),
        "{progress:?}"
    );
}

/// `demo` killed at any moment — during the very first open, mid-migration,
/// mid-demo — leaves a file that is either a whole practice `check` passes or
/// a new one `demo` can still fill. Killing it early used to leave
/// an empty WAL-mode file every command refused as another program's.
#[test]
fn demo_killed_at_any_moment_leaves_a_usable_file() {
    let dir = tempfile::tempdir().unwrap();
    let timed = dir.path().join("timed.sqlite3");
    let start = std::time::Instant::now();
    assert!(sp(&timed, &["demo", "--people", "60"]).status.success());
    let full = start.elapsed();
    let kills = 20;
    for i in 0..kills {
        let path = dir.path().join(format!("killed-{i}.sqlite3"));
        let mut child = common::command()
            .arg("--db")
            .arg(&path)
            .args(["demo", "--people", "60"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(full * i / kills);
        let _ = child.kill();
        let _ = child.wait();
        if !path.exists() {
            continue;
        }
        // Whole, or new: an empty file is not yet a practice (like a
        // missing one, every command but `demo` says so), never refused as
        // someone else's.
        let check = sp(&path, &["check"]);
        assert!(
            check.status.success() || text(&check).contains("is empty, not a practice yet"),
            "after kill {i}: {}",
            text(&check)
        );
        let again = sp(&path, &["demo", "--people", "60"]);
        assert!(
            again.status.success() || text(&again).contains("already"),
            "after kill {i}: {}",
            text(&again)
        );
        assert!(sp(&path, &["check"]).status.success(), "after kill {i}");
    }
}

/// The app's own data folder (where the practice lives when no `--db` is
/// given) is private, also when an older version made it readable by all.
/// Runs with its own HOME and XDG folders, never the real user's.
#[test]
fn the_apps_own_data_folder_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data");
    let ours = data.join("com.standardpractice.app");
    std::fs::create_dir_all(&ours).unwrap();
    std::fs::set_permissions(&ours, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = common::command()
        .arg("demo")
        .env_remove("STANDARD_PRACTICE_DB")
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", &data)
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_CACHE_HOME", home.path().join("cache"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&ours), 0o700);
    assert_eq!(mode(&ours.join("standard-practice.sqlite3")), 0o600);
}

/// The same with the practice already there, made by an older version.
#[test]
fn the_apps_own_data_folder_is_made_private_when_it_is_opened() {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data");
    let ours = data.join("com.standardpractice.app");
    std::fs::create_dir_all(&ours).unwrap();
    common::demo_file(&ours.join("standard-practice.sqlite3"));
    std::fs::set_permissions(&ours, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = common::command()
        .arg("check")
        .env_remove("STANDARD_PRACTICE_DB")
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", &data)
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let mode = std::fs::metadata(&ours).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700);
}

/// `print annual --year 99999` used to print a batch of blank forms for the
/// year 99999.
#[test]
fn a_year_nobody_means_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("practice.sqlite3");
    common::demo_file(&db_path);
    for year in ["99999", "2999", "1066", "0"] {
        let out_file = dir.path().join(format!("annual-{year}.pdf"));
        let out = sp(
            &db_path,
            &[
                "print",
                "annual",
                "--year",
                year,
                "-o",
                out_file.to_str().unwrap(),
            ],
        );
        assert!(!out.status.success(), "{year}: {}", text(&out));
        assert!(
            text(&out).contains("is not a year to print reviews for"),
            "{year}: {}",
            text(&out)
        );
        assert!(!out_file.exists(), "{year}");
    }
}

/// `print annual -o reviews/` with no such folder used to write one PDF named
/// `reviews` in the working folder; a path ending in `/` names a folder.
#[test]
fn a_folder_that_does_not_exist_is_said_to_not_exist() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("practice.sqlite3");
    assert!(sp(&db, &["demo"]).status.success());
    let target = format!("{}/reviews/", dir.path().display());
    for args in [
        vec!["print", "annual", "--year", "2026", "-o", &target],
        vec!["print", "compliance", "-o", &target],
    ] {
        let out = sp(&db, &args);
        assert!(!out.status.success(), "{args:?}");
        assert!(
            text(&out).contains("does not exist"),
            "{args:?}: {}",
            text(&out)
        );
        assert!(
            !dir.path().join("reviews").exists(),
            "{args:?} wrote a file"
        );
    }
}
