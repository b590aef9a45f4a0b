//! The window's native menu: File, Edit and Help, with the usual shortcuts
//! and a mnemonic on every entry (Alt+F, then a letter), so each is reachable
//! without the mouse.
//!
//! What an entry does depends on the page on screen (Ctrl+P prints the
//! document shown, Ctrl+N adds to the list shown), which only the window
//! knows: the shell hands each choice to the window over the channel the
//! window gave `menu_listen`, typed as [`MenuChoice`]. A channel rather than
//! an event keeps the window's capability to exactly the app's commands (no
//! `core:event` permission). Quit and the Edit entries are done here.

use std::sync::Mutex;

use serde::Serialize;
use specta::Type;
use tauri::ipc::Channel;
use tauri::menu::{Menu, MenuEvent, MenuItemBuilder, SubmenuBuilder};
use tauri::{AppHandle, Manager, Runtime, State};

use crate::error::CommandError;

/// A menu entry the window carries out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum MenuChoice {
    /// File → Print… (Ctrl+P): the document on screen, to a printer.
    Print,
    /// File → Save PDF…: the document on screen, to a file.
    SavePdf,
    /// File → Back up now.
    BackUp,
    /// File → New… (Ctrl+N): a new record in the list on screen.
    New,
    /// Edit → Find a person… (Ctrl+F).
    Find,
    /// Help → User guide (F1).
    UserGuide,
    /// Help → About Standard Practice.
    About,
}

impl MenuChoice {
    const ALL: [MenuChoice; 7] = [
        MenuChoice::Print,
        MenuChoice::SavePdf,
        MenuChoice::BackUp,
        MenuChoice::New,
        MenuChoice::Find,
        MenuChoice::UserGuide,
        MenuChoice::About,
    ];

    /// The menu item's id.
    fn id(self) -> &'static str {
        match self {
            MenuChoice::Print => "print",
            MenuChoice::SavePdf => "save-pdf",
            MenuChoice::BackUp => "back-up",
            MenuChoice::New => "new",
            MenuChoice::Find => "find",
            MenuChoice::UserGuide => "user-guide",
            MenuChoice::About => "about",
        }
    }

    fn from_id(id: &str) -> Option<MenuChoice> {
        MenuChoice::ALL.into_iter().find(|c| c.id() == id)
    }
}

const QUIT: &str = "quit";

/// The window's channel for menu choices, once it has asked for them.
#[derive(Default)]
pub struct MenuListener(Mutex<Option<Channel<MenuChoice>>>);

/// The window asks to be told what is chosen from the menu (and typed as its
/// shortcuts). A reloaded window asks again, and replaces the old channel.
#[tauri::command]
#[specta::specta]
pub async fn menu_listen(
    listener: State<'_, MenuListener>,
    on_choice: Channel<MenuChoice>,
) -> Result<(), CommandError> {
    if let Ok(mut slot) = listener.0.lock() {
        *slot = Some(on_choice);
    }
    Ok(())
}

/// The menu bar. Labels use `&` before the mnemonic letter.
pub fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let item = |choice: MenuChoice, text: &str, accelerator: Option<&str>| {
        let mut item = MenuItemBuilder::with_id(choice.id(), text);
        if let Some(keys) = accelerator {
            item = item.accelerator(keys);
        }
        item.build(app)
    };
    let file = SubmenuBuilder::new(app, "&File")
        .item(&item(MenuChoice::New, "&New…", Some("CmdOrCtrl+N"))?)
        .separator()
        .item(&item(MenuChoice::Print, "&Print…", Some("CmdOrCtrl+P"))?)
        .item(&item(MenuChoice::SavePdf, "Save P&DF…", None)?)
        .separator()
        .item(&item(MenuChoice::BackUp, "&Back up now", None)?)
        .separator()
        .item(
            &MenuItemBuilder::with_id(QUIT, "&Quit")
                .accelerator("CmdOrCtrl+Q")
                .build(app)?,
        )
        .build()?;
    let edit = edit_menu(app)?
        .separator()
        .item(&item(
            MenuChoice::Find,
            "&Find a person…",
            Some("CmdOrCtrl+F"),
        )?)
        .build()?;
    let help = SubmenuBuilder::new(app, "&Help")
        .item(&item(MenuChoice::UserGuide, "&User guide", Some("F1"))?)
        .item(&item(MenuChoice::About, "&About Standard Practice", None)?)
        .build()?;
    Menu::with_items(app, &[&file, &edit, &help])
}

