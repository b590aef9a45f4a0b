//! Job swaps, SWOT worksheets and process-improvement projects. Each command
//! is the core call and nothing else.

use standard_practice::ids::{ProjectId, StaffId, SwapId, SwotId};
use standard_practice::job_swaps::{self, JobSwap, JobSwapInput, SwapSuggestion};
use standard_practice::projects::{self, Project, ProjectInput};
use standard_practice::swot::{self, Quadrants, Worksheet, WorksheetInput};
use tauri::State;

use crate::commands::today;
use crate::error::CommandError;
use crate::state::AppState;

type Answer<T> = Result<T, CommandError>;

/// Every job swap, or one person's (their own at the kiosk).
#[tauri::command]
#[specta::specta]
pub async fn job_swaps_list(
    state: State<'_, AppState>,
    staff_id: Option<StaffId>,
) -> Answer<Vec<JobSwap>> {
    state
        .with_actor(move |db, me| job_swaps::list(db, me, staff_id))
        .await
}

/// The swaps the service map suggests.
#[tauri::command]
#[specta::specta]
pub async fn job_swap_suggestions(state: State<'_, AppState>) -> Answer<Vec<SwapSuggestion>> {
    state
        .with_actor(|db, me| job_swaps::suggestions(db, me))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn job_swap_record(state: State<'_, AppState>, input: JobSwapInput) -> Answer<JobSwap> {
    state
        .with_actor(move |db, me| job_swaps::record(db, me, &input, today()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn job_swap_update(
    state: State<'_, AppState>,
    id: SwapId,
    input: JobSwapInput,
) -> Answer<JobSwap> {
    state
        .with_actor(move |db, me| job_swaps::update(db, me, id, &input, today()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn job_swap_delete(state: State<'_, AppState>, id: SwapId) -> Answer<()> {
    state
        .with_actor(move |db, me| job_swaps::delete(db, me, id))
        .await
}

/// Every SWOT worksheet, newest first.
#[tauri::command]
#[specta::specta]
pub async fn swot_list(state: State<'_, AppState>) -> Answer<Vec<Worksheet>> {
    state.with_actor(|db, me| swot::list(db, me)).await
}

/// Prompts from the records for a new worksheet.
#[tauri::command]
#[specta::specta]
pub async fn swot_prompts(state: State<'_, AppState>) -> Answer<Quadrants> {
    state
        .with_actor(|db, me| swot::prompts(db, me, today()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn swot_create(state: State<'_, AppState>, input: WorksheetInput) -> Answer<Worksheet> {
    state
        .with_actor(move |db, me| swot::create(db, me, &input, today()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn swot_update(
    state: State<'_, AppState>,
    id: SwotId,
    input: WorksheetInput,
) -> Answer<Worksheet> {
    state
        .with_actor(move |db, me| swot::update(db, me, id, &input, today()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn swot_delete(state: State<'_, AppState>, id: SwotId) -> Answer<()> {
    state
        .with_actor(move |db, me| swot::delete(db, me, id))
        .await
}

/// Every improvement project, under way first.
#[tauri::command]
#[specta::specta]
pub async fn projects_list(state: State<'_, AppState>) -> Answer<Vec<Project>> {
    state.with_actor(|db, me| projects::list(db, me)).await
}

#[tauri::command]
#[specta::specta]
pub async fn project_create(state: State<'_, AppState>, input: ProjectInput) -> Answer<Project> {
    state
        .with_actor(move |db, me| projects::create(db, me, &input, today()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn project_update(
    state: State<'_, AppState>,
    id: ProjectId,
    input: ProjectInput,
) -> Answer<Project> {
    state
        .with_actor(move |db, me| projects::update(db, me, id, &input, today()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn project_delete(state: State<'_, AppState>, id: ProjectId) -> Answer<()> {
    state
        .with_actor(move |db, me| projects::delete(db, me, id))
        .await
}
