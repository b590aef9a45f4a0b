//! Reading evaluations: one whole (head, scored sections, goals, plan,
//! amendments), lists and a person's history with their scores, and the
//! evidence beside the customer-service ratings.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row};

use super::words::money;
use super::{
    AcknowledgedStandard, Amendment, Criterion, Evaluation, EvaluationFilter, EvaluationKind,
    EvaluationStatus, EvaluationSummary, Evidence, Goal, PlannedCourse, Proposal, Recommendation,
    Section,
};
use crate::access::{Actor, Permission};
use crate::due;
use crate::error::{Error, Result};
use crate::evidence;
use crate::ids::{EvaluationId, StaffId};
use crate::scoring::{self, ScoreView, Scored};
use crate::service_checks::{self, MetRate};
use crate::staff::{self, StaffRef};
use crate::storage::Readable;
use crate::storage::Where;
use crate::templates::levels_from_json;
use crate::text;
use crate::training::{self, RecordStatus};

/// The evaluation's own row, with the names of the people it points to: all
/// of it but the sections, goals, plan and amendments.
pub(super) struct Head {
    pub(super) staff: StaffRef,
    pub(super) role_name: Option<String>,
    pub(super) reviewer: Option<StaffRef>,
    pub(super) template_name: String,
    pub(super) kind: EvaluationKind,
    pub(super) year: i32,
    pub(super) period_start: NaiveDate,
    pub(super) period_end: NaiveDate,
    pub(super) status: EvaluationStatus,
    pub(super) summary: String,
    pub(super) strengths: String,
    pub(super) improvements: String,
    pub(super) recommendation: Recommendation,
    pub(super) merit_percent: Option<f64>,
    pub(super) bonus_cents: Option<i64>,
    pub(super) recommendation_note: String,
    pub(super) employee_comments: String,
    pub(super) finalized_on: Option<NaiveDate>,
    pub(super) acknowledged_on: Option<NaiveDate>,
    pub(super) acknowledgment_comment: String,
    pub(super) self_review_on: Option<NaiveDate>,
}

/// The customer-service and overall scores of a whole evaluation.
struct Totals {
    customer_service: Option<ScoreView>,
    overall: Option<ScoreView>,
}

/// The query [`head_from_row`] reads, for evaluation `?1`.
const SELECT_HEAD: &str = "SELECT e.staff_id, s.name, r.name, e.reviewer_id, m.name, e.template_name, e.kind,
        e.year, e.period_start, e.period_end, e.status, e.strengths, e.improvements, e.recommendation,
        e.merit_percent, e.bonus_cents, e.recommendation_note, e.employee_comments, e.finalized_on,
        e.acknowledged_on, e.acknowledgment_comment, e.summary, e.self_review_on
   FROM evaluations e
   JOIN staff s ON s.id = e.staff_id
   LEFT JOIN job_roles r ON r.id = s.role_id
   LEFT JOIN staff m ON m.id = e.reviewer_id
  WHERE e.id = ?1";

/// One row of [`SELECT_HEAD`] as a [`Head`].
fn head_from_row(r: &Row<'_>) -> rusqlite::Result<Head> {
    let reviewer = StaffRef::optional_from_columns(r, 3)?;
    Ok(Head {
        staff: StaffRef::from_columns(r, 0)?,
        role_name: r.get(2)?,
        reviewer,
        template_name: r.get(5)?,
        kind: r.get(6)?,
        year: r.get(7)?,
        period_start: r.get(8)?,
        period_end: r.get(9)?,
        status: r.get(10)?,
        summary: r.get(21)?,
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
        self_review_on: r.get(22)?,
    })
}

/// The head of evaluation `id`, or `NotFound`.
pub(super) fn head(conn: &Connection, id: EvaluationId) -> Result<Head> {
    conn.prepare_cached(SELECT_HEAD)?
        .query_row([id], head_from_row)
        .optional()?
        .ok_or(Error::not_found("Evaluation", id.0))
}

/// The sections with their criteria, unscored.
fn sections_of(conn: &Connection, id: EvaluationId) -> Result<Vec<Section>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.kind, s.title, c.id, c.title, c.description, c.levels, c.weight, c.standard_id,
                c.rating, c.not_applicable, c.comment, c.measured, c.proposed_rating, c.proposed_met,
                c.proposed_checks, c.override_reason, c.self_rating, c.self_not_applicable, c.self_comment
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
            measured: r.get(12)?,
            proposal: match (r.get::<_, Option<u8>>(13)?, r.get(14)?, r.get(15)?) {
                (Some(rating), Some(met), Some(checks)) => Some(Proposal {
                    rating,
                    rate: MetRate { checks, met },
                }),
                _ => None,
            },
            override_reason: r.get(16)?,
            self_rating: r.get(17)?,
            self_not_applicable: r.get(18)?,
            self_comment: r.get(19)?,
        };
        if let Some(s) = sections.last_mut() {
            s.criteria.push(criterion);
        }
    }
    Ok(sections)
}

