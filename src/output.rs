//! Where the app may write a file a person asked for — a printed PDF, a CSV
//! export, a copy of a backup — and writing it there all or nothing.
//!
//! Ordinary commands aimed at the wrong place are the way a practice loses its
//! data: `export staff -o practice.sqlite3`, a PDF "saved" over the `-wal` file
//! the open database still needs, a file dropped into `backups/` where rotation
//! would treat it as ours, a FIFO that blocks for ever. So no writer takes a
//! bare path: it takes a [`Destination`], and the only way to get one is
//! [`Guard::file`] (or [`Guard::folder`] and [`Folder::file`]), which refuses:
//!
//! - the practice's database, its `-wal`, `-shm` and `-journal`, by name and by
//!   identity (a hard link or a symbolic link to it is the same file); on
//!   Windows and macOS, whose disks ignore the case of a name, by name in any
//!   case too (`PRACTICE.SQLITE3` is the practice);
//! - anything inside the database's `backups/` folder;
//! - folders, devices, FIFOs and sockets: only a regular file is replaced;
//! - an existing file, unless the caller says to replace it (`--force`, or the
//!   window's save dialog, which asks first).
//!
//! A destination is written through a temporary file beside it, created new
//! (never through a link someone left there) and readable by its owner only,
//! then renamed into place; a failure or a drop part-way removes the temporary
//! file, so the target is either untouched or complete.

use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::storage::side_file;

/// The files no command may write over: those of one practice's database.
#[derive(Debug, Clone)]
pub struct Guard {
    /// The database and its side files, as named and as resolved.
    names: Vec<PathBuf>,
    /// The [`identity`] of each of those that exists.
    identities: Vec<(u64, u64)>,
    /// The [`identity`] of the backups folder, if it exists.
    backup_identities: Vec<(u64, u64)>,
    /// The backups folder, as named and as resolved.
    backups: Vec<PathBuf>,
}

/// A checked place to write one file.
#[derive(Debug, Clone)]
pub struct Destination {
    path: PathBuf,
}

/// A checked folder to write several files into (the annual batch, one file a
/// person).
#[derive(Debug, Clone)]
pub struct Folder {
    dir: PathBuf,
    guard: Guard,
    replace: bool,
}

impl Guard {
    /// The guard for the practice whose database is (or would be) at `db_path`.
    pub fn for_database(db_path: &Path) -> Guard {
        let mut bases = vec![absolute(db_path)];
        if let Ok(real) = dunce::canonicalize(db_path) {
            bases.push(real);
        }
        let mut names = Vec::new();
        let mut backups = Vec::new();
        for base in &bases {
            names.push(base.clone());
            for suffix in ["-wal", "-shm", "-journal"] {
                names.push(side_file(base, suffix));
            }
            let dir = crate::backup::backup_dir(base);
            if let Ok(real) = dunce::canonicalize(&dir) {
                backups.push(real);
            }
            backups.push(dir);
        }
        let identities = names.iter().filter_map(|p| identity(p)).collect();
        // The same folder seen through a bind mount has another path but the
        // same device and inode.
        let backup_identities = backups.iter().filter_map(|p| identity(p)).collect();
        Guard {
            names,
            identities,
            backup_identities,
            backups,
        }
    }

    /// The same guard, protecting `path` too: the practice's key file, whose
    /// loss would lose the practice and every backup.
    pub fn and_key_file(mut self, path: Option<&Path>) -> Guard {
        let Some(path) = path else {
            return self;
        };
        let mut names = vec![absolute(path)];
        if let Ok(real) = dunce::canonicalize(path) {
            names.push(real);
        }
        self.identities
            .extend(names.iter().filter_map(|p| identity(p)));
        self.names.extend(names);
        self
    }

