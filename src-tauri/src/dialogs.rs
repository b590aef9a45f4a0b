//! The native file dialogs, asked from Rust so the window needs no file
//! access: save a file, choose an existing one, choose a folder. Each answers
//! the path, or `None` when the person cancels.
//!
//! With the `e2e` feature (the end-to-end build only; never the app people
//! install), `STANDARD_PRACTICE_SAVE_DIR` answers the save and folder dialogs
//! without showing them: a file goes into that folder under its suggested
//! name, a folder is that folder. Nobody is there to answer a dialog in an
//! automated run; choosing an existing file still shows the dialog.

use std::path::PathBuf;

use standard_practice::documents::safe_file_name;
use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

use crate::error::CommandError;

/// The environment variable that, in the end-to-end build, answers the save
/// and folder dialogs with a folder.
#[cfg(feature = "e2e")]
pub const SAVE_DIR_ENV: &str = "STANDARD_PRACTICE_SAVE_DIR";

/// The kind of file a dialog offers: its name for people and its extensions.
#[derive(Debug, Clone, Copy)]
pub struct Kind {
    pub label: &'static str,
    pub extensions: &'static [&'static str],
}

pub const PDF: Kind = Kind {
    label: "PDF document",
    extensions: &["pdf"],
};
pub const CSV: Kind = Kind {
    label: "CSV spreadsheet",
    extensions: &["csv"],
};
pub const DATABASE: Kind = Kind {
    label: "Standard Practice database",
    extensions: &["sqlite3", "sqlite", "db"],
};
pub const KEY_FILE: Kind = Kind {
    label: "Key file",
    extensions: &["txt", "key"],
};

/// What the person is asked.
#[derive(Debug, Clone)]
pub enum Ask {
    /// Where to save a new file, offered as `name` (made safe for the file
    /// system here).
    Save {
        title: Option<&'static str>,
        name: String,
        kind: Kind,
    },
    /// An existing file to use.
    Open { title: &'static str, kind: Kind },
    /// A folder.
    Folder { title: &'static str },
}

/// Shows the dialog `ask` describes and answers the chosen path, or `None`
/// when the person cancels.
pub async fn ask<R: Runtime>(
    app: &AppHandle<R>,
    ask: Ask,
) -> Result<Option<PathBuf>, CommandError> {
    #[cfg(feature = "e2e")]
    if let Some(dir) = std::env::var_os(SAVE_DIR_ENV) {
        let dir = PathBuf::from(dir);
        match &ask {
            Ask::Save { name, .. } => return Ok(Some(dir.join(safe_file_name(name)))),
            Ask::Folder { .. } => return Ok(Some(dir)),
            Ask::Open { .. } => {}
        }
    }
    let app = app.clone();
    let picked = tauri::async_runtime::spawn_blocking(move || {
        let dialog = app.dialog().file();
        match ask {
            Ask::Save { title, name, kind } => {
                let dialog = dialog
                    .add_filter(kind.label, kind.extensions)
                    .set_file_name(safe_file_name(&name));
                match title {
                    Some(title) => dialog.set_title(title),
                    None => dialog,
                }
                .blocking_save_file()
            }
            Ask::Open { title, kind } => dialog
                .add_filter(kind.label, kind.extensions)
                .set_title(title)
                .blocking_pick_file(),
            Ask::Folder { title } => dialog.set_title(title).blocking_pick_folder(),
        }
    })
    .await
    .map_err(CommandError::from_join)?;
    Ok(picked.and_then(|p| p.into_path().ok()))
}
