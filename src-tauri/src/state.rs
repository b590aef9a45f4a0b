//! What the shell holds between commands: where the database is and the open
//! connection to it.
//!
//! The database is opened at startup, and a daily backup taken. If opening fails
//! — no app-data folder, a file that is not ours, a damaged file, a database from
//! a newer version — the app still starts and keeps the reason, so the UI can
//! show the recovery screen instead of a dead window, and every command answers
//! with that same reason until a backup is restored or another file chosen
//! (`place`).

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use serde::Serialize;
use standard_practice::access::{Actor, Permission, Session};
use standard_practice::keys::{Key, Keys};
use standard_practice::offsite;
use standard_practice::output::Guard;
use standard_practice::release::WhatChanged;
use standard_practice::{Db, Error, ErrorPayload};

use crate::error::CommandError;

/// Where the database is and why it is not open, if it is not.
#[derive(Debug, Clone, Default)]
struct Place {
    /// `None` only when even the path could not be worked out.
    db_path: Option<PathBuf>,
    open_error: Option<ErrorPayload>,
    /// Why this start's automatic backup could not be taken, if it could not.
    backup_problem: Option<String>,
    /// What opening encrypted (a practice from before encryption), in words.
    encrypted_now: Option<String>,
}

/// The shell's managed state.
pub struct AppState {
    place: Mutex<Place>,
    /// The one connection. `Db` is `Send` but not `Sync`, so it sits behind a
    /// mutex; the `Arc` lets a blocking task own a handle to it.
    db: Arc<Mutex<Option<Db>>>,
    /// Who is signed in, if anyone. Commands take the actor from here, never
    /// from what the UI sends.
    session: Mutex<Option<Session>>,
    /// The keys practices open with (a key file, or the credential store), or
    /// why there are none on this computer.
    keys: Mutex<Result<Keys, ErrorPayload>>,
    /// What changed since the version this computer ran before, when this
    /// start is the first after an upgrade (see `with_what_changed`).
    what_changed: Option<WhatChanged>,
}

/// What `app_status` tells the UI before it shows anything else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AppStatus {
    pub db_path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[specta(optional)]
    pub open_error: Option<ErrorPayload>,
    /// False until the first-run choice (demo or empty practice) is made; absent
    /// when the database is not open.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[specta(optional)]
    pub set_up: Option<bool>,
    /// Set when the daily backup at start-up failed: the app works, but says so.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[specta(optional)]
    pub backup_problem: Option<String>,
    /// Set when this start encrypted a practice from before encryption (and
    /// its backups): what was done, and that no unencrypted copy is left.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[specta(optional)]
    pub encrypted_now: Option<String>,
    /// True when the practice did not open and its file does not exist yet:
    /// a new practice, which has no recovery key to ask for (on a computer
    /// without a credential store, the window asks where to keep its key).
    pub new_practice: bool,
    /// Set on the first start after an upgrade: what changed since the
    /// version this computer ran before.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[specta(optional)]
    pub what_changed: Option<WhatChanged>,
}

impl AppState {
    /// Opens the database the app uses by default (`$STANDARD_PRACTICE_DB`, or the
    /// OS's app-data folder), keeping the error instead of failing.
    pub fn open_default(key_file: Option<&std::path::Path>) -> Self {
        let keys = Keys::for_this_computer(key_file).map_err(|e| e.payload());
        match standard_practice::storage::default_db_path() {
            Ok(path) => Self::open_with(path, keys),
            Err(e) => Self {
                place: Mutex::new(Place {
                    open_error: Some(e.payload()),
                    ..Place::default()
                }),
                db: Arc::new(Mutex::new(None)),
                session: Mutex::new(None),
                keys: Mutex::new(keys),
                what_changed: None,
            },
        }
    }

    /// Opens the database at `path` with `keys` (or, without keys, keeps why
    /// there are none), creating its folder if needed, keeping the error
    /// instead of failing.
    pub fn open_with(path: PathBuf, keys: Result<Keys, ErrorPayload>) -> Self {
        let (db, place) = open_place(path, &keys);
        let state = Self {
            place: Mutex::new(place),
            db: Arc::new(Mutex::new(db)),
            session: Mutex::new(None),
            keys: Mutex::new(keys),
            what_changed: None,
        };
        state.copy_off_the_computer();
        state
    }

    /// The state, telling the window what changed since the version this
    /// computer ran before (`release::since_last_run`, which the app's start
    /// asks; the tests leave it out).
    pub fn with_what_changed(self, what_changed: Option<WhatChanged>) -> Self {
        Self {
            what_changed,
            ..self
        }
    }

