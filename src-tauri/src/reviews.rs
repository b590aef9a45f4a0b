//! Commands for evaluation templates and evaluations: each hands its arguments
//! to the core on a blocking thread, as in [`crate::commands`].

use serde::Serialize;
use standard_practice::evaluations::{
    self, AcknowledgmentInput, AnnualRound, AnnualRoundInput, Evaluation, EvaluationEdit,
    EvaluationFilter, EvaluationSummary, Evidence, NewEvaluation,
};
use standard_practice::ids::{EvaluationId, StaffId, StandardId, TemplateId};
use standard_practice::practice;
use standard_practice::scoring::SectionKind;
use standard_practice::templates::{
    self, Template, TemplateCriterion, TemplateInput, TemplateSummary,
};
use tauri::State;
use ts_rs::TS;

use crate::commands::today;
use crate::error::CommandError;
use crate::state::AppState;

type Answer<T> = Result<T, CommandError>;

/// An evaluation with what the window shows beside it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct EvaluationPage {
    pub evaluation: Evaluation,
    pub evidence: Evidence,
    /// The practice's words for ratings 1 to 5.
    pub rating_labels: Vec<String>,
}

fn page(db: &standard_practice::Db, e: Evaluation) -> standard_practice::Result<EvaluationPage> {
    Ok(EvaluationPage {
        evidence: evaluations::evidence(db.conn(), e.id, today())?,
        rating_labels: practice::get(db.conn())?.rating_labels,
        evaluation: e,
    })
}

/// A criterion made from a standard, and the section kind it belongs in.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CriterionFromStandard {
    pub kind: SectionKind,
    pub criterion: TemplateCriterion,
}

#[tauri::command]
pub async fn templates_list(state: State<'_, AppState>) -> Answer<Vec<TemplateSummary>> {
    state.with_db(|db| templates::list(db.conn())).await
}

#[tauri::command]
pub async fn template_get(state: State<'_, AppState>, id: TemplateId) -> Answer<Template> {
    state.with_db(move |db| templates::get(db.conn(), id)).await
}

#[tauri::command]
pub async fn template_create(state: State<'_, AppState>, input: TemplateInput) -> Answer<Template> {
    state.with_db(move |db| templates::create(db, &input)).await
}

#[tauri::command]
pub async fn template_update(
    state: State<'_, AppState>,
    id: TemplateId,
    input: TemplateInput,
) -> Answer<Template> {
    state
        .with_db(move |db| templates::update(db, id, &input))
        .await
}

#[tauri::command]
pub async fn template_delete(state: State<'_, AppState>, id: TemplateId) -> Answer<()> {
    state.with_db(move |db| templates::delete(db, id)).await
}

#[tauri::command]
pub async fn criterion_from_standard(
    state: State<'_, AppState>,
    standard_id: StandardId,
) -> Answer<CriterionFromStandard> {
    state
        .with_db(move |db| {
            let (kind, criterion) =
                templates::criterion_from_standard(db.conn(), standard_id, today())?;
            Ok(CriterionFromStandard { kind, criterion })
        })
        .await
}

#[tauri::command]
pub async fn evaluations_list(
    state: State<'_, AppState>,
    filter: EvaluationFilter,
) -> Answer<Vec<EvaluationSummary>> {
    state
        .with_db(move |db| evaluations::list(db.conn(), &filter))
        .await
}

#[tauri::command]
pub async fn evaluation_history(
    state: State<'_, AppState>,
    staff_id: StaffId,
) -> Answer<Vec<EvaluationSummary>> {
    state
        .with_db(move |db| evaluations::history(db.conn(), staff_id))
        .await
}

#[tauri::command]
pub async fn evaluation_get(
    state: State<'_, AppState>,
    id: EvaluationId,
) -> Answer<EvaluationPage> {
    state
        .with_db(move |db| {
            let e = evaluations::get(db.conn(), id)?;
            page(db, e)
        })
        .await
}

#[tauri::command]
pub async fn evaluation_create(
    state: State<'_, AppState>,
    input: NewEvaluation,
) -> Answer<EvaluationPage> {
    state
        .with_db(move |db| {
            let e = evaluations::create(db, &input)?;
            page(db, e)
        })
        .await
}

#[tauri::command]
pub async fn evaluation_save(
    state: State<'_, AppState>,
    id: EvaluationId,
    edit: EvaluationEdit,
) -> Answer<EvaluationPage> {
    state
        .with_db(move |db| {
            let e = evaluations::save(db, id, &edit, today())?;
            page(db, e)
        })
        .await
}

#[tauri::command]
pub async fn evaluation_finalize(
    state: State<'_, AppState>,
    id: EvaluationId,
) -> Answer<EvaluationPage> {
    state
        .with_db(move |db| {
            let e = evaluations::finalize(db, id, today())?;
            page(db, e)
        })
        .await
}

#[tauri::command]
pub async fn evaluation_acknowledge(
    state: State<'_, AppState>,
    id: EvaluationId,
    input: AcknowledgmentInput,
) -> Answer<EvaluationPage> {
    state
        .with_db(move |db| {
            let e = evaluations::acknowledge(db, id, &input, today())?;
            page(db, e)
        })
        .await
}

#[tauri::command]
pub async fn evaluation_delete(state: State<'_, AppState>, id: EvaluationId) -> Answer<()> {
    state.with_db(move |db| evaluations::delete(db, id)).await
}

#[tauri::command]
pub async fn annual_round_start(
    state: State<'_, AppState>,
    input: AnnualRoundInput,
) -> Answer<AnnualRound> {
    state
        .with_db(move |db| evaluations::start_annual_round(db, &input))
        .await
}
