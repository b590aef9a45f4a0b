//! Commands for evaluation templates and evaluations: each hands its arguments
//! to the core on a blocking thread, as in [`crate::commands`].

use serde::Serialize;
use specta::Type;
use standard_practice::access::Actor;
use standard_practice::evaluations::{
    self, AcknowledgmentInput, AnnualRound, AnnualRoundInput, Evaluation, EvaluationEdit,
    EvaluationFilter, EvaluationSummary, Evidence, NewEvaluation,
};
use standard_practice::ids::{EvaluationId, StaffId, StandardId, TemplateId};
use standard_practice::scoring::SectionKind;
use standard_practice::templates::{
    self, Template, TemplateCriterion, TemplateInput, TemplateSummary,
};
use standard_practice::{practice, Db};
use tauri::State;

use crate::commands::today;
use crate::error::CommandError;
use crate::state::AppState;

type Answer<T> = Result<T, CommandError>;

/// An evaluation with what the window shows beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct EvaluationPage {
    pub evaluation: Evaluation,
    pub evidence: Evidence,
    /// The practice's words for ratings 1 to 5.
    pub rating_labels: Vec<String>,
}

/// The page the window shows for `e`; `today` dates the evidence beside it.
pub(crate) fn page(
    db: &standard_practice::Db,
    me: &Actor,
    e: Evaluation,
    today: chrono::NaiveDate,
) -> standard_practice::Result<EvaluationPage> {
    Ok(EvaluationPage {
        evidence: evaluations::evidence(db, me, e.id, today)?,
        rating_labels: practice::settings(db, me)?.rating_labels,
        evaluation: e,
    })
}

/// Runs `f` (a read or a change of one evaluation) for the signed-in actor and
/// answers the evaluation's page as it now is.
async fn with_page(
    state: &AppState,
    f: impl FnOnce(&mut Db, &Actor) -> standard_practice::Result<Evaluation> + Send + 'static,
) -> Answer<EvaluationPage> {
    state
        .with_actor(move |db, me| {
            let e = f(db, me)?;
            page(db, me, e, today())
        })
        .await
}

/// A criterion made from a standard, and the section kind it belongs in.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CriterionFromStandard {
    pub kind: SectionKind,
    pub criterion: TemplateCriterion,
}

#[tauri::command]
#[specta::specta]
pub async fn templates_list(state: State<'_, AppState>) -> Answer<Vec<TemplateSummary>> {
    state.with_actor(|db, me| templates::list(db, me)).await
}

#[tauri::command]
#[specta::specta]
pub async fn template_get(state: State<'_, AppState>, id: TemplateId) -> Answer<Template> {
    state
        .with_actor(move |db, me| templates::get(db, me, id))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn template_create(state: State<'_, AppState>, input: TemplateInput) -> Answer<Template> {
    state
        .with_actor(move |db, me| templates::create(db, me, &input))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn template_update(
    state: State<'_, AppState>,
    id: TemplateId,
    input: TemplateInput,
) -> Answer<Template> {
    state
        .with_actor(move |db, me| templates::update(db, me, id, &input))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn template_delete(state: State<'_, AppState>, id: TemplateId) -> Answer<()> {
    state
        .with_actor(move |db, me| templates::delete(db, me, id))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn criterion_from_standard(
    state: State<'_, AppState>,
    standard_id: StandardId,
) -> Answer<CriterionFromStandard> {
    state
        .with_actor(move |db, me| {
            let (kind, criterion) =
                templates::criterion_from_standard(db, me, standard_id, today())?;
            Ok(CriterionFromStandard { kind, criterion })
        })
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn evaluations_list(
    state: State<'_, AppState>,
    filter: EvaluationFilter,
) -> Answer<Vec<EvaluationSummary>> {
    state
        .with_actor(move |db, me| evaluations::list(db, me, &filter))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn evaluation_history(
    state: State<'_, AppState>,
    staff_id: StaffId,
) -> Answer<Vec<EvaluationSummary>> {
    state
        .with_actor(move |db, me| evaluations::history(db, me, staff_id))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn evaluation_get(
    state: State<'_, AppState>,
    id: EvaluationId,
) -> Answer<EvaluationPage> {
    with_page(&state, move |db, me| evaluations::get(db, me, id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn evaluation_create(
    state: State<'_, AppState>,
    input: NewEvaluation,
) -> Answer<EvaluationPage> {
    with_page(&state, move |db, me| evaluations::create(db, me, &input)).await
}

#[tauri::command]
#[specta::specta]
pub async fn evaluation_save(
    state: State<'_, AppState>,
    id: EvaluationId,
    edit: EvaluationEdit,
) -> Answer<EvaluationPage> {
    with_page(&state, move |db, me| {
        evaluations::save(db, me, id, &edit, today())
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn evaluation_finalize(
    state: State<'_, AppState>,
    id: EvaluationId,
) -> Answer<EvaluationPage> {
    with_page(&state, move |db, me| {
        evaluations::finalize(db, me, id, today())
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn evaluation_acknowledge(
    state: State<'_, AppState>,
    id: EvaluationId,
    input: AcknowledgmentInput,
) -> Answer<EvaluationPage> {
    with_page(&state, move |db, me| {
        evaluations::acknowledge(db, me, id, &input, today())
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn evaluation_delete(state: State<'_, AppState>, id: EvaluationId) -> Answer<()> {
    state
        .with_actor(move |db, me| evaluations::delete(db, me, id))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn annual_round_start(
    state: State<'_, AppState>,
    input: AnnualRoundInput,
) -> Answer<AnnualRound> {
    state
        .with_actor(move |db, me| evaluations::start_annual_round(db, me, &input))
        .await
}
