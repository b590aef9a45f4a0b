//! The practice encrypted at rest: a copied database, backup or copy off the
//! computer gives nothing away without the key, and a practice from before
//! encryption is encrypted, with every copy the app wrote, when it is opened.

mod common;

use std::path::{Path, PathBuf};

use common::{me, today};
use standard_practice::backup::{self, DEFAULT_KEEP};
use standard_practice::demo::{self, DemoSize};
use standard_practice::keys::{Key, Keys};
use standard_practice::storage::APPLICATION_ID;
use standard_practice::{offsite, Db, ErrorCode};
use unicode_normalization::UnicodeNormalization;

/// Every name in the practice in NFC and NFD, and every comment on a rating:
/// what must not appear in the bytes of any copy.
fn secrets(db: &Db) -> Vec<String> {
    let mut texts: Vec<String> = db
        .raw()
        .prepare(
            "SELECT name FROM staff UNION SELECT comment FROM evaluation_criteria
              WHERE length(comment) > 12",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(
        texts.len() > 12,
        "the demo has names and comments: {texts:?}"
    );
    let decomposed: Vec<String> = texts.iter().map(|t| t.nfd().collect()).collect();
    assert!(
        decomposed.iter().zip(&texts).any(|(d, t)| d != t),
        "some name differs in NFD"
    );
    texts.extend(decomposed);
    texts
}

/// Asserts that plain SQLite cannot read `path` and that none of `secrets`
/// is anywhere in its bytes.
fn gives_nothing_away(path: &Path, secrets: &[String]) {
    let bytes = std::fs::read(path).unwrap();
    for secret in secrets {
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "{secret:?} is readable in {}",
            path.display()
        );
    }
    let out = std::process::Command::new("sqlite3")
        .arg(path)
        .arg("SELECT name FROM staff")
        .output()
        .expect("sqlite3 (make setup installs it)");
    assert!(
        !out.status.success(),
        "sqlite3 read {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stdout)
    );
    // The header stays plain: ours, encrypted (80 reserved bytes a page).
    assert_eq!(&bytes[68..72], &APPLICATION_ID.to_be_bytes());
    assert_eq!(bytes[20], 80, "{}", path.display());
}

#[test]
fn a_copied_practice_backup_or_copy_off_the_computer_gives_nothing_away() {
    let dir = tempfile::tempdir().unwrap();
    let offsite_dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("practice.sqlite3");
    let mut db = Db::open(&path, &common::keys()).unwrap();
    demo::create(&mut db, &me(), DemoSize::default(), today()).unwrap();
    common::person(&mut db, "Zoë Núñez-Ångström", None, "2020-01-01");
    let secrets = secrets(&db);
    offsite::set_folder(&mut db, &me(), Some(offsite_dir.path())).unwrap();
    let copies = offsite::copy_now(&mut db, &me(), DEFAULT_KEEP).unwrap();
    assert!(copies.problem.is_none(), "{:?}", copies.problem);
    let saved = dir.path().join("saved elsewhere.sqlite3");
    common::save_backup(&db, &saved, false).unwrap();
    drop(db);
    let mut files = vec![path.clone(), saved];
    files.extend(backup::list(&path).unwrap().into_iter().map(|b| b.path));
    files.extend(
        std::fs::read_dir(offsite_dir.path())
            .unwrap()
            .map(|e| e.unwrap().path()),
    );
    assert!(files.len() >= 4, "{files:?}");
    for file in &files {
        gives_nothing_away(file, &secrets);
    }
    // With the key, every copy is the practice.
    for file in &files[1..] {
        let copy = Db::open(file, &common::keys()).unwrap();
        assert!(copy.check().unwrap().is_ok());
    }
}

/// Every file under `dir`, at any depth.
fn every_file(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(every_file(&path));
        } else {
            found.push(path);
        }
    }
    found
}

