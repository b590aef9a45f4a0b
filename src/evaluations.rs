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

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::access::{Actor, Permission};
pub use crate::audit::Change;
use crate::audit::{self, Entity};
use crate::due::{self, DueItem};
use crate::error::{Error, Result};
use crate::ids::{text_enum, CourseId, CriterionId, EvaluationId, StaffId, StandardId, TemplateId};
use crate::scoring::{self, ScoreView, Scored, SectionKind, SCALE_MAX};
use crate::staff::{self, StaffRef, StaffStatus};
use crate::storage::Readable;
use crate::storage::{is_unique_violation, timestamp, Db};
use crate::templates::{self, levels_from_json};
use crate::training::{self, RecordStatus, TrainingRecord};
use crate::{courses, text};

/// The longest comment on one criterion, in characters.
pub const MAX_COMMENT: usize = 4000;
/// The longest narrative field (strengths, areas to improve, …), in characters.
pub const MAX_NARRATIVE: usize = 10_000;
pub const MAX_GOALS: usize = 20;

text_enum! {
    pub enum EvaluationKind { Annual = "annual", NinetyDay = "ninety_day", MidYear = "mid_year" }
}

impl EvaluationKind {
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
    pub amendments: Vec<Amendment>,
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
}

/// The evaluation form as the window sends it. Ratings name their criteria;
/// criteria not listed keep what they have.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct EvaluationEdit {
    pub ratings: Vec<RatingInput>,
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

// ------------------------------------------------------------------ reading

struct Head {
    staff: StaffRef,
    role_name: Option<String>,
    reviewer: Option<StaffRef>,
    template_name: String,
    kind: EvaluationKind,
    year: i32,
    period_start: NaiveDate,
    period_end: NaiveDate,
    status: EvaluationStatus,
    strengths: String,
    improvements: String,
    recommendation: Recommendation,
    merit_percent: Option<f64>,
    bonus_cents: Option<i64>,
    recommendation_note: String,
    employee_comments: String,
    finalized_on: Option<NaiveDate>,
    acknowledged_on: Option<NaiveDate>,
    acknowledgment_comment: String,
}

const SELECT_HEAD: &str = "SELECT e.staff_id, s.name, r.name, e.reviewer_id, m.name, e.template_name, e.kind,
        e.year, e.period_start, e.period_end, e.status, e.strengths, e.improvements, e.recommendation,
        e.merit_percent, e.bonus_cents, e.recommendation_note, e.employee_comments, e.finalized_on,
        e.acknowledged_on, e.acknowledgment_comment
   FROM evaluations e
   JOIN staff s ON s.id = e.staff_id
   LEFT JOIN job_roles r ON r.id = s.role_id
   LEFT JOIN staff m ON m.id = e.reviewer_id
  WHERE e.id = ?1";

fn head_from_row(r: &Row<'_>) -> rusqlite::Result<Head> {
    let reviewer = match (
        r.get::<_, Option<StaffId>>(3)?,
        r.get::<_, Option<String>>(4)?,
    ) {
        (Some(id), Some(name)) => Some(StaffRef { id, name }),
        _ => None,
    };
    Ok(Head {
        staff: StaffRef {
            id: r.get(0)?,
            name: r.get(1)?,
        },
        role_name: r.get(2)?,
        reviewer,
        template_name: r.get(5)?,
        kind: r.get(6)?,
        year: r.get(7)?,
        period_start: r.get(8)?,
        period_end: r.get(9)?,
        status: r.get(10)?,
        strengths: r.get(11)?,
        improvements: r.get(12)?,
        recommendation: r.get(13)?,
        merit_percent: r.get(14)?,
        bonus_cents: r.get(15)?,
        recommendation_note: r.get(16)?,
        employee_comments: r.get(17)?,
        finalized_on: r.get(18)?,
        acknowledged_on: r.get(19)?,
        acknowledgment_comment: r.get(20)?,
    })
}

fn head(conn: &Connection, id: EvaluationId) -> Result<Head> {
    conn.prepare_cached(SELECT_HEAD)?
        .query_row([id], head_from_row)
        .optional()?
        .ok_or(Error::NotFound {
            what: "Evaluation",
            id: id.0,
        })
}

/// The sections with their criteria, unscored.
fn sections_of(conn: &Connection, id: EvaluationId) -> Result<Vec<Section>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.kind, s.title, c.id, c.title, c.description, c.levels, c.weight, c.standard_id,
                c.rating, c.not_applicable, c.comment
           FROM evaluation_sections s
           JOIN evaluation_criteria c ON c.section_id = s.id
          WHERE s.evaluation_id = ?1
          ORDER BY s.position, c.position",
    )?;
    let mut rows = stmt.query([id])?;
    let mut sections: Vec<Section> = Vec::new();
    let mut last_section = None;
    while let Some(r) = rows.next()? {
        let section_id: i64 = r.get(0)?;
        if last_section != Some(section_id) {
            last_section = Some(section_id);
            sections.push(Section {
                kind: r.get(1)?,
                title: r.get(2)?,
                score: None,
                criteria: Vec::new(),
            });
        }
        let rating: Option<u8> = r.get(9)?;
        let criterion = Criterion {
            id: r.get(3)?,
            title: r.get(4)?,
            description: r.get(5)?,
            levels: levels_from_json(&r.get::<_, String>(6)?, 6)?,
            weight: scoring::weight_to_number(r.get(7)?),
            standard_id: r.get(8)?,
            rating,
            not_applicable: r.get(10)?,
            comment: r.get(11)?,
        };
        if let Some(s) = sections.last_mut() {
            s.criteria.push(criterion);
        }
    }
    Ok(sections)
}

