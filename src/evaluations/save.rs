//! Saving the form: a draft just changes; a finalized evaluation changes only
//! with a reason, kept as an amendment. Either way the trail gets the fields
//! that changed, before and after.

use chrono::NaiveDate;
use rusqlite::{params, Transaction};

use super::edit::{validate_edit, ValidEdit};
use super::finalize::ensure_complete;
use super::read::load;
use super::words::changes;
use super::{trail, Evaluation, EvaluationEdit, EvaluationStatus, PayDecision, PlannedCourse};
use crate::access::{Actor, Permission};
use crate::error::{Error, Result};
use crate::ids::EvaluationId;
use crate::storage::{timestamp, Db};
use crate::text;

/// Writes the checked form over evaluation `id`: ratings of the criteria it
/// names, the narrative, goals and training plan.
fn write_edit(tx: &Transaction<'_>, id: EvaluationId, v: &ValidEdit) -> Result<()> {
    let mut rate = tx.prepare_cached(
        "UPDATE evaluation_criteria SET rating = ?3, not_applicable = ?4, comment = ?5, override_reason = ?6
          WHERE id = ?1 AND evaluation_id = ?2",
    )?;
    for r in &v.ratings {
        rate.execute(params![
            r.criterion,
            id,
            r.rating,
            r.not_applicable,
            r.comment,
            r.override_reason
        ])?;
    }
    tx.execute(
        "UPDATE evaluations SET strengths = ?2, improvements = ?3, recommendation = ?4, merit_percent = ?5,
                bonus_cents = ?6, recommendation_note = ?7, employee_comments = ?8, updated_at = ?9,
                summary = ?10
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
            timestamp(),
            v.summary
        ],
    )?;
    tx.execute(
        "DELETE FROM evaluation_goals WHERE evaluation_id = ?1",
        [id],
    )?;
    for (i, g) in v.goals.iter().enumerate() {
        tx.execute(
            "INSERT INTO evaluation_goals (evaluation_id, position, goal, target_date) VALUES (?1, ?2, ?3, ?4)",
            params![id, i as i64, g.goal, g.target_date],
        )?;
    }
    // Entries whose course has left the catalog cannot be edited; they stay.
    let orphans: Vec<PlannedCourse> = tx
        .prepare_cached(
            "SELECT course_title FROM evaluation_training_plan
              WHERE evaluation_id = ?1 AND course_id IS NULL ORDER BY position",
        )?
        .query_map([id], |r| {
            Ok(PlannedCourse {
                course_id: None,
                title: r.get(0)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    tx.execute(
        "DELETE FROM evaluation_training_plan WHERE evaluation_id = ?1",
        [id],
    )?;
    let planned = v.plan.iter().map(|p| PlannedCourse {
        course_id: Some(p.course),
        title: p.title.clone(),
    });
    for (i, p) in orphans.into_iter().chain(planned).enumerate() {
        tx.execute(
            "INSERT INTO evaluation_training_plan (evaluation_id, position, course_id, course_title)
             VALUES (?1, ?2, ?3, ?4)",
            params![id, i as i64, p.course_id, p.title],
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
        actor.require_about_another(current.staff.id, Permission::Evaluate, "Your own evaluation is someone else's to write")?;
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

/// The evaluation as it would be with `v`'s ratings applied.
fn with_ratings(current: &Evaluation, v: &ValidEdit) -> Evaluation {
    let mut e = current.clone();
    for c in e.sections.iter_mut().flat_map(|s| s.criteria.iter_mut()) {
        if let Some(r) = v.ratings.iter().find(|r| r.criterion == c.id) {
            c.rating = r.rating;
            c.not_applicable = r.not_applicable;
            c.comment = r.comment.clone();
        }
    }
    e
}