#[test]
fn a_plain_practice_and_every_copy_of_it_are_encrypted_when_it_is_opened() {
    let dir = tempfile::tempdir().unwrap();
    let offsite_dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("source.sqlite3");
    let mut db = Db::open(&source, &common::keys()).unwrap();
    demo::create(&mut db, &me(), DemoSize::default(), today()).unwrap();
    offsite::set_folder(&mut db, &me(), Some(offsite_dir.path())).unwrap();
    let secrets = secrets(&db);
    let uid: String = db
        .raw()
        .query_row("SELECT uid FROM practice", [], |r| r.get(0))
        .unwrap();
    let expected = common::snapshot(&db);
    drop(db);

    // The practice, two backups and a copy off the computer, all plain.
    let practice = dir.path().join("old").join("practice.sqlite3");
    std::fs::create_dir_all(practice.parent().unwrap().join("backups")).unwrap();
    common::plain_copy(&source, &practice);
    for stamp in ["20261120T080000.000Z-daily", "20261121T080000.000Z-manual"] {
        common::plain_copy(
            &source,
            &practice
                .parent()
                .unwrap()
                .join(format!("backups/practice-{stamp}.sqlite3")),
        );
    }
    common::plain_copy(
        &source,
        &offsite_dir.path().join(format!(
            "standard-practice-{uid}-20261121T080000.000Z-daily.sqlite3"
        )),
    );
    // Something else's file in the backups folder is not ours to touch.
    let stranger = practice.parent().unwrap().join("backups/notes.txt");
    std::fs::write(&stranger, "Zoë's notes").unwrap();

    let db = Db::open(&practice, &common::keys()).unwrap();
    let done = db.encrypted().expect("it was encrypted now").clone();
    assert_eq!(
        (
            done.backups,
            done.copies_off_computer,
            done.left_plain.len()
        ),
        (2, 1, 0),
        "{done:?}"
    );
    let said = done.summary(db.path());
    assert!(
        said.ends_with(
            "was encrypted, with its 2 backups and its copy off the computer: \
             no unencrypted copy of it is left where the app wrote one."
        ),
        "{said}"
    );
    assert_eq!(
        common::snapshot(&db),
        expected,
        "the data came through whole"
    );
    drop(db);
    let reopened = Db::open(&practice, &common::keys()).unwrap();
    assert_eq!(reopened.encrypted(), None, "encrypted once");
    drop(reopened);

    let mut files = every_file(practice.parent().unwrap());
    files.extend(every_file(offsite_dir.path()));
    files.retain(|f| *f != stranger);
    assert_eq!(files.len(), 4, "no temporary file is left: {files:?}");
    for file in &files {
        gives_nothing_away(file, &secrets);
    }
    assert_eq!(std::fs::read_to_string(&stranger).unwrap(), "Zoë's notes");
}

/// A plain practice whose newest changes are still in its `-wal` keeps them.
#[test]
fn the_plain_wal_is_folded_in_and_removed() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("source.sqlite3");
    common::demo_file(&source);
    let practice = dir.path().join("practice.sqlite3");
    common::plain_copy(&source, &practice);
    {
        let conn = rusqlite::Connection::open(&practice).unwrap();
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0;
             UPDATE practice SET name = 'Only in the WAL';",
        )
        .unwrap();
        // Kept open while the WAL is copied aside, so closing does not fold it in.
        std::fs::copy(
            common::side(&practice, "-wal"),
            dir.path().join("saved-wal"),
        )
        .unwrap();
    }
    std::fs::copy(
        dir.path().join("saved-wal"),
        common::side(&practice, "-wal"),
    )
    .unwrap();
    let db = Db::open(&practice, &common::keys()).unwrap();
    assert!(db.encrypted().is_some());
    let name: String = db
        .raw()
        .query_row("SELECT name FROM practice", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "Only in the WAL");
    drop(db);
    let wal = common::side(&practice, "-wal");
    assert!(
        !wal.exists()
            || !std::fs::read(&wal)
                .unwrap()
                .windows(15)
                .any(|w| w == b"Only in the WAL"),
        "the plain -wal is gone"
    );
}

/// While another program has the plain practice open, it is not encrypted
/// (what that program saved later would go to the plain file); it opens
/// once that program is closed.
#[test]
fn a_plain_practice_open_elsewhere_is_left_until_it_is_closed() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("source.sqlite3");
    common::demo_file(&source);
    let practice = dir.path().join("practice.sqlite3");
    common::plain_copy(&source, &practice);
    let other = rusqlite::Connection::open(&practice).unwrap();
    other
        .execute_batch("PRAGMA journal_mode = WAL; UPDATE practice SET name = 'Elsewhere';")
        .unwrap();
    let err = Db::open(&practice, &common::keys()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict, "{err}");
    assert!(err.to_string().contains("open in another program"), "{err}");
    assert_eq!(std::fs::read(&practice).unwrap()[20], 0, "still plain");
    drop(other);
    let db = Db::open(&practice, &common::keys()).unwrap();
    assert!(db.encrypted().is_some());
}

/// Several keys on one computer: each practice opens with its own; a
/// practice whose key is not there is told apart from a damaged one.
#[test]
fn each_practice_opens_with_its_own_key_among_several() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (Key::generate().unwrap(), Key::generate().unwrap());
    let first = dir.path().join("first.sqlite3");
    let second = dir.path().join("second.sqlite3");
    drop(Db::open(&first, &Keys::given(a.clone())).unwrap());
    drop(Db::open(&second, &Keys::given(b.clone())).unwrap());
    let both = Keys::given(a.clone()).with(b.clone());
    Db::open_existing(&first, &both).unwrap();
    Db::open_existing(&second, &both).unwrap();
    let err = Db::open_existing(&second, &Keys::given(a)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::WrongKey, "{err}");
    assert!(err.to_string().contains("recovery key"), "{err}");
}

