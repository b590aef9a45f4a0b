//! The lock and what follows it: what a finalized evaluation must be,
//! finalizing a draft, and the employee's acknowledgment.

use chrono::NaiveDate;
use rusqlite::params;

use super::read::{head, load};
use super::{trail, AcknowledgmentInput, Evaluation, EvaluationStatus, MAX_COMMENT};
use crate::access::{Actor, Permission};
use crate::audit::{self, Change};
use crate::error::{Error, Result};
use crate::ids::EvaluationId;
use crate::scoring::ScoreView;
use crate::storage::{timestamp, Db};
use crate::text;

/// What a finalized evaluation must be, at finalizing and after every
/// amendment: every criterion rated or N/A, and at least one customer-service
/// criterion rated, so that its score exists.
pub(super) fn ensure_complete(e: &Evaluation) -> Result<()> {
    // Counted by their place among all the criteria: the form's `ratings.{i}`.
    let mut unrated = e
        .criteria()
        .enumerate()
        .filter(|(_, c)| c.rating.is_none() && !c.not_applicable);
    if let Some((i, c)) = unrated.next() {
        let more = unrated.count();
        return Err(Error::invalid(
            &format!("ratings.{i}.rating"),
            format!(
                "Rate every criterion or mark it N/A before finalizing: \"{}\" is not rated{}",
                c.title,
                if more > 0 {
                    format!(" ({more} more)")
                } else {
                    String::new()
                }
            ),
        ));
    }
    // A rating other than the one the service checks propose says why.
    let unexplained = e.criteria().enumerate().find(|(_, c)| {
        c.proposal.is_some_and(|p| c.rating != Some(p.rating)) && c.override_reason.is_empty()
    });
    if let Some((i, c)) = unexplained {
        let p = c
            .proposal
            .map(|p| (p.rating, p.rate.met, p.rate.checks))
            .unwrap_or_default();
        return Err(Error::invalid(
            &format!("ratings.{i}.overrideReason"),
            format!(
                "The service checks propose {} for \"{}\" ({} of {} met): accept it, or say why it is rated otherwise",
                p.0, c.title, p.1, p.2
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
        actor.require_about_another(current.staff.id, Permission::Finalize, "Your own evaluation is someone else's to write")?;
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
        // The evidence and the proposals as they stand are kept with the
        // signed review.
        let kept = crate::evidence::of_person(tx, current.staff.id, current.period_start, current.period_end)?;
        tx.execute(
            "UPDATE evaluations SET evidence = ?2 WHERE id = ?1",
            params![id, crate::evidence::to_json(&kept)?],
        )?;
        let mut keep = tx.prepare_cached(
            "UPDATE evaluation_criteria SET proposed_rating = ?2, proposed_met = ?3, proposed_checks = ?4
              WHERE id = ?1",
        )?;
        for c in current.criteria() {
            if let Some(p) = c.proposal {
                keep.execute(params![c.id, p.rating, p.rate.met, p.rate.checks])?;
            }
        }
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
    // Anyone acknowledging their own review does it today; the office may
    // record the day someone else signed on paper.
    let on = if actor.can(Permission::RecordForOthers) && !actor.is(h.staff.id) {
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
                let changes = audit::changed([Change::new("Comment", "", comment.as_str())]);
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
