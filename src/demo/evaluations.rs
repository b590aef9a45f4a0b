//! The demo's evaluations: last year's finalized (mostly acknowledged) annual
//! evaluations, one of them amended, and this year's annual round in
//! progress: some drafts rated, two finalized, the rest untouched.

use chrono::{Datelike, Days, Months, NaiveDate};
use rusqlite::{params, OptionalExtension, Transaction};

use super::people::DemoPerson;
use super::template;
use crate::error::Result;
use crate::evaluations::{self, EvaluationKind, Period};
use crate::ids::{CourseId, EvaluationId, StandardId};

const STRENGTHS: &[&str] = &[
    "Patients ask for them by name. Calm and warm at the front desk even on the busiest mornings, and quick to notice when someone in the waiting room is anxious.",
    "Meticulous records: claims go out right the first time and the billing team rarely has to call back for missing details.",
    "A steady, reliable colleague who covers shifts without complaint and keeps the clinical rooms ready ahead of schedule.",
    "Explains treatment and costs to patients clearly and patiently; the number of billing questions after visits has dropped.",
    "Picked up the new scheduling software faster than anyone and has been showing the rest of the team the shortcuts.",
];
const SUMMARIES: &[&str] = &[
    "A solid year. Patients and colleagues can count on them; the one thing to work on is keeping others informed when things run late.",
    "Meets what we ask of the role and often more. Service to patients is a real strength; service to colleagues is catching up.",
    "A good year with room to grow: reliable day to day, and ready for more responsibility once training is current.",
    "An excellent year. The example others on the team learn from, at the front desk and behind it.",
];
const IMPROVEMENTS: &[&str] = &[
    "Let the front desk know sooner when appointments run late, so patients can be told before they have waited long.",
    "Reply to internal requests within the four business hours the practice has agreed, even if only to say when it will be done.",
    "Keep training current: one required course lapsed this year before it was renewed.",
    "Take more of the phone load at peak times rather than leaving it to the front desk.",
    "Write fuller notes when handing a patient over, so the next person does not have to ask.",
];
const GOALS: &[&str] = &[
    "Answer every call before the third ring during morning peak hours.",
    "Complete the customer service refresher course and share one idea from it at a team meeting.",
    "Reduce rebooked appointments caused by missing insurance details to none in a quarter.",
    "Mentor the newest receptionist through their first 90 days.",
    "Acknowledge every colleague request within four business hours.",
];

fn years_ago(today: NaiveDate, years: i32) -> i32 {
    today.year() - years
}

/// The demo's template and its evaluations (see the module's doc).
pub(super) fn insert(
    tx: &Transaction<'_>,
    rng: &mut fastrand::Rng,
    today: NaiveDate,
    people: &[DemoPerson],
    standard_ids: &[StandardId],
    course_ids: &[CourseId],
) -> Result<()> {
    let template = template::insert(tx, today, standard_ids)?;
    let last_year = years_ago(today, 1);
    let this_year = today.year();
    let year_range = |y: i32| Period {
        start: NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or(today),
        end: NaiveDate::from_ymd_opt(y, 12, 31).unwrap_or(today),
    };
    let office = people.first().map(|p| p.id);
    for (idx, person) in people.iter().enumerate() {
        // Each person has a typical level (3 or 4, give or take one per
        // criterion), so their scores look like a person's.
        let base = 3 + rng.u8(..2);
        let reviewer = if idx == 0 { None } else { office };
        let last = year_range(last_year);
        if person.hired < last.start && (person.status != "left" || idx % 2 == 0) {
            let id = evaluations::insert_from_template(
                tx,
                person.id,
                reviewer,
                template,
                EvaluationKind::Annual,
                last,
            )?;
            rate_all(tx, rng, id, base, 1.0)?;
            narrative(tx, rng, id, last.end, course_ids)?;
            let finalized = last.end + Days::new(10 + rng.u64(..20));
            tx.execute(
                "UPDATE evaluations SET status = 'finalized', finalized_on = ?2 WHERE id = ?1",
                params![id, finalized],
            )?;
            if rng.u8(..5) != 0 {
                tx.execute(
                    "UPDATE evaluations SET status = 'acknowledged', acknowledged_on = ?2,
                            acknowledgment_comment = ?3 WHERE id = ?1",
                    params![
                        id,
                        finalized + Days::new(1 + rng.u64(..6)),
                        if rng.bool() {
                            "Thank you — agreed on the goals."
                        } else {
                            ""
                        }
                    ],
                )?;
            }
            if idx == 1 {
                amend_demo(tx, id, finalized + Days::new(3))?;
            }
        }
        if person.status != "active" {
            continue;
        }
        let this = year_range(this_year);
        let id = evaluations::insert_from_template(
            tx,
            person.id,
            reviewer,
            template,
            EvaluationKind::Annual,
            Period {
                start: this.start.max(person.hired),
                ..this
            },
        )?;
        // The round is under way: a third of the drafts are partly or fully rated,
        // and two curated people are finalized already.
        match (idx, rng.u8(..3)) {
            (1 | 2, _) => {
                rate_all(tx, rng, id, base, 1.0)?;
                narrative(tx, rng, id, this.end, course_ids)?;
                tx.execute(
                    "UPDATE evaluations SET status = 'finalized', finalized_on = ?2 WHERE id = ?1",
                    params![id, today - Days::new(2)],
                )?;
            }
            (_, 0) => rate_all(tx, rng, id, base, 0.6)?,
            _ => {}
        }
    }
    Ok(())
}