    /// Checks `target` as the place to write one file of `kind` (a word for the
    /// messages: "PDF", "CSV", "backup"). An existing regular file is accepted
    /// only when `replace` is true.
    pub fn file(&self, target: &Path, kind: &str, replace: bool) -> Result<Destination> {
        if names_a_folder(target) && !target.is_dir() {
            // `newdir/` is a folder the person meant, not a file named `newdir`.
            return Err(invalid(format!(
                "The folder {} does not exist",
                target.display()
            )));
        }
        let name = target
            .file_name()
            .filter(|n| !n.is_empty() && *n != "." && *n != "..")
            .ok_or_else(|| {
                invalid(format!(
                    "{} is not a file name: give the name of the {kind} file to write",
                    target.display()
                ))
            })?;
        let folder = parent_of(target);
        let real_folder = existing_folder(&folder)?;
        let path = real_folder.join(name);
        self.refuse_protected(&path, target)?;
        match fs::symlink_metadata(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(output_error(target, &e)),
            Ok(meta) => {
                let meta = if meta.file_type().is_symlink() {
                    // Writing replaces the link itself, never what it points to;
                    // but a link to the database is refused all the same.
                    match fs::metadata(&path) {
                        Ok(followed) => {
                            if let Ok(real) = dunce::canonicalize(&path) {
                                self.refuse_protected(&real, target)?;
                            }
                            followed
                        }
                        Err(_) => meta,
                    }
                } else {
                    meta
                };
                if meta.is_dir() {
                    return Err(invalid(format!(
                        "{} is a folder: give the name of the {kind} file to write",
                        target.display()
                    )));
                }
                if !meta.is_file() && !meta.file_type().is_symlink() {
                    return Err(invalid(format!(
                        "{} is not an ordinary file (a device, a pipe or a socket); choose another name",
                        target.display()
                    )));
                }
                if !replace {
                    return Err(Error::conflict(
                        "output",
                        format!(
                            "{} already exists and was left as it is: choose another name, or say to replace it",
                            target.display()
                        ),
                    ));
                }
            }
        }
        Ok(Destination { path })
    }

    /// Checks `dir` as a folder to write several files into; each file is then
    /// checked by [`Folder::file`] with the same `replace`.
    pub fn folder(&self, dir: &Path, replace: bool) -> Result<Folder> {
        let real = existing_folder(dir)?;
        if self.in_backups(&real) {
            return Err(invalid(format!(
                "{} is the practice's backups folder: choose another folder",
                dir.display()
            )));
        }
        Ok(Folder {
            dir: real,
            guard: self.clone(),
            replace,
        })
    }

    fn in_backups(&self, path: &Path) -> bool {
        if self.backups.iter().any(|b| starts_with_name(path, b)) {
            return true;
        }
        if !self.backup_identities.is_empty() {
            return path
                .ancestors()
                .filter_map(identity)
                .any(|id| self.backup_identities.contains(&id));
        }
        false
    }

    fn refuse_protected(&self, path: &Path, shown: &Path) -> Result<()> {
        let parent = parent_of(path);
        let hit = self.names.iter().any(|n| same_name(n, path))
            || self.in_backups(&parent)
            || self.in_backups(path)
            || self.same_file_as_database(path);
        if hit {
            return Err(invalid(format!(
                "{} is the practice's own data (its database, a file beside it, its backups or its key file): choose another name",
                shown.display()
            )));
        }
        Ok(())
    }

    fn same_file_as_database(&self, path: &Path) -> bool {
        identity(path).is_some_and(|id| self.identities.contains(&id))
    }
}

impl Folder {
    /// The folder, resolved.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Checks one file in the folder.
    pub fn file(&self, name: &str, kind: &str) -> Result<Destination> {
        let target = self.dir.join(name);
        if target.parent() != Some(self.dir.as_path()) {
            return Err(invalid(format!("{name} is not a file name")));
        }
        self.guard.file(&target, kind, self.replace)
    }
}

impl Destination {
    /// A file the app names itself (its own settings, its cache), not one a
    /// person typed: written the same careful way, without the checks.
    pub(crate) fn chosen_by_the_app(path: PathBuf) -> Destination {
        Destination { path }
    }