/// A draft's measured criteria get the rating the person's service checks
/// of their standard in the period propose now (none without checks). A
/// finalized evaluation keeps the proposals it was finalized with.
pub(super) fn propose(
    conn: &Connection,
    person: StaffId,
    from: NaiveDate,
    to: NaiveDate,
    sections: &mut [Section],
) -> Result<()> {
    let measured = sections
        .iter()
        .flat_map(|s| &s.criteria)
        .any(|c| c.measured);
    if !measured {
        return Ok(());
    }
    let thresholds = crate::practice::get(conn)?.met_rate_thresholds;
    let rates = service_checks::rates(conn, Some(person), from, to)?;
    for c in sections.iter_mut().flat_map(|s| s.criteria.iter_mut()) {
        c.proposal =
            match (c.measured, c.standard_id) {
                (true, Some(standard)) => rates
                    .iter()
                    .find(|r| r.standard.id == standard)
                    .and_then(|r| {
                        service_checks::proposed_rating(&thresholds, r.rate).map(|rating| {
                            Proposal {
                                rating,
                                rate: r.rate,
                            }
                        })
                    }),
                _ => None,
            };
    }
    Ok(())
}

/// Scores the sections in place and returns the customer-service and overall
/// scores.
fn apply_scores(sections: &mut [Section]) -> Totals {
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
    Totals {
        customer_service: scores.customer_service.map(scoring::Mean::view),
        overall: scores.overall.map(scoring::Mean::view),
    }
}

/// The goals, in the order the form lists them.
fn goals_of(conn: &Connection, id: EvaluationId) -> Result<Vec<Goal>> {
    crate::storage::all(
        conn,
        "SELECT goal, target_date FROM evaluation_goals WHERE evaluation_id = ?1 ORDER BY position",
        [id],
        |r| {
            Ok(Goal {
                goal: r.get(0)?,
                target_date: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
            })
        },
    )
}

/// The training plan, in the order the form lists it.
fn plan_of(conn: &Connection, id: EvaluationId) -> Result<Vec<PlannedCourse>> {
    crate::storage::all(
        conn,
        "SELECT course_id, course_title FROM evaluation_training_plan WHERE evaluation_id = ?1 ORDER BY position",
        [id],
        |r| Ok(PlannedCourse { course_id: r.get(0)?, title: r.get(1)? }),
    )
}

/// The amendments made after finalizing, oldest first.
fn amendments_of(conn: &Connection, id: EvaluationId) -> Result<Vec<Amendment>> {
    crate::storage::all(
        conn,
        "SELECT made_on, reason, changes FROM evaluation_amendments WHERE evaluation_id = ?1 ORDER BY id",
        [id],
        |r| {
            Ok(Amendment {
                made_on: r.get(0)?,
                reason: r.get(1)?,
                // A damaged history says so; it does not vanish.
                changes: crate::storage::json_column(&r.get::<_, String>(2)?, 2)?,
            })
        },
    )
}

/// One evaluation: any for the owner and managers; for the person evaluated,
/// their own once it is finalized (never a draft).
pub fn get(conn: &dyn Readable, actor: &Actor, id: EvaluationId) -> Result<Evaluation> {
    let conn = crate::storage::sql(conn);
    may_see(actor, &head(conn, id)?)?;
    load(conn, id)
}

/// Refuses unless `actor` may see the evaluation `h` heads (see [`get`]):
/// their own once finalized, whatever their role; never their own draft.
fn may_see(actor: &Actor, h: &Head) -> Result<()> {
    if actor.is(h.staff.id) && h.status != EvaluationStatus::Draft {
        return Ok(());
    }
    actor.require_about_another(
        h.staff.id,
        Permission::Evaluate,
        "Your own evaluation is yours to read once it is finalized",
    )
}

/// Evaluation `id` whole and scored, whoever asks.
pub(crate) fn load(conn: &Connection, id: EvaluationId) -> Result<Evaluation> {
    let h = head(conn, id)?;
    let mut sections = sections_of(conn, id)?;
    if h.status == EvaluationStatus::Draft {
        propose(
            conn,
            h.staff.id,
            h.period_start,
            h.period_end,
            &mut sections,
        )?;
    }
    // The person's self-review reaches the reviewer once handed in; until
    // then it is theirs to change (`self_review` reads it itself).
    if h.self_review_on.is_none() {
        for c in sections.iter_mut().flat_map(|s| s.criteria.iter_mut()) {
            c.self_rating = None;
            c.self_not_applicable = false;
            c.self_comment.clear();
        }
    }
    let totals = apply_scores(&mut sections);
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
        customer_service: totals.customer_service,
        overall: totals.overall,
        summary: h.summary,
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
        self_review_on: h.self_review_on,
        amendments: amendments_of(conn, id)?,
    })
}