/// Self-reviews handed in on this year's round, in each person's own words
/// and language: Zoë Núñez's before it was finalized, and three drafts the
/// reviewers have started (王芳, Priya Raghunathan, Δημήτρης Παπαδόπουλος).
/// Each rates themselves as their reviewer did, a point higher on every third
/// criterion, and comments on the first two. The drafts no one has rated yet
/// are left for the person to do at the kiosk.
pub(super) fn self_reviews(
    tx: &Transaction<'_>,
    today: NaiveDate,
    people: &[DemoPerson],
) -> Result<()> {
    const SAID: [(usize, &str, &str); 4] = [
        (
            1,
            "I tell every caller how long the wait is before I put them on hold.",
            "I could hand insurance details to billing sooner on busy days.",
        ),
        (
            3,
            "每位病人到之前，我都会把诊室和器械准备好。",
            "我想更早告诉前台每位病人的治疗需要多长时间。",
        ),
        (
            6,
            "I call patients back the same day when they ask about a bill.",
            "I still answer emails in batches; I want to reply within the day.",
        ),
        (
            7,
            "Εξηγώ κάθε θεραπεία και το κόστος της στον ασθενή πριν ξεκινήσω.",
            "Θέλω να ενημερώνω τη ρεσεψιόν νωρίτερα όταν το πρόγραμμα καθυστερεί.",
        ),
    ];
    for (idx, first, second) in SAID {
        let Some(person) = people.get(idx) else {
            continue;
        };
        let review: Option<(i64, Option<NaiveDate>)> = tx
            .query_row(
                "SELECT id, finalized_on FROM evaluations WHERE staff_id = ?1 AND year = ?2 AND kind = 'annual'",
                params![person.id, today.year()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((id, finalized_on)) = review else {
            continue;
        };
        let criteria: Vec<(i64, Option<u8>, bool)> = tx
            .prepare_cached(
                "SELECT id, rating, not_applicable FROM evaluation_criteria WHERE evaluation_id = ?1 ORDER BY id",
            )?
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut rate = tx.prepare_cached(
            "UPDATE evaluation_criteria SET self_rating = ?2, self_not_applicable = ?3, self_comment = ?4 WHERE id = ?1",
        )?;
        for (n, (criterion, rating, not_applicable)) in criteria.into_iter().enumerate() {
            let own = (!not_applicable).then(|| {
                let r = rating.unwrap_or(4);
                if n % 3 == 0 {
                    (r + 1).min(5)
                } else {
                    r
                }
            });
            let comment = match n {
                0 => first,
                1 => second,
                _ => "",
            };
            rate.execute(params![criterion, own, not_applicable, comment])?;
        }
        let handed_in = finalized_on.map_or(today - Days::new(9), |d| d - Days::new(4));
        tx.execute(
            "UPDATE evaluations SET self_review_on = ?2 WHERE id = ?1",
            params![id, handed_in],
        )?;
    }
    Ok(())
}

/// Rates a share of an evaluation's criteria around `base`, with the odd N/A.
fn rate_all(
    tx: &Transaction<'_>,
    rng: &mut fastrand::Rng,
    id: EvaluationId,
    base: u8,
    share: f64,
) -> Result<()> {
    let criteria: Vec<i64> = tx
        .prepare_cached("SELECT id FROM evaluation_criteria WHERE evaluation_id = ?1 ORDER BY id")?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut update = tx.prepare_cached(
        "UPDATE evaluation_criteria SET rating = ?2, not_applicable = ?3, comment = ?4 WHERE id = ?1",
    )?;
    for c in criteria {
        if rng.f64() > share {
            continue;
        }
        if rng.u8(..25) == 0 {
            update.execute(params![c, Option::<u8>::None, true, ""])?;
            continue;
        }
        let rating = (i16::from(base) + i16::from(rng.u8(..3)) - 1).clamp(1, 5) as u8;
        let comment = match rating {
            5 => "Consistently excellent; colleagues and patients notice.",
            4 => "Above what we expect, most of the time.",
            1 | 2 => "Needs attention: discussed in the review meeting with examples.",
            _ => "",
        };
        update.execute(params![c, rating, false, comment])?;
    }
    Ok(())
}

/// The narrative: a summary, strengths, improvements, a recommendation, two
/// goals and a course for the year ahead.
fn narrative(
    tx: &Transaction<'_>,
    rng: &mut fastrand::Rng,
    id: EvaluationId,
    period_end: NaiveDate,
    course_ids: &[CourseId],
) -> Result<()> {
    let (recommendation, merit_percent, bonus_cents, note) = match rng.u8(..5) {
        0 => (
            "merit_increase",
            Some(3.0),
            None,
            "In line with the practice's merit budget.",
        ),
        1 => (
            "bonus",
            None,
            Some(50_000),
            "For covering the front desk during the summer.",
        ),
        2 => (
            "recognition",
            None,
            None,
            "Team recognition at the year-end meeting.",
        ),
        _ => ("none", None, None, ""),
    };
    // Chosen by the evaluation's id, so the demo's other choices stay as
    // they were before summaries.
    let summary = SUMMARIES[id.0.unsigned_abs() as usize % SUMMARIES.len()];
    tx.execute(
        "UPDATE evaluations SET strengths = ?2, improvements = ?3, recommendation = ?4, merit_percent = ?5,
                bonus_cents = ?6, recommendation_note = ?7, summary = ?8 WHERE id = ?1",
        params![
            id,
            STRENGTHS[rng.usize(..STRENGTHS.len())],
            IMPROVEMENTS[rng.usize(..IMPROVEMENTS.len())],
            recommendation,
            merit_percent,
            bonus_cents,
            note,
            summary
        ],
    )?;
    let first = rng.usize(..GOALS.len());
    for (i, g) in [first, (first + 2) % GOALS.len()].iter().enumerate() {
        tx.execute(
            "INSERT INTO evaluation_goals (evaluation_id, position, goal, target_date) VALUES (?1, ?2, ?3, ?4)",
            params![id, i as i64, GOALS[*g], period_end + Months::new(3 * (i as u32 + 1))],
        )?;
    }
    if let Some(course) = course_ids.get(rng.usize(..course_ids.len().max(1))) {
        let title: String =
            tx.query_row("SELECT title FROM courses WHERE id = ?1", [course], |r| {
                r.get(0)
            })?;
        tx.execute(
            "INSERT INTO evaluation_training_plan (evaluation_id, position, course_id, course_title)
             VALUES (?1, 0, ?2, ?3)",
            params![id, course, title],
        )?;
    }
    Ok(())
}

/// One amendment, so the demo shows what one looks like.
fn amend_demo(tx: &Transaction<'_>, id: EvaluationId, on: NaiveDate) -> Result<()> {
    let (criterion, title, rating): (i64, String, Option<u8>) = tx.query_row(
        "SELECT c.id, c.title, c.rating FROM evaluation_criteria c JOIN evaluation_sections s ON s.id = c.section_id
          WHERE c.evaluation_id = ?1 AND s.kind = 'internal_service' AND c.rating IS NOT NULL ORDER BY c.position LIMIT 1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let before = rating.unwrap_or(3);
    let after = (before % 5) + 1;
    tx.execute(
        "UPDATE evaluation_criteria SET rating = ?2 WHERE id = ?1",
        params![criterion, after],
    )?;
    let changes = serde_json::json!([{
        "field": format!("Rating: {title}"),
        "before": before.to_string(),
        "after": after.to_string(),
    }]);
    tx.execute(
        "INSERT INTO evaluation_amendments (evaluation_id, made_on, made_at, reason, changes)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            id,
            on,
            format!("{on}T12:00:00Z"),
            "The billing team's feedback arrived after the review meeting.",
            changes.to_string()
        ],
    )?;
    Ok(())
}
