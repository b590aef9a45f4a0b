//! Evaluations: one person, one period, one copy of a template's criteria, rated
//! 1–5 or N/A with a comment each, plus the narrative (strengths, areas to
//! improve, goals, training plan, a pay or reward recommendation, the employee's
//! comments). Customer service to patients and to co-workers is scored beside
//! the evidence for it: training completed in the period, standards
//! acknowledged, and the person's due status.
//!
//! Draft → Finalized (locked) → Acknowledged by the employee. Once finalized,
//! every change needs a reason and is kept as an amendment listing each field
//! before and after.
//!
//! This file holds the model; the work is in:
//! - `read`: one evaluation, lists, a person's history, the evidence;
//! - `create`: starting one evaluation or the annual round, deleting a draft;
//! - `edit`: the form checked into what may be saved;
//! - `save`: saving the form, as an edit of a draft or an amendment;
//! - `words`: ratings, recommendations and money in words, and the change
//!   list an edit writes to the trail;
//! - `finalize`: what a finalized evaluation must be, finalizing, the
//!   employee's acknowledgment.

mod create;
mod edit;
mod finalize;
mod read;
mod save;
pub mod self_review;
mod words;

use chrono::NaiveDate;
use rusqlite::Transaction;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::access::Actor;
pub use crate::audit::Change;
use crate::audit::{self, Entity};
use crate::due::DueItem;
use crate::error::Result;
use crate::evidence::ServiceEvidence;
use crate::ids::{text_enum, CourseId, CriterionId, EvaluationId, StaffId, StandardId, TemplateId};
use crate::scoring::{ScoreView, SectionKind};
use crate::staff::StaffRef;
use crate::training::TrainingRecord;

pub use create::{create, delete, start_annual_round};
pub(crate) use create::{insert_from_template, Period};
use edit::ValidEdit;
pub use finalize::{acknowledge, finalize};
pub use read::{evidence, get, history, list};
pub(crate) use read::{
    keep_visible, list_all, load, load_evidence, own_draft, rated_of, require_visible,
};
pub use save::save;
pub use words::{level_text, money, recommendation_text};

/// The longest comment on one criterion, in characters.
pub const MAX_COMMENT: usize = 4000;
/// The longest narrative field (strengths, areas to improve, …), in characters.
pub const MAX_NARRATIVE: usize = 10_000;
/// The most goals one evaluation sets.
pub const MAX_GOALS: usize = 20;

text_enum! {
    pub enum EvaluationKind { Annual = "annual", NinetyDay = "ninety_day", MidYear = "mid_year" }
}

impl EvaluationKind {
    /// The kind as the form and the trail say it: "Annual review".
    pub fn label(self) -> &'static str {
        match self {
            EvaluationKind::Annual => "Annual review",
            EvaluationKind::NinetyDay => "90-day review",
            EvaluationKind::MidYear => "Mid-year review",
        }
    }
}

text_enum! {
    pub enum EvaluationStatus { Draft = "draft", Finalized = "finalized", Acknowledged = "acknowledged" }
}

impl EvaluationStatus {
    /// The status as the window shows it.
    pub fn label(self) -> &'static str {
        match self {
            EvaluationStatus::Draft => "Draft",
            EvaluationStatus::Finalized => "Finalized",
            EvaluationStatus::Acknowledged => "Acknowledged",
        }
    }
}

text_enum! {
    pub enum Recommendation {
        None = "none",
        MeritIncrease = "merit_increase",
        Bonus = "bonus",
        Recognition = "recognition",
        Promotion = "promotion",
    }
}