    /// Starts the day's copy off the computer, if one is due, on a thread of
    /// its own: a slow USB stick or network folder must not hold up the window,
    /// and the database is locked only to record how it went.
    fn copy_off_the_computer(&self) {
        let due = {
            let guard = self.db.lock().unwrap_or_else(PoisonError::into_inner);
            guard.as_ref().and_then(|db| offsite_due(db).ok().flatten())
        };
        let Some((newest, place, keep)) = due else {
            return;
        };
        let db = Arc::clone(&self.db);
        std::thread::spawn(move || {
            let outcome = offsite::copy(&newest, &place, keep);
            let mut guard = db.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(db) = guard.as_mut() {
                // Nowhere to report a failure to record the outcome: the
                // overview then shows the previous state, which is not wrong.
                let _ = offsite::record(db, &outcome, chrono::Utc::now());
            }
        });
    }

    /// Points the app at another database file (the recovery screen's "choose
    /// another file" or "start a new practice", or after restoring over a file
    /// that did not open): opens it, or keeps why not. Whoever was signed in is
    /// signed out: the accounts are in the file.
    pub fn switch_to(&self, path: PathBuf) -> AppStatus {
        let (db, place) = open_place(path, &self.keys());
        self.sign_out();
        *self.db.lock().unwrap_or_else(PoisonError::into_inner) = db;
        *self.place.lock().unwrap_or_else(PoisonError::into_inner) = place;
        self.status()
    }

    /// Opens the practice that did not open again, with `key` (a recovery key
    /// typed in) tried first: a practice encrypted with a key this computer
    /// lacks, or a computer without a credential store. Once it opens, the
    /// key is kept where this computer keeps keys (the credential store, or
    /// a key file not written yet), so the next start needs no recovery key;
    /// without a store it is asked for again at the next start.
    pub fn unlock(&self, key: Key) -> AppStatus {
        let keys = match self.keys() {
            Ok(keys) => keys.with(key.clone()),
            Err(_) => Keys::given(key.clone()),
        };
        *self.keys.lock().unwrap_or_else(PoisonError::into_inner) = Ok(keys.clone());
        let Some(path) = self.place().0 else {
            return self.status();
        };
        let status = self.switch_to(path);
        if status.open_error.is_none() {
            // Best effort: the practice is open either way.
            let _ = keys.keep(&key);
        }
        status
    }

    /// Opens the practice that did not open again with the key in the key
    /// file at `path` — one chosen to keep a new practice's key on a computer
    /// without a credential store (written when the practice is made), or an
    /// existing practice's key file. When it does not open, the keys stay as
    /// they were and the status says why.
    pub fn use_key_file(&self, path: &std::path::Path) -> Result<AppStatus, Error> {
        let keys = Keys::from_key_file(path)?;
        let before = std::mem::replace(
            &mut *self.keys.lock().unwrap_or_else(PoisonError::into_inner),
            Ok(keys),
        );
        let Some(db_path) = self.place().0 else {
            return Ok(self.status());
        };
        let status = self.switch_to(db_path);
        if status.open_error.is_some() {
            *self.keys.lock().unwrap_or_else(PoisonError::into_inner) = before;
        }
        Ok(status)
    }

    /// Installs a database opened elsewhere (a restore over a file that did not open).
    pub fn install(&self, db: Db) {
        let path = db.path().to_path_buf();
        self.sign_out();
        *self.db.lock().unwrap_or_else(PoisonError::into_inner) = Some(db);
        *self.place.lock().unwrap_or_else(PoisonError::into_inner) = Place {
            db_path: Some(path),
            ..Place::default()
        };
    }

    /// The keys practices open with, or why this computer has none.
    pub fn keys(&self) -> Result<Keys, ErrorPayload> {
        self.keys
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The database path and, when it is not open, why.
    pub fn place(&self) -> (Option<PathBuf>, Option<ErrorPayload>) {
        let p = self.place.lock().unwrap_or_else(PoisonError::into_inner);
        (p.db_path.clone(), p.open_error.clone())
    }

    /// What no save may write over: the practice's database, the files beside
    /// it, its backups folder and its key file.
    pub fn guard(&self) -> Result<Guard, CommandError> {
        let keys = self.keys().ok();
        match self.place().0 {
            Some(path) => {
                Ok(Guard::for_database(&path).and_key_file(keys.as_ref().and_then(Keys::file)))
            }
            None => Err(CommandError::not_open(self.place().1)),
        }
    }

    pub fn status(&self) -> AppStatus {
        let p = self.place.lock().unwrap_or_else(PoisonError::into_inner);
        AppStatus {
            db_path: p.db_path.as_ref().map(|p| p.display().to_string()),
            open_error: p.open_error.clone(),
            set_up: None,
            backup_problem: p.backup_problem.clone(),
            encrypted_now: p.encrypted_now.clone(),
            new_practice: p.open_error.is_some()
                && p.db_path.as_ref().is_some_and(|path| {
                    std::fs::symlink_metadata(path)
                        .is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound)
                }),
            what_changed: self.what_changed.clone(),
        }
    }

