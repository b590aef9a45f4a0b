//! The commands the UI can invoke. Each is a few lines: take the state, call the
//! core on a blocking thread (`AppState::with_db`), map the error. Rules live in the
//! core, never here; "today" is the local date of the machine the app runs on.

use chrono::NaiveDate;
use standard_practice::courses::{self, Course, CourseInput};
use standard_practice::demo::{self, DemoSize};
use standard_practice::ids::{CourseId, RecordId, RoleId, StaffId, StandardId, VersionId};
use standard_practice::pages::{self, Overview, StaffListRow, StaffPage};
use standard_practice::practice::{self, Logo, LogoUpload, PracticeSettings};
use standard_practice::release::{self, ReleaseNotes};
use standard_practice::roles::{self, JobRole, RoleInput};
use standard_practice::staff::{self, Staff, StaffFilter, StaffInput};
use standard_practice::standards::{self, Acknowledgment, Standard, StandardDetail, StandardInput};
use standard_practice::training::{self, CertificateFile, TrainingInput, TrainingRecord};
use tauri::State;

use crate::error::CommandError;
use crate::state::{AppState, AppStatus};

type Answer<T> = Result<T, CommandError>;

pub(crate) fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Where the database is and, if it could not be opened, why. The UI calls this
/// first and shows a clear screen instead of the app when `openError` is set.
#[tauri::command]
#[specta::specta]
pub async fn app_status(state: State<'_, AppState>) -> Answer<AppStatus> {
    let mut status = state.status();
    if status.open_error.is_none() {
        status.set_up = Some(state.with_db(|db| practice::is_set_up(db)).await?);
    }
    Ok(status)
}

/// What the About box shows besides the licences (which the UI has from
/// `make types`): this version, its notes, and the practice's file.
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct About {
    pub version: String,
    pub notes: Option<ReleaseNotes>,
    /// The practice's file, if the app could work out where it is.
    pub db_path: Option<String>,
}

/// The About box: needs no one signed in, as the app's version and file are
/// shown on the lock screen's computer anyway.
#[tauri::command]
#[specta::specta]
pub async fn app_about(state: State<'_, AppState>) -> Answer<About> {
    Ok(About {
        version: release::VERSION.to_string(),
        notes: release::notes(),
        db_path: state.status().db_path,
    })
}

