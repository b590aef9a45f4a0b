//! The practice's year: the to-do list, its reminder settings, the daily
//! reminder raised on start, and the owner's dashboard. Each command is the
//! core call and nothing else.

use standard_practice::todo::{self, ReminderSetting, TodoItem};
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_notification::NotificationExt;

use crate::commands::today;
use crate::error::CommandError;
use crate::state::AppState;

type Answer<T> = Result<T, CommandError>;

/// The practice's list, for the owner and managers: overdue first.
#[tauri::command]
#[specta::specta]
pub async fn todo_list(state: State<'_, AppState>) -> Answer<Vec<TodoItem>> {
    state.with_actor(|db, me| todo::list(db, me, today())).await
}

/// The signed-in person's own list, at the kiosk.
#[tauri::command]
#[specta::specta]
pub async fn todo_mine(state: State<'_, AppState>) -> Answer<Vec<TodoItem>> {
    state.with_actor(|db, me| todo::mine(db, me, today())).await
}

#[tauri::command]
#[specta::specta]
pub async fn reminder_settings_get(state: State<'_, AppState>) -> Answer<Vec<ReminderSetting>> {
    state.with_actor(|db, me| todo::settings(db, me)).await
}

#[tauri::command]
#[specta::specta]
pub async fn reminder_settings_update(
    state: State<'_, AppState>,
    settings: Vec<ReminderSetting>,
) -> Answer<Vec<ReminderSetting>> {
    state
        .with_actor(move |db, me| todo::update_settings(db, me, &settings))
        .await
}

/// Once a day, on start: one desktop notification of what became due since
/// the last (none when nothing did, or the practice did not open). Its own
/// task, so a slow notification server never holds up the window.
pub fn remind_on_start<R: Runtime>(app: &AppHandle<R>) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let state = app.state::<AppState>();
        let Ok(Some(reminder)) = state.with_db(|db| todo::daily(db, today())).await else {
            // Not open: the window says why. Nothing new: nothing to say.
            return;
        };
        let shown = app
            .notification()
            .builder()
            .title(&reminder.title)
            .body(&reminder.body)
            .show();
        if let Err(e) = shown {
            // No notification server (a bare X session): the list is in the
            // window all the same.
            eprintln!("Standard Practice: the daily reminder was not shown: {e}");
        }
    });
}

/// The owner's view of a year: scores, compliance, headcount, the round,
/// and for the owner the recommended pay.
#[tauri::command]
#[specta::specta]
pub async fn dashboard_year(
    state: State<'_, AppState>,
    year: i32,
) -> Answer<standard_practice::dashboard::Dashboard> {
    state
        .with_actor(move |db, me| standard_practice::dashboard::year(db, me, year, today()))
        .await
}