    /// Starts a session for `actor`, locking after `idle_minutes` without use.
    pub fn sign_in(&self, actor: Actor, idle_minutes: u32) {
        let limit = Duration::from_secs(u64::from(idle_minutes) * 60);
        *self.session.lock().unwrap_or_else(PoisonError::into_inner) =
            Some(Session::new(actor, limit, Instant::now()));
    }

    pub fn sign_out(&self) {
        *self.session.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }

    pub fn set_idle_minutes(&self, idle_minutes: u32) {
        if let Some(s) = self
            .session
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_mut()
        {
            s.set_idle_limit(Duration::from_secs(u64::from(idle_minutes) * 60));
        }
    }

    /// The signed-in actor without counting as activity, for the UI's start.
    pub fn signed_in(&self) -> Option<Actor> {
        self.session
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .map(|s| s.actor().clone())
    }

    /// The acting user of a command: the session's, if it has not idled past
    /// its limit (then it is ended), counting this command as activity.
    pub fn actor(&self) -> Result<Actor, CommandError> {
        let mut session = self.session.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(s) = session.as_mut() else {
            return Err(Error::SignedOut {
                message: "Sign in first".into(),
            }
            .into());
        };
        s.touch(Instant::now()).map_err(|e| {
            *session = None;
            CommandError::from(e)
        })
    }

    /// [`with_db`](Self::with_db) for the signed-in actor: `f` gets the database
    /// and who is acting, and the core decides whether they may.
    pub async fn with_actor<T, F>(&self, f: F) -> Result<T, CommandError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Db, &Actor) -> standard_practice::Result<T> + Send + 'static,
    {
        let actor = self.actor()?;
        self.with_db(move |db| f(db, &actor)).await
    }

    /// Refuses the signed-in actor unless they hold `permission`: for a
    /// command that opens a dialog, so that it is refused before the dialog.
    pub async fn require(&self, permission: Permission) -> Result<(), CommandError> {
        self.with_actor(move |_, me| me.require(permission)).await
    }

    /// Runs `f` on the open database on a blocking thread, so database work never
    /// holds up the UI's event loop, and maps its error for the IPC boundary.
    ///
    /// A command is then one line: `state.with_db(|db| db.something(args)).await`.
    pub async fn with_db<T, F>(&self, f: F) -> Result<T, CommandError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Db) -> standard_practice::Result<T> + Send + 'static,
    {
        let db = Arc::clone(&self.db);
        let not_open = self.place().1;
        tauri::async_runtime::spawn_blocking(move || {
            // A panic in an earlier command poisons the mutex, but cannot leave the
            // database half-changed (every write is one transaction, rolled back
            // on unwind), so the connection is still good to use.
            let mut guard = db.lock().unwrap_or_else(PoisonError::into_inner);
            match guard.as_mut() {
                Some(db) => f(db).map_err(CommandError::from),
                None => Err(CommandError::not_open(not_open)),
            }
        })
        .await
        .map_err(CommandError::from_join)?
    }
}

/// Opens `path` and takes the day's automatic backup; a failed backup is kept
/// to be shown, not a reason to refuse to start.
fn open_place(path: PathBuf, keys: &Result<Keys, ErrorPayload>) -> (Option<Db>, Place) {
    let keys = match keys {
        Ok(keys) => keys,
        Err(why) => {
            return (
                None,
                Place {
                    db_path: Some(path),
                    open_error: Some(why.clone()),
                    backup_problem: None,
                    encrypted_now: None,
                },
            )
        }
    };
    match Db::open(&path, keys) {
        Ok(db) => {
            let backup_problem = daily_backup(&db).err().map(|e| e.to_string());
            let place = Place {
                encrypted_now: db.encrypted().map(|done| done.summary(db.path())),
                db_path: Some(path),
                open_error: None,
                backup_problem,
            };
            (Some(db), place)
        }
        Err(e) => (
            None,
            Place {
                db_path: Some(path),
                open_error: Some(e.payload()),
                backup_problem: None,
                encrypted_now: None,
            },
        ),
    }
}

/// The backup written last (the day's, just taken) and where to copy it,
/// when the day's copy is due.
fn offsite_due(
    db: &Db,
) -> standard_practice::Result<
    Option<(
        standard_practice::backup::BackupInfo,
        offsite::OffsitePlace,
        usize,
    )>,