/// Evaluations matching `filter`: newest year first, then by name; never
/// the actor's own draft.
pub fn list(
    conn: &dyn Readable,
    actor: &Actor,
    filter: &EvaluationFilter,
) -> Result<Vec<EvaluationSummary>> {
    let conn = crate::storage::sql(conn);
    actor.require(Permission::Evaluate)?;
    let mut rows = list_all(conn, filter)?;
    keep_visible(actor, &mut rows);
    Ok(rows)
}

/// True for the actor's own draft, which no list or print shows them (see [`get`]).
pub(crate) fn own_draft(actor: &Actor, person: StaffId, status: EvaluationStatus) -> bool {
    actor.is(person) && status == EvaluationStatus::Draft
}

/// Leaves out of `rows` the actor's own draft.
pub(crate) fn keep_visible(actor: &Actor, rows: &mut Vec<EvaluationSummary>) {
    rows.retain(|e| !own_draft(actor, e.staff.id, e.status));
}

/// Refuses unless `actor` may see evaluation `id` (see [`get`]).
pub(crate) fn require_visible(conn: &Connection, actor: &Actor, id: EvaluationId) -> Result<()> {
    may_see(actor, &head(conn, id)?)
}

/// [`list`] whoever asks, for exports that checked their own permission.
pub(crate) fn list_all(
    conn: &Connection,
    filter: &EvaluationFilter,
) -> Result<Vec<EvaluationSummary>> {
    let filters = Where::default()
        .filter("e.year = ?", filter.year)
        .filter("e.status = ?", filter.status)
        .filter("e.staff_id = ?", filter.staff_id);
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT e.id, e.staff_id, s.name, e.kind, e.year, e.period_start, e.period_end, e.status, e.template_name
           FROM evaluations e JOIN staff s ON s.id = e.staff_id{}",
        filters.sql()
    ))?;
    // Read unscored first; each is scored below from its own sections.
    let mut out = stmt
        .query_map(filters.params(), |r| {
            Ok(EvaluationSummary {
                id: r.get(0)?,
                staff: StaffRef::from_columns(r, 1)?,
                kind: r.get(3)?,
                year: r.get(4)?,
                period_start: r.get(5)?,
                period_end: r.get(6)?,
                status: r.get(7)?,
                template_name: r.get(8)?,
                customer_service: None,
                overall: None,
                rated_count: 0,
                criterion_count: 0,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for e in &mut out {
        let mut sections = sections_of(conn, e.id)?;
        let totals = apply_scores(&mut sections);
        let (rated, all) = rated_of(&sections);
        e.rated_count = rated as u32;
        e.criterion_count = all as u32;
        e.customer_service = totals.customer_service;
        e.overall = totals.overall;
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
    let own = actor.is(person);
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

/// [`evidence`] whoever asks, for printing what was already allowed.
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
    let acknowledged = crate::storage::all(
        conn,
        "SELECT v.standard_id, v.version, v.statement, a.acknowledged_on
           FROM acknowledgments a JOIN standard_versions v ON v.id = a.version_id
          WHERE a.staff_id = ?1 ORDER BY a.acknowledged_on DESC, v.standard_id",
        [h.staff.id],
        |r| {
            Ok(AcknowledgedStandard {
                standard_id: r.get(0)?,
                version: r.get(1)?,
                statement: r.get(2)?,
                acknowledged_on: r.get(3)?,
            })
        },
    )?;
    let service = if h.status == EvaluationStatus::Draft {
        Some(evidence::of_person(
            conn,
            h.staff.id,
            h.period_start,
            h.period_end,
        )?)
    } else {
        let kept: Option<String> = conn.query_row(
            "SELECT evidence FROM evaluations WHERE id = ?1",
            [id],
            |r| r.get(0),
        )?;
        kept.as_deref().map(evidence::from_json).transpose()?
    };
    Ok(Evidence {
        training,
        acknowledged,
        due: due::due_items(conn, Some(h.staff.id), today)?,
        service,
    })
}

/// How many of the criteria in `sections` are answered — rated, or marked
/// N/A — and how many there are: the "8 of 15" of lists and printed drafts.
pub(crate) fn rated_of(sections: &[Section]) -> (usize, usize) {
    let criteria = sections.iter().flat_map(|s| &s.criteria);
    let rated = criteria
        .clone()
        .filter(|c| c.rating.is_some() || c.not_applicable)
        .count();
    (rated, criteria.count())
}
