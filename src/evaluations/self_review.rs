//! The employee's self-review: at the kiosk, before their evaluation is
//! finalized, the person rates themselves on its criteria (1 to 5 or N/A,
//! with a comment), saves as they go and hands it in. They see only their own
//! ratings — never the manager's draft — and once handed in it is fixed. The
//! window shows the two side by side; the printed review can carry the
//! self-rating beside each criterion.

use chrono::NaiveDate;
use rusqlite::params;
use serde::{Deserialize, Serialize};
use specta::Type;

use super::read::{head, load};
use super::{trail, EvaluationKind, EvaluationStatus, MAX_COMMENT};
use crate::access::Actor;
use crate::audit::Change;
use crate::error::{Error, Problems, Result};
use crate::ids::{CriterionId, EvaluationId, StaffId};
use crate::scoring::SCALE_MAX;
use crate::storage::{sql, Db, Readable};
use crate::text;

/// One criterion as the person rates themselves on it.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SelfCriterion {
    pub id: CriterionId,
    pub section: String,
    pub title: String,
    pub description: String,
    pub levels: Vec<String>,
    pub rating: Option<u8>,
    pub not_applicable: bool,
    pub comment: String,
}

/// A draft evaluation as its person sees it at the kiosk: the criteria and
/// their own ratings, nothing of the manager's.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SelfReview {
    pub evaluation: EvaluationId,
    pub kind: EvaluationKind,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub criteria: Vec<SelfCriterion>,
    /// When it was handed in; `None` while they are still working on it.
    pub handed_in_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SelfRatingInput {
    pub criterion_id: CriterionId,
    #[specta(type = Option<specta_typescript::Number>)]
    pub rating: Option<i64>,
    #[serde(default)]
    pub not_applicable: bool,
    #[serde(default)]
    pub comment: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct SelfReviewInput {
    pub ratings: Vec<SelfRatingInput>,
    /// Hand it in: every criterion rated or N/A, and no more changes.
    pub hand_in: bool,
}

/// The person's draft evaluations to rate themselves on, oldest first.
pub(crate) fn of_person(conn: &rusqlite::Connection, person: StaffId) -> Result<Vec<SelfReview>> {
    let drafts: Vec<EvaluationId> = crate::storage::all(
        conn,
        "SELECT id FROM evaluations WHERE staff_id = ?1 AND status = 'draft' ORDER BY period_end, id",
        [person],
        |r| r.get(0),
    )?;
    drafts.into_iter().map(|id| review(conn, id)).collect()
}

fn review(conn: &rusqlite::Connection, id: EvaluationId) -> Result<SelfReview> {
    let e = load(conn, id)?;
    let handed_in_on: Option<NaiveDate> = conn.query_row(
        "SELECT self_review_on FROM evaluations WHERE id = ?1",
        [id],
        |r| r.get(0),
    )?;
    // Read here, not from `load`, which keeps them from the reviewer until
    // they are handed in.
    let own: Vec<(CriterionId, Option<u8>, bool, String)> = crate::storage::all(
        conn,
        "SELECT id, self_rating, self_not_applicable, self_comment FROM evaluation_criteria
          WHERE evaluation_id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    let criteria = e
        .sections
        .iter()
        .flat_map(|s| {
            let own = &own;
            s.criteria.iter().map(move |c| {
                let mine = own.iter().find(|o| o.0 == c.id);
                SelfCriterion {
                    id: c.id,
                    section: s.title.clone(),
                    title: c.title.clone(),
                    description: c.description.clone(),
                    levels: c.levels.clone(),
                    rating: mine.and_then(|o| o.1),
                    not_applicable: mine.is_some_and(|o| o.2),
                    comment: mine.map(|o| o.3.clone()).unwrap_or_default(),
                }
            })
        })
        .collect();
    Ok(SelfReview {
        evaluation: id,
        kind: e.kind,
        period_start: e.period_start,
        period_end: e.period_end,
        criteria,
        handed_in_on,
    })
}

/// The person's own self-review of evaluation `id`.
pub fn get(conn: &dyn Readable, actor: &Actor, id: EvaluationId) -> Result<SelfReview> {
    let conn = sql(conn);
    let h = head(conn, id)?;
    if !actor.is(h.staff.id) {
        return Err(Error::Forbidden {
            message: "Only the person reviewed rates themselves".into(),
        });
    }
    review(conn, id)
}

/// Saves the person's ratings of themselves, and hands them in when asked.
pub fn save(
    db: &mut Db,
    actor: &Actor,
    id: EvaluationId,
    input: &SelfReviewInput,
    today: NaiveDate,
) -> Result<SelfReview> {
    db.write(|tx| {
        let h = head(tx, id)?;
        if !actor.is(h.staff.id) {
            return Err(Error::Forbidden {
                message: "Only the person reviewed rates themselves".into(),
            });
        }
        if h.status != EvaluationStatus::Draft {
            return Err(Error::conflict(
                "evaluation",
                "This evaluation is finalized: a self-review is written before",
            ));
        }
        let before = review(tx, id)?;
        if before.handed_in_on.is_some() {
            return Err(Error::conflict(
                "evaluation",
                "The self-review was already handed in",
            ));
        }
        let mut problems = Problems::default();
        let mut valid: Vec<(CriterionId, Option<u8>, bool, String)> = Vec::new();
        for (i, r) in input.ratings.iter().enumerate() {
            let field = format!("ratings.{i}.rating");
            let Some(c) = before.criteria.iter().find(|c| c.id == r.criterion_id) else {
                problems.note(&field, format!("Criterion {} is not part of this evaluation", r.criterion_id));
                continue;
            };
            let rating = match r.rating {
                None => None,
                Some(v) if (1..=i64::from(SCALE_MAX)).contains(&v) => Some(v as u8),
                Some(v) => {
                    problems.note(&field, format!("Rate \"{}\" from 1 to {SCALE_MAX}, or N/A (not {v})", c.title));
                    None
                }
            };
            if rating.is_some() && r.not_applicable {
                problems.note(&field, format!("\"{}\" cannot be both rated and N/A", c.title));
            }
            if valid.iter().any(|(v, ..)| *v == c.id) {
                problems.note(&field, format!("\"{}\" is rated twice", c.title));
            }
            let comment = problems.check(text::optional(
                &format!("ratings.{i}.comment"),
                &format!("The comment on \"{}\"", c.title),
                &r.comment,
                MAX_COMMENT,
            ))?;
            valid.push((c.id, rating, r.not_applicable, comment));
        }
        if input.hand_in {
            // Each unrated criterion at its own field, so the form marks
            // every one; those the form did not send at all, together.
            let mut unsent = Vec::new();
            for c in &before.criteria {
                let sent = input.ratings.iter().position(|r| r.criterion_id == c.id);
                let rated = match valid.iter().find(|(v, ..)| *v == c.id) {
                    Some((_, rating, na, _)) => rating.is_some() || *na,
                    None => c.rating.is_some() || c.not_applicable,
                };
                match (rated, sent) {
                    (true, _) => {}
                    (false, Some(i)) => problems.note(
                        &format!("ratings.{i}.rating"),
                        format!("Rate \"{}\", or mark it N/A, before handing it in", c.title),
                    ),
                    (false, None) => unsent.push(format!("\"{}\"", c.title)),
                }
            }
            if !unsent.is_empty() {
                problems.note(
                    "ratings",
                    format!("Rate every criterion, or mark it N/A, before handing it in; not rated yet: {}", unsent.join(", ")),
                );
            }
        }
        problems.done()?;
        let mut stmt = tx.prepare_cached(
            "UPDATE evaluation_criteria SET self_rating = ?3, self_not_applicable = ?4, self_comment = ?5
              WHERE id = ?1 AND evaluation_id = ?2",
        )?;
        let mut changes = Vec::new();
        for (c, rating, na, comment) in &valid {
            stmt.execute(params![c, id, rating, na, comment])?;
            if let Some(was) = before.criteria.iter().find(|x| x.id == *c) {
                let word = |r: Option<u8>, na: bool| match (r, na) {
                    (_, true) => "N/A".to_owned(),
                    (Some(r), _) => r.to_string(),
                    (None, false) => "not rated".to_owned(),
                };
                changes.push(Change::new(
                    format!("Self-rating: {}", was.title),
                    word(was.rating, was.not_applicable),
                    word(*rating, *na),
                ));
                changes.push(Change::new(
                    format!("Self-comment: {}", was.title),
                    &was.comment,
                    comment,
                ));
            }
        }
        if input.hand_in {
            tx.execute(
                "UPDATE evaluations SET self_review_on = ?2 WHERE id = ?1",
                params![id, today],
            )?;
            changes.push(Change::new("Self-review", "", format!("handed in {today}")));
        }
        let changes = crate::audit::changed(changes);
        if !changes.is_empty() {
            let action = if input.hand_in { "self-review handed in" } else { "self-review saved" };
            trail(tx, actor, id, h.staff.id, action, &format!("Self-review {}", h.staff.name), &changes)?;
        }
        Ok(())
    })?;
    review(db.conn(), id)
}