> {
    let Some(place) = offsite::due(db, chrono::Utc::now())? else {
        return Ok(None);
    };
    let keep = standard_practice::backup::kept_by(db, None)?;
    let newest = standard_practice::backup::newest(db.path())?;
    Ok(newest.map(|b| (b, place, keep)))
}

fn daily_backup(db: &Db) -> standard_practice::Result<()> {
    let keep = standard_practice::backup::kept_by(db, None)?;
    standard_practice::backup::daily(db, keep, chrono::Utc::now())?;
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The state over `path` with a key of its own (never this computer's
    /// credential store).
    pub(crate) fn open(path: PathBuf) -> AppState {
        let key = standard_practice::keys::Key::generate().unwrap();
        AppState::open_with(path, Ok(Keys::given(key)))
    }
    use standard_practice::ErrorCode;

    #[test]
    fn a_new_database_opens_and_status_names_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/folder/practice.sqlite3");
        let state = open(path.clone());
        let status = state.status();
        assert_eq!(status.db_path.as_deref(), Some(path.to_str().unwrap()));
        assert_eq!(status.open_error, None, "a fresh path must open cleanly");
        assert!(
            path.exists(),
            "opening must create the file and its folders"
        );
    }

    #[test]
    fn status_json_is_camel_case_and_omits_a_missing_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.sqlite3");
        let json = serde_json::to_value(open(path.clone()).status()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({ "dbPath": path.display().to_string(), "newPractice": false }),
            "the UI reads exactly these keys"
        );
    }

    #[test]
    fn a_foreign_file_leaves_the_app_running_with_the_reason() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.sqlite3");
        std::fs::write(&path, "not a database, just some text that is long enough ....................................................").unwrap();
        let state = open(path.clone());
        let err = state
            .status()
            .open_error
            .expect("a text file must be refused");
        assert_eq!(err.code, ErrorCode::NotOurDatabase);

        // Every command then answers with the same reason, not a generic failure.
        let from_command = tauri::async_runtime::block_on(state.with_db(|_| Ok(())))
            .expect_err("no database is open");
        assert_eq!(
            serde_json::to_value(from_command).unwrap(),
            serde_json::to_value(&err).unwrap()
        );
    }

    /// A computer without a credential store and no practice yet: the new
    /// practice's key goes into the key file chosen, written before the
    /// practice; a file that is not a key file, or one beside the practice,
    /// is refused and nothing is made.
    #[test]
    fn a_new_practice_without_a_credential_store_keeps_its_key_in_the_file_chosen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("practice.sqlite3");
        let no_store = Err(Error::invalid(
            "key_store",
            "This computer's credential store cannot be used",
        )
        .payload());
        let state = AppState::open_with(path.clone(), no_store);
        let status = state.status();
        assert_eq!(
            status.open_error.and_then(|e| e.field).as_deref(),
            Some("key_store")
        );
        assert!(status.new_practice, "no file there yet");

        let notes = dir.path().join("notes.txt");
        std::fs::write(&notes, "shopping list\n").unwrap();
        let err = state.use_key_file(&notes).unwrap_err();
        assert_eq!(err.payload().field.as_deref(), Some("key_file"), "{err}");
        assert_eq!(std::fs::read_to_string(&notes).unwrap(), "shopping list\n");

        let beside = dir.path().join("practice.sqlite3-wal");
        let status = state.use_key_file(&beside).unwrap();
        assert!(status.open_error.is_some() && status.new_practice);
        assert!(state.keys().is_err(), "the keys stay as they were");
        assert!(!path.exists() && !beside.exists());

        let chosen = dir.path().join("stick/practice key.txt");
        std::fs::create_dir_all(chosen.parent().unwrap()).unwrap();
        let status = state.use_key_file(&chosen).unwrap();
        assert_eq!(status.open_error, None);
        assert!(!status.new_practice);
        let key = standard_practice::keys::Key::read_file(&chosen).unwrap();
        Db::open_existing(&path, &Keys::given(key)).unwrap();
    }

    #[test]
    fn with_db_runs_on_the_open_database_and_maps_core_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.sqlite3");
        let state = open(path.clone());

        let seen =
            tauri::async_runtime::block_on(state.with_db(|db| Ok(db.path().to_owned()))).unwrap();
        assert_eq!(seen, path);

        let err =
            tauri::async_runtime::block_on(state.with_db(|_| -> standard_practice::Result<()> {
                Err(standard_practice::Error::invalid(
                    "firstName",
                    "First name is required",
                ))
            }))
            .unwrap_err();
        assert_eq!(
            serde_json::to_value(err).unwrap(),
            serde_json::json!({
                "code": "invalid",
                "field": "firstName",
                "message": "First name is required"
            })
        );
    }
}