/// Handles a choice from the menu or its shortcut.
pub fn chosen<R: Runtime>(app: &AppHandle<R>, event: &MenuEvent) {
    let id = event.id().as_ref();
    if id == QUIT {
        // As the window's close button does: the window's size and place
        // are kept, and the app ends with its last window.
        if let Some(window) = app.get_webview_window("main") {
            let _ = window.close();
        }
        return;
    }
    #[cfg(target_os = "linux")]
    if let Some(command) = editing_command(id) {
        edit(app, command);
        return;
    }
    let Some(choice) = MenuChoice::from_id(id) else {
        return;
    };
    let listener = app.state::<MenuListener>();
    let channel = listener.0.lock().ok().and_then(|slot| slot.clone());
    if let Some(channel) = channel {
        let _ = channel.send(choice);
    }
}

/// Edit's entries. On Windows and macOS the system's own (predefined) items
/// act on the focused text. GTK's do nothing when chosen from the menu (they
/// only label the keys), so on Linux they are our own items, carried out by
/// WebKit's editing commands on the page's focused field, the same as its
/// keys do.
#[cfg(not(target_os = "linux"))]
fn edit_menu<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<SubmenuBuilder<'_, R, AppHandle<R>>> {
    Ok(SubmenuBuilder::new(app, "&Edit")
        .undo()
        .redo()
        .separator()
        .cut()
        .copy()
        .paste()
        .select_all())
}

#[cfg(target_os = "linux")]
const EDITING: [(&str, &str, &str, &str); 6] = [
    // id, label, keys, WebKit editing command
    ("undo", "&Undo", "CmdOrCtrl+Z", "Undo"),
    ("redo", "&Redo", "CmdOrCtrl+Shift+Z", "Redo"),
    ("cut", "Cu&t", "CmdOrCtrl+X", "Cut"),
    ("copy", "&Copy", "CmdOrCtrl+C", "Copy"),
    ("paste", "&Paste", "CmdOrCtrl+V", "Paste"),
    ("select-all", "Select &All", "CmdOrCtrl+A", "SelectAll"),
];

#[cfg(target_os = "linux")]
fn edit_menu<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<SubmenuBuilder<'_, R, AppHandle<R>>> {
    let mut edit = SubmenuBuilder::new(app, "&Edit");
    for (i, (id, label, keys, _)) in EDITING.iter().enumerate() {
        if i == 2 {
            edit = edit.separator();
        }
        edit = edit.item(
            &MenuItemBuilder::with_id(*id, *label)
                .accelerator(*keys)
                .build(app)?,
        );
    }
    Ok(edit)
}

#[cfg(target_os = "linux")]
fn editing_command(id: &str) -> Option<&'static str> {
    EDITING
        .iter()
        .find(|(i, ..)| *i == id)
        .map(|(.., command)| *command)
}

#[cfg(target_os = "linux")]
fn edit<R: Runtime>(app: &AppHandle<R>, command: &'static str) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.with_webview(move |webview| {
            use webkit2gtk::WebViewExt;
            webview.inner().execute_editing_command(command);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_choice_has_its_own_id() {
        for choice in MenuChoice::ALL {
            assert_eq!(MenuChoice::from_id(choice.id()), Some(choice));
            assert_ne!(choice.id(), QUIT);
            #[cfg(target_os = "linux")]
            assert!(editing_command(choice.id()).is_none());
        }
        assert_eq!(MenuChoice::from_id("unknown"), None);
    }
}
