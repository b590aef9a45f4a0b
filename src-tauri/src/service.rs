//! The evidence of service: thank-yous, and (as they come) colleagues'
//! feedback, patients' compliments and complaints, service checks,
//! check-ins and suggestions. Each command is the core call and nothing else.

use standard_practice::ids::RecognitionId;
use standard_practice::recognition::{self, Recognition, RecognitionFilter, RecognitionInput};
use tauri::State;

use crate::commands::today;
use crate::error::CommandError;
use crate::state::AppState;

type Answer<T> = Result<T, CommandError>;

/// Thank-yous, newest first: everyone's for the owner and managers, one's own otherwise.
#[tauri::command]
#[specta::specta]
pub async fn recognition_list(
    state: State<'_, AppState>,
    filter: RecognitionFilter,
) -> Answer<Vec<Recognition>> {
    state
        .with_actor(move |db, me| recognition::list(db, me, &filter))
        .await
}

/// Says thank you, in the signed-in person's name.
#[tauri::command]
#[specta::specta]
pub async fn recognition_give(
    state: State<'_, AppState>,
    input: RecognitionInput,
) -> Answer<Recognition> {
    state
        .with_actor(move |db, me| recognition::give(db, me, &input, today()))
        .await
}

/// Hides a thank-you about oneself from the kiosk's wall, or shows it again.
#[tauri::command]
#[specta::specta]
pub async fn recognition_hide(
    state: State<'_, AppState>,
    id: RecognitionId,
    hidden: bool,
) -> Answer<Recognition> {
    state
        .with_actor(move |db, me| recognition::set_hidden(db, me, id, hidden))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn recognition_delete(state: State<'_, AppState>, id: RecognitionId) -> Answer<()> {
    state
        .with_actor(move |db, me| recognition::delete(db, me, id))
        .await
}
