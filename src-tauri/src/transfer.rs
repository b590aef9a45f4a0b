//! CSV import (preview, then all or nothing) and export from the window. The
//! window reads the chosen file and sends its text; the export is written where
//! the person chooses in the save dialog.

use standard_practice::export::{self, ExportKind, Exported};
use standard_practice::import::{self, ImportKind, ImportReport};
use tauri::{AppHandle, Runtime, State};

use crate::commands::today;
use crate::dialogs::{self, Ask};
use crate::error::CommandError;
use crate::state::AppState;

type Answer<T> = Result<T, CommandError>;

/// What the import would do, row by row; writes nothing.
#[tauri::command]
#[specta::specta]
pub async fn import_preview(
    state: State<'_, AppState>,
    kind: ImportKind,
    text: String,
) -> Answer<ImportReport> {
    state
        .with_actor(move |db, me| import::csv(db, me, kind, &text, today(), false))
        .await
}

/// Imports the file if it has no problem at all; otherwise the same report as
/// the preview, and nothing written.
#[tauri::command]
#[specta::specta]
pub async fn import_run(
    state: State<'_, AppState>,
    kind: ImportKind,
    text: String,
) -> Answer<ImportReport> {
    state
        .with_actor(move |db, me| import::csv(db, me, kind, &text, today(), true))
        .await
}

/// Writes a CSV export where the person chooses; the path, or nothing when
/// they cancelled the dialog.
#[tauri::command]
#[specta::specta]
pub async fn export_save<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    kind: ExportKind,
    year: Option<i32>,
) -> Answer<Option<String>> {
    let Exported { name, bytes } = state
        .with_actor(move |db, me| export::csv(db, me, kind, year, today()))
        .await?;
    let path = dialogs::ask(
        &app,
        Ask::Save {
            title: None,
            name,
            kind: dialogs::CSV,
        },
    )
    .await?;
    let Some(path) = path else {
        return Ok(None);
    };
    let guard = state.guard()?;
    let target = path.clone();
    // The dialog already asked before replacing a file.
    tauri::async_runtime::spawn_blocking(move || guard.file(&target, "CSV", true)?.write(&bytes))
        .await
        .map_err(CommandError::from_join)??;
    Ok(Some(path.display().to_string()))
}