impl Recommendation {
    /// The recommendation as the form shows it, without its amount.
    pub fn label(self) -> &'static str {
        match self {
            Recommendation::None => "None",
            Recommendation::MeritIncrease => "Merit increase",
            Recommendation::Bonus => "Bonus",
            Recommendation::Recognition => "Recognition",
            Recommendation::Promotion => "Promotion",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Criterion {
    pub id: CriterionId,
    pub title: String,
    pub description: String,
    /// What ratings 1 to 5 mean here; blank ones fall back to the practice's labels.
    pub levels: Vec<String>,
    #[specta(type = specta_typescript::Number)]
    pub weight: f64,
    pub standard_id: Option<StandardId>,
    /// 1..=5; `None` when N/A or not yet rated.
    pub rating: Option<u8>,
    pub not_applicable: bool,
    pub comment: String,
    /// Rated from the standard's service checks (see [`Proposal`]).
    pub measured: bool,
    /// For a measured criterion with checks of the person in the period:
    /// the rating they propose. Live while a draft; as finalized after.
    pub proposal: Option<Proposal>,
    /// Why the rating is not the one proposed.
    pub override_reason: String,
    /// The person's own rating and comment (their self-review).
    pub self_rating: Option<u8>,
    pub self_not_applicable: bool,
    pub self_comment: String,
}

/// The rating a measured criterion's service checks propose: the person's
/// met rate over the review period, by the practice's thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Proposal {
    pub rating: u8,
    pub rate: crate::service_checks::MetRate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Section {
    pub kind: SectionKind,
    pub title: String,
    pub score: Option<ScoreView>,
    pub criteria: Vec<Criterion>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Goal {
    pub goal: String,
    /// `YYYY-MM-DD`.
    pub target_date: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PlannedCourse {
    /// `None` once the course has been removed from the catalog.
    pub course_id: Option<CourseId>,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Amendment {
    pub made_on: NaiveDate,
    pub reason: String,
    pub changes: Vec<Change>,
}

/// An evaluation in a list or a person's history.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct EvaluationSummary {
    pub id: EvaluationId,
    pub staff: StaffRef,
    pub kind: EvaluationKind,
    pub year: i32,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub status: EvaluationStatus,
    pub template_name: String,
    pub customer_service: Option<ScoreView>,
    pub overall: Option<ScoreView>,
    /// Criteria rated or marked N/A, out of all.
    pub rated_count: u32,
    pub criterion_count: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Evaluation {
    pub id: EvaluationId,
    pub staff: StaffRef,
    pub role_name: Option<String>,
    pub reviewer: Option<StaffRef>,
    pub template_name: String,
    pub kind: EvaluationKind,
    pub year: i32,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub status: EvaluationStatus,
    pub sections: Vec<Section>,
    pub customer_service: Option<ScoreView>,
    pub overall: Option<ScoreView>,
    /// The manager's overall summary of the period.
    pub summary: String,
    pub strengths: String,
    pub improvements: String,
    pub goals: Vec<Goal>,
    pub training_plan: Vec<PlannedCourse>,
    pub recommendation: Recommendation,
    #[specta(type = Option<specta_typescript::Number>)]
    pub merit_percent: Option<f64>,
    /// The bonus in whole cents (money is exact).
    #[specta(type = Option<specta_typescript::Number>)]
    pub bonus_cents: Option<i64>,
    /// The bonus as the form shows and takes it ("500.00"; empty: none).
    pub bonus: String,
    pub recommendation_note: String,
    pub employee_comments: String,
    pub finalized_on: Option<NaiveDate>,
    pub acknowledged_on: Option<NaiveDate>,
    pub acknowledgment_comment: String,
    /// When the person handed in their self-review, if they have.
    pub self_review_on: Option<NaiveDate>,
    pub amendments: Vec<Amendment>,
}

impl Evaluation {
    /// Every criterion, section after section: the order the form's
    /// `ratings.{i}` fields count in.
    fn criteria(&self) -> impl Iterator<Item = &Criterion> {
        self.sections.iter().flat_map(|s| &s.criteria)
    }

    /// Criterion `id`, when it is part of this evaluation.
    fn criterion(&self, id: CriterionId) -> Option<&Criterion> {
        self.criteria().find(|c| c.id == id)
    }
}

/// What stands beside the customer-service ratings.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Evidence {
    /// Approved training completed within the period, newest first.
    pub training: Vec<TrainingRecord>,
    /// Service standards the person acknowledged (any version), newest first.
    pub acknowledged: Vec<AcknowledgedStandard>,
    /// The person's required training as of today.
    pub due: Vec<DueItem>,
    /// Thank-yous, patients' feedback and service checks in the period: as
    /// they stand while a draft, as finalized after. `None` for a review
    /// finalized before the app kept it.
    pub service: Option<ServiceEvidence>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AcknowledgedStandard {
    pub standard_id: StandardId,
    pub version: u32,
    pub statement: String,
    pub acknowledged_on: NaiveDate,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct NewEvaluation {
    pub staff_id: Option<StaffId>,
    pub template_id: Option<TemplateId>,
    pub kind: Option<EvaluationKind>,
    /// `YYYY-MM-DD`.
    pub period_start: String,
    pub period_end: String,
    /// Defaults to the person's manager.
    pub reviewer_id: Option<StaffId>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct AnnualRoundInput {
    pub template_id: Option<TemplateId>,
    pub year: i32,
    /// `YYYY-MM-DD`; empty means 1 January of the year.
    pub period_start: String,
    /// `YYYY-MM-DD`; empty means 31 December of the year.
    pub period_end: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AnnualRound {
    pub created: Vec<StaffRef>,
    /// Active people who already had an annual evaluation for the year.
    pub skipped: Vec<StaffRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RatingInput {
    pub criterion_id: CriterionId,
    /// Anything but 1..=5 is refused with a message, so it is taken wide.
    #[specta(type = Option<specta_typescript::Number>)]
    pub rating: Option<i64>,
    #[serde(default)]
    pub not_applicable: bool,
    #[serde(default)]
    pub comment: String,
    /// Required when the rating differs from the one the checks propose.
    #[serde(default)]
    pub override_reason: String,
}

/// The evaluation form as the window sends it. Ratings name their criteria;
/// criteria not listed keep what they have.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct EvaluationEdit {
    pub ratings: Vec<RatingInput>,
    pub summary: String,
    pub strengths: String,
    pub improvements: String,
    pub goals: Vec<Goal>,
    pub training_plan: Vec<CourseId>,
    pub recommendation: Option<Recommendation>,
    #[specta(type = Option<specta_typescript::Number>)]
    pub merit_percent: Option<f64>,
    /// The bonus as typed ("500", "1250.50"); the core reads it into exact
    /// cents. Empty: none.
    pub bonus: String,
    pub recommendation_note: String,
    pub employee_comments: String,
    /// Required once the evaluation is finalized: why it is being changed.
    pub amendment_reason: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct AcknowledgmentInput {
    /// `YYYY-MM-DD`.
    pub acknowledged_on: String,
    pub comment: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct EvaluationFilter {
    pub year: Option<i32>,
    pub status: Option<EvaluationStatus>,
    pub staff_id: Option<StaffId>,
}

/// The fields of an evaluation that only [`Permission::DecidePay`] may
/// change. Saving compares these, not the change list's labels, so renaming a
/// label cannot change who may set pay.
///
/// [`Permission::DecidePay`]: crate::access::Permission::DecidePay
#[derive(Debug, PartialEq)]
pub(crate) struct PayDecision<'a> {
    recommendation: Recommendation,
    merit_percent: Option<f64>,
    bonus_cents: Option<i64>,
    note: &'a str,
}

impl<'a> PayDecision<'a> {
    /// The decision as saved.
    fn of(e: &'a Evaluation) -> Self {
        PayDecision {
            recommendation: e.recommendation,
            merit_percent: e.merit_percent,
            bonus_cents: e.bonus_cents,
            note: &e.recommendation_note,
        }
    }

    /// The decision as the checked form would save it.
    fn edited(v: &'a ValidEdit) -> Self {
        PayDecision {
            recommendation: v.recommendation,
            merit_percent: v.merit_percent,
            bonus_cents: v.bonus_cents,
            note: &v.recommendation_note,
        }
    }
}

/// One row of the audit trail about evaluation `id` of `person`.
fn trail(
    tx: &Transaction<'_>,
    actor: &Actor,
    id: EvaluationId,
    person: StaffId,
    action: &str,
    summary: &str,
    changes: &[Change],
) -> Result<()> {
    audit::record(
        tx,
        actor,
        Entity::Evaluation,
        id.0,
        Some(person),
        action,
        summary,
        changes,
    )
}