/// The command line: `demo` with a key file that does not exist yet makes
/// it, readable by its owner only; other commands open with it, from the
/// flag or the environment; without it, and without a credential store,
/// the message says how to give the key.
#[test]
fn the_command_line_keeps_the_key_in_the_key_file_it_is_given() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("practice.sqlite3");
    let key_file = dir.path().join("practice.key");
    let run = |args: &[&str], key: Option<&Path>| {
        let mut command = common::command();
        command.env_remove("STANDARD_PRACTICE_KEY_FILE");
        // No credential store: no session bus to find one on.
        command.env_remove("DBUS_SESSION_BUS_ADDRESS");
        command.env("DISPLAY", "");
        if let Some(key) = key {
            command.env("STANDARD_PRACTICE_KEY_FILE", key);
        }
        let out = command.arg("--db").arg(&db).args(args).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        (out.status.success(), text)
    };
    let key_arg = key_file.to_str().unwrap();
    let (ok, text) = run(&["--key-file", key_arg, "demo"], None);
    assert!(ok, "{text}");
    let mode = std::fs::metadata(&key_file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let key = Key::read_file(&key_file).unwrap();
    Db::open_existing(&db, &Keys::given(key)).unwrap();
    let (ok, text) = run(&["check"], Some(&key_file));
    assert!(ok && text.contains("check: ok"), "{text}");
    let (ok, text) = run(&["check"], Some(common::key_file()));
    assert!(!ok && text.contains("recovery key"), "{text}");
    let (ok, text) = run(&["check"], None);
    assert!(!ok && text.contains("--key-file"), "{text}");
    let mistyped = dir.path().join("practise.key");
    let (ok, text) = run(&["check"], Some(&mistyped));
    assert!(
        !ok && text.contains("practise.key") && text.contains("does not exist"),
        "{text}"
    );
    assert!(
        !mistyped.exists(),
        "no key file made for a practice that has one"
    );
}

/// The key file chosen in the window on a computer without a credential
/// store is remembered in the config folder and used by the window and the
/// command line alike, after `--key-file` and the environment; when it is
/// not there (a USB stick left at home) nothing new is made, and the
/// message says where it was.
#[test]
fn a_key_file_chosen_in_the_window_is_used_at_every_start() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("practice.sqlite3");
    let config = dir.path().join("config");
    let key_file = dir.path().join("stick").join("practice key.txt");
    std::fs::create_dir_all(key_file.parent().unwrap()).unwrap();
    let run = |args: &[&str]| {
        let mut command = common::command();
        command.env_remove("STANDARD_PRACTICE_KEY_FILE");
        command.env_remove("DBUS_SESSION_BUS_ADDRESS");
        command.env("DISPLAY", "");
        command.env("XDG_CONFIG_HOME", &config);
        let out = command.arg("--db").arg(&db).args(args).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        (out.status.success(), text)
    };
    std::fs::create_dir_all(config.join(standard_practice::storage::APP_IDENTIFIER)).unwrap();
    std::fs::write(
        config
            .join(standard_practice::storage::APP_IDENTIFIER)
            .join("key-file-path.txt"),
        format!("{}\n", key_file.display()),
    )
    .unwrap();

    // Not there yet: no practice is made with a key that would go nowhere.
    let (ok, text) = run(&["demo"]);
    assert!(!ok && text.contains("is not there"), "{text}");
    assert!(!db.exists() && !key_file.exists());

    common::key().write_new_file(&key_file).unwrap();
    let (ok, text) = run(&["demo"]);
    assert!(ok, "{text}");
    Db::open_existing(&db, &common::keys()).unwrap();
    let (ok, text) = run(&["check"]);
    assert!(ok && text.contains("check: ok"), "{text}");

    // The stick taken away: the practice stays as it was.
    let before = std::fs::read(&db).unwrap();
    std::fs::rename(&key_file, dir.path().join("elsewhere.txt")).unwrap();
    let (ok, text) = run(&["check"]);
    assert!(!ok && text.contains("is not there"), "{text}");
    assert!(text.contains("practice key.txt"), "{text}");
    assert_eq!(std::fs::read(&db).unwrap(), before);
    assert!(!key_file.exists());
}

