//! The evidence of service: thank-yous, and (as they come) colleagues'
//! feedback, patients' compliments and complaints, service checks,
//! check-ins and suggestions. Each command is the core call and nothing else.

use standard_practice::check_ins::{self, CheckIn, CheckInInput};
use standard_practice::colleague_feedback::{
    self, FeedbackRequest, RequestDetail, RequestInput, ResponseInput,
};
use standard_practice::evaluations::self_review::{self, SelfReview, SelfReviewInput};
use standard_practice::ids::{
    CheckId, CheckInId, EvaluationId, FeedbackId, RecognitionId, RequestId, StaffId, SuggestionId,
};
use standard_practice::patient_feedback::{
    self, PatientFeedback, PatientFeedbackFilter, PatientFeedbackInput,
};
use standard_practice::recognition::{self, Recognition, RecognitionFilter, RecognitionInput};
use standard_practice::service_checks::{
    self, CheckFilter, CheckInput, MonthRate, ServiceCheck, StandardRate,
};
use standard_practice::suggestions::{self, DecisionInput, Suggestion, SuggestionInput};
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

/// Patients' compliments and complaints, newest first.
#[tauri::command]
#[specta::specta]
pub async fn patient_feedback_list(
    state: State<'_, AppState>,
    filter: PatientFeedbackFilter,
) -> Answer<Vec<PatientFeedback>> {
    state
        .with_actor(move |db, me| patient_feedback::list(db, me, &filter))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn patient_feedback_log(
    state: State<'_, AppState>,
    input: PatientFeedbackInput,
) -> Answer<PatientFeedback> {
    state
        .with_actor(move |db, me| patient_feedback::log(db, me, &input, today()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn patient_feedback_update(
    state: State<'_, AppState>,
    id: FeedbackId,
    input: PatientFeedbackInput,
) -> Answer<PatientFeedback> {
    state
        .with_actor(move |db, me| patient_feedback::update(db, me, id, &input, today()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn patient_feedback_delete(state: State<'_, AppState>, id: FeedbackId) -> Answer<()> {
    state
        .with_actor(move |db, me| patient_feedback::delete(db, me, id))
        .await
}

/// Service checks, newest first.
#[tauri::command]
#[specta::specta]
pub async fn service_checks_list(
    state: State<'_, AppState>,
    filter: CheckFilter,
) -> Answer<Vec<ServiceCheck>> {
    state
        .with_actor(move |db, me| service_checks::list(db, me, &filter))
        .await
}

/// Met rates month by month, for a standard, a person or everything.
#[tauri::command]
#[specta::specta]
pub async fn service_checks_by_month(
    state: State<'_, AppState>,
    filter: CheckFilter,
) -> Answer<Vec<MonthRate>> {
    state
        .with_actor(move |db, me| service_checks::by_month(db, me, &filter))
        .await
}

/// Every standard's met rate over the last twelve months, of everyone or of one person.
#[tauri::command]
#[specta::specta]
pub async fn service_rates(
    state: State<'_, AppState>,
    staff_id: Option<StaffId>,
) -> Answer<Vec<StandardRate>> {
    state
        .with_actor(move |db, me| service_checks::rates_this_year(db, me, staff_id, today()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn service_check_record(
    state: State<'_, AppState>,
    input: CheckInput,
) -> Answer<ServiceCheck> {
    state
        .with_actor(move |db, me| service_checks::record(db, me, &input, today()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn service_check_delete(state: State<'_, AppState>, id: CheckId) -> Answer<()> {
    state
        .with_actor(move |db, me| service_checks::delete(db, me, id))
        .await
}

/// Requests for colleagues' feedback, newest first: about one person, or all.
#[tauri::command]
#[specta::specta]
pub async fn feedback_requests_list(
    state: State<'_, AppState>,
    staff_id: Option<StaffId>,
) -> Answer<Vec<FeedbackRequest>> {
    state
        .with_actor(move |db, me| colleague_feedback::list(db, me, staff_id))
        .await
}

/// A request with every answer given: the owner and managers only.
#[tauri::command]
#[specta::specta]
pub async fn feedback_request_get(
    state: State<'_, AppState>,
    id: RequestId,
) -> Answer<RequestDetail> {
    state
        .with_actor(move |db, me| colleague_feedback::get(db, me, id))
        .await
}

/// Asks colleagues for feedback on a person.
#[tauri::command]
#[specta::specta]
pub async fn feedback_request_ask(
    state: State<'_, AppState>,
    input: RequestInput,
) -> Answer<FeedbackRequest> {
    state
        .with_actor(move |db, me| colleague_feedback::ask(db, me, &input, today()))
        .await
}

/// A colleague's answer, at the kiosk.
#[tauri::command]
#[specta::specta]
pub async fn feedback_answer(
    state: State<'_, AppState>,
    id: RequestId,
    input: ResponseInput,
) -> Answer<()> {
    state
        .with_actor(move |db, me| colleague_feedback::answer(db, me, id, &input, today()))
        .await
}

/// The signed-in person's own self-review of their draft evaluation.
#[tauri::command]
#[specta::specta]
pub async fn self_review_get(state: State<'_, AppState>, id: EvaluationId) -> Answer<SelfReview> {
    state
        .with_actor(move |db, me| self_review::get(db, me, id))
        .await
}

/// Saves the person's ratings of themselves; hands them in when asked.
#[tauri::command]
#[specta::specta]
pub async fn self_review_save(
    state: State<'_, AppState>,
    id: EvaluationId,
    input: SelfReviewInput,
) -> Answer<SelfReview> {
    state
        .with_actor(move |db, me| self_review::save(db, me, id, &input, today()))
        .await
}

/// Every suggestion, with who made it when signed: the owner and managers.
#[tauri::command]
#[specta::specta]
pub async fn suggestions_list(state: State<'_, AppState>) -> Answer<Vec<Suggestion>> {
    state.with_actor(|db, me| suggestions::list(db, me)).await
}

/// A suggestion, signed or anonymous.
#[tauri::command]
#[specta::specta]
pub async fn suggestion_submit(
    state: State<'_, AppState>,
    input: SuggestionInput,
) -> Answer<Suggestion> {
    state
        .with_actor(move |db, me| suggestions::submit(db, me, &input, today()))
        .await
}

/// What was decided about a suggestion, and what came of it.
#[tauri::command]
#[specta::specta]
pub async fn suggestion_decide(
    state: State<'_, AppState>,
    id: SuggestionId,
    input: DecisionInput,
) -> Answer<Suggestion> {
    state
        .with_actor(move |db, me| suggestions::decide(db, me, id, &input, today()))
        .await
}

/// A person's check-ins, newest first: the owner and managers.
#[tauri::command]
#[specta::specta]
pub async fn check_ins_list(state: State<'_, AppState>, staff_id: StaffId) -> Answer<Vec<CheckIn>> {
    state
        .with_actor(move |db, me| check_ins::list(db, me, staff_id))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn check_in_record(state: State<'_, AppState>, input: CheckInInput) -> Answer<CheckIn> {
    state
        .with_actor(move |db, me| check_ins::record(db, me, &input, today()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn check_in_update(
    state: State<'_, AppState>,
    id: CheckInId,
    input: CheckInInput,
) -> Answer<CheckIn> {
    state
        .with_actor(move |db, me| check_ins::update(db, me, id, &input, today()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn check_in_delete(state: State<'_, AppState>, id: CheckInId) -> Answer<()> {
    state
        .with_actor(move |db, me| check_ins::delete(db, me, id))
        .await
}