/// Scores the sections in place and returns (customer service, overall).
fn apply_scores(sections: &mut [Section]) -> (Option<ScoreView>, Option<ScoreView>) {
    let scored: Vec<Scored> = sections
        .iter()
        .enumerate()
        .flat_map(|(i, s)| {
            s.criteria.iter().map(move |c| Scored {
                section: i,
                kind: s.kind,
                weight: scoring::weight_from_number(c.weight).unwrap_or(0),
                rating: c.rating,
            })
        })
        .collect();
    let scores = scoring::score(sections.len(), &scored);
    for (s, m) in sections.iter_mut().zip(scores.sections) {
        s.score = m.map(scoring::Mean::view);
    }
    (
        scores.customer_service.map(scoring::Mean::view),
        scores.overall.map(scoring::Mean::view),
    )
}

fn goals_of(conn: &Connection, id: EvaluationId) -> Result<Vec<Goal>> {
    let mut stmt = conn.prepare_cached(
        "SELECT goal, target_date FROM evaluation_goals WHERE evaluation_id = ?1 ORDER BY position",
    )?;
    let rows = stmt
        .query_map([id], |r| {
            Ok(Goal {
                goal: r.get(0)?,
                target_date: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

fn plan_of(conn: &Connection, id: EvaluationId) -> Result<Vec<PlannedCourse>> {
    let mut stmt = conn.prepare_cached(
        "SELECT course_id, course_title FROM evaluation_training_plan WHERE evaluation_id = ?1 ORDER BY position",
    )?;
    let rows = stmt
        .query_map([id], |r| {
            Ok(PlannedCourse {
                course_id: r.get(0)?,
                title: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

fn amendments_of(conn: &Connection, id: EvaluationId) -> Result<Vec<Amendment>> {
    let mut stmt = conn.prepare_cached(
        "SELECT made_on, reason, changes FROM evaluation_amendments WHERE evaluation_id = ?1 ORDER BY id",
    )?;
    let rows = stmt
        .query_map([id], |r| {
            Ok(Amendment {
                made_on: r.get(0)?,
                reason: r.get(1)?,
                // A damaged history says so; it does not vanish.
                changes: crate::storage::json_column(&r.get::<_, String>(2)?, 2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// One evaluation: any for the owner and managers; for the person evaluated,
/// their own once it is finalized (never a draft).
pub fn get(conn: &dyn Readable, actor: &Actor, id: EvaluationId) -> Result<Evaluation> {
    let conn = crate::storage::sql(conn);
    may_see(actor, &head(conn, id)?)?;
    load(conn, id)
}

fn may_see(actor: &Actor, h: &Head) -> Result<()> {
    if actor.is(h.staff.id) && h.status != EvaluationStatus::Draft {
        return Ok(());
    }
    actor.require(Permission::Evaluate)
}

pub(crate) fn load(conn: &Connection, id: EvaluationId) -> Result<Evaluation> {
    let h = head(conn, id)?;
    let mut sections = sections_of(conn, id)?;
    let (customer_service, overall) = apply_scores(&mut sections);
    Ok(Evaluation {
        id,
        staff: h.staff,
        role_name: h.role_name,
        reviewer: h.reviewer,
        template_name: h.template_name,
        kind: h.kind,
        year: h.year,
        period_start: h.period_start,
        period_end: h.period_end,
        status: h.status,
        sections,
        customer_service,
        overall,
        strengths: h.strengths,
        improvements: h.improvements,
        goals: goals_of(conn, id)?,
        training_plan: plan_of(conn, id)?,
        recommendation: h.recommendation,
        merit_percent: h.merit_percent,
        bonus_cents: h.bonus_cents,
        bonus: h.bonus_cents.map(money).unwrap_or_default(),
        recommendation_note: h.recommendation_note,
        employee_comments: h.employee_comments,
        finalized_on: h.finalized_on,
        acknowledged_on: h.acknowledged_on,
        acknowledgment_comment: h.acknowledgment_comment,
        amendments: amendments_of(conn, id)?,
    })
}

/// Evaluations matching `filter`: newest year first, then by name.
pub fn list(
    conn: &dyn Readable,
    actor: &Actor,
    filter: &EvaluationFilter,
) -> Result<Vec<EvaluationSummary>> {
    let conn = crate::storage::sql(conn);
    actor.require(Permission::Evaluate)?;
    list_all(conn, filter)
}

pub(crate) fn list_all(
    conn: &Connection,
    filter: &EvaluationFilter,
) -> Result<Vec<EvaluationSummary>> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.id, e.staff_id, s.name, e.kind, e.year, e.period_start, e.period_end, e.status, e.template_name
           FROM evaluations e JOIN staff s ON s.id = e.staff_id
          WHERE (?1 IS NULL OR e.year = ?1) AND (?2 IS NULL OR e.status = ?2) AND (?3 IS NULL OR e.staff_id = ?3)",
    )?;
    let heads = stmt
        .query_map(params![filter.year, filter.status, filter.staff_id], |r| {
            Ok((
                r.get::<_, EvaluationId>(0)?,
                StaffRef {
                    id: r.get(1)?,
                    name: r.get(2)?,
                },
                r.get::<_, EvaluationKind>(3)?,
                r.get::<_, i32>(4)?,
                r.get::<_, NaiveDate>(5)?,
                r.get::<_, NaiveDate>(6)?,
                r.get::<_, EvaluationStatus>(7)?,
                r.get::<_, String>(8)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::with_capacity(heads.len());
    for (id, staff, kind, year, period_start, period_end, status, template_name) in heads {
        let mut sections = sections_of(conn, id)?;
        let (customer_service, overall) = apply_scores(&mut sections);
        let criteria = sections.iter().flat_map(|s| &s.criteria);
        let rated_count = criteria
            .clone()
            .filter(|c| c.rating.is_some() || c.not_applicable)
            .count() as u32;
        out.push(EvaluationSummary {
            id,
            staff,
            kind,
            year,
            period_start,
            period_end,
            status,
            template_name,
            customer_service,
            overall,
            rated_count,
            criterion_count: criteria.count() as u32,
        });
    }
    out.sort_by_cached_key(|e| {
        (
            std::cmp::Reverse(e.year),
            text::fold(&e.staff.name),
            e.period_start,
            e.id,
        )
    });
    Ok(out)
}

/// A person's evaluations, oldest first, for the history chart and table. The
/// person themselves sees only their finalized and acknowledged ones.
pub fn history(
    conn: &dyn Readable,
    actor: &Actor,
    person: StaffId,
) -> Result<Vec<EvaluationSummary>> {
    let conn = crate::storage::sql(conn);
    let own = actor.is(person) && !actor.can(Permission::Evaluate);
    if !own {
        actor.require(Permission::Evaluate)?;
    }
    staff::load(conn, person)?;
    let mut rows = list_all(
        conn,
        &EvaluationFilter {
            staff_id: Some(person),
            ..Default::default()
        },
    )?;
    rows.retain(|e| !own || e.status != EvaluationStatus::Draft);
    rows.sort_by_key(|e| (e.period_end, e.id));
    Ok(rows)
}

/// What the period's records say about the person: training, standards
/// acknowledged, due status. Seen by whoever may see the evaluation.
pub fn evidence(
    conn: &dyn Readable,
    actor: &Actor,
    id: EvaluationId,
    today: NaiveDate,
) -> Result<Evidence> {
    let conn = crate::storage::sql(conn);
    may_see(actor, &head(conn, id)?)?;
    load_evidence(conn, id, today)
}

pub(crate) fn load_evidence(
    conn: &Connection,
    id: EvaluationId,
    today: NaiveDate,
) -> Result<Evidence> {
    let h = head(conn, id)?;
    let training = training::of_person(conn, h.staff.id)?
        .into_iter()
        .filter(|t| {
            t.status == RecordStatus::Approved
                && t.completed_on >= h.period_start
                && t.completed_on <= h.period_end
        })
        .collect();
    let mut stmt = conn.prepare_cached(
        "SELECT v.standard_id, v.version, v.statement, a.acknowledged_on
           FROM acknowledgments a JOIN standard_versions v ON v.id = a.version_id
          WHERE a.staff_id = ?1 ORDER BY a.acknowledged_on DESC, v.standard_id",
    )?;
    let acknowledged = stmt
        .query_map([h.staff.id], |r| {
            Ok(AcknowledgedStandard {
                standard_id: r.get(0)?,
                version: r.get(1)?,
                statement: r.get(2)?,
                acknowledged_on: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Evidence {
        training,
        acknowledged,
        due: due::due_items(conn, Some(h.staff.id), today)?,
    })
}

// ------------------------------------------------------------------ creating

fn period(start: &str, end: &str) -> Result<(NaiveDate, NaiveDate)> {
    let start = text::date("periodStart", "Period start", start)?;
    let end = text::date("periodEnd", "Period end", end)?;
    if end < start {
        return Err(Error::invalid(
            "periodEnd",
            format!("The period ends ({end}) before it starts ({start})"),
        ));
    }
    if (end - start).num_days() > 731 {
        return Err(Error::invalid(
            "periodEnd",
            "A review period is at most two years long",
        ));
    }
    Ok((start, end))
}

/// Copies the template's sections and criteria into a new evaluation row.
pub(crate) fn insert_from_template(
    tx: &Transaction<'_>,
    staff_id: StaffId,
    reviewer_id: Option<StaffId>,
    template_id: TemplateId,
    kind: EvaluationKind,
    (start, end): (NaiveDate, NaiveDate),
) -> Result<EvaluationId> {
    let template_name: String = tx.query_row(
        "SELECT name FROM templates WHERE id = ?1",
        [template_id],
        |r| r.get(0),
    )?;
    let now = timestamp();
    tx.prepare_cached(
        "INSERT INTO evaluations (staff_id, reviewer_id, template_id, template_name, kind, period_start,
                period_end, year, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
    )?
    .execute(params![
        staff_id,
        reviewer_id,
        template_id,
        template_name,
        kind,
        start,
        end,
        end.year(),
        now
    ])?;
    let id = EvaluationId(tx.last_insert_rowid());
    let sections: Vec<(i64, i64, SectionKind, String)> = tx
        .prepare_cached(
            "SELECT id, position, kind, title FROM template_sections WHERE template_id = ?1 ORDER BY position",
        )?
        .query_map([template_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (template_section, position, kind, title) in sections {
        tx.prepare_cached(
            "INSERT INTO evaluation_sections (evaluation_id, position, kind, title) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![id, position, kind, title])?;
        let section_id = tx.last_insert_rowid();
        tx.prepare_cached(
            "INSERT INTO evaluation_criteria (evaluation_id, section_id, position, title, description, levels,
                    weight, standard_id)
             SELECT ?1, ?2, position, title, description, levels, weight, standard_id
               FROM template_criteria WHERE section_id = ?3",
        )?
        .execute(params![id, section_id, template_section])?;
    }
    Ok(id)
}

fn annual_taken(name: &str, year: i32) -> Error {
    Error::conflict(
        "kind",
        format!("{name} already has an annual evaluation for {year}"),
    )
}

pub fn create(db: &mut Db, actor: &Actor, input: &NewEvaluation) -> Result<Evaluation> {
    actor.require(Permission::Evaluate)?;
    let staff_id = input
        .staff_id
        .ok_or_else(|| Error::invalid("staffId", "Choose the person to evaluate"))?;
    let template_id = input
        .template_id
        .ok_or_else(|| Error::invalid("templateId", "Choose a template"))?;
    let kind = input
        .kind
        .ok_or_else(|| Error::invalid("kind", "Choose the kind of review"))?;
    let range = period(&input.period_start, &input.period_end)?;
    let mut person_name = String::new();
    let id = db
        .write(|tx| {
            let person = staff::ensure_exists(tx, "staffId", staff_id)?;
            person_name = person.name.clone();
            templates::ensure_exists(tx, template_id)
                .map_err(|_| Error::invalid("templateId", "That template no longer exists"))?;
            let reviewer = match input.reviewer_id {
                Some(r) if r == staff_id => {
                    return Err(Error::invalid(
                        "reviewerId",
                        "A person cannot be their own reviewer",
                    ))
                }
                Some(r) => Some(staff::ensure_exists(tx, "reviewerId", r)?.id),
                None => person.manager.map(|m| m.id),
            };
            let id = insert_from_template(tx, staff_id, reviewer, template_id, kind, range)?;
            record_created(tx, actor, id)?;
            Ok(id)
        })
        .map_err(|e| {
            if is_unique_violation(&e) {
                annual_taken(&person_name, range.1.year())
            } else {
                e
            }
        })?;
    load(db.conn(), id)
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

fn record_created(tx: &Transaction<'_>, actor: &Actor, id: EvaluationId) -> Result<()> {
    let h = head(tx, id)?;
    let summary = format!(
        "{} evaluation {}–{} started ({})",
        h.kind.label(),
        h.period_start,
        h.period_end,
        h.template_name
    );
    trail(tx, actor, id, h.staff.id, "created", &summary, &[])
}

/// A draft annual evaluation for every active person who has none for the year.
pub fn start_annual_round(
    db: &mut Db,
    actor: &Actor,
    input: &AnnualRoundInput,
) -> Result<AnnualRound> {
    actor.require(Permission::Evaluate)?;
    let template_id = input
        .template_id
        .ok_or_else(|| Error::invalid("templateId", "Choose a template"))?;
    if !(1900..=9998).contains(&input.year) {
        return Err(Error::invalid(
            "year",
            "Give the year as four digits, e.g. 2026",
        ));
    }
    let start = if input.period_start.trim().is_empty() {
        format!("{}-01-01", input.year)
    } else {
        input.period_start.clone()
    };
    let end = if input.period_end.trim().is_empty() {
        format!("{}-12-31", input.year)
    } else {
        input.period_end.clone()
    };
    let range = period(&start, &end)?;
    if range.1.year() != input.year {
        return Err(Error::invalid(
            "periodEnd",
            format!(
                "The period of the {} round must end in {}",
                input.year, input.year
            ),
        ));
    }
    db.write(|tx| {
        templates::ensure_exists(tx, template_id)
            .map_err(|_| Error::invalid("templateId", "That template no longer exists"))?;
        let people: Vec<(StaffRef, Option<StaffId>, bool)> = tx
            .prepare_cached(
                "SELECT s.id, s.name, s.manager_id,
                        EXISTS (SELECT 1 FROM evaluations e WHERE e.staff_id = s.id AND e.kind = 'annual' AND e.year = ?2)
                   FROM staff s WHERE s.status = ?1",
            )?
            .query_map(params![StaffStatus::Active, input.year], |r| {
                Ok((
                    StaffRef {
                        id: r.get(0)?,
                        name: r.get(1)?,
                    },
                    r.get(2)?,
                    r.get(3)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut round = AnnualRound {
            created: Vec::new(),
            skipped: Vec::new(),
        };
        for (person, manager, has_one) in people {
            if has_one {
                round.skipped.push(person);
                continue;
            }
            let id = insert_from_template(tx, person.id, manager, template_id, EvaluationKind::Annual, range)?;
            record_created(tx, actor, id)?;
            round.created.push(person);
        }
        round.created.sort_by_cached_key(|p| text::fold(&p.name));
        round.skipped.sort_by_cached_key(|p| text::fold(&p.name));
        Ok(round)
    })
}

/// Deletes a draft; a finalized evaluation is a record and is kept.
pub fn delete(db: &mut Db, actor: &Actor, id: EvaluationId) -> Result<()> {
    actor.require(Permission::Evaluate)?;
    db.write(|tx| {
        let h = head(tx, id)?;
        if h.status != EvaluationStatus::Draft {
            return Err(Error::conflict(
                "status",
                "A finalized evaluation is a record and cannot be deleted; amend it instead",
            ));
        }
        tx.execute("DELETE FROM evaluations WHERE id = ?1", [id])?;
        let summary = format!(
            "Draft {} evaluation {}–{} deleted",
            h.kind.label().to_lowercase(),
            h.period_start,
            h.period_end
        );
        trail(tx, actor, id, h.staff.id, "deleted", &summary, &[])
    })
}

// ------------------------------------------------------------------ editing

struct ValidEdit {
    ratings: Vec<(CriterionId, Option<u8>, bool, String)>,
    strengths: String,
    improvements: String,
    goals: Vec<(String, NaiveDate)>,
    plan: Vec<(CourseId, String)>,
    recommendation: Recommendation,
    merit_percent: Option<f64>,
    bonus_cents: Option<i64>,
    recommendation_note: String,
    employee_comments: String,
}

/// The fields of an evaluation that only [`Permission::DecidePay`] may
/// change. Saving compares these, not the change list's labels, so renaming a
/// label cannot change who may set pay.
#[derive(Debug, PartialEq)]
pub(crate) struct PayDecision<'a> {
    recommendation: Recommendation,
    merit_percent: Option<f64>,
    bonus_cents: Option<i64>,
    note: &'a str,
}

impl<'a> PayDecision<'a> {
    fn of(e: &'a Evaluation) -> Self {
        PayDecision {
            recommendation: e.recommendation,
            merit_percent: e.merit_percent,
            bonus_cents: e.bonus_cents,
            note: &e.recommendation_note,
        }
    }

    fn edited(v: &'a ValidEdit) -> Self {
        PayDecision {
            recommendation: v.recommendation,
            merit_percent: v.merit_percent,
            bonus_cents: v.bonus_cents,
            note: &v.recommendation_note,
        }
    }
}

fn validate_edit(
    conn: &Connection,
    current: &Evaluation,
    edit: &EvaluationEdit,
) -> Result<ValidEdit> {
    let mut ratings: Vec<(CriterionId, Option<u8>, bool, String)> =
        Vec::with_capacity(edit.ratings.len());
    for (i, r) in edit.ratings.iter().enumerate() {
        let field = format!("ratings.{i}");
        let Some(c) = current
            .sections
            .iter()
            .flat_map(|s| &s.criteria)
            .find(|c| c.id == r.criterion_id)
        else {
            return Err(Error::invalid(
                &format!("{field}.rating"),
                format!(
                    "Criterion {} is not part of this evaluation",
                    r.criterion_id
                ),
            ));
        };
        let rating = match r.rating {
            None => None,
            Some(v) if (1..=i64::from(SCALE_MAX)).contains(&v) => Some(v as u8),
            Some(v) => {
                return Err(Error::invalid(
                    &format!("{field}.rating"),
                    format!(
                        "The rating for \"{}\" must be from 1 to {SCALE_MAX}, or N/A (got {v})",
                        c.title
                    ),
                ))
            }
        };
        if rating.is_some() && r.not_applicable {
            return Err(Error::invalid(
                &format!("{field}.rating"),
                format!("\"{}\" cannot be both rated and N/A", c.title),
            ));
        }
        let comment = text::optional(
            &format!("{field}.comment"),
            &format!("The comment on \"{}\"", c.title),
            &r.comment,
            MAX_COMMENT,
        )?;
        if ratings.iter().any(|(id, ..)| *id == c.id) {
            return Err(Error::invalid(
                &format!("{field}.rating"),
                format!("\"{}\" is rated twice in one save", c.title),
            ));
        }
        ratings.push((c.id, rating, r.not_applicable, comment));
    }
    let strengths = text::optional("strengths", "Strengths", &edit.strengths, MAX_NARRATIVE)?;
    let improvements = text::optional(
        "improvements",
        "Areas to improve",
        &edit.improvements,
        MAX_NARRATIVE,
    )?;
    if edit.goals.len() > MAX_GOALS {
        return Err(Error::invalid(
            "goals",
            format!("At most {MAX_GOALS} goals"),
        ));
    }
    let mut goals = Vec::with_capacity(edit.goals.len());
    for (i, g) in edit.goals.iter().enumerate() {
        let goal = text::required(&format!("goals.{i}.goal"), "The goal", &g.goal, 1000)?;
        let target = text::date(
            &format!("goals.{i}.targetDate"),
            "The goal's target date",
            &g.target_date,
        )?;
        if target < current.period_start {
            return Err(Error::invalid(
                &format!("goals.{i}.targetDate"),
                format!(
                    "The target date {target} is before the review period starts ({})",
                    current.period_start
                ),
            ));
        }
        goals.push((goal, target));
    }
    let mut plan = Vec::with_capacity(edit.training_plan.len());
    for c in &edit.training_plan {
        if plan.iter().any(|(id, _)| id == c) {
            continue;
        }
        // A course already in the plan keeps the title it was planned under.
        if let Some(planned) = current
            .training_plan
            .iter()
            .find(|p| p.course_id == Some(*c))
        {
            plan.push((*c, planned.title.clone()));
            continue;
        }
        let course = courses::load(conn, *c).map_err(|_| {
            Error::invalid(
                "trainingPlan",
                format!("Course {c} is not in the catalog (it may have been deleted)"),
            )
        })?;
        plan.push((*c, course.title));
    }
    let recommendation = edit.recommendation.unwrap_or(Recommendation::None);
    let merit_percent = match recommendation {
        Recommendation::MeritIncrease => Some(
            edit.merit_percent
                .filter(|p| p.is_finite() && *p > 0.0 && *p <= 100.0)
                .ok_or_else(|| {
                    Error::invalid(
                        "meritPercent",
                        "Give the merit increase as a percentage more than 0 and at most 100",
                    )
                })?,
        ),
        _ => None,
    };
    let bonus_cents = match recommendation {
        Recommendation::Bonus => Some(cents(&edit.bonus).ok_or_else(|| {
            Error::invalid(
                "bonus",
                format!(
                    "Give the bonus as an amount more than 0 and at most 1000000, with at most two decimals (not \"{}\")",
                    edit.bonus.trim()
                ),
            )
        })?),
        _ => None,
    };
    let recommendation_note = text::optional(
        "recommendationNote",
        "The recommendation note",
        &edit.recommendation_note,
        2000,
    )?;
    let employee_comments = text::optional(
        "employeeComments",
        "Employee comments",
        &edit.employee_comments,
        MAX_NARRATIVE,
    )?;
    Ok(ValidEdit {
        ratings,
        strengths,
        improvements,
        goals,
        plan,
        recommendation,
        merit_percent,
        bonus_cents,
        recommendation_note,
        employee_comments,
    })
}

fn rating_text(rating: Option<u8>, na: bool, labels: &[String]) -> String {
    match (rating, na) {
        (_, true) => "N/A".to_owned(),
        (Some(r), _) => match labels.get(usize::from(r) - 1) {
            Some(l) => format!("{r} ({l})"),
            None => r.to_string(),
        },
        (None, false) => "not rated".to_owned(),
    }
}

/// The recommendation in words, as amendments record it and the form prints it.
pub fn recommendation_text(
    r: Recommendation,
    merit: Option<f64>,
    bonus_cents: Option<i64>,
) -> String {
    match r {
        Recommendation::MeritIncrease => format!("Merit increase of {}%", merit.unwrap_or(0.0)),
        Recommendation::Bonus => format!("Bonus of {}", money(bonus_cents.unwrap_or(0))),
        other => other.label().to_owned(),
    }
}

/// Whole cents as an amount: 50000 → "500.00".
pub fn money(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    format!("{sign}{}.{:02}", c / 100, c % 100)
}

/// An amount as typed — digits, then optionally a point or comma and one or
/// two digits — in exact cents, when it is more than 0 and at most 1,000,000.
fn cents(typed: &str) -> Option<i64> {
    let t = typed.trim();
    let (whole, part) = match t.find(['.', ',']) {
        Some(i) => (&t[..i], &t[i + 1..]),
        None => (t, ""),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || whole.len() > 7 || !(part.is_empty() || digits(part) && part.len() <= 2) {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let part: i64 = if part.is_empty() {
        0
    } else {
        format!("{part:0<2}").parse().ok()?
    };
    let c = whole * 100 + part;
    (c > 0 && c <= 100_000_000).then_some(c)
}

/// Every field that differs between what is saved and the edit, in words.
fn changes(current: &Evaluation, v: &ValidEdit, labels: &[String]) -> Vec<Change> {
    let mut out = Vec::new();
    let mut push = |field: String, before: String, after: String| {
        if before != after {
            out.push(Change {
                field,
                before,
                after,
            });
        }
    };
    for (id, rating, na, comment) in &v.ratings {
        let Some(c) = current
            .sections
            .iter()
            .flat_map(|s| &s.criteria)
            .find(|c| c.id == *id)
        else {
            continue;
        };
        push(
            format!("Rating: {}", c.title),
            rating_text(c.rating, c.not_applicable, labels),
            rating_text(*rating, *na, labels),
        );
        push(
            format!("Comment: {}", c.title),
            c.comment.clone(),
            comment.clone(),
        );
    }
    push(
        "Strengths".into(),
        current.strengths.clone(),
        v.strengths.clone(),
    );
    push(
        "Areas to improve".into(),
        current.improvements.clone(),
        v.improvements.clone(),
    );
    let goals_text = |goals: &mut dyn Iterator<Item = (String, String)>| {
        goals
            .map(|(g, d)| format!("{g} (by {d})"))
            .collect::<Vec<_>>()
            .join("; ")
    };
    push(
        "Goals".into(),
        goals_text(
            &mut current
                .goals
                .iter()
                .map(|g| (g.goal.clone(), g.target_date.clone())),
        ),
        goals_text(&mut v.goals.iter().map(|(g, d)| (g.clone(), d.to_string()))),
    );
    push(
        "Training plan".into(),
        current
            .training_plan
            .iter()
            .filter(|c| c.course_id.is_some())
            .map(|c| c.title.as_str())
            .collect::<Vec<_>>()
            .join("; "),
        v.plan
            .iter()
            .map(|(_, t)| t.as_str())
            .collect::<Vec<_>>()
            .join("; "),
    );
    push(
        "Recommendation".into(),
        recommendation_text(
            current.recommendation,
            current.merit_percent,
            current.bonus_cents,
        ),
        recommendation_text(v.recommendation, v.merit_percent, v.bonus_cents),
    );
    push(
        "Recommendation note".into(),
        current.recommendation_note.clone(),
        v.recommendation_note.clone(),
    );
    push(
        "Employee comments".into(),
        current.employee_comments.clone(),
        v.employee_comments.clone(),
    );
    out
}

fn write_edit(tx: &Transaction<'_>, id: EvaluationId, v: &ValidEdit) -> Result<()> {
    let mut rate = tx.prepare_cached(
        "UPDATE evaluation_criteria SET rating = ?3, not_applicable = ?4, comment = ?5
          WHERE id = ?1 AND evaluation_id = ?2",
    )?;
    for (criterion, rating, na, comment) in &v.ratings {
        rate.execute(params![criterion, id, rating, na, comment])?;
    }
    tx.execute(
        "UPDATE evaluations SET strengths = ?2, improvements = ?3, recommendation = ?4, merit_percent = ?5,
                bonus_cents = ?6, recommendation_note = ?7, employee_comments = ?8, updated_at = ?9
          WHERE id = ?1",
        params![
            id,
            v.strengths,
            v.improvements,
            v.recommendation,
            v.merit_percent,
            v.bonus_cents,
            v.recommendation_note,
            v.employee_comments,
            timestamp()
        ],
    )?;
    tx.execute(
        "DELETE FROM evaluation_goals WHERE evaluation_id = ?1",
        [id],
    )?;
    for (i, (goal, target)) in v.goals.iter().enumerate() {
        tx.execute(
            "INSERT INTO evaluation_goals (evaluation_id, position, goal, target_date) VALUES (?1, ?2, ?3, ?4)",
            params![id, i as i64, goal, target],
        )?;
    }
    // Entries whose course has left the catalog cannot be edited; they stay.
    let orphans: Vec<String> = tx
        .prepare_cached(
            "SELECT course_title FROM evaluation_training_plan
              WHERE evaluation_id = ?1 AND course_id IS NULL ORDER BY position",
        )?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    tx.execute(
        "DELETE FROM evaluation_training_plan WHERE evaluation_id = ?1",
        [id],
    )?;
    let entries = orphans
        .iter()
        .map(|t| (None, t.as_str()))
        .chain(v.plan.iter().map(|(c, t)| (Some(*c), t.as_str())));
    for (i, (course, title)) in entries.enumerate() {
        tx.execute(
            "INSERT INTO evaluation_training_plan (evaluation_id, position, course_id, course_title)
             VALUES (?1, ?2, ?3, ?4)",
            params![id, i as i64, course, title],
        )?;
    }
    Ok(())
}

/// Saves the form. A draft just changes; a finalized or acknowledged evaluation
/// changes only with a reason, and the change is kept as an amendment. Saving
/// an unchanged form records nothing.
///
/// Managers draft; the pay or reward recommendation and every change after
/// finalizing are the owner's.
pub fn save(
    db: &mut Db,
    actor: &Actor,
    id: EvaluationId,
    edit: &EvaluationEdit,
    today: NaiveDate,
) -> Result<Evaluation> {
    actor.require(Permission::Evaluate)?;
    db.write(|tx| {
        let current = load(tx, id)?;
        let v = validate_edit(tx, &current, edit)?;
        let labels = crate::practice::get(tx)?.rating_labels;
        let changed = changes(&current, &v, &labels);
        if changed.is_empty() {
            return Ok(());
        }
        if PayDecision::of(&current) != PayDecision::edited(&v) && !actor.can(Permission::DecidePay) {
            return Err(Error::Forbidden {
                message: format!(
                    "The pay or reward recommendation is the owner's decision; {} can draft the rest",
                    actor.name()
                ),
            });
        }
        if current.status == EvaluationStatus::Draft {
            write_edit(tx, id, &v)?;
            let summary = format!("Draft {} evaluation edited", current.kind.label().to_lowercase());
            return trail(tx, actor, id, current.staff.id, "updated", &summary, &changed);
        }
        actor.require(Permission::Finalize)?;
        let reason = text::optional(
            "amendmentReason",
            "The reason for the amendment",
            &edit.amendment_reason,
            2000,
        )?;
        ensure_complete(&with_ratings(&current, &v))?;
        if reason.is_empty() {
            return Err(Error::invalid(
                "amendmentReason",
                format!(
                    "This evaluation was finalized on {}: say why it is being changed",
                    current
                        .finalized_on
                        .map(|d| d.to_string())
                        .unwrap_or_default()
                ),
            ));
        }
        write_edit(tx, id, &v)?;
        let json = serde_json::to_string(&changed)
            .map_err(|e| Error::invalid("amendmentReason", e.to_string()))?;
        tx.execute(
            "INSERT INTO evaluation_amendments (evaluation_id, made_on, made_at, reason, changes)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, today, timestamp(), reason, json],
        )?;
        let summary = format!("Amended after finalizing: {reason}");
        trail(tx, actor, id, current.staff.id, "amended", &summary, &changed)
    })?;
    load(db.conn(), id)
}

/// What a finalized evaluation must be, at finalizing and after every
/// amendment: every criterion rated or N/A, and at least one customer-service
/// criterion rated, so that its score exists.
fn ensure_complete(e: &Evaluation) -> Result<()> {
    let criteria: Vec<&Criterion> = e.sections.iter().flat_map(|s| &s.criteria).collect();
    let unrated: Vec<(usize, &&Criterion)> = criteria
        .iter()
        .enumerate()
        .filter(|(_, c)| c.rating.is_none() && !c.not_applicable)
        .collect();
    if let Some((i, c)) = unrated.first() {
        return Err(Error::invalid(
            &format!("ratings.{i}.rating"),
            format!(
                "Rate every criterion or mark it N/A before finalizing: \"{}\" is not rated{}",
                c.title,
                if unrated.len() > 1 {
                    format!(" ({} more)", unrated.len() - 1)
                } else {
                    String::new()
                }
            ),
        ));
    }
    let service_rated = e
        .sections
        .iter()
        .filter(|s| s.kind.is_customer_service())
        .flat_map(|s| &s.criteria)
        .any(|c| c.rating.is_some());
    if !service_rated {
        return Err(Error::invalid(
            "ratings",
            "Rate at least one customer service criterion: the customer service score cannot be all N/A",
        ));
    }
    Ok(())
}

/// The evaluation as it would be with `v`'s ratings applied.
fn with_ratings(current: &Evaluation, v: &ValidEdit) -> Evaluation {
    let mut e = current.clone();
    for c in e.sections.iter_mut().flat_map(|s| s.criteria.iter_mut()) {
        if let Some((_, rating, na, comment)) = v.ratings.iter().find(|(id, ..)| *id == c.id) {
            c.rating = *rating;
            c.not_applicable = *na;
            c.comment = comment.clone();
        }
    }
    e
}

/// Locks a draft; see [`ensure_complete`].
pub fn finalize(
    db: &mut Db,
    actor: &Actor,
    id: EvaluationId,
    today: NaiveDate,
) -> Result<Evaluation> {
    actor.require(Permission::Finalize)?;
    db.write(|tx| {
        let current = load(tx, id)?;
        if current.status != EvaluationStatus::Draft {
            return Err(Error::conflict(
                "status",
                format!(
                    "This evaluation was already finalized on {}",
                    current.finalized_on.map(|d| d.to_string()).unwrap_or_default()
                ),
            ));
        }
        ensure_complete(&current)?;
        tx.execute(
            "UPDATE evaluations SET status = 'finalized', finalized_on = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, today, timestamp()],
        )?;
        let score = |s: Option<ScoreView>| s.map(|s| s.display).unwrap_or_default();
        let summary = format!(
            "Finalized: customer service {}, overall {}",
            score(current.customer_service.clone()),
            score(current.overall.clone())
        );
        trail(tx, actor, id, current.staff.id, "finalized", &summary, &[])
    })?;
    load(db.conn(), id)
}

/// The employee's acknowledgment of a finalized evaluation: by the person at
/// the kiosk (dated today), or recorded by the owner or a manager from the
/// signed paper.
pub fn acknowledge(
    db: &mut Db,
    actor: &Actor,
    id: EvaluationId,
    input: &AcknowledgmentInput,
    today: NaiveDate,
) -> Result<Evaluation> {
    let h = head(db.conn(), id)?;
    actor.require_self_or(h.staff.id, Permission::RecordForOthers)?;
    let on = if actor.can(Permission::RecordForOthers) {
        text::date(
            "acknowledgedOn",
            "Acknowledgment date",
            &input.acknowledged_on,
        )?
    } else {
        today
    };
    let comment = text::optional("comment", "Comment", &input.comment, MAX_COMMENT)?;
    if on > today {
        return Err(Error::invalid(
            "acknowledgedOn",
            format!("The acknowledgment date {on} is in the future"),
        ));
    }
    db.write(|tx| {
        let h = head(tx, id)?;
        match (h.status, h.finalized_on) {
            (EvaluationStatus::Draft, _) => Err(Error::conflict(
                "status",
                "Only a finalized evaluation can be acknowledged",
            )),
            (EvaluationStatus::Acknowledged, _) => Err(Error::conflict(
                "status",
                format!(
                    "{} already acknowledged this evaluation on {}",
                    h.staff.name,
                    h.acknowledged_on.map(|d| d.to_string()).unwrap_or_default()
                ),
            )),
            (EvaluationStatus::Finalized, Some(f)) if on < f => Err(Error::invalid(
                "acknowledgedOn",
                format!(
                    "The acknowledgment date {on} is before the evaluation was finalized ({f})"
                ),
            )),
            (EvaluationStatus::Finalized, _) => {
                tx.execute(
                    "UPDATE evaluations SET status = 'acknowledged', acknowledged_on = ?2,
                            acknowledgment_comment = ?3, updated_at = ?4 WHERE id = ?1",
                    params![id, on, comment, timestamp()],
                )?;
                let summary = format!("{} acknowledged the evaluation ({on})", h.staff.name);
                let changes = if comment.is_empty() {
                    Vec::new()
                } else {
                    vec![Change {
                        field: "Comment".into(),
                        before: String::new(),
                        after: comment.clone(),
                    }]
                };
                trail(
                    tx,
                    actor,
                    id,
                    h.staff.id,
                    "acknowledged",
                    &summary,
                    &changes,
                )
            }
        }
    })?;
    load(db.conn(), id)
}

/// The rating levels of a criterion as printed: its own sentence, or the
/// practice's label when it has none.
pub fn level_text(levels: &[String], labels: &[String], rating: usize) -> String {
    let label = labels.get(rating - 1).map(String::as_str).unwrap_or("");
    match levels.get(rating - 1).map(|s| s.trim()) {
        Some(s) if !s.is_empty() => s.to_owned(),
        _ => label.to_owned(),
    }
}
