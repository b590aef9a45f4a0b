//! The evaluation form checked against the evaluation it edits: what saving may
//! write, every value in range, or refused naming every bad field. Money is read
//! from what was typed into exact cents, never through a float.

use chrono::NaiveDate;
use rusqlite::Connection;

use super::{Evaluation, EvaluationEdit, Recommendation, MAX_COMMENT, MAX_GOALS, MAX_NARRATIVE};
use crate::courses;
use crate::error::{Problems, Result};
use crate::ids::{CourseId, CriterionId};
use crate::scoring::SCALE_MAX;
use crate::text;

/// The form as checked: what saving writes.
pub(super) struct ValidEdit {
    pub(super) ratings: Vec<ValidRating>,
    pub(super) summary: String,
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
    /// Why the rating is not the one the checks propose; empty when it is.
    pub(super) override_reason: String,
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

/// Checks `edit` against `current`, naming every bad field at once.
pub(super) fn validate_edit(
    conn: &Connection,
    current: &Evaluation,
    edit: &EvaluationEdit,
) -> Result<ValidEdit> {
    let mut problems = Problems::default();
    let ratings = check_ratings(&mut problems, current, edit)?;
    let summary = problems.check(text::optional(
        "summary",
        "The overall summary",
        &edit.summary,
        MAX_NARRATIVE,
    ))?;
    let strengths = problems.check(text::optional(
        "strengths",
        "Strengths",
        &edit.strengths,
        MAX_NARRATIVE,
    ))?;
    let improvements = problems.check(text::optional(
        "improvements",
        "Areas to improve",
        &edit.improvements,
        MAX_NARRATIVE,
    ))?;
    let goals = check_goals(&mut problems, current, edit)?;
    let plan = check_plan(&mut problems, conn, current, edit)?;
    let recommendation = edit.recommendation.unwrap_or(Recommendation::None);
    let merit_percent = match recommendation {
        Recommendation::MeritIncrease => problems.given(
            "meritPercent",
            edit.merit_percent
                .filter(|p| p.is_finite() && *p > 0.0 && *p <= 100.0),
            "Give the merit increase as a percentage more than 0 and at most 100",
        ),
        _ => None,
    };
    let bonus_cents = match recommendation {
        Recommendation::Bonus => problems.given(
            "bonus",
            cents(&edit.bonus),
            format!(
                "Give the bonus as an amount more than 0 and at most 1000000, with at most two decimals (not \"{}\")",
                edit.bonus.trim()
            ),
        ),
        _ => None,
    };
    let recommendation_note = problems.check(text::optional(
        "recommendationNote",
        "The recommendation note",
        &edit.recommendation_note,
        2000,
    ))?;
    let employee_comments = problems.check(text::optional(
        "employeeComments",
        "Employee comments",
        &edit.employee_comments,
        MAX_NARRATIVE,
    ))?;
    problems.done()?;
    Ok(ValidEdit {
        ratings,
        summary,
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

/// Each rating: a criterion of this evaluation, rated once, 1..=5 or N/A
/// (not both), with a comment of a fitting length.
fn check_ratings(
    problems: &mut Problems,
    current: &Evaluation,
    edit: &EvaluationEdit,
) -> Result<Vec<ValidRating>> {
    let mut ratings: Vec<ValidRating> = Vec::with_capacity(edit.ratings.len());
    for (i, r) in edit.ratings.iter().enumerate() {
        let field = format!("ratings.{i}.rating");
        let Some(c) = current.criterion(r.criterion_id) else {
            problems.note(
                &field,
                format!(
                    "Criterion {} is not part of this evaluation",
                    r.criterion_id
                ),
            );
            continue;
        };
        let rating = match r.rating {
            None => None,
            Some(v) if (1..=i64::from(SCALE_MAX)).contains(&v) => Some(v as u8),
            Some(v) => {
                problems.note(
                    &field,
                    format!(
                        "The rating for \"{}\" must be from 1 to {SCALE_MAX}, or N/A (got {v})",
                        c.title
                    ),
                );
                None
            }
        };
        if rating.is_some() && r.not_applicable {
            problems.note(
                &field,
                format!("\"{}\" cannot be both rated and N/A", c.title),
            );
        }
        let comment = problems.check(text::optional(
            &format!("ratings.{i}.comment"),
            &format!("The comment on \"{}\"", c.title),
            &r.comment,
            MAX_COMMENT,
        ))?;
        let reason = problems.check(text::optional(
            &format!("ratings.{i}.overrideReason"),
            &format!("The reason for rating \"{}\" otherwise", c.title),
            &r.override_reason,
            MAX_COMMENT,
        ))?;
        // A measured criterion rated otherwise than its checks propose keeps why.
        let overridden = c
            .proposal
            .filter(|p| rating.is_some_and(|given| given != p.rating) || r.not_applicable);
        let override_reason = match overridden {
            None => String::new(),
            Some(p) if reason.is_empty() => {
                problems.note(
                    &format!("ratings.{i}.overrideReason"),
                    format!(
                        "The service checks propose {} for \"{}\" ({} of {} met): say why it is rated otherwise",
                        p.rating, c.title, p.rate.met, p.rate.checks
                    ),
                );
                String::new()
            }
            Some(_) => reason,
        };
        if ratings.iter().any(|v| v.criterion == c.id) {
            problems.note(
                &field,
                format!("\"{}\" is rated twice in one save", c.title),
            );
        }
        ratings.push(ValidRating {
            criterion: c.id,
            rating,
            not_applicable: r.not_applicable,
            comment,
            override_reason,
        });
    }
    Ok(ratings)
}

/// At most [`MAX_GOALS`] goals, each with words and a real target date no
/// earlier than the review period's start.
fn check_goals(
    problems: &mut Problems,
    current: &Evaluation,
    edit: &EvaluationEdit,
) -> Result<Vec<ValidGoal>> {
    if edit.goals.len() > MAX_GOALS {
        problems.note("goals", format!("At most {MAX_GOALS} goals"));
    }
    let mut goals = Vec::with_capacity(edit.goals.len());
    for (i, g) in edit.goals.iter().enumerate() {
        let goal = problems.check(text::required(
            &format!("goals.{i}.goal"),
            "The goal",
            &g.goal,
            1000,
        ))?;
        let field = format!("goals.{i}.targetDate");
        let target_date = problems
            .check(text::date(&field, "The goal's target date", &g.target_date).map(Some))?;
        let Some(target_date) = target_date else {
            continue;
        };
        if target_date < current.period_start {
            problems.note(
                &field,
                format!(
                    "The target date {target_date} is before the review period starts ({})",
                    current.period_start
                ),
            );
        }
        goals.push(ValidGoal { goal, target_date });
    }
    Ok(goals)
}

/// The training plan: courses in the catalog, each once. A course already in
/// the plan keeps the title it was planned under, even if since renamed or
/// deleted.
fn check_plan(
    problems: &mut Problems,
    conn: &Connection,
    current: &Evaluation,
    edit: &EvaluationEdit,
) -> Result<Vec<ValidPlanned>> {
    let mut plan: Vec<ValidPlanned> = Vec::with_capacity(edit.training_plan.len());
    for c in &edit.training_plan {
        if plan.iter().any(|p| p.course == *c) {
            continue;
        }
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
        match courses::load(conn, *c) {
            Ok(course) => plan.push(ValidPlanned {
                course: *c,
                title: course.title,
            }),
            Err(_) => problems.note(
                "trainingPlan",
                format!("Course {c} is not in the catalog (it may have been deleted)"),
            ),
        }
    }
    Ok(plan)
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
