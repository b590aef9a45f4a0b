//! Backups from the window, and the recovery screen.
//!
//! Signed in: list the backups, take one now, save one elsewhere, restore one
//! (the owner; everyone is signed out afterwards, since the accounts come from
//! the restored file). When the database did not open, the recovery screen may,
//! before anyone can sign in: list the backups beside it, restore one over it
//! (the refused file is kept first), open another file, or start a new practice
//! beside it. The file that would not open is never changed.

use std::path::PathBuf;

use standard_practice::access::Permission;
use standard_practice::backup::{self, BackupInfo, Restored};
use standard_practice::keys::Key;
use standard_practice::offsite::{self, OffsiteCopies};
use standard_practice::{storage, Error};
use tauri::{AppHandle, Runtime, State};

use crate::commands::today;
use crate::dialogs::{self, Ask};
use crate::error::CommandError;
use crate::state::{AppState, AppStatus};

type Answer<T> = Result<T, CommandError>;

fn keep(db: &standard_practice::Db) -> standard_practice::Result<usize> {
    backup::kept_by(db, None)
}

/// The open database's backups, newest first.
#[tauri::command]
#[specta::specta]
pub async fn backups_list(state: State<'_, AppState>) -> Answer<Vec<BackupInfo>> {
    state.with_actor(|db, me| backup::backups(db, me)).await
}

/// "Back up now": into the backups folder.
#[tauri::command]
#[specta::specta]
pub async fn backup_now(state: State<'_, AppState>) -> Answer<BackupInfo> {
    state
        .with_actor(|db, me| backup::manual(db, me, keep(db)?))
        .await
}

/// "Save a backup as…": wherever the person chooses (a USB stick). The path
/// written, or nothing when they cancelled the dialog.
#[tauri::command]
#[specta::specta]
pub async fn backup_save<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Answer<Option<String>> {
    // Refused before the dialog opens, for anyone who may not.
    state.require(Permission::Backup).await?;
    let name = format!("Standard Practice backup {}.sqlite3", today());
    let Some(path) = pick(&app, Some(name)).await? else {
        return Ok(None);
    };
    // The dialog already asked before replacing a file; the practice's own
    // files are refused all the same.
    let target = state.guard()?.file(&path, "backup", true)?;
    state
        .with_actor(move |db, me| backup::to_file(db, me, &target))
        .await?;
    Ok(Some(path.display().to_string()))
}

/// Settings → Backups, "Copies off this computer": the folder, how the last
/// copy went, and the copies there.
#[tauri::command]
#[specta::specta]
pub async fn offsite_get(state: State<'_, AppState>) -> Answer<OffsiteCopies> {
    state.with_actor(|db, me| offsite::copies(db, me)).await
}

/// Chooses the folder copies go to (a folder dialog; the owner's). Nothing
/// when the person cancelled the dialog.
#[tauri::command]
#[specta::specta]
pub async fn offsite_choose<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Answer<Option<OffsiteCopies>> {
    state.require(Permission::ManagePractice).await?;
    let folder = dialogs::ask(
        &app,
        Ask::Folder {
            title: "Choose a folder off this computer (a USB stick or a network folder)",
        },
    )
    .await?;
    let Some(folder) = folder else {
        return Ok(None);
    };
    let copies = state
        .with_actor(move |db, me| {
            offsite::set_folder(db, me, Some(&folder))?;
            offsite::copies(db, me)
        })
        .await?;
    Ok(Some(copies))
}

/// Stops copying off the computer (the copies already made stay).
#[tauri::command]
#[specta::specta]
pub async fn offsite_stop(state: State<'_, AppState>) -> Answer<OffsiteCopies> {
    state
        .with_actor(|db, me| {
            offsite::set_folder(db, me, None)?;
            offsite::copies(db, me)
        })
        .await
}

/// "Copy now": a backup, copied off the computer at once.
#[tauri::command]
#[specta::specta]
pub async fn offsite_copy_now(state: State<'_, AppState>) -> Answer<OffsiteCopies> {
    state
        .with_actor(|db, me| {
            let keep = keep(db)?;
            offsite::copy_now(db, me, keep)?;
            offsite::copies(db, me)
        })
        .await
}

/// Restores a listed backup (`path`) or, with none, a file the person picks;
/// `recovery_key` opens a backup made by a practice with another key (on
/// another computer). Nothing when they cancelled the dialog; afterwards
/// nobody is signed in.
#[tauri::command]
#[specta::specta]
pub async fn backup_restore<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    path: Option<String>,
    recovery_key: Option<String>,
) -> Answer<Option<Restored>> {
    state.require(Permission::Restore).await?;
    let Some(candidate) = listed_or_picked(&app, path).await? else {
        return Ok(None);
    };
    // Everyone is signed out before the data changes under them: the accounts
    // come from the restored file.
    let me = state.actor()?;
    let mut keys = state.keys().map_err(CommandError)?;
    if let Some(text) = recovery_key {
        // A backup made by a practice with another key (another computer's).
        keys = keys.with(Key::from_recovery(&text)?);
    }
    // A backup whose key is not here is refused before anyone is signed out:
    // the window asks for its recovery key and tries again.
    let (checked, with) = (candidate.clone(), keys.clone());
    blocking(move || backup::check_key(&checked, &with)).await?;
    state.sign_out();
    let restored = state
        .with_db(move |db| backup::restore(db, &me, &candidate, &keys, None))
        .await?;
    Ok(Some(restored))
}