    /// Where the file goes, resolved (its folder without links).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes `bytes` there all or nothing.
    pub fn write(&self, bytes: &[u8]) -> Result<()> {
        let mut file = self.start()?;
        file.write_all(bytes)
            .map_err(|e| output_error(&self.path, &e))?;
        file.finish()
    }

    /// Starts writing: a new temporary file beside the destination, readable by
    /// its owner only. [`PartialFile::finish`] puts it in place; dropping it
    /// unfinished removes it.
    pub fn start(&self) -> Result<PartialFile> {
        let temp = temp_beside(&self.path);
        let file = create_private(&temp).map_err(|e| output_error(&self.path, &e))?;
        Ok(PartialFile {
            file: BufWriter::new(file),
            staged: Staged {
                temp,
                target: self.path.clone(),
                placed: false,
            },
        })
    }
}

/// A file being written under a temporary name beside its destination.
pub struct PartialFile {
    file: BufWriter<File>,
    staged: Staged,
}

impl Write for PartialFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

impl PartialFile {
    /// Where the file will go.
    pub fn target(&self) -> &Path {
        &self.staged.target
    }

    /// Closes the file, still under its temporary name, to be put in place
    /// together with others ([`place_all`]).
    pub fn stage(self) -> Result<Staged> {
        let PartialFile { file, staged } = self;
        // On failure `staged` is dropped here, and the temporary file with it.
        file.into_inner()
            .map_err(|e| output_error(&staged.target, e.error()))?;
        Ok(staged)
    }

    /// Closes the file and renames it into place.
    pub fn finish(self) -> Result<()> {
        place_all(vec![self.stage()?]).map(|_| ())
    }
}

/// A complete file under its temporary name, waiting to be renamed into
/// place. Dropped unplaced, it is removed.
#[derive(Debug)]
pub struct Staged {
    temp: PathBuf,
    target: PathBuf,
    placed: bool,
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.placed && !self.temp.as_os_str().is_empty() {
            // Nothing more to do if it is already gone.
            let _ = fs::remove_file(&self.temp);
        }
    }
}

/// Renames every staged file into place, or as few as possible: a folder in
/// the way is found before anything is renamed; if a rename still fails, the
/// files this call created are removed again (files it replaced hold complete
/// new copies and stay) and every temporary file goes.
pub fn place_all(mut staged: Vec<Staged>) -> Result<Vec<PathBuf>> {
    if let Some(s) = staged.iter().find(|s| s.target.is_dir()) {
        return Err(invalid(format!(
            "{} is a folder and is in the way",
            s.target.display()
        )));
    }
    let mut done: Vec<(PathBuf, bool)> = Vec::with_capacity(staged.len());
    for s in &mut staged {
        let existed = s.target.exists();
        if let Err(e) = fs::rename(&s.temp, &s.target) {
            for (p, created) in &done {
                if *created {
                    let _ = fs::remove_file(p);
                }
            }
            return Err(output_error(&s.target, &e));
        }
        s.placed = true;
        done.push((s.target.clone(), !existed));
    }
    Ok(done.into_iter().map(|(p, _)| p).collect())
}

/// Creates `path` new, readable and writable by its owner only (on Unix), never
/// through an existing file or link. A leftover of a process that died with
/// our process id is ours to replace.
pub(crate) fn create_private(path: &Path) -> std::io::Result<File> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            fs::remove_file(path)?;
            options.open(path)
        }
        other => other,
    }
}

fn temp_beside(path: &Path) -> PathBuf {
    let mut name = OsString::from(".");
    name.push(path.file_name().unwrap_or_else(|| "file".as_ref()));
    name.push(format!(".{}.part", std::process::id()));
    path.with_file_name(name)
}

/// True when `path` ends in a separator (`reviews/`): it names a folder.
pub fn names_a_folder(path: &Path) -> bool {
    path.as_os_str()
        .to_str()
        .and_then(|s| s.chars().last())
        .is_some_and(std::path::is_separator)
}

fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `dir` resolved, when it is a folder that exists.
fn existing_folder(dir: &Path) -> Result<PathBuf> {
    match dunce::canonicalize(dir) {
        Ok(real) if real.is_dir() => Ok(real),
        Ok(_) => Err(invalid(format!("{} is not a folder", dir.display()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(invalid(format!(
            "The folder {} does not exist",
            dir.display()
        ))),
        Err(e) => Err(output_error(dir, &e)),
    }
}

/// `path` made absolute against the working folder, without resolving links.
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Whether the file systems of this OS ignore the case of a name by default
/// (NTFS, APFS): there `PRACTICE.SQLITE3` names the practice's file.
const NAMES_IGNORE_CASE: bool = cfg!(any(windows, target_os = "macos"));

/// True when `a` and `b` name the same file, component by component; where
/// names ignore case ([`NAMES_IGNORE_CASE`]), in any case.
pub(crate) fn same_name(a: &Path, b: &Path) -> bool {
    let (mut a, mut b) = (a.components(), b.components());
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if same_component(x, y, NAMES_IGNORE_CASE) => {}
            _ => return false,
        }
    }
}

/// True when `path` is `base` or inside it, compared as [`same_name`] does.
fn starts_with_name(path: &Path, base: &Path) -> bool {
    let mut parts = path.components();
    base.components().all(|b| {
        parts
            .next()
            .is_some_and(|p| same_component(p, b, NAMES_IGNORE_CASE))
    })
}

fn same_component(
    a: std::path::Component<'_>,
    b: std::path::Component<'_>,
    ignore_case: bool,
) -> bool {
    let (a, b) = (a.as_os_str(), b.as_os_str());
    if a == b {
        return true;
    }
    match (ignore_case, a.to_str(), b.to_str()) {
        (true, Some(a), Some(b)) => equal_ignoring_case(a, b),
        _ => false,
    }
}

/// `a` and `b` equal letter for letter, in upper or lower case, as Windows
/// compares names: each letter by its one-letter upper case (`ß` stays `ß`,
/// never `SS`).
fn equal_ignoring_case(a: &str, b: &str) -> bool {
    let upper = |c: char| {
        let mut u = c.to_uppercase();
        match (u.next(), u.next()) {
            (Some(one), None) => one,
            _ => c,
        }
    };
    a.chars().count() == b.chars().count()
        && a.chars().zip(b.chars()).all(|(x, y)| upper(x) == upper(y))
}

/// `(device, inode)`: the same file or folder whatever path reaches it (a
/// link, a hard link, a bind mount, a name in another case).
#[cfg(unix)]
pub(crate) fn identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// `(volume serial number, file index)`, Windows' identity of a file or
/// folder: the same whatever path reaches it (a hard link, a link, a name in
/// another case).
#[cfg(windows)]
pub(crate) fn identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::windows::fs::OpenOptionsExt;
    // Opened for no access at all, so whoever holds the file (SQLite, a PDF
    // viewer) is not disturbed; backup semantics let a folder open too.
    const FILE_FLAG_BACKUP_SEMANTICS: u32 = 0x0200_0000;
    let file = fs::OpenOptions::new()
        .access_mode(0)
        .custom_flags(FILE_FLAG_BACKUP_SEMANTICS)
        .open(path)
        .ok()?;
    let info = winapi_util::file::information(&file).ok()?;
    Some((info.volume_serial_number(), info.file_index()))
}

#[cfg(not(any(unix, windows)))]
pub(crate) fn identity(_path: &Path) -> Option<(u64, u64)> {
    None
}

fn invalid(message: String) -> Error {
    Error::invalid("output", message)
}

/// An I/O failure while writing to `path`, in words, against the `output` field.
pub(crate) fn output_error(path: &Path, e: &std::io::Error) -> Error {
    invalid(format!(
        "{} cannot be written: {}",
        path.display(),
        io_reason(e)
    ))
}

