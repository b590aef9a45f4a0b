//! The evaluation form checked against the evaluation it edits: what saving may
//! write, every value in range, or refused naming the field. Money is read
//! from what was typed into exact cents, never through a float.

use chrono::NaiveDate;
use rusqlite::Connection;

use super::{Evaluation, EvaluationEdit, Recommendation, MAX_COMMENT, MAX_GOALS, MAX_NARRATIVE};
use crate::courses;
use crate::error::{Error, Result};
use crate::ids::{CourseId, CriterionId};
use crate::scoring::SCALE_MAX;
use crate::text;

/// The form as checked: what saving writes.
pub(super) struct ValidEdit {
    pub(super) ratings: Vec<ValidRating>,
    pub(super) strengths: String,
    pub(super) improvements: String,
    pub(super) goals: Vec<ValidGoal>,
    pub(super) plan: Vec<ValidPlanned>,
    pub(super) recommendation: Recommendation,
    pub(super) merit_percent: Option<f64>,
    pub(super) bonus_cents: Option<i64>,
    pub(super) recommendation_note: String,
    pub(super) employee_comments: String,
}

/// One criterion's rating as checked: 1..=5 or none, N/A, and the comment.
pub(super) struct ValidRating {
    pub(super) criterion: CriterionId,
    pub(super) rating: Option<u8>,
    pub(super) not_applicable: bool,
    pub(super) comment: String,
}

/// One goal as checked: its words and a real target date.
pub(super) struct ValidGoal {
    pub(super) goal: String,
    pub(super) target_date: NaiveDate,
}

/// One course of the training plan as checked, under the title it is planned as.
pub(super) struct ValidPlanned {
    pub(super) course: CourseId,
    pub(super) title: String,
}

/// Checks `edit` against `current`, refusing the first bad field.
pub(super) fn validate_edit(
    conn: &Connection,
    current: &Evaluation,
    edit: &EvaluationEdit,
) -> Result<ValidEdit> {
    let mut ratings: Vec<ValidRating> = Vec::with_capacity(edit.ratings.len());
    for (i, r) in edit.ratings.iter().enumerate() {
        let field = format!("ratings.{i}");
        let Some(c) = current.criterion(r.criterion_id) else {
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
        if ratings.iter().any(|v| v.criterion == c.id) {
            return Err(Error::invalid(
                &format!("{field}.rating"),
                format!("\"{}\" is rated twice in one save", c.title),
            ));
        }
        ratings.push(ValidRating {
            criterion: c.id,
            rating,
            not_applicable: r.not_applicable,
            comment,
        });
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
        let target_date = text::date(
            &format!("goals.{i}.targetDate"),
            "The goal's target date",
            &g.target_date,
        )?;
        if target_date < current.period_start {
            return Err(Error::invalid(
                &format!("goals.{i}.targetDate"),
                format!(
                    "The target date {target_date} is before the review period starts ({})",
                    current.period_start
                ),
            ));
        }
        goals.push(ValidGoal { goal, target_date });
    }
    let mut plan: Vec<ValidPlanned> = Vec::with_capacity(edit.training_plan.len());
    for c in &edit.training_plan {
        if plan.iter().any(|p| p.course == *c) {
            continue;
        }
        // A course already in the plan keeps the title it was planned under.
        if let Some(planned) = current
            .training_plan
            .iter()
            .find(|p| p.course_id == Some(*c))
        {
            plan.push(ValidPlanned {
                course: *c,
                title: planned.title.clone(),
            });
            continue;
        }
        let course = courses::load(conn, *c).map_err(|_| {
            Error::invalid(
                "trainingPlan",
                format!("Course {c} is not in the catalog (it may have been deleted)"),
            )
        })?;
        plan.push(ValidPlanned {
            course: *c,
            title: course.title,
        });
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cents_are_read_exactly_from_what_was_typed() {
        assert_eq!(cents("500"), Some(50_000));
        assert_eq!(cents(" 1250.5 "), Some(125_050));
        assert_eq!(cents("0,07"), Some(7));
        assert_eq!(cents("1000000"), Some(100_000_000));
        for bad in [
            "",
            "0",
            "0.00",
            "1000000.01",
            "1.234",
            ".5",
            "-5",
            "1e3",
            "5 00",
            "١٢",
        ] {
            assert_eq!(cents(bad), None, "{bad:?}");
        }
    }
}
