//! The keys live in the operating system's real credential store, not in
//! keyring's in-memory stand-in: each test run starts a private D-Bus session
//! with a throwaway gnome-keyring whose home and data folders are temporary,
//! runs the checks inside it, and looks the secret up there with
//! `secret-tool`, as another program would.

mod common;

use std::path::Path;
use std::process::Command;

use standard_practice::keys::{self, Key, Keys};
use standard_practice::Db;

const INSIDE: &str = "STANDARD_PRACTICE_KEYSTORE_TEST";

#[test]
fn keys_are_kept_in_the_real_credential_store() {
    let home = tempfile::tempdir().unwrap();
    let exe = std::env::current_exe().unwrap();
    let script = r#"
        set -e
        mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
        printf 'throwaway' | gnome-keyring-daemon --daemonize --login >/dev/null
        eval "$(gnome-keyring-daemon --start --components=secrets)"
        exec "$0" --exact keys_inside_a_private_keyring --ignored --nocapture --test-threads=1
    "#;
    let out = Command::new("dbus-run-session")
        .args(["--", "sh", "-c", script])
        .arg(&exe)
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_RUNTIME_DIR", home.path().join("run"))
        .env(INSIDE, "1")
        .output()
        .expect("dbus-run-session (package dbus) and gnome-keyring are installed by the Makefile");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && report.contains("keystore checks passed"),
        "{report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let keyring = home.path().join("data/keyrings/login.keyring");
    assert!(
        keyring.exists(),
        "nothing was written to the throwaway keyring"
    );
}

#[test]
#[ignore = "run by keys_are_kept_in_the_real_credential_store inside a private D-Bus session"]
fn keys_inside_a_private_keyring() {
    if std::env::var_os(INSIDE).is_none() {
        return;
    }
    assert!(
        keys::stored().unwrap().is_empty(),
        "a new keyring holds no key"
    );
    let first = Key::generate().unwrap();
    let second = Key::generate().unwrap();
    keys::remember(&first).unwrap();
    keys::remember(&second).unwrap();
    keys::remember(&first).unwrap();
    assert_eq!(keys::stored().unwrap(), [first.clone(), second]);
    let found = Command::new("secret-tool")
        .args([
            "lookup",
            "service",
            "com.standardpractice.app",
            "username",
            "practice keys",
        ])
        .output()
        .expect("secret-tool (package libsecret-tools) is installed by the Makefile");
    let found = String::from_utf8_lossy(&found.stdout);
    assert!(
        found.contains(&first.recovery_text()),
        "not in the Secret Service: {found}"
    );
    assert!(Path::new(&std::env::var_os("HOME").unwrap()).exists());

    // A new practice keeps its key there before it is made, and opens with
    // the store alone from then on.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("practice.sqlite3");
    drop(Db::open(&path, &Keys::from_store().unwrap()).unwrap());
    assert_eq!(keys::stored().unwrap().len(), 3, "its key was remembered");
    Db::open_existing(&path, &Keys::from_store().unwrap()).unwrap();

    // A practice from before encryption, open in another program: each
    // refused conversion takes its new key back out of the store.
    let source = dir.path().join("source.sqlite3");
    common::demo_file(&source);
    let plain = dir.path().join("plain.sqlite3");
    common::plain_copy(&source, &plain);
    let other = rusqlite::Connection::open(&plain).unwrap();
    other
        .execute_batch("PRAGMA journal_mode = WAL; UPDATE practice SET name = 'Elsewhere';")
        .unwrap();
    for _ in 0..3 {
        let refused = Db::open(&plain, &Keys::from_store().unwrap()).unwrap_err();
        assert!(refused.to_string().contains("another program"), "{refused}");
    }
    assert_eq!(
        keys::stored().unwrap().len(),
        3,
        "no unused key left behind"
    );
    drop(other);
    drop(Db::open(&plain, &Keys::from_store().unwrap()).unwrap());
    assert_eq!(keys::stored().unwrap().len(), 4, "its key was remembered");
    Db::open_existing(&plain, &Keys::from_store().unwrap()).unwrap();
    println!("keystore checks passed");
}