/// What an I/O failure means, in words.
pub(crate) fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "the folder does not exist".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        std::io::ErrorKind::ReadOnlyFilesystem => "the disk is read-only".to_owned(),
        std::io::ErrorKind::StorageFull => "the disk is full".to_owned(),
        std::io::ErrorKind::IsADirectory => "it is a folder".to_owned(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn practice() -> (tempfile::TempDir, PathBuf, Guard) {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("practice.sqlite3");
        fs::write(&db, b"pretend database").unwrap();
        fs::write(side_file(&db, "-wal"), b"pretend wal").unwrap();
        fs::create_dir(dir.path().join("backups")).unwrap();
        let guard = Guard::for_database(&db);
        (dir, db, guard)
    }

    fn refused(guard: &Guard, target: &Path, replace: bool) -> String {
        match guard.file(target, "PDF", replace) {
            Ok(d) => panic!(
                "{} was accepted as {}",
                target.display(),
                d.path().display()
            ),
            Err(e) => {
                assert_eq!(e.field(), Some("output"), "{e}");
                e.to_string()
            }
        }
    }

    #[test]
    fn the_database_and_everything_beside_it_is_refused_even_with_force() {
        let (dir, db, guard) = practice();
        for target in [
            db.clone(),
            side_file(&db, "-wal"),
            side_file(&db, "-shm"),
            side_file(&db, "-journal"),
            dir.path().join("backups/new.pdf"),
            dir.path().join("backups"),
            dir.path().join("./practice.sqlite3"),
            dir.path().join("backups/../practice.sqlite3-wal"),
        ] {
            let message = refused(&guard, &target, true);
            assert!(
                message.contains("own data") || message.contains("folder"),
                "{message}"
            );
        }
        assert_eq!(fs::read(&db).unwrap(), b"pretend database");
    }

    #[cfg(unix)]
    #[test]
    fn links_to_the_database_are_the_database() {
        let (dir, db, guard) = practice();
        let soft = dir.path().join("report.pdf");
        std::os::unix::fs::symlink(&db, &soft).unwrap();
        refused(&guard, &soft, true);
        let hard = dir.path().join("hard.pdf");
        fs::hard_link(&db, &hard).unwrap();
        refused(&guard, &hard, true);
        // A folder reached through a link: still the backups folder.
        let via = dir.path().join("via");
        std::os::unix::fs::symlink(dir.path().join("backups"), &via).unwrap();
        refused(&guard, &via.join("x.pdf"), true);
    }

    /// Windows (and a Mac) open `PRACTICE.SQLITE3` as `practice.sqlite3`:
    /// there the guard knows the practice's files by name in any case, and by
    /// identity when they exist. `-o KEY.TXT --force` under Wine replaced the
    /// practice's key file with a PDF before identities were read on Windows.
    #[test]
    fn the_practice_named_in_another_case_is_refused_where_names_ignore_case() {
        let (dir, db, guard) = practice();
        let key = dir.path().join("key.txt");
        fs::write(&key, b"the key").unwrap();
        let guard = guard.and_key_file(Some(&key));
        for name in [
            "PRACTICE.SQLITE3",
            "Practice.sqlite3-WAL",
            "practice.SQLITE3-journal",
            "KEY.TXT",
        ] {
            let target = dir.path().join(name);
            if NAMES_IGNORE_CASE {
                let message = refused(&guard, &target, true);
                assert!(message.contains("own data"), "{name}: {message}");
            } else {
                // Another file on a disk that keeps case: it may be written.
                guard.file(&target, "PDF", true).unwrap();
            }
        }
        assert_eq!(fs::read(&db).unwrap(), b"pretend database");
        assert_eq!(fs::read(&key).unwrap(), b"the key");
    }

    #[test]
    fn names_compare_letter_by_letter_in_either_case_as_windows_does() {
        assert!(equal_ignoring_case("PRACTICE.SQLITE3", "practice.sqlite3"));
        assert!(equal_ignoring_case("Zoë's files", "ZOË'S FILES"));
        assert!(equal_ignoring_case("Ольга", "ОЛЬГА"));
        // One letter for one letter: `ß` is not `SS` in a Windows name.
        assert!(!equal_ignoring_case("straße", "STRASSE"));
        assert!(!equal_ignoring_case("practice.sqlite3", "practice.sqlite"));
        let (upper, lower) = (
            Path::new("/p/Backups/PRACTICE.SQLITE3"),
            Path::new("/p/backups/practice.sqlite3"),
        );
        assert_eq!(same_name(upper, lower), NAMES_IGNORE_CASE);
        assert!(same_name(lower, lower));
        assert!(!same_name(lower, Path::new("/p/backups")));
        assert_eq!(
            starts_with_name(upper, Path::new("/P/BACKUPS")),
            NAMES_IGNORE_CASE
        );
        assert!(starts_with_name(lower, Path::new("/p/backups")));
        assert!(!starts_with_name(
            Path::new("/p/backups-old/x"),
            Path::new("/p/backups")
        ));
    }

    /// A hard link is the database under another name, on Windows too (by
    /// volume and file index).
    #[test]
    fn a_hard_link_to_the_database_is_the_database() {
        let (dir, db, guard) = practice();
        let hard = dir.path().join("hard.pdf");
        fs::hard_link(&db, &hard).unwrap();
        refused(&guard, &hard, true);
        assert!(identity(&db).is_some());
        assert_eq!(identity(&db), identity(&hard));
        assert_ne!(identity(&db), identity(&side_file(&db, "-wal")));
    }

    #[cfg(unix)]
    #[test]
    fn fifos_devices_and_folders_are_not_files() {
        let (dir, _db, guard) = practice();
        let fifo = dir.path().join("pipe.pdf");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        assert!(refused(&guard, &fifo, true).contains("not an ordinary file"));
        assert!(refused(&guard, Path::new("/dev/null"), true).contains("not an ordinary file"));
        assert!(refused(&guard, dir.path(), true).contains("is a folder"));
        assert!(refused(&guard, Path::new("."), true).contains("not a file name"));
        assert!(refused(&guard, &dir.path().join("nope/x.pdf"), true).contains("does not exist"));
    }

    #[test]
    fn an_existing_file_is_replaced_only_on_purpose() {
        let (dir, _db, guard) = practice();
        let old = dir.path().join("old.pdf");
        fs::write(&old, b"old").unwrap();
        let e = guard.file(&old, "PDF", false).unwrap_err();
        assert_eq!(e.code(), crate::ErrorCode::Conflict);
        assert_eq!(fs::read(&old).unwrap(), b"old");
        guard
            .file(&old, "PDF", true)
            .unwrap()
            .write(b"new")
            .unwrap();
        assert_eq!(fs::read(&old).unwrap(), b"new");
    }

    #[test]
    fn a_write_is_whole_private_and_leaves_no_temporary_file() {
        let (dir, _db, guard) = practice();
        let target = dir.path().join("out.pdf");
        let dest = guard.file(&target, "PDF", false).unwrap();
        let mut partial = dest.start().unwrap();
        partial.write_all(b"half").unwrap();
        assert!(!target.exists(), "nothing at the final name before finish");
        drop(partial);
        let left: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .filter(|n| n.to_string_lossy().ends_with(".part"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
        dest.write(b"whole").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"whole");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&target).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
    }

    #[test]
    fn a_folder_checks_each_file_and_refuses_the_backups_folder() {
        let (dir, _db, guard) = practice();
        assert!(guard.folder(&dir.path().join("backups"), true).is_err());
        let out = dir.path().join("out");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("taken.pdf"), b"x").unwrap();
        let folder = guard.folder(&out, false).unwrap();
        assert!(folder.file("taken.pdf", "PDF").is_err());
        assert!(folder.file("../escape.pdf", "PDF").is_err());
        let staged = vec![
            folder
                .file("a.pdf", "PDF")
                .unwrap()
                .start()
                .unwrap()
                .stage()
                .unwrap(),
            folder
                .file("b.pdf", "PDF")
                .unwrap()
                .start()
                .unwrap()
                .stage()
                .unwrap(),
        ];
        assert!(!out.join("a.pdf").exists());
        let placed = place_all(staged).unwrap();
        assert_eq!(placed.len(), 2);
        assert!(out.join("a.pdf").exists() && out.join("b.pdf").exists());
    }
}