/// First run: fill the empty database with the demo practice.
#[tauri::command]
#[specta::specta]
pub async fn setup_demo(state: State<'_, AppState>) -> Answer<Overview> {
    state
        .with_actor(|db, me| {
            demo::create(db, me, DemoSize::default(), today())?;
            pages::overview(db, me, today())
        })
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn overview(state: State<'_, AppState>) -> Answer<Overview> {
    state
        .with_actor(|db, me| pages::overview(db, me, today()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn practice_get(state: State<'_, AppState>) -> Answer<PracticeSettings> {
    state.with_actor(|db, me| practice::settings(db, me)).await
}

#[tauri::command]
#[specta::specta]
pub async fn practice_update(
    state: State<'_, AppState>,
    settings: PracticeSettings,
) -> Answer<PracticeSettings> {
    let saved = state
        .with_actor(move |db, me| practice::update(db, me, &settings))
        .await?;
    state.set_idle_minutes(saved.lock_after_minutes);
    Ok(saved)
}

/// The logo printed in every document's header, for Settings to preview.
#[tauri::command]
#[specta::specta]
pub async fn practice_logo(state: State<'_, AppState>) -> Answer<Option<Logo>> {
    state.with_actor(|db, me| practice::logo(db, me)).await
}

#[tauri::command]
#[specta::specta]
pub async fn practice_logo_set(
    state: State<'_, AppState>,
    upload: LogoUpload,
) -> Answer<Option<Logo>> {
    state
        .with_actor(move |db, me| practice::set_logo(db, me, &upload))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn practice_logo_remove(state: State<'_, AppState>) -> Answer<()> {
    state.with_actor(practice::remove_logo).await
}

#[tauri::command]
#[specta::specta]
pub async fn staff_list(
    state: State<'_, AppState>,
    filter: StaffFilter,
) -> Answer<Vec<StaffListRow>> {
    state
        .with_actor(move |db, me| pages::staff_list(db, me, &filter, today()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn staff_page(state: State<'_, AppState>, id: StaffId) -> Answer<StaffPage> {
    state
        .with_actor(move |db, me| pages::staff_page(db, me, id, today()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn staff_create(state: State<'_, AppState>, input: StaffInput) -> Answer<Staff> {
    state
        .with_actor(move |db, me| staff::create(db, me, &input, today()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn staff_update(
    state: State<'_, AppState>,
    id: StaffId,
    input: StaffInput,
) -> Answer<Staff> {
    state
        .with_actor(move |db, me| staff::update(db, me, id, &input, today()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn staff_delete(state: State<'_, AppState>, id: StaffId) -> Answer<()> {
    state
        .with_actor(move |db, me| staff::delete(db, me, id))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn roles_list(state: State<'_, AppState>) -> Answer<Vec<JobRole>> {
    state.with_actor(|db, me| roles::list(db, me)).await
}

#[tauri::command]
#[specta::specta]
pub async fn role_create(state: State<'_, AppState>, input: RoleInput) -> Answer<JobRole> {
    state
        .with_actor(move |db, me| roles::create(db, me, &input))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn role_update(
    state: State<'_, AppState>,
    id: RoleId,
    input: RoleInput,
) -> Answer<JobRole> {
    state
        .with_actor(move |db, me| roles::update(db, me, id, &input))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn role_delete(state: State<'_, AppState>, id: RoleId) -> Answer<()> {
    state
        .with_actor(move |db, me| roles::delete(db, me, id))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn courses_list(state: State<'_, AppState>) -> Answer<Vec<Course>> {
    state.with_actor(|db, me| courses::list(db, me)).await
}

#[tauri::command]
#[specta::specta]
pub async fn course_create(state: State<'_, AppState>, input: CourseInput) -> Answer<Course> {
    state
        .with_actor(move |db, me| courses::create(db, me, &input))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn course_update(
    state: State<'_, AppState>,
    id: CourseId,
    input: CourseInput,
) -> Answer<Course> {
    state
        .with_actor(move |db, me| courses::update(db, me, id, &input))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn course_delete(state: State<'_, AppState>, id: CourseId) -> Answer<()> {
    state
        .with_actor(move |db, me| courses::delete(db, me, id))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn training_log(
    state: State<'_, AppState>,
    input: TrainingInput,
) -> Answer<TrainingRecord> {
    state
        .with_actor(move |db, me| training::log(db, me, &input, today()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn training_update(
    state: State<'_, AppState>,
    id: RecordId,
    input: TrainingInput,
) -> Answer<TrainingRecord> {
    state
        .with_actor(move |db, me| training::update(db, me, id, &input, today()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn training_delete(state: State<'_, AppState>, id: RecordId) -> Answer<()> {
    state
        .with_actor(move |db, me| training::delete(db, me, id))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn training_pending(state: State<'_, AppState>) -> Answer<Vec<TrainingRecord>> {
    state.with_actor(|db, me| training::pending(db, me)).await
}

#[tauri::command]
#[specta::specta]
pub async fn training_approve(
    state: State<'_, AppState>,
    ids: Vec<RecordId>,
) -> Answer<Vec<TrainingRecord>> {
    state
        .with_actor(move |db, me| training::approve(db, me, &ids))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn certificate_get(state: State<'_, AppState>, id: RecordId) -> Answer<CertificateFile> {
    state
        .with_actor(move |db, me| training::certificate_file(db, me, id))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn standards_list(state: State<'_, AppState>) -> Answer<Vec<Standard>> {
    state
        .with_actor(|db, me| standards::list(db, me, today()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn standard_detail(state: State<'_, AppState>, id: StandardId) -> Answer<StandardDetail> {
    state
        .with_actor(move |db, me| standards::detail(db, me, id, today()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn standard_create(
    state: State<'_, AppState>,
    input: StandardInput,
) -> Answer<StandardDetail> {
    state
        .with_actor(move |db, me| standards::create(db, me, &input, today()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn standard_revise(
    state: State<'_, AppState>,
    id: StandardId,
    input: StandardInput,
) -> Answer<StandardDetail> {
    state
        .with_actor(move |db, me| standards::revise(db, me, id, &input, today()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn standard_retire(
    state: State<'_, AppState>,
    id: StandardId,
    retired_on: Option<String>,
) -> Answer<StandardDetail> {
    state
        .with_actor(move |db, me| standards::retire(db, me, id, retired_on.as_deref(), today()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn standard_acknowledge(
    state: State<'_, AppState>,
    staff_id: StaffId,
    version_id: VersionId,
    acknowledged_on: String,
) -> Answer<Acknowledgment> {
    state
        .with_actor(move |db, me| {
            standards::acknowledge(db, me, staff_id, version_id, &acknowledged_on, today())
        })
        .await
}
