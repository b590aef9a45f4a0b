//! Encrypting the plain copies of a practice from before encryption: its
//! backups, and its copies off the computer.

use std::path::Path;

use rusqlite::Connection;

use super::{backup_dir, list_folder, name_prefix};
use crate::keys::Key;
use crate::storage;

/// Encrypts, with `key`, every plain backup of the practice at `db_path` in
/// its `backups/` folder (the practice itself was just encrypted): what
/// opening a practice from before encryption does once, so that no plain
/// copy of it remains where the app wrote one.
pub(crate) fn encrypt_copies(db_path: &Path, key: &Key) -> storage::Encrypted {
    let (backups, left_plain) = encrypt_folder(&backup_dir(db_path), &name_prefix(db_path), key);
    storage::Encrypted {
        backups,
        copies_off_computer: 0,
        left_plain,
    }
}

/// [`encrypt_copies`] for the copies off the computer, when the practice on
/// `conn` has a folder for them: encrypted there if the folder is reachable;
/// if not, the report says so (they are replaced, encrypted, as copies rotate).
pub(crate) fn encrypt_copies_off_computer(
    conn: &Connection,
    key: &Key,
    report: &mut storage::Encrypted,
) {
    let place = match crate::offsite::configured(conn, key) {
        Ok(Some(place)) => place,
        Ok(None) => return,
        Err(e) => {
            report.left_plain.push(format!(
                "The copies off the computer were not looked at: {e}"
            ));
            return;
        }
    };
    if !place.folder.is_dir() {
        report.left_plain.push(format!(
            "The copies off the computer in {} could not be reached: they stay unencrypted until newer, encrypted copies replace them there, or you delete them",
            place.folder.display()
        ));
        return;
    }
    let (done, left) = encrypt_folder(&place.folder, place.prefix(), key);
    report.copies_off_computer = done;
    report.left_plain.extend(left);
}

/// Encrypts the plain copies of ours named `prefix…` in `dir`; how many were
/// encrypted, and a sentence for each that could not be.
pub(crate) fn encrypt_folder(dir: &Path, prefix: &str, key: &Key) -> (usize, Vec<String>) {
    let Ok(copies) = list_folder(dir, prefix) else {
        return (0, Vec::new());
    };
    let mut done = 0;
    let mut left = Vec::new();
    for copy in copies {
        if !storage::is_plain_practice(&copy.path) {
            continue;
        }
        match storage::encrypt_file(&copy.path, key) {
            Ok(()) => done += 1,
            Err(e) => left.push(format!("{} was not encrypted: {e}", copy.path.display())),
        }
    }
    (done, left)
}