/// The recovery key on paper: one page that holds exactly the key the
/// practice opens with.
#[test]
fn the_recovery_key_prints_on_one_page_that_opens_the_practice() {
    let (dir, mut db) = common::fresh();
    demo::create(&mut db, &me(), DemoSize::default(), today()).unwrap();
    let page = dir.path().join("recovery key.pdf");
    let dest = standard_practice::output::Guard::for_database(db.path())
        .file(&page, "PDF", false)
        .unwrap();
    standard_practice::documents::recovery_key_file(
        &db,
        &me(),
        standard_practice::documents::PrintOptions::now(),
        &dest,
    )
    .unwrap();
    let out = std::process::Command::new("pdfinfo")
        .arg(&page)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("Pages:           1"));
    let out = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(&page)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let groups: Vec<&str> = text
        .split_whitespace()
        .filter(|w| {
            w.len() == 4
                && w.chars()
                    .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
        })
        // The key's rows come first; the year printed below it would match too.
        .take(14)
        .collect();
    let typed = groups.join(" ");
    assert_eq!(Key::from_recovery(&typed).unwrap(), common::key(), "{text}");
    assert!(text.contains("Lakeside Family Dental"), "{text}");
}

/// The key file is the practice's: nothing the command line writes may go
/// over it, and it may not be the practice's own file or one beside it.
#[test]
fn the_key_file_is_never_written_over_nor_the_practice_itself() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("practice.sqlite3");
    let key_file = dir.path().join("practice.key");
    let run = |args: &[&str]| {
        let out = common::command()
            .env("STANDARD_PRACTICE_KEY_FILE", &key_file)
            .arg("--db")
            .arg(&db)
            .args(args)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        (out.status.success(), text)
    };
    assert!(run(&["demo"]).0);
    let key = std::fs::read(&key_file).unwrap();
    let key_arg = key_file.to_str().unwrap();
    for args in [
        &["backup", "-o", key_arg, "--force"][..],
        &["export", "staff", "-o", key_arg, "--force"],
        &["print", "handbook", "-o", key_arg, "--force"],
    ] {
        let (ok, text) = run(args);
        assert!(!ok && text.contains("key file"), "{args:?}: {text}");
        assert_eq!(std::fs::read(&key_file).unwrap(), key, "{args:?}");
    }
    // The practice's own file, or one SQLite keeps beside it, as the key file.
    let other = dir.path().join("other.sqlite3");
    for beside in ["", "-wal", "-shm"] {
        let out = common::command()
            .env_remove("STANDARD_PRACTICE_KEY_FILE")
            .arg("--db")
            .arg(&other)
            .arg("--key-file")
            .arg(format!("{}{beside}", other.display()))
            .arg("demo")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stderr);
        assert!(
            !out.status.success() && text.contains("name a file elsewhere"),
            "{beside}: {text}"
        );
        assert!(!other.exists(), "{beside}: nothing was made");
    }
}

/// A practice that opens with its own key is not a file that does not open:
/// `restore` with the wrong key refuses, and the practice is as it was.
#[test]
fn a_restore_with_the_wrong_key_replaces_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let practice = dir.path().join("practice.sqlite3");
    common::demo_file(&practice);
    let before = std::fs::read(&practice).unwrap();
    let theirs = dir.path().join("theirs.sqlite3");
    let their_keys = Keys::given(Key::generate().unwrap());
    drop(Db::open(&theirs, &their_keys).unwrap());
    // The window asks first, before signing anyone out.
    let err = backup::check_key(&theirs, &common::keys()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::WrongKey, "{err}");
    backup::check_key(&theirs, &their_keys).unwrap();
    let err = backup::restore_path(&practice, &me(), &theirs, &their_keys, None).unwrap_err();
    assert_eq!(err.code(), ErrorCode::WrongKey, "{err}");
    let err = backup::recover(&practice, &theirs, &their_keys, None).unwrap_err();
    assert_eq!(err.field(), Some("recovery_key"), "{err}");
    assert_eq!(std::fs::read(&practice).unwrap(), before);
    assert!(
        !backup::backup_dir(&practice).exists(),
        "nothing was kept aside"
    );
}

/// A conversion killed after the practice was encrypted but before its
/// backups were: the next open encrypts them.
#[test]
fn plain_backups_left_by_a_killed_conversion_are_encrypted_at_the_next_open() {
    let dir = tempfile::tempdir().unwrap();
    let practice = dir.path().join("practice.sqlite3");
    common::demo_file(&practice);
    let backups = backup::backup_dir(&practice);
    std::fs::create_dir_all(&backups).unwrap();
    let plain = backups.join("practice-20261120T080000.000Z-daily.sqlite3");
    common::plain_copy(&practice, &plain);
    let db = Db::open(&practice, &common::keys()).unwrap();
    let done = db.encrypted().expect("the backup was encrypted now");
    assert_eq!((done.backups, done.left_plain.len()), (1, 0), "{done:?}");
    assert_eq!(std::fs::read(&plain).unwrap()[20], 80);
    drop(db);
    let again = Db::open(&practice, &common::keys()).unwrap();
    assert_eq!(again.encrypted(), None, "nothing more to do");
}
