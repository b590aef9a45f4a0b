//! Licences and certifications, their types and continuing education. Each
//! command is the core call and nothing else.

use standard_practice::attachments::CertificateFile;
use standard_practice::ids::{LicenceId, LicenceTypeId, StaffId};
use standard_practice::licences::{
    self, Licence, LicenceInput, LicenceStatus, LicenceType, LicenceTypeInput,
};
use tauri::State;

use crate::commands::today;
use crate::error::CommandError;
use crate::state::AppState;

type Answer<T> = Result<T, CommandError>;

/// Every licence type; anyone signed in may read them.
#[tauri::command]
#[specta::specta]
pub async fn licence_types_list(state: State<'_, AppState>) -> Answer<Vec<LicenceType>> {
    state
        .with_actor(|db, me| licences::list_types(db, me))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn licence_type_create(
    state: State<'_, AppState>,
    input: LicenceTypeInput,
) -> Answer<LicenceType> {
    state
        .with_actor(move |db, me| licences::create_type(db, me, &input))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn licence_type_update(
    state: State<'_, AppState>,
    id: LicenceTypeId,
    input: LicenceTypeInput,
) -> Answer<LicenceType> {
    state
        .with_actor(move |db, me| licences::update_type(db, me, id, &input))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn licence_type_delete(state: State<'_, AppState>, id: LicenceTypeId) -> Answer<()> {
    state
        .with_actor(move |db, me| licences::delete_type(db, me, id))
        .await
}

/// Every licence of everyone, for the office.
#[tauri::command]
#[specta::specta]
pub async fn licences_list(state: State<'_, AppState>) -> Answer<Vec<Licence>> {
    state.with_actor(|db, me| licences::list_all(db, me)).await
}

/// Where everyone (or one person) stands with each licence, worst first.
#[tauri::command]
#[specta::specta]
pub async fn licence_statuses(
    state: State<'_, AppState>,
    staff_id: Option<StaffId>,
) -> Answer<Vec<LicenceStatus>> {
    state
        .with_actor(move |db, me| licences::statuses(db, me, staff_id, today()))
        .await
}

/// Records a licence: checked at once from the office, waiting for the
/// office when a person records their own at the kiosk.
#[tauri::command]
#[specta::specta]
pub async fn licence_record(state: State<'_, AppState>, input: LicenceInput) -> Answer<Licence> {
    state
        .with_actor(move |db, me| licences::record(db, me, &input, today()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn licence_update(
    state: State<'_, AppState>,
    id: LicenceId,
    input: LicenceInput,
) -> Answer<Licence> {
    state
        .with_actor(move |db, me| licences::update(db, me, id, &input, today()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn licence_delete(state: State<'_, AppState>, id: LicenceId) -> Answer<()> {
    state
        .with_actor(move |db, me| licences::delete(db, me, id))
        .await
}

/// Licences people recorded themselves, waiting to be checked.
#[tauri::command]
#[specta::specta]
pub async fn licences_unchecked(state: State<'_, AppState>) -> Answer<Vec<Licence>> {
    state.with_actor(|db, me| licences::unchecked(db, me)).await
}

#[tauri::command]
#[specta::specta]
pub async fn licence_check(
    state: State<'_, AppState>,
    ids: Vec<LicenceId>,
) -> Answer<Vec<Licence>> {
    state
        .with_actor(move |db, me| licences::check(db, me, &ids))
        .await
}

/// A licence's scanned copy, to show or save.
#[tauri::command]
#[specta::specta]
pub async fn licence_scan_get(
    state: State<'_, AppState>,
    id: LicenceId,
) -> Answer<CertificateFile> {
    state
        .with_actor(move |db, me| licences::scan(db, me, id))
        .await
}
