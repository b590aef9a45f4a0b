//! Starting evaluations, one or a whole annual round, each a copy of its
//! template's sections and criteria; and deleting a draft.

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Transaction};

use super::read::{head, load};
use super::{
    trail, AnnualRound, AnnualRoundInput, Evaluation, EvaluationKind, EvaluationStatus,
    NewEvaluation,
};
use crate::access::{Actor, Permission};
use crate::error::{Error, Result};
use crate::ids::{EvaluationId, StaffId, TemplateId};
use crate::scoring::SectionKind;
use crate::staff::{self, StaffRef, StaffStatus};
use crate::storage::{timestamp, unique_violation_as, Db};
use crate::{templates, text};

/// A review period: its first and last day (checked by [`period`] when typed).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Period {
    pub(crate) start: NaiveDate,
    pub(crate) end: NaiveDate,
}

/// A section of the template being copied.
struct TemplateSectionRow {
    id: i64,
    position: i64,
    kind: SectionKind,
    title: String,
}

/// An active person the annual round is for.
struct RoundCandidate {
    person: StaffRef,
    manager: Option<StaffId>,
    /// They already have an annual evaluation for the year.
    has_annual: bool,
}

/// The period typed as start and end: both dates, in order, at most two years.
fn period(start: &str, end: &str) -> Result<Period> {
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
    Ok(Period { start, end })
}

/// Copies the template's sections and criteria into a new evaluation row for
/// `period` (checked by the caller; the demo practice makes its own).
pub(crate) fn insert_from_template(
    tx: &Transaction<'_>,
    staff_id: StaffId,
    reviewer_id: Option<StaffId>,
    template_id: TemplateId,
    kind: EvaluationKind,
    period: Period,
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
        period.start,
        period.end,
        period.end.year(),
        now
    ])?;
    let id = EvaluationId(tx.last_insert_rowid());
    let sections: Vec<TemplateSectionRow> = tx
        .prepare_cached(
            "SELECT id, position, kind, title FROM template_sections WHERE template_id = ?1 ORDER BY position",
        )?
        .query_map([template_id], |r| {
            Ok(TemplateSectionRow {
                id: r.get(0)?,
                position: r.get(1)?,
                kind: r.get(2)?,
                title: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    for s in sections {
        tx.prepare_cached(
            "INSERT INTO evaluation_sections (evaluation_id, position, kind, title) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![id, s.position, s.kind, s.title])?;
        let section_id = tx.last_insert_rowid();
        tx.prepare_cached(
            "INSERT INTO evaluation_criteria (evaluation_id, section_id, position, title, description, levels,
                    weight, standard_id, measured)
             SELECT ?1, ?2, position, title, description, levels, weight, standard_id, measured
               FROM template_criteria WHERE section_id = ?3",
        )?
        .execute(params![id, section_id, s.id])?;
    }
    Ok(id)
}

/// The refusal of a second annual evaluation for `name` in `year`.
fn annual_taken(name: &str, year: i32) -> Error {
    Error::conflict(
        "kind",
        format!("{name} already has an annual evaluation for {year}"),
    )
}

/// A draft evaluation of one person; the reviewer defaults to their manager.
pub fn create(db: &mut Db, actor: &Actor, input: &NewEvaluation) -> Result<Evaluation> {
    actor.require(Permission::Evaluate)?;
    let staff_id = input
        .staff_id
        .ok_or_else(|| Error::invalid("staffId", "Choose the person to evaluate"))?;
    actor.require_about_another(
        staff_id,
        Permission::Evaluate,
        "Your own evaluation is someone else's to write",
    )?;
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
        .map_err(unique_violation_as(|| {
            annual_taken(&person_name, range.end.year())
        }))?;
    load(db.conn(), id)
}

/// The trail's row for a new evaluation: kind, period, template.
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
    if range.end.year() != input.year {
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
        let people: Vec<RoundCandidate> = tx
            .prepare_cached(
                "SELECT s.id, s.name, s.manager_id,
                        EXISTS (SELECT 1 FROM evaluations e WHERE e.staff_id = s.id AND e.kind = 'annual' AND e.year = ?2)
                   FROM staff s WHERE s.status = ?1",
            )?
            .query_map(params![StaffStatus::Active, input.year], |r| {
                Ok(RoundCandidate {
                    person: StaffRef::from_columns(r, 0)?,
                    manager: r.get(2)?,
                    has_annual: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut round = AnnualRound {
            created: Vec::new(),
            skipped: Vec::new(),
        };
        for c in people {
            if c.has_annual {
                round.skipped.push(c.person);
                continue;
            }
            let id = insert_from_template(
                tx,
                c.person.id,
                c.manager,
                template_id,
                EvaluationKind::Annual,
                range,
            )?;
            record_created(tx, actor, id)?;
            round.created.push(c.person);
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
        actor.require_about_another(
            h.staff.id,
            Permission::Evaluate,
            "Your own evaluation is someone else's to write",
        )?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_period_is_two_dates_in_order_at_most_two_years_apart() {
        let p = period("2026-01-01", "2026-12-31").map_err(|e| e.to_string());
        assert_eq!(
            p.map(|p| (p.start.to_string(), p.end.to_string())),
            Ok(("2026-01-01".to_owned(), "2026-12-31".to_owned()))
        );
        for (start, end, field) in [
            ("2026-12-31", "2026-01-01", "periodEnd"),
            ("2026-01-01", "2028-06-01", "periodEnd"),
            ("2026-02-30", "2026-12-31", "periodStart"),
        ] {
            let e = period(start, end).err();
            assert_eq!(
                e.as_ref().and_then(|e| e.field()),
                Some(field),
                "{start}–{end}"
            );
        }
    }
}