/// The recovery screen: the backups beside the database that did not open.
#[tauri::command]
#[specta::specta]
pub async fn recovery_backups(state: State<'_, AppState>) -> Answer<Vec<BackupInfo>> {
    let db_path = refused_path(&state)?;
    blocking(move || backup::list(&db_path)).await
}

/// The recovery screen: restores a backup over the database that did not open
/// (that file is copied into the backups first) and opens it.
#[tauri::command]
#[specta::specta]
pub async fn recovery_restore<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    path: Option<String>,
) -> Answer<Option<AppStatus>> {
    let db_path = refused_path(&state)?;
    let Some(candidate) = listed_or_picked(&app, path).await? else {
        return Ok(None);
    };
    let keys = state.keys().map_err(CommandError)?;
    let (db, _) = blocking(move || backup::recover(&db_path, &candidate, &keys, None)).await?;
    state.install(db);
    Ok(Some(state.status()))
}

/// The recovery screen: opens another database file, and remembers it.
#[tauri::command]
#[specta::specta]
pub async fn recovery_open_other<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Answer<Option<AppStatus>> {
    refused_path(&state)?;
    let Some(path) = pick(&app, None).await? else {
        return Ok(None);
    };
    Ok(Some(switch(&state, path)?))
}

/// The recovery screen: starts a new, empty practice in a new file beside the
/// one that did not open (which stays as it is), and remembers it.
#[tauri::command]
#[specta::specta]
pub async fn recovery_new_practice(state: State<'_, AppState>) -> Answer<AppStatus> {
    let db_path = refused_path(&state)?;
    switch(&state, storage::new_practice_path(&db_path, today()))
}

/// The recovery screen: opens the practice with its recovery key, when it is
/// encrypted with a key this computer does not have or the computer has no
/// credential store. A recovery key that does not read is refused naming the
/// field; one that reads but does not open the practice comes back as the
/// status's reason (`wrong_key`).
#[tauri::command]
#[specta::specta]
pub async fn recovery_unlock(
    state: State<'_, AppState>,
    recovery_key: String,
) -> Answer<AppStatus> {
    refused_path(&state)?;
    let key = Key::from_recovery(&recovery_key)?;
    // As `recovery_open_other` does: the window shows nothing else meanwhile.
    Ok(state.unlock(key))
}

/// The recovery screen on a computer without a credential store: the key
/// file the practice's key is kept in — a new one for a new practice (`create`, a save
/// dialog: on this computer, or a USB stick that stays with it), or the one
/// an existing practice's key is in (an open dialog). Once the practice
/// opens with it, it is remembered, as a chosen database is, and used at
/// every start. `None` when the person cancels.
#[tauri::command]
#[specta::specta]
pub async fn recovery_key_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    create: bool,
) -> Answer<Option<AppStatus>> {
    refused_path(&state)?;
    let Some(path) = pick_key_file(&app, create).await? else {
        return Ok(None);
    };
    let status = state.use_key_file(&path)?;
    if status.open_error.is_none() {
        storage::remember_key_file(&path)?;
    }
    Ok(Some(status))
}

/// Where a new key file goes (`new`), or an existing one to use; `None` when
/// the person cancels.
async fn pick_key_file<R: Runtime>(app: &AppHandle<R>, new: bool) -> Answer<Option<PathBuf>> {
    let ask = if new {
        Ask::Save {
            title: Some("Keep the practice's key in a new file"),
            name: "Standard Practice key.txt".into(),
            kind: dialogs::KEY_FILE,
        }
    } else {
        Ask::Open {
            title: "Choose the practice's key file",
            kind: dialogs::KEY_FILE,
        }
    };
    dialogs::ask(app, ask).await
}

fn switch(state: &AppState, path: PathBuf) -> Answer<AppStatus> {
    let status = state.switch_to(path.clone());
    if status.open_error.is_none() {
        storage::remember_db_path(&path)?;
    }
    Ok(status)
}

/// The recovery commands work only while the database is not open.
fn refused_path(state: &AppState) -> Answer<PathBuf> {
    match state.place() {
        (Some(path), Some(_)) => Ok(path),
        _ => Err(Error::Forbidden {
            message: "The practice's database is open: sign in to restore a backup".into(),
        }
        .into()),
    }
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> standard_practice::Result<T> + Send + 'static,
) -> Answer<T> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(CommandError::from_join)?
        .map_err(CommandError::from)
}

/// The backup to restore: the listed one (`path`), or else one the person
/// picks; `None` when they cancel.
async fn listed_or_picked<R: Runtime>(
    app: &AppHandle<R>,
    path: Option<String>,
) -> Answer<Option<PathBuf>> {
    match path {
        Some(p) => Ok(Some(PathBuf::from(p))),
        None => pick(app, None).await,
    }
}

/// A database file to open (`save` is None) or where to save one; `None` when
/// the person cancels.
async fn pick<R: Runtime>(app: &AppHandle<R>, save: Option<String>) -> Answer<Option<PathBuf>> {
    let ask = match save {
        Some(name) => Ask::Save {
            title: None,
            name,
            kind: dialogs::DATABASE,
        },
        None => Ask::Open {
            title: "Choose a Standard Practice database or backup",
            kind: dialogs::DATABASE,
        },
    };
    dialogs::ask(app, ask).await
}
